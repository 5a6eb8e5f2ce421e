// `kam position`: where we stand with every account of a CSV file: Kraljic quadrant (from the
// supplier's side), preferencing quadrant, relationship risk and posture, purchasing stage and
// matched seller role (against the role served today), and, when their inputs are given, the
// relationship shape (from a contact map) and the account focus. One row per account, in input
// order. Also fills the report's portfolio matrix.
#include "position.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <kam/portfolio.hpp>
#include <kam/version.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "setup.hpp"
#include "svg.hpp"

namespace kam_tool {
namespace {

constexpr long long default_chunk_rows = 65536;

std::optional<contact_map> contacts_of(const invocation& args, const position_setup& setup,
                                       const configuration& config) {
  const auto path = args.get("contacts");
  if (!path) return std::nullopt;
  return load_contacts(*path, setup, config.document());
}

int run_position(const invocation& args) {
  if (args.positional.size() != 1) throw usage_error("expected exactly one accounts file (CSV)");
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  const auto chunk_rows = integer_option(args, "chunk-rows", default_chunk_rows, 1);
  const auto config = configuration::load(args.get("config"));
  auto setup = load_position_setup(config);
  apply_id_options(args, setup.layout);
  const int precision = precision_of(args);
  auto source = accounts_of(args, args.positional[0]);
  setup.kept = keep_columns(args, source, setup.layout, {"id"});
  auto contacts = contacts_of(args, setup, config);
  progress bar("kam position");
  position_pipeline pipeline(setup, std::move(source), contacts ? &*contacts : nullptr, chunk_rows,
                             bar);
  std::vector<std::string> inputs{args.positional[0], args.get("config").value_or("")};
  if (const auto c = args.get("contacts")) inputs.push_back(*c);
  output_file out(out_path, *args.out, inputs);
  std::optional<table_writer<position_row>> writer;
  pipeline.run([&](const table_chunk& c) {
    if (!writer) {
      boost::json::object head;
      head["kam"] = kam::version_string;
      head["command"] = "position";
      head["summary"] = to_json(pipeline.summary());
      writer.emplace(out.stream(), format, "accounts", head);
      writer->set_precision(precision);
    }
    for (Eigen::Index r = 0; r < c.rows; ++r) writer->write(pipeline.row(c, r));
  });
  writer->finish();
  bar.clear();
  out.commit();
  return 0;
}

long long count_of(const name_counts& v, std::string_view name) {
  for (const auto& [k, n] : v)
    if (k == name) return n;
  return 0;
}

// Runs the pipeline and draws every account in the portfolio matrix (Kraljic, from the
// supplier's side: replaceability risk across, profit impact up, key accounts labelled).
// A key account's position for its drill-down in the report.
std::vector<std::pair<std::string, std::string>> facts_of(const position_row& p) {
  std::vector<std::pair<std::string, std::string>> f{
      {"Kraljic quadrant", label_of(kam::enum_name(p.kraljic.quadrant))},
      {"posture", label_of(kam::enum_name(p.position.posture))},
      {"relationship risk", label_of(kam::enum_name(p.position.risk))}};
  if (p.maturity) {
    f.emplace_back("purchasing stage", label_of(kam::enum_name(p.maturity->stage)));
    if (p.maturity->served)
      f.emplace_back("seller role", label_of(kam::enum_name(p.maturity->served->role)) + " (" +
                                        label_of(kam::enum_name(p.maturity->served->fit)) + ")");
  }
  if (p.relationship) {
    f.emplace_back("relationship", label_of(kam::enum_name(p.relationship->shape)) + ", " +
                                       std::to_string(p.relationship->contacts) + " contacts");
  }
  if (p.focus) f.emplace_back("focus", label_of(kam::enum_name(p.focus->focus)));
  return f;
}

// The health a relationship risk stands for: low green, moderate amber, high or critical red.
std::string health_of(kam::relationship_risk risk) {
  switch (risk) {
    case kam::relationship_risk::low:
      return "green";
    case kam::relationship_risk::moderate:
      return "amber";
    default:
      return "red";
  }
}

// The ids of the best key accounts (report.shortlist): those with a drill-down.
std::unordered_set<std::string> labelled_ids(const report& r) {
  std::unordered_set<std::string> ids;
  if (!r.shortlist.chart) return ids;
  const auto& rows = r.shortlist.chart->rows;
  for (std::size_t k = 0; k < rows.size() && k < r.labelled; ++k) ids.insert(rows[k].id);
  return ids;
}

scatter_chart portfolio_matrix(position_pipeline& pipeline, const position_setup& setup, report& r,
                               std::vector<std::pair<std::string, double>>& revenue) {
  const auto drilled = labelled_ids(r);
  scatter_chart c;
  const double top = kam::scale_top(setup.impact.options.scale);
  c.x_hi = c.y_hi = top;
  c.x_label = "replaceability risk: how hard the customer finds it to replace us";
  c.y_label = "profit impact for the customer";
  c.quadrants = {"leverage", "strategic", "non-critical", "bottleneck"};
  c.points.reserve(std::min<std::size_t>(c.max_points * 4, std::size_t{1} << 20));
  pipeline.run([&](const table_chunk& chunk) {
    const auto& o = pipeline.outcome();
    for (Eigen::Index k = 0; k < chunk.rows; ++k) {
      const auto i = static_cast<Eigen::Index>(chunk.first) + k;
      // Only key accounts are labelled: other ids are not kept (memory stays small).
      const auto& id = chunk.id(k);
      const bool key = r.key_accounts.contains(id);
      c.points.push_back({o.risk(i), o.impact(i), key ? id : std::string()});
      if (key) {
        const auto row = pipeline.row(chunk, k);
        if (drilled.contains(id)) r.facts[id] = facts_of(row);
        revenue.emplace_back(id, o.revenue(i));
        r.revenue[id] = o.revenue(i);
        r.health[id] = {health_of(row.position.risk),
                        label_of(kam::enum_name(row.position.risk)) + " relationship risk"};
      }
    }
  });
  c.x_cut = pipeline.outcome().kraljic.risk_cut;
  c.y_cut = pipeline.outcome().kraljic.impact_cut;
  return c;
}

// The key accounts' revenue, largest first (the `shown` largest), on a log scale when it is
// skewed.
report_section revenue_section(std::vector<std::pair<std::string, double>> revenue,
                               const position_setup& setup, std::size_t shown) {
  std::stable_sort(revenue.begin(), revenue.end(), [](const auto& a, const auto& b) {
    return (std::isfinite(a.second) ? a.second : 0.0) > (std::isfinite(b.second) ? b.second : 0.0);
  });
  const std::size_t all = revenue.size();
  if (revenue.size() > shown) revenue.resize(shown);
  bar_chart b;
  for (const auto& [id, v] : revenue) {
    b.labels.push_back(id);
    b.values.push_back(std::isfinite(v) ? v : 0.0);
  }
  b.colors = {tier_colors[0]};
  b.log_scale = skewed(b.values);
  const std::string which =
      all > revenue.size()
          ? fmt::format("The {} largest of the {} key accounts by revenue ({}; report.shortlist)",
                        revenue.size(), all, setup.settings.revenue)
          : fmt::format("Each key account's revenue ({}), largest first", setup.settings.revenue);
  return {"key-revenue", "Key-account revenue",
          fmt::format("{}{}.", which,
                      b.log_scale ? "; log scale, as the largest is more than 20 times the "
                                    "smallest"
                                  : ""),
          std::move(b)};
}

// Postures, coloured by the relationship risk of the cells that recommend them.
report_section posture_section(const position_setup& setup, const position_summary& s) {
  bar_chart postures;
  std::array<int, kam::posture_count> worst{};
  for (const auto& rule : setup.table.rules) {
    auto& w = worst[static_cast<std::size_t>(rule.posture)];
    w = std::max(w, static_cast<int>(rule.risk));
  }
  constexpr std::array<const char*, 4> risk_colors{"#59a14f", "#edc948", "#f28e2b", "#c0392b"};
  for (std::size_t p = 0; p < s.posture.size(); ++p) {
    if (s.posture[p].second == 0) continue;
    postures.labels.push_back(label_of(s.posture[p].first));
    postures.values.push_back(static_cast<double>(s.posture[p].second));
    postures.colors.emplace_back(risk_colors[static_cast<std::size_t>(worst[p])]);
  }
  return {"postures", "Recommended postures",
          "Kraljic quadrant x preferencing quadrant through the position table; bars coloured by "
          "relationship risk (green low, yellow moderate, orange high, red critical).",
          std::move(postures)};
}

// Purchasing stages with their matched role, and how many are served behind or ahead of it.
report_section maturity_section(const position_setup& setup, const position_outcome& o,
                                const position_summary& s) {
  table_chart t;
  t.header = {"purchasing stage", "accounts", "matched role"};
  const bool served = setup.served_col.has_value();
  if (served) t.header.insert(t.header.end(), {"served behind", "served ahead"});
  std::array<long long, 4> behind{}, ahead{};
  const auto& m = *setup.maturity;
  for (Eigen::Index i = 0; served && i < o.maturity_index.size(); ++i) {
    const auto stage =
        kam::maturity_stage_of(o.maturity_index(i), m.stage_edges, m.scale_high - m.scale_low);
    const auto fit = kam::role_fit_of(stage, o.served[static_cast<std::size_t>(i)]);
    behind[static_cast<std::size_t>(stage)] += fit == kam::role_fit::behind ? 1 : 0;
    ahead[static_cast<std::size_t>(stage)] += fit == kam::role_fit::ahead ? 1 : 0;
  }
  for (std::size_t k = 0; k < s.maturity_stages.size(); ++k) {
    const auto role = kam::matched_role(static_cast<kam::purchasing_stage>(k));
    std::vector<std::string> row{label_of(s.maturity_stages[k].first),
                                 std::to_string(s.maturity_stages[k].second),
                                 label_of(kam::enum_name(role))};
    if (served) row.insert(row.end(), {std::to_string(behind[k]), std::to_string(ahead[k])});
    t.rows.push_back(std::move(row));
  }
  return {"maturity", "Purchasing maturity and the seller role",
          served ? "Behind: served with a less developed role than the stage needs; ahead: a more "
                   "developed one than the buyer asks for."
                 : "No served-role column configured: no comparison with today's role.",
          std::move(t)};
}

bar_chart counts_chart(const name_counts& counts) {
  bar_chart b;
  for (const auto& [name, n] : counts) {
    b.labels.push_back(label_of(name));
    b.values.push_back(static_cast<double>(n));
  }
  return b;
}

// Fills the portfolio matrix and adds sections for postures, maturity, relationships and focus.
void contribute_position(const report_input& in, report& r) {
  if (!in.config.has("position")) return;  // the report's note says how to ask for it
  if (in.args.positional.empty()) {
    r.portfolio.note =
        "Give the accounts file (kam report ACCOUNTS.csv) to see the portfolio matrix.";
    return;
  }
  auto setup = load_position_setup(in.config);
  apply_id_options(in.args, setup.layout);
  auto contacts = contacts_of(in.args, setup, in.config);
  position_pipeline pipeline(setup, accounts_of(in.args, in.args.positional[0]),
                             contacts ? &*contacts : nullptr,
                             integer_option(in.args, "chunk-rows", default_chunk_rows, 1), in.bar);
  std::vector<std::pair<std::string, double>> revenue;
  r.portfolio.chart = portfolio_matrix(pipeline, setup, r, revenue);
  const auto& o = pipeline.outcome();
  const auto s = pipeline.summary();
  const auto& k = s.kraljic;
  r.portfolio.caption = fmt::format(
      "Kraljic's matrix from the supplier's side: each dot is an account, cut at {} (risk) and {} "
      "(impact); on a cut counts as high. {} strategic, {} leverage, {} bottleneck, {} "
      "non-critical. The best key accounts (report.shortlist) are the labelled dots.",
      short_number(o.kraljic.risk_cut, 3), short_number(o.kraljic.impact_cut, 3),
      count_of(k, "strategic"), count_of(k, "leverage"), count_of(k, "bottleneck"),
      count_of(k, "non_critical"));
  r.cards.push_back({"strategic accounts", std::to_string(count_of(k, "strategic")),
                     fmt::format("{} at high or critical relationship risk",
                                 count_of(s.risk, "critical") + count_of(s.risk, "high"))});
  r.revenue_column = setup.settings.revenue;
  if (!revenue.empty() && r.labelled > 0)
    r.sections.push_back(revenue_section(std::move(revenue), setup, r.labelled));
  r.sections.push_back(posture_section(setup, s));
  if (setup.maturity) r.sections.push_back(maturity_section(setup, o, s));
  if (contacts) {
    auto shapes = counts_chart(s.relationship_shapes);
    shapes.colors = {"#aeb6bf", "#e15759", "#edc948", "#59a14f"};
    r.sections.push_back({"relationships", "Relationship shapes",
                          fmt::format("{} accounts are single-threaded (one person of theirs "
                                      "carries the relationship). Contacts: {}.",
                                      s.single_threaded, file_label(contacts->source)),
                          std::move(shapes)});
  }
  if (o.focus) {
    r.sections.push_back({"focus", "Account focus",
                          "Protect large accounts at risk, win where our share of wallet is low, "
                          "expand where there is room; rules applied in that order.",
                          counts_chart(s.focus)});
  }
}

}  // namespace

namespace commands {

command position() {
  return {
      .name = "position",
      .summary =
          "place accounts in the Kraljic and preferencing matrices, with posture and maturity",
      .usage =
          "kam position [options] ACCOUNTS.csv\n\n"
          "Writes one row per account of ACCOUNTS.csv, in input order: its Kraljic quadrant\n"
          "(profit impact x replaceability risk, from the supplier's side), its supplier-\n"
          "preferencing quadrant, the relationship risk and posture of that combination,\n"
          "its purchasing stage and the matched seller role (against the role served\n"
          "today), the account focus and, with --contacts, the relationship shape. The\n"
          "configuration's \"position\" section overrides the library's catalogues, cut\n"
          "points, bands and position table.",
      .options = {{"output", "FILE", "where to write the rows (default: standard output)", 'o'},
                  {"id", "COL", "the id column (default: input.id, else id)"},
                  {"row-number", "", "number the accounts 1, 2, ... as their ids (no id column)"},
                  {"precision", "N", "write numbers with N significant digits"},
                  {"keep", "COLS", "carry these columns (name,industry,...) into the output"},
                  {"keep-all", "", "carry every column but the id into the output"},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"contacts", "FILE", "the contact map (CSV) for the relationship shape"},
                  {"chunk-rows", "N",
                   "accounts held in memory at a time (default 65536); larger files are read "
                   "three times"}},
      .section = "position",
      .run = &run_position,
      .contribute = &contribute_position,
      .report_options = {{"contacts", "FILE",
                          "the contact map (CSV): relationship shapes in the report"}},
  };
}

}  // namespace commands
}  // namespace kam_tool
