// `kam position` behind the command line (see position.hpp).
#include "position.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <kam/core.hpp>

#include "csv.hpp"
#include "setup.hpp"

namespace kam_tool {
namespace {

// The criteria set of one axis as configured at `at`, its columns added to `layout`, and its cut
// checked (kam::validate) for the axis's scale.
kam::portfolio_axis axis_of(const json_document& doc, const json_path& at, const axis_settings& a,
                            table_layout& layout, std::vector<Eigen::Index>& cols) {
  kam::portfolio_axis axis{criteria_at(doc, at.key("criteria"), a.criteria), a.options, a.cut};
  const auto names = name_positions(doc, at.key("criteria"), a.criteria);
  for (std::size_t j = 0; j < a.criteria.size(); ++j)
    cols.push_back(
        layout.add_numeric(a.criteria[j].name, names[j], "criterion", at.key("criteria").display));
  try {
    kam::validate(a.cut, a.options.scale);
  } catch (const kam::error& e) {
    doc.fail(at.key("cut"), e.reason());
  }
  return axis;
}

void load_axes(const json_document& doc, const json_path& base, position_setup& s) {
  const auto& p = s.settings;
  const json_path kraljic = base.key("kraljic");
  s.impact = axis_of(doc, kraljic.key("impact"), p.kraljic.impact, s.layout, s.impact_cols);
  s.risk = axis_of(doc, kraljic.key("risk"), p.kraljic.risk, s.layout, s.risk_cols);
  if (p.kraljic.impact.options.scale != p.kraljic.risk.options.scale) {
    doc.fail(kraljic.key("risk").key("options").key("scale"),
             "the impact and risk axes must use the same score scale");
  }
  const json_path pref = base.key("preferencing");
  s.preferencing.attractiveness =
      axis_of(doc, pref.key("attractiveness"), p.preferencing.attractiveness, s.layout,
              s.attractiveness_cols);
  s.preferencing.value_edges = p.preferencing.value_edges;
  s.preferencing.high_value_from = p.preferencing.high_value_from;
  s.preferencing.our_revenue = p.preferencing.our_revenue;
  try {
    kam::validate(s.preferencing);
  } catch (const kam::error& e) {
    fail_at_member(doc, pref, e);  // value_edges[i], high_value_from or our_revenue
  }
  if (p.revenue.empty()) doc.fail(base.key("revenue"), "the revenue column has no name");
  s.revenue_col =
      s.layout.add_numeric(p.revenue, doc.position_if_given(base.key("revenue").pointer),
                           "revenue column", base.key("revenue").display);
}

// The position table: the library's, with the configured cells replaced.
void load_table(const json_document& doc, const json_path& base, position_setup& s) {
  const auto& cells = s.settings.table;
  s.table = kam::default_position_table();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& rule = cells[i];
    for (std::size_t k = 0; k < i; ++k) {
      if (cells[k].kraljic != rule.kraljic || cells[k].preferencing != rule.preferencing) continue;
      doc.fail(base.key("table").index(i),
               fmt::format("the cell ({}, {}) is given twice (table[{}] and table[{}])",
                           kam::enum_name(rule.kraljic), kam::enum_name(rule.preferencing), k, i));
    }
    for (auto& cell : s.table.rules)
      if (cell.kraljic == rule.kraljic && cell.preferencing == rule.preferencing) cell = rule;
  }
  kam::validate(s.table);
}

// Maturity: the dimensions are columns; the library checks the scale and the edges.
void load_maturity(const json_document& doc, const json_path& base, position_setup& s) {
  const auto& m = *s.settings.maturity;
  const json_path mat = base.key("maturity");
  kam::maturity_config mc;
  mc.dimensions = criteria_at(doc, mat.key("dimensions"), m.dimensions);
  mc.scale_low = m.scale_low;
  mc.scale_high = m.scale_high;
  mc.stage_edges = m.stage_edges;
  mc.options = m.options;
  try {
    kam::validate(mc);
  } catch (const kam::error& e) {
    if (const auto j = mc.dimensions.find(e.field())) {
      doc.fail(mat.key("dimensions").index(static_cast<std::size_t>(*j)),
               fmt::format("dimension '{}': {}", e.field(), e.reason()));
    }
    fail_at_member(doc, mat, e);  // stage_edges[i]; the scale at the section
  }
  const auto positions = name_positions(doc, mat.key("dimensions"), m.dimensions);
  for (std::size_t j = 0; j < m.dimensions.size(); ++j) {
    s.maturity_cols.push_back(s.layout.add_numeric(
        m.dimensions[j].name, positions[j], "maturity dimension", mat.key("dimensions").display));
  }
  if (m.served_role) {
    if (m.served_role->empty())
      doc.fail(mat.key("served_role"), "the served-role column has no name (null: none)");
    s.layout.text.push_back({*m.served_role, doc.position_if_given(mat.key("served_role").pointer),
                             "served-role column"});
    s.layout.text.back().setting = mat.key("served_role").display;
    s.served_col = s.layout.text.size() - 1;
  }
  s.maturity = std::move(mc);
}

// Returns where a kam::validate error about the relationship configuration points: a score
// criterion it names (an unknown metric, or one off the [0, 1] scale), a shape threshold, or a
// member (with its element).
json_path relationship_error_path(const json_path& rel, const relationship_settings& r,
                                  const kam::error& e) {
  const auto* unknown = dynamic_cast<const kam::unknown_name*>(&e);
  const std::string& name = unknown != nullptr ? unknown->name() : e.field();
  for (std::size_t j = 0; j < r.score_criteria.size(); ++j) {
    if (r.score_criteria[j].name == name)
      return rel.key("score_criteria").index(j).key(unknown != nullptr ? "name" : "normalization");
  }
  const auto thresholds = kam::member_names<kam::shape_thresholds>();
  if (std::find(thresholds.begin(), thresholds.end(), e.field()) != thresholds.end())
    return rel.key("shape").key(e.field());
  return member_path(rel, e);
}

// Relationship: checked even without a contacts file (a configuration is valid or not).
void load_relationship(const json_document& doc, const json_path& base, position_setup& s) {
  const json_path rel = base.key("relationship");
  const auto& r = s.settings.relationship;
  auto& c = s.relationship;
  c.active_days = r.active_days;
  c.required_roles = r.required_roles;
  c.required_levels = r.required_levels;
  c.required_functions = r.required_functions;
  c.shape = r.shape;
  c.breadth_target = r.breadth_target;
  c.score_criteria = criteria_at(doc, rel.key("score_criteria"), r.score_criteria);
  c.stage_edges = r.stage_edges;
  try {
    kam::validate(c);
  } catch (const kam::error& e) {
    doc.fail(relationship_error_path(rel, r, e), e.reason());
  }
}

// Focus: its rules (kam::validate) and its columns.
void load_focus(const json_document& doc, const json_path& base, position_setup& s) {
  const auto& f = *s.settings.focus;
  const json_path foc = base.key("focus");
  try {
    kam::validate(static_cast<const kam::focus_config&>(f));
  } catch (const kam::error& e) {
    fail_at_member(doc, foc, e);
  }
  const auto column = [&](const std::string& name, const char* key, const char* what) {
    if (name.empty()) doc.fail(foc.key(key), "a focus column has no name");
    return s.layout.add_numeric(name, doc.position_if_given(foc.key(key).pointer), what,
                                foc.key(key).display);
  };
  s.wallet_col = column(f.wallet, "wallet", "category-wallet column");
  s.growth_col = column(f.growth, "growth", "growth-potential column");
  s.churn_col = column(f.churn_risk, "churn_risk", "churn-risk column");
}

// The contact map's column `name` (configured at columns.<key>), or a located error.
std::size_t contact_column(const csv_table& table, const json_document& doc,
                           const std::string& name, const char* key) {
  if (const auto c = table.find(name)) return *c;
  const json_path at = json_path{}.key("position").key("relationship").key("columns").key(key);
  const auto where = doc.position_if_given(at.pointer);
  throw located_error("kam_tool::read_contacts", name,
                      where.source.empty() ? text_position{table.source, 1, 1} : where,
                      fmt::format("contacts column '{}' is not a column of {}; columns: {}", name,
                                  table.source, quoted_list(table.header)));
}

// The file columns of the contact map, in the order of kam::contact's members.
struct contact_layout {
  std::size_t account, ours, theirs, role, level, function, weight, days;
};

// Reads line `i` of the contact map as a kam::contact, checked by kam::validate.
kam::contact read_contact(const csv_table& table, std::size_t i, const contact_layout& l) {
  kam::contact k;
  k.our_person = table.text(i, l.ours);
  k.their_person = table.text(i, l.theirs);
  k.role =
      enum_field<kam::buying_role>(table.text(i, l.role), table.position(i, l.role), "buying role");
  k.level = enum_field<kam::hierarchy_level>(table.text(i, l.level), table.position(i, l.level),
                                             "hierarchy level");
  k.function = enum_field<kam::business_function>(
      table.text(i, l.function), table.position(i, l.function), "business function");
  k.weight = table.number(i, l.weight);
  k.days_since_contact = table.number(i, l.days);
  try {
    kam::validate(k);
  } catch (const kam::error& e) {
    const std::vector<std::pair<std::string, std::size_t>> columns{{"our_person", l.ours},
                                                                   {"their_person", l.theirs},
                                                                   {"role", l.role},
                                                                   {"level", l.level},
                                                                   {"function", l.function},
                                                                   {"weight", l.weight},
                                                                   {"days_since_contact", l.days}};
    std::size_t c = l.account;
    for (const auto& [field, col] : columns)
      if (field == e.field()) c = col;
    throw located_error(e.function(), e.field(), table.position(i, c),
                        fmt::format("column '{}': {}", table.header[c], e.reason()));
  }
  return k;
}

}  // namespace

position_setup load_position_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("position");
  position_setup s;
  s.settings = cfg.section<position_settings>("position");
  s.layout.id = id_column(cfg);
  load_axes(doc, base, s);
  load_table(doc, base, s);
  if (s.settings.maturity) load_maturity(doc, base, s);
  load_relationship(doc, base, s);
  if (s.settings.focus) load_focus(doc, base, s);
  return s;
}

contact_map load_contacts(const std::string& path, const position_setup& setup,
                          const json_document& doc) {
  const auto table = read_csv_file(path);
  const auto& cols = setup.settings.relationship.columns;
  const auto column = [&](const std::string& name, const char* key) {
    return contact_column(table, doc, name, key);
  };
  const contact_layout l{column(cols.account, "account"),
                         column(cols.our_person, "our_person"),
                         column(cols.their_person, "their_person"),
                         column(cols.role, "role"),
                         column(cols.level, "level"),
                         column(cols.function, "function"),
                         column(cols.weight, "weight"),
                         column(cols.days, "days")};
  contact_map out;
  out.source = path;
  out.lines = table.rows.size();
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    if (!table.rows[i][l.account]) {
      throw located_error("kam_tool::read_contacts", cols.account, table.position(i, l.account),
                          "the account id is empty");
    }
    kam::contact k = read_contact(table, i, l);
    auto& entry = out.by_account[table.text(i, l.account)];
    if (entry.contacts.empty()) entry.first_line = table.lines[i];
    entry.contacts.push_back(std::move(k));
  }
  return out;
}

position_pipeline::position_pipeline(const position_setup& setup, accounts_source source,
                                     contact_map* contacts, Eigen::Index chunk_rows, progress& bar)
    : setup_(setup),
      contacts_(contacts),
      table_(std::move(source), setup.layout, chunk_rows, bar) {}

void position_pipeline::run(const std::function<void(const table_chunk&)>& sink) {
  fit();
  classify();
  table_.again("pass 3/3 (write)", sink);
}

kam::purchasing_stage position_pipeline::stage_of(double index) const {
  const auto& m = *setup_.maturity;
  return kam::maturity_stage_of(index, m.stage_edges, m.scale_high - m.scale_low);
}

kam::relationship_profile position_pipeline::relationship_of(const std::string& id) const {
  const auto it = contacts_->by_account.find(id);
  if (it == contacts_->by_account.end()) return kam::relationship_of({}, setup_.relationship);
  return kam::relationship_of(it->second.contacts, setup_.relationship);
}

kam::portfolio_axis position_pipeline::maturity_axis() const {
  const auto& m = *setup_.maturity;
  kam::portfolio_axis axis{m.dimensions, m.options};
  axis.options.scale = kam::score_scale::unit;
  return axis;
}

field_columns position_pipeline::fields() const {
  field_columns f = table_.numeric_fields();
  f.emplace_back("revenue", table_.numeric_column(setup_.revenue_col));
  if (setup_.wallet_col >= 0) {
    f.emplace_back("category_wallet", table_.numeric_column(setup_.wallet_col));
    f.emplace_back("growth_potential", table_.numeric_column(setup_.growth_col));
    f.emplace_back("churn_risk", table_.numeric_column(setup_.churn_col));
  }
  return f;
}

// Copies the columns `cols` of the chunk's valid rows into a buffer (reused).
const Eigen::MatrixXd& position_pipeline::gather(const table_chunk& c,
                                                 const std::vector<Eigen::Index>& cols) {
  buf_.resize(c.rows, static_cast<Eigen::Index>(cols.size()));
  for (std::size_t j = 0; j < cols.size(); ++j)
    buf_.col(static_cast<Eigen::Index>(j)) = c.column(cols[j]);
  return buf_;
}

// Pass 1: the axes' references (kam::reference_builder), our revenue (summed per unit of
// accounts, merged in a kam::merge_tree), the ids, and the contacts' accounts.
void position_pipeline::fit() {
  struct revenue_sum {
    double value = 0;
    void merge(const revenue_sum& other) { value += other.value; }
  };
  const auto builder = [](const kam::portfolio_axis& a) {
    return kam::reference_builder<double>(a.criteria, a.options);
  };
  auto impact = builder(setup_.impact);
  auto risk = builder(setup_.risk);
  auto attractiveness = builder(setup_.preferencing.attractiveness);
  std::optional<kam::reference_builder<double>> maturity;
  if (setup_.maturity) maturity.emplace(builder(maturity_axis()));
  kam::merge_tree<revenue_sum> revenue;
  const auto on_chunk = [&](const table_chunk& c) {
    try {
      impact.add(gather(c, setup_.impact_cols));
      risk.add(gather(c, setup_.risk_cols));
      attractiveness.add(gather(c, setup_.attractiveness_cols));
      if (maturity) maturity->add(gather(c, setup_.maturity_cols));
    } catch (const kam::error& e) {
      table_.rethrow_at(e, c, table_.numeric_fields(), c.first);
    }
    if (contacts_ == nullptr) return;
    for (Eigen::Index r = 0; r < c.rows; ++r) {
      const auto it = contacts_->by_account.find(c.id(r));
      if (it != contacts_->by_account.end()) it->second.matched = true;
    }
  };
  const auto on_unit = [&](const table_chunk& unit) {
    revenue_sum sum;  // a negative or missing revenue is reported in pass 2
    for (Eigen::Index r = 0; r < unit.rows; ++r)
      sum.value += std::max(0.0, unit.x(r, setup_.revenue_col));
    revenue.add(sum);
  };
  table_.first_pass("pass 1/3 (fit)", on_chunk, on_unit);
  refs_ = {impact.finish(), risk.finish(), attractiveness.finish(),
           maturity ? maturity->finish() : kam::score_reference<double>{},
           revenue.finish().value_or(revenue_sum{}).value};
  if (contacts_ != nullptr) check_contacts_matched();
}

// Every account of the contact map must be in the accounts file: the first one that is not (by
// its line in the contact map) is an error.
void position_pipeline::check_contacts_matched() const {
  const contact_map::account_contacts* unknown = nullptr;
  const std::string* id = nullptr;
  for (const auto& [account, entry] : contacts_->by_account) {
    if (entry.matched || (unknown != nullptr && entry.first_line >= unknown->first_line)) continue;
    unknown = &entry;
    id = &account;
  }
  if (unknown == nullptr) return;
  throw located_error(
      "kam_tool::read_contacts", setup_.settings.relationship.columns.account,
      {contacts_->source, unknown->first_line, 1},
      fmt::format("account '{}' of the contact map is not in {}", *id, table_.name()));
}

// The preferencing configuration with our revenue: configured, or the accounts' total.
kam::preferencing_config position_pipeline::preferencing_config() const {
  auto pc = setup_.preferencing;
  if (!pc.our_revenue && !(refs_.revenue > 0)) {
    throw located_error("kam_tool::read_accounts", setup_.settings.revenue,
                        table_.header_position(table_.numeric_column(setup_.revenue_col)),
                        "the revenue adds up to 0: relative values need our revenue "
                        "(give position.preferencing.our_revenue, or revenue > 0)");
  }
  pc.our_revenue = setup_.preferencing.our_revenue.value_or(refs_.revenue);
  return pc;
}

void position_pipeline::resize_outcome() {
  const Eigen::Index n = table_.accounts();
  for (auto* v : {&out_.impact, &out_.risk, &out_.attractiveness, &out_.revenue}) v->resize(n);
  if (setup_.maturity) out_.maturity_index.resize(n);
  if (setup_.served_col) out_.served.resize(static_cast<std::size_t>(n));
  if (setup_.wallet_col >= 0) {
    for (auto* v : {&out_.wallet, &out_.growth, &out_.churn}) v->resize(n);
  }
}

// Pass 2: the axis scores of every account (checked by the library chunk by chunk), then the
// cut points over every account, and the quadrants, postures and focus.
void position_pipeline::classify() {
  resize_outcome();
  const auto pc = preferencing_config();
  out_.partial = 0;
  table_.again("pass 2/3 (classify)", [&](const table_chunk& c) {
    partial_.assign(static_cast<std::size_t>(c.rows), 0);
    try {
      score_axes(c, pc);
    } catch (const kam::error& e) {
      table_.rethrow_at(e, c, fields());
    }
    for (const auto p : partial_) out_.partial += p;
    for (Eigen::Index r = 0; r < c.rows; ++r) count_row(c, r);
  });
  const auto scale = setup_.impact.options.scale;
  out_.kraljic =
      kam::kraljic_from_scores(out_.impact, out_.risk, setup_.impact.cut, setup_.risk.cut, scale);
  out_.preferencing = kam::preferencing_from_scores(out_.attractiveness, out_.revenue, pc);
  out_.position = kam::position(out_.kraljic, out_.preferencing, setup_.table);
  if (setup_.wallet_col >= 0) {
    out_.focus =
        kam::focus(out_.revenue, out_.wallet, out_.growth, out_.churn, {}, *setup_.settings.focus);
  }
}

void position_pipeline::score_axes(const table_chunk& c, const kam::preferencing_config& pc) {
  const auto first = static_cast<Eigen::Index>(c.first);
  add_axis_scores(setup_.impact, setup_.impact_cols, refs_.impact, c, out_.impact);
  add_axis_scores(setup_.risk, setup_.risk_cols, refs_.risk, c, out_.risk);
  add_axis_scores(setup_.preferencing.attractiveness, setup_.attractiveness_cols,
                  refs_.attractiveness, c, out_.attractiveness);
  out_.revenue.segment(first, c.rows) = c.column(setup_.revenue_col);
  // The revenue is checked by the library on this chunk (negative, missing, above ours).
  (void)kam::preferencing_from_scores(out_.attractiveness.segment(first, c.rows),
                                      out_.revenue.segment(first, c.rows), pc);
  if (setup_.maturity) score_maturity(c);
  if (setup_.wallet_col >= 0) copy_focus_columns(c);
}

void position_pipeline::add_axis_scores(const kam::portfolio_axis& axis,
                                        const std::vector<Eigen::Index>& cols,
                                        const kam::score_reference<double>& ref,
                                        const table_chunk& c, Eigen::VectorXd& into) {
  scores_ = kam::score_axis(gather(c, cols), axis, ref);
  into.segment(static_cast<Eigen::Index>(c.first), c.rows) = scores_.scores;
  if (scores_.coverage.size() == 0) return;
  for (Eigen::Index r = 0; r < c.rows; ++r)
    if (scores_.coverage(r) < 1) partial_[static_cast<std::size_t>(r)] = 1;
}

// The maturity index on the assessment scale, and the stages.
void position_pipeline::score_maturity(const table_chunk& c) {
  const auto& m = *setup_.maturity;
  add_axis_scores(maturity_axis(), setup_.maturity_cols, refs_.maturity, c, out_.maturity_index);
  for (Eigen::Index r = 0; r < c.rows; ++r) {
    auto& index = out_.maturity_index(static_cast<Eigen::Index>(c.first) + r);
    index = m.scale_low + (m.scale_high - m.scale_low) * index;
    ++out_.stage_counts[static_cast<std::size_t>(stage_of(index))];
  }
}

// The focus columns, checked by the library on this chunk (the revenue ranks come from the
// whole file after the pass).
void position_pipeline::copy_focus_columns(const table_chunk& c) {
  const auto first = static_cast<Eigen::Index>(c.first);
  out_.wallet.segment(first, c.rows) = c.column(setup_.wallet_col);
  out_.growth.segment(first, c.rows) = c.column(setup_.growth_col);
  out_.churn.segment(first, c.rows) = c.column(setup_.churn_col);
  (void)kam::focus(out_.revenue.segment(first, c.rows), out_.wallet.segment(first, c.rows),
                   out_.growth.segment(first, c.rows), out_.churn.segment(first, c.rows), {},
                   *setup_.settings.focus);
}

// The served role and relationship counts of row `r` of `c`.
void position_pipeline::count_row(const table_chunk& c, Eigen::Index r) {
  const auto i = static_cast<Eigen::Index>(c.first) + r;
  const auto is = static_cast<std::size_t>(i);
  if (setup_.served_col) {
    const auto k = *setup_.served_col;
    const auto text = c.text_of(k, r);
    const auto where = table_.position(c, r, table_.text_column(k));
    if (!text) {
      throw located_error("kam_tool::read_accounts", c.id(r), where,
                          "the served role is empty (name a seller role, or set "
                          "position.maturity.served_role to null)");
    }
    out_.served[is] = enum_field<kam::seller_role>(*text, where, "seller role");
    const auto fit = kam::role_fit_of(stage_of(out_.maturity_index(i)), out_.served[is]);
    out_.behind += fit == kam::role_fit::behind ? 1 : 0;
    out_.ahead += fit == kam::role_fit::ahead ? 1 : 0;
  }
  if (contacts_ != nullptr) {
    const auto p = relationship_of(c.id(r));
    ++out_.shape_counts[static_cast<std::size_t>(p.shape)];
    ++out_.relationship_stage_counts[static_cast<std::size_t>(p.stage)];
    out_.single_threaded += p.single_threaded ? 1 : 0;
  }
}

position_summary position_pipeline::summary() const {
  position_summary s;
  s.input = table_.name();
  s.accounts = table_.accounts();
  s.impact_cut = out_.kraljic.impact_cut;
  s.risk_cut = out_.kraljic.risk_cut;
  s.attractiveness_cut = out_.preferencing.attractiveness_cut;
  s.our_revenue = out_.preferencing.our_revenue;
  s.kraljic = named_counts<kam::kraljic_quadrant>(out_.kraljic.counts);
  s.preferencing = named_counts<kam::preferencing_quadrant>(out_.preferencing.counts);
  s.value_bands = named_counts<kam::value_band>(out_.preferencing.band_counts);
  s.risk = named_counts<kam::relationship_risk>(out_.position.risk_counts);
  s.posture = named_counts<kam::posture>(out_.position.posture_counts);
  s.on_impact_cut = out_.kraljic.on_impact_cut;
  s.on_risk_cut = out_.kraljic.on_risk_cut;
  s.on_attractiveness_cut = out_.preferencing.on_attractiveness_cut;
  s.partial = out_.partial;
  if (setup_.maturity) {
    s.maturity_stages = named_counts<kam::purchasing_stage>(out_.stage_counts);
    s.served_behind = out_.behind;
    s.served_ahead = out_.ahead;
  }
  if (contacts_ != nullptr) {
    s.contacts = contacts_->source;
    s.contact_lines = static_cast<Eigen::Index>(contacts_->lines);
    s.relationship_shapes = named_counts<kam::relationship_shape>(out_.shape_counts);
    s.relationship_stages = named_counts<kam::relationship_stage>(out_.relationship_stage_counts);
    s.single_threaded = out_.single_threaded;
  }
  if (out_.focus) s.focus = named_counts<kam::account_focus>(out_.focus->counts);
  return s;
}

position_row position_pipeline::row(const table_chunk& c, Eigen::Index r) const {
  const auto i = static_cast<Eigen::Index>(c.first) + r;
  const auto is = static_cast<std::size_t>(i);
  position_row row;
  row.id = c.id(r);
  row.columns = carried(setup_.layout, setup_.kept, c, r);
  row.kraljic = {out_.kraljic.impact(i), out_.kraljic.risk(i), out_.kraljic.quadrant[is]};
  row.preferencing = {out_.preferencing.attractiveness(i), out_.preferencing.relative_value(i),
                      out_.preferencing.band[is], out_.preferencing.quadrant[is]};
  row.position = {out_.position.risk[is], out_.position.posture[is]};
  if (setup_.maturity) {
    maturity_columns m;
    m.index = out_.maturity_index(i);
    m.stage = stage_of(m.index);
    m.matched_role = kam::matched_role(m.stage);
    if (setup_.served_col) {
      const auto served = out_.served[is];
      m.served =
          served_columns{served, kam::role_fit_of(m.stage, served), kam::role_gap(m.stage, served)};
    }
    row.maturity = m;
  }
  if (contacts_ != nullptr) {
    const auto p = relationship_of(row.id);
    row.relationship = relationship_columns{p.shape,
                                            p.stage,
                                            p.score,
                                            p.contacts,
                                            p.active_contacts,
                                            p.our_people,
                                            p.their_people,
                                            p.effective_contacts,
                                            p.role_coverage,
                                            p.level_coverage,
                                            p.function_coverage,
                                            p.single_threaded};
  }
  if (out_.focus) {
    row.focus = focus_columns{out_.focus->focus[is], out_.focus->share_of_wallet(i),
                              out_.focus->revenue_rank(i)};
  }
  return row;
}

}  // namespace kam_tool
