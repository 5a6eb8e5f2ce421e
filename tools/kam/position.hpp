// `kam position` behind the command line: the "position" configuration (catalogues, cut points,
// bands, the position table, maturity, relationship and focus settings, all defaulting to the
// library's), the contact map, and the three passes over an accounts file that give every
// account its Kraljic and preferencing quadrants, relationship risk and posture, purchasing
// stage and matched role, and, when their inputs are given, its relationship shape and focus.
//
// Pass 1 fits the references of the three axes and of the maturity assessment (on fixed units
// of accounts, merged in a fixed tree: the chunk size changes nothing), adds up the revenue and
// checks the ids (and that every account of the contact map exists). Pass 2 scores the axes
// chunk by chunk against those references and keeps a few numbers per account (about 100
// bytes); then the cut points are resolved over all accounts (a median cut needs them all) and
// the quadrants, postures and focus follow. Pass 3 writes one row per account, in input order.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <kam/kam.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "command.hpp"
#include "csv.hpp"
#include "progress.hpp"
#include "score_pipeline.hpp"
#include "setup.hpp"
#include "table.hpp"

namespace kam_cli {

/// An axis of a portfolio matrix as the configuration gives it: kam::portfolio_axis with its
/// sub-criteria as a list (each a column of the accounts file).
struct axis_settings {
  std::vector<kam::criterion> criteria;
  kam::score_options options{};
  kam::axis_cut cut{};
};
BOOST_DESCRIBE_STRUCT(axis_settings, (), (criteria, options, cut))

/// The Kraljic axes (default: kam::profit_impact_catalogue and kam::replaceability_catalogue).
struct kraljic_settings {
  axis_settings impact{kam::profit_impact_catalogue().items()};
  axis_settings risk{kam::replaceability_catalogue().items()};
};
BOOST_DESCRIBE_STRUCT(kraljic_settings, (), (impact, risk))

/// Supplier preferencing (kam::preferencing_config with its sub-criteria as a list).
struct preferencing_settings {
  axis_settings attractiveness{kam::attractiveness_catalogue().items()};
  std::array<double, 3> value_edges = kam::preferencing_config{}.value_edges;
  kam::value_band high_value_from = kam::preferencing_config{}.high_value_from;
  std::optional<double> our_revenue;
};
BOOST_DESCRIBE_STRUCT(preferencing_settings, (),
                      (attractiveness, value_edges, high_value_from, our_revenue))

/// Purchasing maturity (kam::maturity_config with its dimensions as a list, each a column) and
/// the column holding the role each account is served with today (null: no comparison).
struct maturity_settings {
  std::vector<kam::criterion> dimensions = kam::maturity_catalogue().items();
  double scale_low = kam::maturity_config{}.scale_low;
  double scale_high = kam::maturity_config{}.scale_high;
  std::array<double, 3> stage_edges = kam::maturity_config{}.stage_edges;
  kam::score_options options{};
  std::optional<std::string> served_role = std::string("served_role");
};
BOOST_DESCRIBE_STRUCT(maturity_settings, (),
                      (dimensions, scale_low, scale_high, stage_edges, options, served_role))

/// The columns of the contact map (one line per contact between one of our people and one of
/// theirs; see kam::contact).
struct contact_columns {
  std::string account = "account_id";
  std::string our_person = "our_person";
  std::string their_person = "their_person";
  std::string role = "buying_role";
  std::string level = "hierarchy_level";
  std::string function = "function";
  std::string weight = "interaction_weight";
  std::string days = "days_since_contact";
};
BOOST_DESCRIBE_STRUCT(contact_columns, (),
                      (account, our_person, their_person, role, level, function, weight, days))

/// The relationship analysis (kam::relationship_config with its score criteria as a list), used
/// when a contacts file is given.
struct relationship_settings {
  contact_columns columns{};
  double active_days = kam::relationship_config{}.active_days;
  std::vector<kam::buying_role> required_roles = kam::relationship_config{}.required_roles;
  std::vector<kam::hierarchy_level> required_levels = kam::relationship_config{}.required_levels;
  std::vector<kam::business_function> required_functions =
      kam::relationship_config{}.required_functions;
  kam::shape_thresholds shape{};
  double breadth_target = kam::relationship_config{}.breadth_target;
  std::vector<kam::criterion> score_criteria = kam::relationship_score_catalogue().items();
  std::array<double, 4> stage_edges = kam::relationship_config{}.stage_edges;
};
BOOST_DESCRIBE_STRUCT(relationship_settings, (),
                      (columns, active_days, required_roles, required_levels, required_functions,
                       shape, breadth_target, score_criteria, stage_edges))

/// The account focus: kam::focus_config's rules and the columns of the category wallet, the
/// growth potential and the churn risk (the revenue is position.revenue).
struct focus_settings : kam::focus_config {
  std::string wallet = "category_wallet";
  std::string growth = "growth_potential";
  std::string churn_risk = "churn_risk";
};
BOOST_DESCRIBE_STRUCT(focus_settings, (kam::focus_config), (wallet, growth, churn_risk))

/// The "position" section of the configuration. `table` lists cells that replace cells of
/// kam::default_position_table (each (kraljic, preferencing) pair at most once). `maturity` and
/// `focus` are on by default; null turns them off.
struct position_settings {
  std::string revenue = "current_revenue";
  kraljic_settings kraljic{};
  preferencing_settings preferencing{};
  std::vector<kam::position_rule> table;
  std::optional<maturity_settings> maturity = maturity_settings{};
  relationship_settings relationship{};
  std::optional<focus_settings> focus = focus_settings{};
};
BOOST_DESCRIBE_STRUCT(position_settings, (),
                      (revenue, kraljic, preferencing, table, maturity, relationship, focus))

/// A validated "position" section: the library's configuration objects, and the accounts file's
/// columns they read (indices into layout.numeric, each column read once however many models
/// use it).
struct position_setup {
  position_settings settings;
  kam::portfolio_axis impact{kam::profit_impact_catalogue()};
  kam::portfolio_axis risk{kam::replaceability_catalogue()};
  kam::preferencing_config preferencing;
  kam::position_table table;
  std::optional<kam::maturity_config> maturity;
  kam::relationship_config relationship;
  table_layout layout;
  std::vector<Eigen::Index> impact_cols, risk_cols, attractiveness_cols, maturity_cols;
  Eigen::Index revenue_col = 0, wallet_col = -1, growth_col = -1, churn_col = -1;
  std::optional<std::size_t> served_col;  ///< index into layout.text
};

namespace detail {

inline kam::portfolio_axis axis_of(const json_document& doc, const json_path& at,
                                   const axis_settings& a, table_layout& layout,
                                   std::vector<Eigen::Index>& cols) {
  kam::portfolio_axis axis{criteria_at(doc, at.key("criteria"), a.criteria), a.options, a.cut};
  const auto names = name_positions(doc, at.key("criteria"), a.criteria);
  for (std::size_t j = 0; j < a.criteria.size(); ++j)
    cols.push_back(add_numeric(layout, a.criteria[j].name, names[j], "criterion"));
  try {
    (void)kam::cut_point(Eigen::VectorXd::Constant(1, 0.5), a.cut, a.options.scale);
  } catch (const kam::error& e) {
    throw located_error(e.function(), e.field(), doc.position(at.key("cut").pointer),
                        without_site(e));
  }
  return axis;
}

}  // namespace detail

/// Reads and validates the "input" and "position" sections. Every setting is checked once by
/// the library's own validation (run on placeholder accounts), and a rejection is reported at
/// its place in the configuration file.
[[nodiscard]] inline position_setup load_position_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("position");
  position_setup s;
  s.settings = cfg.section<position_settings>("position");
  const auto& p = s.settings;
  const auto input = cfg.section<input_config>("input");
  if (input.id.empty()) doc.fail(json_path{}.key("input").key("id"), "the id column has no name");
  s.layout.id = input.id;

  // Kraljic and preferencing axes: criteria sets and cut points.
  s.impact = detail::axis_of(doc, base.key("kraljic").key("impact"), p.kraljic.impact, s.layout,
                             s.impact_cols);
  s.risk =
      detail::axis_of(doc, base.key("kraljic").key("risk"), p.kraljic.risk, s.layout, s.risk_cols);
  if (p.kraljic.impact.options.scale != p.kraljic.risk.options.scale) {
    doc.fail(base.key("kraljic").key("risk").key("options").key("scale"),
             "the impact and risk axes must use the same score scale");
  }
  const json_path pref = base.key("preferencing");
  kam::portfolio_axis attractiveness =
      detail::axis_of(doc, pref.key("attractiveness"), p.preferencing.attractiveness, s.layout,
                      s.attractiveness_cols);
  s.preferencing.attractiveness = attractiveness;
  s.preferencing.value_edges = p.preferencing.value_edges;
  s.preferencing.high_value_from = p.preferencing.high_value_from;
  s.preferencing.our_revenue = p.preferencing.our_revenue;
  try {
    auto check = s.preferencing;
    if (!check.our_revenue) check.our_revenue = 1.0;
    (void)kam::preferencing_from_scores(Eigen::VectorXd::Zero(1), Eigen::VectorXd::Zero(1), check);
  } catch (const kam::error& e) {
    fail_config_field(doc, pref, e);
  }
  if (p.revenue.empty()) doc.fail(base.key("revenue"), "the revenue column has no name");
  s.revenue_col = detail::add_numeric(
      s.layout, p.revenue, doc.position_if_given(base.key("revenue").pointer), "revenue column");

  // The position table: the library's, with the configured cells replaced.
  s.table = kam::default_position_table();
  for (std::size_t i = 0; i < p.table.size(); ++i) {
    const auto& rule = p.table[i];
    for (std::size_t k = 0; k < i; ++k) {
      if (p.table[k].kraljic == rule.kraljic && p.table[k].preferencing == rule.preferencing) {
        doc.fail(base.key("table").index(i),
                 kam::detail::cat("the cell (", kam::enum_name(rule.kraljic), ", ",
                                  kam::enum_name(rule.preferencing), ") is given twice (table[", k,
                                  "] and table[", i, "])"));
      }
    }
    for (auto& cell : s.table.rules)
      if (cell.kraljic == rule.kraljic && cell.preferencing == rule.preferencing) cell = rule;
  }
  kam::validate(s.table);

  // Maturity: the dimensions are columns; the library checks the scale and the edges.
  if (p.maturity) {
    const json_path mat = base.key("maturity");
    kam::maturity_config mc;
    mc.dimensions = criteria_at(doc, mat.key("dimensions"), p.maturity->dimensions);
    mc.scale_low = p.maturity->scale_low;
    mc.scale_high = p.maturity->scale_high;
    mc.stage_edges = p.maturity->stage_edges;
    mc.options = p.maturity->options;
    const auto names = mc.dimensions.names();
    try {
      (void)kam::maturity(Eigen::MatrixXd::Constant(1, mc.dimensions.size(), mc.scale_low), names,
                          {}, mc);
    } catch (const kam::error& e) {
      for (std::size_t j = 0; j < names.size(); ++j) {
        if (names[j] == e.field()) {
          throw located_error(e.function(), e.field(),
                              doc.position(mat.key("dimensions").index(j).pointer),
                              kam::detail::cat("dimension '", e.field(), "': ", without_site(e)));
        }
      }
      fail_config_field(doc, mat, e);
    }
    const auto positions = name_positions(doc, mat.key("dimensions"), p.maturity->dimensions);
    for (std::size_t j = 0; j < names.size(); ++j)
      s.maturity_cols.push_back(
          detail::add_numeric(s.layout, names[j], positions[j], "maturity dimension"));
    if (p.maturity->served_role) {
      if (p.maturity->served_role->empty())
        doc.fail(mat.key("served_role"), "the served-role column has no name (null: none)");
      s.layout.text.push_back({*p.maturity->served_role,
                               doc.position_if_given(mat.key("served_role").pointer),
                               "served-role column"});
      s.served_col = s.layout.text.size() - 1;
    }
    s.maturity = std::move(mc);
  }

  // Relationship: checked here even without a contacts file (a configuration is valid or not).
  const json_path rel = base.key("relationship");
  const auto& r = p.relationship;
  s.relationship.active_days = r.active_days;
  s.relationship.required_roles = r.required_roles;
  s.relationship.required_levels = r.required_levels;
  s.relationship.required_functions = r.required_functions;
  s.relationship.shape = r.shape;
  s.relationship.breadth_target = r.breadth_target;
  s.relationship.score_criteria = criteria_at(doc, rel.key("score_criteria"), r.score_criteria);
  s.relationship.stage_edges = r.stage_edges;
  try {
    (void)kam::relationship_of({}, s.relationship);
  } catch (const kam::error& e) {
    if (e.field() == "score_criteria") {
      // An unknown metric: point at the criterion.
      for (std::size_t j = 0; j < r.score_criteria.size(); ++j) {
        bool known = false;
        for (const char* m : {"breadth", "role_coverage", "level_coverage", "function_coverage"})
          known = known || r.score_criteria[j].name == m;
        if (!known) {
          throw located_error(e.function(), e.field(),
                              doc.position(rel.key("score_criteria").index(j).key("name").pointer),
                              without_site(e));
        }
      }
    }
    const bool threshold =
        e.field().starts_with("diamond_") || e.field() == "bow_tie_effective_below";
    fail_config_field(doc, threshold ? rel.key("shape") : rel, e);
  }

  // Focus: its columns, and its rules checked on one placeholder account.
  if (p.focus) {
    const json_path foc = base.key("focus");
    const kam::focus_config& fc = *p.focus;
    try {
      const Eigen::VectorXd one = Eigen::VectorXd::Ones(1);
      (void)kam::focus(Eigen::VectorXd::Zero(1), one, Eigen::VectorXd::Constant(1, fc.growth_low),
                       Eigen::VectorXd::Zero(1), {}, fc);
    } catch (const kam::error& e) {
      fail_config_field(doc, foc, e);
    }
    for (const auto* c : {&p.focus->wallet, &p.focus->growth, &p.focus->churn_risk})
      if (c->empty()) doc.fail(foc, "a focus column has no name");
    s.wallet_col = detail::add_numeric(s.layout, p.focus->wallet,
                                       doc.position_if_given(foc.key("wallet").pointer),
                                       "category-wallet column");
    s.growth_col = detail::add_numeric(s.layout, p.focus->growth,
                                       doc.position_if_given(foc.key("growth").pointer),
                                       "growth-potential column");
    s.churn_col = detail::add_numeric(s.layout, p.focus->churn_risk,
                                      doc.position_if_given(foc.key("churn_risk").pointer),
                                      "churn-risk column");
  }
  return s;
}

/// The contact map, grouped by account id, each line remembered for messages.
struct contact_map {
  std::string source;
  std::size_t lines = 0;
  struct account_contacts {
    std::vector<kam::contact> contacts;
    std::size_t first_line = 0;
    bool matched = false;
  };
  std::unordered_map<std::string, account_contacts> by_account;
};

/// Reads the contact map at `path` with the columns of `setup` and checks every line with the
/// library (kam::relationship_of on the line alone): a bad number, enumerator, weight or age is
/// reported at its line and column. The whole map is held in memory.
[[nodiscard]] inline contact_map load_contacts(const std::string& path, const position_setup& setup,
                                               const json_document& doc) {
  const auto table = kam_examples::read_csv_file(path);
  const auto& cols = setup.settings.relationship.columns;
  const json_path at = json_path{}.key("position").key("relationship").key("columns");
  const auto column = [&](const std::string& name, const char* key) {
    for (std::size_t c = 0; c < table.header.size(); ++c)
      if (table.header[c] == name) return c;
    const auto where = doc.position_if_given(at.key(key).pointer);
    throw located_error("kam_cli::read_contacts", name,
                        where.source.empty() ? text_position{path, 1, 1} : where,
                        kam::detail::cat("contacts column '", name, "' is not a column of ", path,
                                         "; columns: ", kam::detail::quoted_list(table.header)));
  };
  const std::size_t account = column(cols.account, "account");
  const std::size_t ours = column(cols.our_person, "our_person");
  const std::size_t theirs = column(cols.their_person, "their_person");
  const std::size_t role = column(cols.role, "role");
  const std::size_t level = column(cols.level, "level");
  const std::size_t function = column(cols.function, "function");
  const std::size_t weight = column(cols.weight, "weight");
  const std::size_t days = column(cols.days, "days");
  contact_map out;
  out.source = path;
  out.lines = table.rows.size();
  const auto where = [&](std::size_t i, std::size_t c) {
    return text_position{path, table.field_lines[i][c], c + 1};
  };
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto text = [&](std::size_t c) { return table.text(i, c); };
    if (!table.rows[i][account]) {
      throw located_error("kam_cli::read_contacts", cols.account, where(i, account),
                          "the account id is empty");
    }
    kam::contact k;
    k.our_person = text(ours);
    k.their_person = text(theirs);
    k.role = enum_field<kam::buying_role>(text(role), where(i, role), "buying role");
    k.level = enum_field<kam::hierarchy_level>(text(level), where(i, level), "hierarchy level");
    k.function =
        enum_field<kam::business_function>(text(function), where(i, function), "business function");
    k.weight = table.number(i, weight);
    k.days_since_contact = table.number(i, days);
    try {
      (void)kam::relationship_of({k}, setup.relationship);
    } catch (const kam::error& e) {
      std::size_t c = account;
      if (e.field() == "our_person") c = ours;
      if (e.field() == "their_person") c = theirs;
      if (e.field() == "weight") c = weight;
      if (e.field() == "days_since_contact") c = days;
      std::string detail = without_site(e);
      if (detail.starts_with("contact 0 ")) detail.erase(0, 10);
      throw located_error(
          e.function(), e.field(), where(i, c),
          kam::detail::cat("contact ", detail, " (column '", table.header[c], "')"));
    }
    auto& entry = out.by_account[text(account)];
    if (entry.contacts.empty()) entry.first_line = table.lines[i];
    entry.contacts.push_back(std::move(k));
  }
  return out;
}

/// The columns of `kam position` for one account; nested groups are flattened ("kraljic.impact").
struct kraljic_columns {
  double impact = 0;
  double risk = 0;
  kam::kraljic_quadrant quadrant = kam::kraljic_quadrant::strategic;
};
BOOST_DESCRIBE_STRUCT(kraljic_columns, (), (impact, risk, quadrant))

struct preferencing_columns {
  double attractiveness = 0;
  double relative_value = 0;
  kam::value_band value_band = kam::value_band::negligible;
  kam::preferencing_quadrant quadrant = kam::preferencing_quadrant::core;
};
BOOST_DESCRIBE_STRUCT(preferencing_columns, (),
                      (attractiveness, relative_value, value_band, quadrant))

struct posture_columns {
  kam::relationship_risk risk = kam::relationship_risk::low;
  kam::posture posture = kam::posture::partner;
};
BOOST_DESCRIBE_STRUCT(posture_columns, (), (risk, posture))

struct served_columns {
  kam::seller_role role = kam::seller_role::entertainer;
  kam::role_fit fit = kam::role_fit::matched;
  int gap = 0;
};
BOOST_DESCRIBE_STRUCT(served_columns, (), (role, fit, gap))

struct maturity_columns {
  double index = 0;
  kam::purchasing_stage stage = kam::purchasing_stage::passive;
  kam::seller_role matched_role = kam::seller_role::entertainer;
  std::optional<served_columns> served;
};
BOOST_DESCRIBE_STRUCT(maturity_columns, (), (index, stage, matched_role, served))

struct relationship_columns {
  kam::relationship_shape shape = kam::relationship_shape::no_contact;
  kam::relationship_stage stage = kam::relationship_stage::exploratory;
  double score = 0;
  Eigen::Index contacts = 0;
  Eigen::Index active_contacts = 0;
  Eigen::Index our_people = 0;
  Eigen::Index their_people = 0;
  double effective_contacts = 0;
  double role_coverage = 0;
  double level_coverage = 0;
  double function_coverage = 0;
  bool single_threaded = false;
};
BOOST_DESCRIBE_STRUCT(relationship_columns, (),
                      (shape, stage, score, contacts, active_contacts, our_people, their_people,
                       effective_contacts, role_coverage, level_coverage, function_coverage,
                       single_threaded))

struct focus_columns {
  kam::account_focus focus = kam::account_focus::maintain;
  double share_of_wallet = 0;
  Eigen::Index revenue_rank = 0;
};
BOOST_DESCRIBE_STRUCT(focus_columns, (), (focus, share_of_wallet, revenue_rank))

/// One row of `kam position`, in input order.
struct position_row {
  std::string id;
  kraljic_columns kraljic;
  preferencing_columns preferencing;
  posture_columns position;
  std::optional<maturity_columns> maturity;
  std::optional<relationship_columns> relationship;
  std::optional<focus_columns> focus;
};
BOOST_DESCRIBE_STRUCT(position_row, (),
                      (id, kraljic, preferencing, position, maturity, relationship, focus))

/// Counts by name (an enumerator, a quadrant, a posture).
using name_counts = std::vector<std::pair<std::string, long long>>;

/// The summary of a `kam position` run (the head of its JSON output, the report's numbers).
struct position_summary {
  std::string input;
  Eigen::Index accounts = 0;
  double impact_cut = 0;
  double risk_cut = 0;
  double attractiveness_cut = 0;
  double our_revenue = 0;
  name_counts kraljic;
  name_counts preferencing;
  name_counts value_bands;
  name_counts risk;
  name_counts posture;
  Eigen::Index on_impact_cut = 0;
  Eigen::Index on_risk_cut = 0;
  Eigen::Index on_attractiveness_cut = 0;
  Eigen::Index partial = 0;  ///< accounts scored on partial data on some axis
  name_counts maturity_stages;
  Eigen::Index served_behind = 0;
  Eigen::Index served_ahead = 0;
  std::optional<std::string> contacts;
  Eigen::Index contact_lines = 0;
  name_counts relationship_shapes;
  name_counts relationship_stages;
  Eigen::Index single_threaded = 0;
  name_counts focus;
};
BOOST_DESCRIBE_STRUCT(position_summary, (),
                      (input, accounts, impact_cut, risk_cut, attractiveness_cut, our_revenue,
                       kraljic, preferencing, value_bands, risk, posture, on_impact_cut,
                       on_risk_cut, on_attractiveness_cut, partial, maturity_stages, served_behind,
                       served_ahead, contacts, contact_lines, relationship_shapes,
                       relationship_stages, single_threaded, focus))

/// What pass 2 keeps of every account, in input order, and what follows from it.
struct position_outcome {
  Eigen::VectorXd impact, risk, attractiveness, revenue, maturity_index, wallet, growth, churn;
  std::vector<kam::seller_role> served;
  kam::kraljic_result<double> kraljic;
  kam::preferencing_result<double> preferencing;
  kam::position_result position;
  std::optional<kam::focus_result<double>> focus;
  std::array<Eigen::Index, 4> stage_counts{};
  Eigen::Index behind = 0, ahead = 0, partial = 0;
  std::array<Eigen::Index, 4> shape_counts{};
  std::array<Eigen::Index, 5> relationship_stage_counts{};
  Eigen::Index single_threaded = 0;
};

/// The three passes of `kam position` over one accounts file.
class position_pipeline {
 public:
  /// Prepares a run; `contacts` (may be null) is the contact map.
  position_pipeline(const position_setup& setup, accounts_source source, contact_map* contacts,
                    Eigen::Index chunk_rows, progress& bar)
      : setup_(setup),
        contacts_(contacts),
        table_(std::move(source), setup.layout, chunk_rows, bar) {}

  /// Runs the passes; `sink(chunk)` receives pass 3's chunks in input order (build rows with
  /// `row`). Throws located_error for bad data, kam::error for what the library rejects.
  void run(const std::function<void(const table_chunk&)>& sink) {
    fit();
    classify();
    table_.again("pass 3/3 (write)", sink);
  }

  /// Returns the per-account results (after run).
  [[nodiscard]] const position_outcome& outcome() const noexcept { return out_; }
  /// Returns the accounts file.
  [[nodiscard]] const chunked_table& table() const noexcept { return table_; }

  /// Returns the summary (after run).
  [[nodiscard]] position_summary summary() const {
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

  /// Returns the output row of row `r` of `c` (a chunk of pass 3).
  [[nodiscard]] position_row row(const table_chunk& c, Eigen::Index r) const {
    const auto i = static_cast<Eigen::Index>(c.first) + r;
    const auto is = static_cast<std::size_t>(i);
    position_row row;
    row.id = c.ids[static_cast<std::size_t>(r)];
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
        m.served = served_columns{served, kam::role_fit_of(m.stage, served),
                                  kam::role_gap(m.stage, served)};
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

 private:
  using reference = kam::score_reference<double>;
  struct references {
    reference impact, risk, attractiveness, maturity;
    double revenue = 0;
  };

  [[nodiscard]] kam::purchasing_stage stage_of(double index) const {
    const auto& m = *setup_.maturity;
    return kam::maturity_stage_of(index, m.stage_edges, m.scale_high - m.scale_low);
  }

  [[nodiscard]] kam::relationship_profile relationship_of(const std::string& id) const {
    const auto it = contacts_->by_account.find(id);
    static const std::vector<kam::contact> none;
    return kam::relationship_of(it == contacts_->by_account.end() ? none : it->second.contacts,
                                setup_.relationship);
  }

  // Copies the columns `cols` of the chunk's valid rows into `buf` (reused).
  static const Eigen::MatrixXd& gather(const table_chunk& c, const std::vector<Eigen::Index>& cols,
                                       Eigen::MatrixXd& buf) {
    buf.resize(c.rows, static_cast<Eigen::Index>(cols.size()));
    for (std::size_t j = 0; j < cols.size(); ++j)
      buf.col(static_cast<Eigen::Index>(j)) = c.column(cols[j]);
    return buf;
  }

  [[nodiscard]] kam::portfolio_axis maturity_axis() const {
    const auto& m = *setup_.maturity;
    kam::portfolio_axis axis{m.dimensions, m.options};
    axis.options.scale = kam::score_scale::unit;
    return axis;
  }

  [[nodiscard]] field_columns fields() const {
    field_columns f = table_.numeric_fields();
    const auto col = [&](Eigen::Index j) {
      return table_.numeric_column(static_cast<std::size_t>(j));
    };
    f.emplace_back("revenue", col(setup_.revenue_col));
    if (setup_.wallet_col >= 0) {
      f.emplace_back("category_wallet", col(setup_.wallet_col));
      f.emplace_back("growth_potential", col(setup_.growth_col));
      f.emplace_back("churn_risk", col(setup_.churn_col));
    }
    return f;
  }

  // --- pass 1 ------------------------------------------------------------------------------

  void fit() {
    const bool maturity = setup_.maturity.has_value();
    const auto merge = [maturity](references& a, const references& b) {
      a.impact.merge(b.impact);
      a.risk.merge(b.risk);
      a.attractiveness.merge(b.attractiveness);
      if (maturity) a.maturity.merge(b.maturity);
      a.revenue += b.revenue;
    };
    merge_tree<references, decltype(merge)> tree(merge);
    Eigen::MatrixXd buf;
    table_.first_pass(
        "pass 1/3 (fit)",
        [&](const table_chunk& c) {
          if (contacts_ == nullptr) return;
          for (Eigen::Index r = 0; r < c.rows; ++r) {
            const auto it = contacts_->by_account.find(c.ids[static_cast<std::size_t>(r)]);
            if (it != contacts_->by_account.end()) it->second.matched = true;
          }
        },
        [&](const table_chunk& unit) {
          references refs;
          try {
            const auto& o = setup_.impact.options;
            refs.impact = kam::fit_reference(gather(unit, setup_.impact_cols, buf),
                                             setup_.impact.criteria, o);
            refs.risk = kam::fit_reference(gather(unit, setup_.risk_cols, buf),
                                           setup_.risk.criteria, setup_.risk.options);
            refs.attractiveness = kam::fit_reference(gather(unit, setup_.attractiveness_cols, buf),
                                                     setup_.preferencing.attractiveness.criteria,
                                                     setup_.preferencing.attractiveness.options);
            if (setup_.maturity) {
              const auto axis = maturity_axis();
              refs.maturity = kam::fit_reference(gather(unit, setup_.maturity_cols, buf),
                                                 axis.criteria, axis.options);
            }
          } catch (const kam::error& e) {
            table_.rethrow_at(e, unit, table_.numeric_fields());
          }
          // Revenue: summed per unit (a negative or missing revenue is reported in pass 2).
          for (Eigen::Index r = 0; r < unit.rows; ++r) {
            const double v = unit.x(r, setup_.revenue_col);
            if (v > 0) refs.revenue += v;
          }
          tree.add(std::move(refs));
        });
    refs_ = std::move(*tree.finish());
    if (contacts_ != nullptr) {
      const contact_map::account_contacts* unknown = nullptr;
      std::string id;
      for (const auto& [account, entry] : contacts_->by_account) {
        if (!entry.matched && (unknown == nullptr || entry.first_line < unknown->first_line)) {
          unknown = &entry;
          id = account;
        }
      }
      if (unknown != nullptr) {
        throw located_error(
            "kam_cli::read_contacts", setup_.settings.relationship.columns.account,
            {contacts_->source, unknown->first_line, 1},
            kam::detail::cat("account '", id, "' of the contact map is not in ", table_.name()));
      }
    }
  }

  // --- pass 2 ------------------------------------------------------------------------------

  void classify() {
    const Eigen::Index n = table_.accounts();
    out_.impact.resize(n);
    out_.risk.resize(n);
    out_.attractiveness.resize(n);
    out_.revenue.resize(n);
    if (setup_.maturity) out_.maturity_index.resize(n);
    if (setup_.served_col) out_.served.resize(static_cast<std::size_t>(n));
    if (setup_.wallet_col >= 0) {
      out_.wallet.resize(n);
      out_.growth.resize(n);
      out_.churn.resize(n);
    }
    auto pc = setup_.preferencing;
    if (!pc.our_revenue && !(refs_.revenue > 0)) {
      throw located_error(
          "kam_cli::read_accounts", setup_.settings.revenue,
          table_.position(table_.header_line(),
                          table_.numeric_column(static_cast<std::size_t>(setup_.revenue_col))),
          "the revenue adds up to 0: relative values need our revenue "
          "(give position.preferencing.our_revenue, or revenue > 0)");
    }
    pc.our_revenue = setup_.preferencing.our_revenue.value_or(refs_.revenue);
    const field_columns f = fields();
    Eigen::MatrixXd buf;
    kam::score_result<double> s;
    std::vector<unsigned char> partial;
    out_.partial = 0;
    table_.again("pass 2/3 (classify)", [&](const table_chunk& c) {
      const auto first = static_cast<Eigen::Index>(c.first);
      if (first + c.rows > n) return;  // the file grew: again() reports it
      partial.assign(static_cast<std::size_t>(c.rows), 0);
      const auto axis = [&](const kam::portfolio_axis& a, const std::vector<Eigen::Index>& cols,
                            const reference& ref, Eigen::VectorXd& into) {
        s = kam::score_axis(gather(c, cols, buf), a, ref);
        into.segment(first, c.rows) = s.scores;
        if (s.coverage.size() > 0) {
          for (Eigen::Index r = 0; r < c.rows; ++r)
            if (s.coverage(r) < 1) partial[static_cast<std::size_t>(r)] = 1;
        }
      };
      try {
        axis(setup_.impact, setup_.impact_cols, refs_.impact, out_.impact);
        axis(setup_.risk, setup_.risk_cols, refs_.risk, out_.risk);
        axis(setup_.preferencing.attractiveness, setup_.attractiveness_cols, refs_.attractiveness,
             out_.attractiveness);
        out_.revenue.segment(first, c.rows) = c.column(setup_.revenue_col);
        // The revenue is checked by the library on this chunk (negative, missing, above ours).
        (void)kam::preferencing_from_scores(out_.attractiveness.segment(first, c.rows),
                                            out_.revenue.segment(first, c.rows), pc);
        if (setup_.maturity) {
          const auto& m = *setup_.maturity;
          s = kam::score_axis(gather(c, setup_.maturity_cols, buf), maturity_axis(),
                              refs_.maturity);
          for (Eigen::Index r = 0; r < c.rows; ++r) {
            const double index = m.scale_low + (m.scale_high - m.scale_low) * s.scores(r);
            out_.maturity_index(first + r) = index;
            ++out_.stage_counts[static_cast<std::size_t>(stage_of(index))];
          }
          if (s.coverage.size() > 0) {
            for (Eigen::Index r = 0; r < c.rows; ++r)
              if (s.coverage(r) < 1) partial[static_cast<std::size_t>(r)] = 1;
          }
        }
        if (setup_.wallet_col >= 0) {
          out_.wallet.segment(first, c.rows) = c.column(setup_.wallet_col);
          out_.growth.segment(first, c.rows) = c.column(setup_.growth_col);
          out_.churn.segment(first, c.rows) = c.column(setup_.churn_col);
          // Checked by the library on this chunk; the ranks come from the whole file below.
          (void)kam::focus(out_.revenue.segment(first, c.rows), out_.wallet.segment(first, c.rows),
                           out_.growth.segment(first, c.rows), out_.churn.segment(first, c.rows),
                           {}, *setup_.settings.focus);
        }
      } catch (const kam::error& e) {
        table_.rethrow_at(e, c, f);
      }
      for (const auto p : partial) out_.partial += p;
      for (Eigen::Index r = 0; r < c.rows; ++r) {
        const auto ri = static_cast<std::size_t>(r);
        const auto is = static_cast<std::size_t>(first + r);
        if (setup_.served_col) {
          const auto k = *setup_.served_col;
          const auto text = c.text_of(k, r);
          const auto where = table_.position(c, r, table_.text_column(k));
          if (!text) {
            throw located_error("kam_cli::read_accounts", c.ids[ri], where,
                                "the served role is empty (name a seller role, or set "
                                "position.maturity.served_role to null)");
          }
          out_.served[is] = enum_field<kam::seller_role>(*text, where, "seller role");
          const auto fit =
              kam::role_fit_of(stage_of(out_.maturity_index(first + r)), out_.served[is]);
          out_.behind += fit == kam::role_fit::behind ? 1 : 0;
          out_.ahead += fit == kam::role_fit::ahead ? 1 : 0;
        }
        if (contacts_ != nullptr) {
          const auto p = relationship_of(c.ids[ri]);
          ++out_.shape_counts[static_cast<std::size_t>(p.shape)];
          ++out_.relationship_stage_counts[static_cast<std::size_t>(p.stage)];
          out_.single_threaded += p.single_threaded ? 1 : 0;
        }
      }
    });
    // Cut points over every account, then quadrants, postures and focus.
    const auto scale = setup_.impact.options.scale;
    out_.kraljic =
        kam::kraljic_from_scores(out_.impact, out_.risk, setup_.impact.cut, setup_.risk.cut, scale);
    out_.preferencing = kam::preferencing_from_scores(out_.attractiveness, out_.revenue, pc);
    out_.position = kam::position(out_.kraljic, out_.preferencing, setup_.table);
    if (setup_.wallet_col >= 0) {
      out_.focus = kam::focus(out_.revenue, out_.wallet, out_.growth, out_.churn, {},
                              *setup_.settings.focus);
    }
  }

  const position_setup& setup_;
  contact_map* contacts_;
  chunked_table table_;
  references refs_;
  position_outcome out_;
};

}  // namespace kam_cli
