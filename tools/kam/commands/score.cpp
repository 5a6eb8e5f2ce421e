// `kam score`: scores every account of a CSV file against the configured criteria and writes one
// row per account, in input order: id, score, rank, tier, key account, coverage and each
// criterion's contribution. Also contributes the score pictures to `kam report`.
#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/kam.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "score_pipeline.hpp"
#include "svg.hpp"

namespace kam_cli {
namespace {

constexpr long long default_chunk_rows = 65536;

int run_score(const invocation& args) {
  if (args.positional.size() != 1)
    throw usage_error("kam score needs exactly one accounts file (CSV)");
  const auto config = configuration::load(args.get("config"));
  const auto setup = load_score_setup(config);
  const auto chunk_rows = integer_option(args, "chunk-rows", default_chunk_rows, 1);
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  progress bar("kam score");
  score_pipeline pipeline(setup, accounts_source::file(args.positional[0]), chunk_rows, bar);
  output_file out(out_path);
  std::optional<table_writer<scored_account>> writer;
  pipeline.run([&](const scored_chunk& c) {
    if (!writer) {
      boost::json::object head;
      head["kam"] = kam::version_string;
      head["command"] = "score";
      head["summary"] = to_json(pipeline.summary());
      writer.emplace(out.stream(), format, "accounts", head);
    }
    for (Eigen::Index r = 0; r < c.accounts.rows; ++r) writer->write(pipeline.row(c, r));
  });
  writer->finish();
  out.commit();
  return 0;
}

std::string tier_label(const score_config& cfg, std::size_t t) {
  return cfg.tiers.names.empty() ? "tier " + std::to_string(t) : cfg.tiers.names[t - 1];
}

// Fills the distribution, tier and shortlist slots, the headline numbers and the key accounts
// that the portfolio matrix labels.
void contribute_score(const report_input& in, report& r) {
  if (in.args.positional.empty()) {
    r.distribution.note = r.tiers.note = r.shortlist.note =
        "Give the accounts file (kam report ACCOUNTS.csv) to see the scores.";
    return;
  }
  if (in.args.positional.size() != 1) throw usage_error("kam report takes one accounts file (CSV)");
  const auto setup = load_score_setup(in.config);
  const auto& cfg = setup.config;
  score_pipeline pipeline(setup, accounts_source::file(in.args.positional[0]),
                          integer_option(in.args, "chunk-rows", default_chunk_rows, 1), in.bar);

  // The shortlist: the best key accounts, up to the report's limit, filled in during pass 3.
  shortlist_table table;
  table.criteria = setup.criteria.names();
  table.scale = cfg.options.scale == kam::score_scale::percent ? 100.0 : 1.0;
  std::unordered_map<Eigen::Index, std::size_t> wanted;  // account -> place in the shortlist
  pipeline.run([&](const scored_chunk& c) {
    const auto& out = pipeline.outcome();
    if (wanted.empty() && table.rows.empty()) {
      const auto n = std::min<Eigen::Index>(out.selection.accounts.size(), in.settings.shortlist);
      table.rows.resize(static_cast<std::size_t>(n));
      table.more = out.selection.accounts.size() - n;
      for (Eigen::Index k = 0; k < n; ++k)
        wanted.emplace(out.selection.accounts(k), static_cast<std::size_t>(k));
    }
    for (Eigen::Index row = 0; row < c.accounts.rows; ++row) {
      const auto it = wanted.find(static_cast<Eigen::Index>(c.accounts.first) + row);
      if (it == wanted.end()) continue;
      const auto a = pipeline.row(c, row);
      auto& e = table.rows[it->second];
      e.id = a.id;
      e.score = a.score;
      e.rank = a.rank;
      e.tier = a.tier_name.value_or("tier " + std::to_string(a.tier));
      for (const auto& [name, v] : a.contributions) e.contributions.push_back(v);
      r.key_accounts.insert(a.id);
    }
  });
  const auto& out = pipeline.outcome();
  const auto summary = pipeline.summary();
  const std::size_t tier_count = out.tiers.counts.size();

  // Where tiers start on the score line: the configured edges, or for quota tiers the lowest
  // score of each tier but the last.
  std::vector<double> edges = cfg.tiers.edges;
  if (!cfg.tiers.shares.empty()) {
    std::vector<double> lowest(tier_count, table.scale + 1);
    for (Eigen::Index i = 0; i < out.accounts; ++i) {
      auto& l = lowest[static_cast<std::size_t>(out.tiers.tier(i) - 1)];
      l = std::min(l, out.scores(i));
    }
    edges.clear();
    for (std::size_t t = tier_count - 1; t-- > 0;)
      if (lowest[t] <= table.scale) edges.push_back(lowest[t]);
  }

  const int digits = table.scale > 1 ? 1 : 3;
  histogram_chart h;
  h.x_label = cfg.options.scale == kam::score_scale::percent ? "score (0-100)" : "score (0-1)";
  h.lo = 0;
  h.hi = table.scale;
  h.counts.assign(static_cast<std::size_t>(in.settings.bins), 0.0);
  const double width = table.scale / static_cast<double>(in.settings.bins);
  for (Eigen::Index i = 0; i < out.accounts; ++i) {
    const auto b = std::min<Eigen::Index>(static_cast<Eigen::Index>(out.scores(i) / width),
                                          in.settings.bins - 1);
    h.counts[static_cast<std::size_t>(std::max<Eigen::Index>(b, 0))] += 1;
  }
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    const double mid = width * (static_cast<double>(b) + 0.5);
    const auto above = static_cast<std::size_t>(
        std::count_if(edges.begin(), edges.end(), [&](double e) { return e <= mid; }));
    h.colors.emplace_back(tier_color(edges.size() + 1 - above));
  }
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const std::size_t t = edges.size() - k;  // the tier this edge opens
    h.markers.push_back({edges[k], tier_label(cfg, t) + " from " + short_number(edges[k], digits)});
  }
  if (cfg.key_accounts.min_score) {
    h.markers.push_back({*cfg.key_accounts.min_score,
                         "min score " + short_number(*cfg.key_accounts.min_score, digits),
                         "#c0392b", true});
  }
  if (out.selection.cut_by_cap > 0 && out.selection.accounts.size() > 0) {
    const double last = out.scores(out.selection.accounts(out.selection.accounts.size() - 1));
    h.markers.push_back(
        {last, "cap " + std::to_string(*cfg.key_accounts.cap) + ": " + short_number(last, digits),
         "#6c3483", true});
  }
  r.distribution.chart = std::move(h);
  r.distribution.caption = std::to_string(out.accounts) + " accounts in " +
                           std::to_string(in.settings.bins) +
                           " bins; bars coloured by tier, dashed lines where tiers start.";

  bar_chart b;
  for (std::size_t t = 1; t <= tier_count; ++t) {
    b.labels.push_back(tier_label(cfg, t));
    b.values.push_back(static_cast<double>(out.tiers.counts[t - 1]));
    b.colors.emplace_back(tier_color(t));
  }
  r.tiers.chart = std::move(b);
  r.tiers.caption = cfg.tiers.shares.empty() ? "Tiers by score bands (an account on an edge "
                                               "belongs to the band above)."
                                             : "Tiers by shares of accounts from the top (ties "
                                               "broken by input order).";

  const auto label = [](std::string_view name) {
    std::string t(name);
    std::replace(t.begin(), t.end(), '_', ' ');
    return t;
  };
  r.shortlist.caption =
      "Key accounts best first: at most " +
      (cfg.key_accounts.cap ? std::to_string(*cfg.key_accounts.cap) : std::string("any number")) +
      (cfg.key_accounts.min_score
           ? ", score at least " + short_number(*cfg.key_accounts.min_score, 3)
           : std::string()) +
      (cfg.method == score_method::weighted_sum
           ? std::string(
                 ". Each bar shows the criteria's contributions, which add up to the score.")
           : ". " + label(kam::enum_name(cfg.method)) +
                 " scores are not additive: no contributions to show.");
  r.shortlist.chart = std::move(table);

  r.cards.push_back({"accounts", std::to_string(out.accounts), summary.input});
  r.cards.push_back({"key accounts", std::to_string(summary.key_accounts),
                     std::to_string(summary.eligible) + " eligible, " +
                         std::to_string(summary.cut_by_cap) + " cut by the cap" +
                         (summary.tie_at_cap ? " (through a tie)" : "")});
  r.cards.push_back(
      {"criteria", std::to_string(setup.criteria.size()),
       label(kam::enum_name(cfg.method)) + ", " + label(kam::enum_name(cfg.weights.source)) +
           " weights; missing values: " + std::string(kam::enum_name(cfg.options.missing))});
  if (summary.ahp) {
    r.cards.push_back({"AHP consistency ratio", short_number(summary.ahp->consistency_ratio, 3),
                       summary.ahp->consistent ? "consistent (at most 0.1)"
                                               : "inconsistent: revisit the judgements"});
  }
  r.cards.push_back(
      {"scored on partial data", std::to_string(summary.partial),
       summary.constant_criteria.empty()
           ? std::string("no constant criterion")
           : std::to_string(summary.constant_criteria.size()) + " constant criteria"});
  std::vector<double> sorted(out.scores.begin(), out.scores.end());
  const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), mid, sorted.end());
  r.cards.push_back({"median score", short_number(*mid, digits),
                     "range " + short_number(out.scores.minCoeff(), digits) + " to " +
                         short_number(out.scores.maxCoeff(), digits)});
}

}  // namespace

namespace commands {

command score() {
  return {
      .name = "score",
      .summary = "score accounts and select the key accounts (CSV or JSON out)",
      .usage =
          "kam score [options] ACCOUNTS.csv\n\n"
          "Scores every account of ACCOUNTS.csv with the criteria, weights, normalisation,\n"
          "missing-value policy, cap and tiers of the configuration's \"score\" section\n"
          "(default: the selection catalogue) and writes one row per account, in input\n"
          "order: id, score, rank, tier, key account, coverage and each criterion's\n"
          "contribution to the score.",
      .options = {{"output", "FILE", "where to write the scores (default: standard output)", 'o'},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"chunk-rows", "N",
                   "accounts held in memory at a time (default 65536); larger files are read "
                   "three times (four with weights from the data)"}},
      .section = "score",
      .run = &run_score,
      .contribute = &contribute_score,
      .report_options = {},
  };
}

}  // namespace commands
}  // namespace kam_cli
