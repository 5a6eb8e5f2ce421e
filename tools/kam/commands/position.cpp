// `kam position`: where we stand with every account of a CSV file: Kraljic quadrant (from the
// supplier's side), preferencing quadrant, relationship risk and posture, purchasing stage and
// matched seller role (against the role served today), and, when their inputs are given, the
// relationship shape (from a contact map) and the account focus. One row per account, in input
// order. Also fills the report's portfolio matrix.
#include "position.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstddef>
#include <kam/kam.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "svg.hpp"

namespace kam_cli {
namespace {

constexpr long long default_chunk_rows = 65536;

std::optional<contact_map> contacts_of(const invocation& args, const position_setup& setup,
                                       const configuration& config) {
  const auto path = args.get("contacts");
  if (!path) return std::nullopt;
  return load_contacts(*path, setup, config.document());
}

int run_position(const invocation& args) {
  if (args.positional.size() != 1)
    throw usage_error("kam position needs exactly one accounts file (CSV)");
  const auto config = configuration::load(args.get("config"));
  const auto setup = load_position_setup(config);
  auto contacts = contacts_of(args, setup, config);
  const auto chunk_rows = integer_option(args, "chunk-rows", default_chunk_rows, 1);
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  progress bar("kam position");
  position_pipeline pipeline(setup, accounts_source::file(args.positional[0]),
                             contacts ? &*contacts : nullptr, chunk_rows, bar);
  output_file out(out_path);
  std::optional<table_writer<position_row>> writer;
  pipeline.run([&](const table_chunk& c) {
    if (!writer) {
      boost::json::object head;
      head["kam"] = kam::version_string;
      head["command"] = "position";
      head["summary"] = to_json(pipeline.summary());
      writer.emplace(out.stream(), format, "accounts", head);
    }
    for (Eigen::Index r = 0; r < c.rows; ++r) writer->write(pipeline.row(c, r));
  });
  writer->finish();
  bar.clear();
  out.commit();
  return 0;
}

std::string label_of(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// Fills the portfolio matrix (Kraljic, from the supplier's side: replaceability risk across,
// profit impact up, key accounts labelled) and sections for postures, maturity, relationships
// and focus.
void contribute_position(const report_input& in, report& r) {
  if (!in.config.has("position")) return;  // the report's note says how to ask for it
  if (in.args.positional.empty()) {
    r.portfolio.note =
        "Give the accounts file (kam report ACCOUNTS.csv) to see the portfolio matrix.";
    return;
  }
  const auto setup = load_position_setup(in.config);
  auto contacts = contacts_of(in.args, setup, in.config);
  position_pipeline pipeline(setup, accounts_source::file(in.args.positional[0]),
                             contacts ? &*contacts : nullptr,
                             integer_option(in.args, "chunk-rows", default_chunk_rows, 1), in.bar);
  scatter_chart c;
  const double top = kam::scale_top(setup.impact.options.scale);
  c.x_lo = c.y_lo = 0;
  c.x_hi = c.y_hi = top;
  c.x_label = "replaceability risk: how hard the customer finds it to replace us";
  c.y_label = "profit impact for the customer";
  c.quadrants = {"leverage", "strategic", "non-critical", "bottleneck"};
  c.points.reserve(std::min<std::size_t>(c.max_points * 4, std::size_t{1} << 20));
  pipeline.run([&](const table_chunk& chunk) {
    const auto& o = pipeline.outcome();
    for (Eigen::Index k = 0; k < chunk.rows; ++k) {
      const auto i = static_cast<Eigen::Index>(chunk.first) + k;
      const auto& id = chunk.ids[static_cast<std::size_t>(k)];
      // Only key accounts are labelled: other ids are not kept (memory stays small).
      c.points.push_back(
          {o.risk(i), o.impact(i), r.key_accounts.contains(id) ? id : std::string()});
    }
  });
  const auto& o = pipeline.outcome();
  const auto s = pipeline.summary();
  c.x_cut = o.kraljic.risk_cut;
  c.y_cut = o.kraljic.impact_cut;
  r.portfolio.chart = std::move(c);
  const auto count = [](const name_counts& v, std::string_view name) {
    for (const auto& [k, n] : v)
      if (k == name) return n;
    return 0LL;
  };
  r.portfolio.caption =
      "Kraljic's matrix from the supplier's side: each dot is an account, cut at " +
      short_number(o.kraljic.risk_cut, 3) + " (risk) and " + short_number(o.kraljic.impact_cut, 3) +
      " (impact); on a cut counts as high. " + std::to_string(count(s.kraljic, "strategic")) +
      " strategic, " + std::to_string(count(s.kraljic, "leverage")) + " leverage, " +
      std::to_string(count(s.kraljic, "bottleneck")) + " bottleneck, " +
      std::to_string(count(s.kraljic, "non_critical")) +
      " non-critical. Key accounts are the labelled dots.";
  r.cards.push_back({"strategic accounts", std::to_string(count(s.kraljic, "strategic")),
                     std::to_string(count(s.risk, "critical") + count(s.risk, "high")) +
                         " at high or critical relationship risk"});

  // Postures, coloured by the relationship risk of the cells that recommend them.
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
  r.sections.push_back({"postures", "Recommended postures",
                        "Kraljic quadrant x preferencing quadrant through the position table; "
                        "bars coloured by relationship risk (green low, yellow moderate, orange "
                        "high, red critical).",
                        std::move(postures)});

  if (setup.maturity) {
    table_chart t;
    t.header = {"purchasing stage", "accounts", "matched role"};
    if (setup.served_col) {
      t.header.emplace_back("served behind");
      t.header.emplace_back("served ahead");
    }
    std::array<long long, 4> behind{}, ahead{};
    if (setup.served_col) {
      for (Eigen::Index i = 0; i < o.maturity_index.size(); ++i) {
        const auto stage =
            kam::maturity_stage_of(o.maturity_index(i), setup.maturity->stage_edges,
                                   setup.maturity->scale_high - setup.maturity->scale_low);
        const auto fit = kam::role_fit_of(stage, o.served[static_cast<std::size_t>(i)]);
        behind[static_cast<std::size_t>(stage)] += fit == kam::role_fit::behind ? 1 : 0;
        ahead[static_cast<std::size_t>(stage)] += fit == kam::role_fit::ahead ? 1 : 0;
      }
    }
    for (std::size_t k = 0; k < s.maturity_stages.size(); ++k) {
      std::vector<std::string> row{
          label_of(s.maturity_stages[k].first), std::to_string(s.maturity_stages[k].second),
          label_of(kam::enum_name(kam::matched_role(static_cast<kam::purchasing_stage>(k))))};
      if (setup.served_col) {
        row.push_back(std::to_string(behind[k]));
        row.push_back(std::to_string(ahead[k]));
      }
      t.rows.push_back(std::move(row));
    }
    r.sections.push_back(
        {"maturity", "Purchasing maturity and the seller role",
         setup.served_col ? "Behind: served with a less developed role than the stage needs; "
                            "ahead: a more developed one than the buyer asks for."
                          : "No served-role column configured: no comparison with today's role.",
         std::move(t)});
  }
  if (contacts) {
    bar_chart shapes;
    for (const auto& [name, n] : s.relationship_shapes) {
      shapes.labels.push_back(label_of(name));
      shapes.values.push_back(static_cast<double>(n));
    }
    shapes.colors = {"#aeb6bf", "#e15759", "#edc948", "#59a14f"};
    r.sections.push_back({"relationships", "Relationship shapes",
                          std::to_string(s.single_threaded) +
                              " accounts are single-threaded (one person of theirs carries the "
                              "relationship). Contacts: " +
                              contacts->source + ".",
                          std::move(shapes)});
  }
  if (o.focus) {
    bar_chart f;
    for (const auto& [name, n] : s.focus) {
      f.labels.push_back(label_of(name));
      f.values.push_back(static_cast<double>(n));
    }
    r.sections.push_back({"focus", "Account focus",
                          "Protect large accounts at risk, win where our share of wallet is low, "
                          "expand where there is room; rules applied in that order.",
                          std::move(f)});
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
}  // namespace kam_cli
