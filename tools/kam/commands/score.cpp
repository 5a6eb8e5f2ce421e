// `kam score`: scores every account of a CSV file against the configured criteria and writes one
// row per account, in input order: id, score, rank, tier, key account, coverage and each
// criterion's contribution. Also contributes the score pictures to `kam report`.
#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <kam/core/parallel.hpp>
#include <kam/version.hpp>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "score_pipeline.hpp"
#include "setup.hpp"
#include "svg.hpp"

namespace kam_tool {
namespace {

constexpr long long default_chunk_rows = 65536;
constexpr auto default_memory_mib = static_cast<long long>(default_memory_budget >> 20);

// The bytes --memory MIB allows (`fallback_mib` without the flag). Beyond 2^40 MiB (more than any
// machine has) the shift would overflow: the same as no bound.
std::uint64_t memory_budget(const invocation& args, long long fallback_mib) {
  const auto mib = integer_option(args, "memory", fallback_mib, 0);
  return static_cast<std::uint64_t>(std::min(mib, 1LL << 40)) << 20;
}

// The CSV lines of `kam score` on up to `threads` threads (--threads; 0: one per core). The rows
// of a chunk are taken in rounds: a round's rows are cut into contiguous ranges, one per thread,
// each formatted into its own string (score_pipeline::append_csv_lines), and the strings are
// written in row order, so the bytes never depend on the number of threads.
class csv_lines {
 public:
  // At least min_rows rows per thread (starting a thread costs about as much as formatting a
  // few dozen rows), at most max_rows (about 1 MiB of text: what a round holds is bounded).
  static constexpr Eigen::Index min_rows = 1024;
  static constexpr Eigen::Index max_rows = 8192;

  csv_lines(const score_pipeline& pipeline, unsigned threads, int precision)
      : pipeline_(pipeline), parts_(threads), precision_(precision) {}

  // Writes rows [`from`, c.accounts.rows) of `c` to `out`.
  void write(std::ostream& out, const scored_chunk& c, Eigen::Index from) {
    const auto most = static_cast<Eigen::Index>(parts_.size());
    for (Eigen::Index r = from; r < c.accounts.rows;) {
      const Eigen::Index left = c.accounts.rows - r;
      const Eigen::Index n = std::clamp<Eigen::Index>((left + min_rows - 1) / min_rows, 1, most);
      const Eigen::Index take = std::min(left, n * max_rows);
      const auto begin = [&](Eigen::Index t) { return r + take * t / n; };
      std::vector<std::exception_ptr> failed(static_cast<std::size_t>(n));
      {
        std::vector<std::jthread> workers;
        workers.reserve(static_cast<std::size_t>(n - 1));
        for (Eigen::Index t = 1; t < n; ++t) {
          workers.emplace_back([&, t] {
            try {
              format(t, c, begin(t), begin(t + 1));
            } catch (...) {
              failed[static_cast<std::size_t>(t)] = std::current_exception();
            }
          });
        }
        format(0, c, begin(0), begin(1));
        out << parts_[0];
        for (Eigen::Index t = 1; t < n; ++t) {
          workers[static_cast<std::size_t>(t - 1)].join();
          if (failed[static_cast<std::size_t>(t)]) break;
          out << parts_[static_cast<std::size_t>(t)];
        }
      }
      for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
      r += take;
    }
  }

 private:
  void format(Eigen::Index part, const scored_chunk& c, Eigen::Index begin, Eigen::Index end) {
    auto& s = parts_[static_cast<std::size_t>(part)];
    s.clear();
    pipeline_.append_csv_lines(s, c, begin, end, precision_);
  }

  const score_pipeline& pipeline_;
  std::vector<std::string> parts_;  // one per thread, reused from round to round
  int precision_;
};

int run_score(const invocation& args) {
  if (args.positional.size() != 1) throw usage_error("expected exactly one accounts file (CSV)");
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  const auto chunk_rows = integer_option(args, "chunk-rows", default_chunk_rows, 1);
  const int precision = precision_of(args);
  const auto config = configuration::load(args.get("config"));
  auto source = accounts_of(args, args.positional[0]);
  const auto setup = load_score_setup(config, args, source);
  const auto memory = memory_budget(args, default_memory_mib);
  progress bar("kam score");
  score_pipeline pipeline(setup, std::move(source), chunk_rows, bar);
  pipeline.set_memory_budget(memory);
  output_file out(out_path, *args.out, {args.positional[0], args.get("config").value_or("")});
  std::optional<table_writer<scored_account>> writer;
  scored_account row;
  csv_lines lines(pipeline,
                  kam::resolve_threads(setup.config.options.threads, "kam_tool::run_score"),
                  precision);
  pipeline.run([&](const scored_chunk& c) {
    Eigen::Index r = 0;
    if (!writer) {
      boost::json::object head;
      head["kam"] = kam::version_string;
      head["command"] = "score";
      head["summary"] = to_json(pipeline.summary());
      writer.emplace(out.stream(), format, "accounts", head);
      writer->set_precision(precision);
      writer->write(pipeline.row(c, r++));  // the CSV header comes from the first row
    }
    if (format == table_format::json) {
      for (; r < c.accounts.rows; ++r) {
        pipeline.fill_row(c, r, row);  // the storage of the last row reused
        writer->write(row);
      }
      return;
    }
    lines.write(out.stream(), c, r);  // as the writer writes them, without its cells
  });
  bar.clear();
  writer->finish();
  out.commit();
  return 0;
}

std::string tier_label(const score_config& cfg, std::size_t t) {
  return cfg.tiers.names.empty() ? fmt::format("tier {}", t) : cfg.tiers.names[t - 1];
}

double scale_top(const score_config& cfg) {
  return cfg.options.scale == kam::score_scale::percent ? 100.0 : 1.0;
}

// Runs the pipeline and keeps the best key accounts, up to the report's limit, for the
// shortlist (filled in during the last pass); their ids are the report's key accounts.
shortlist_table shortlist_of(const report_input& in, score_pipeline& pipeline,
                             const score_setup& setup, report& r) {
  shortlist_table table;
  table.criteria = setup.criteria.names();
  table.scale = scale_top(setup.config);
  std::unordered_map<Eigen::Index, std::size_t> wanted;  // account -> place in the shortlist
  bool first = true;
  pipeline.run([&](const scored_chunk& c) {
    const auto& out = pipeline.outcome();
    if (first) {
      first = false;
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
      e.tier = a.tier_name.value_or(fmt::format("tier {}", a.tier));
      for (const auto& [name, v] : a.contributions) e.contributions.push_back(v);
      for (const auto& [name, v] : a.columns.values) e.kept.push_back(v.value_or(""));
      if (table.columns.empty())
        for (const auto& [name, v] : a.columns.values) table.columns.push_back(name);
      r.key_accounts.insert(a.id);
    }
  });
  return table;
}

// Where tiers start on the score line: the configured edges, or for quota tiers the lowest
// score of each tier but the last.
std::vector<double> tier_edges(const score_config& cfg, const score_outcome& out) {
  if (cfg.tiers.shares.empty()) return cfg.tiers.edges;
  const std::size_t tier_count = out.tiers.counts.size();
  std::vector<double> lowest(tier_count, scale_top(cfg) + 1);
  for (Eigen::Index i = 0; i < out.accounts; ++i) {
    auto& l = lowest[static_cast<std::size_t>(out.tiers.tier(i) - 1)];
    l = std::min(l, out.scores(i));
  }
  std::vector<double> edges;
  for (std::size_t t = tier_count - 1; t-- > 0;)
    if (lowest[t] <= scale_top(cfg)) edges.push_back(lowest[t]);
  return edges;
}

// The score distribution: bars coloured by tier, markers where tiers start, the minimum score
// and the last account the cap let in.
histogram_chart distribution(const score_config& cfg, const score_outcome& out,
                             const std::vector<double>& edges, Eigen::Index bins) {
  const int digits = scale_top(cfg) > 1 ? 1 : 3;
  histogram_chart h;
  h.x_label = cfg.options.scale == kam::score_scale::percent ? "score (0-100)" : "score (0-1)";
  h.hi = scale_top(cfg);
  h.counts.assign(static_cast<std::size_t>(bins), 0.0);
  const double width = h.hi / static_cast<double>(bins);
  for (Eigen::Index i = 0; i < out.accounts; ++i) {
    const auto b =
        std::min<Eigen::Index>(static_cast<Eigen::Index>(out.scores(i) / width), bins - 1);
    h.counts[static_cast<std::size_t>(std::max<Eigen::Index>(b, 0))] += 1;
  }
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    const double mid = width * (static_cast<double>(b) + 0.5);
    const auto above = static_cast<std::size_t>(
        std::count_if(edges.begin(), edges.end(), [&](double e) { return e <= mid; }));
    h.colors.emplace_back(tier_color(edges.size() + 1 - above));
  }
  for (std::size_t t = 1; t <= edges.size() + 1; ++t)
    h.legend.push_back({tier_label(cfg, t), tier_color(t)});
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const std::size_t t = edges.size() - k;  // the tier this edge opens
    h.markers.push_back(
        {edges[k], fmt::format("{} from {}", tier_label(cfg, t), short_number(edges[k], digits))});
  }
  if (const auto& min = out.policy.min_score)
    h.markers.push_back({*min, "min score " + short_number(*min, digits), "#c0392b", true});
  const auto& sel = out.selection;
  if (sel.cut_by_cap > 0 && sel.accounts.size() > 0) {
    const double last = out.scores(sel.accounts(sel.accounts.size() - 1));
    h.markers.push_back({last,
                         fmt::format("cap {}: {}", *out.policy.cap, short_number(last, digits)),
                         "#6c3483", true});
  }
  return h;
}

bar_chart tier_bars(const score_config& cfg, const score_outcome& out) {
  bar_chart b;
  for (std::size_t t = 1; t <= out.tiers.counts.size(); ++t) {
    b.labels.push_back(tier_label(cfg, t));
    b.values.push_back(static_cast<double>(out.tiers.counts[t - 1]));
    b.colors.emplace_back(tier_color(t));
  }
  return b;
}

std::string shortlist_caption(const score_config& cfg, const kam::key_account_policy& ka) {
  std::string s = "Key accounts best first: at most " +
                  (ka.cap ? std::to_string(*ka.cap) : std::string("any number"));
  if (ka.min_score) s += ", score at least " + short_number(*ka.min_score, 3);
  if (cfg.method == score_method::weighted_sum)
    return s + ". Each bar shows the criteria's contributions, which add up to the score.";
  return fmt::format("{}. {} scores are not additive: no contributions to show.", s,
                     label_of(kam::enum_name(cfg.method)));
}

// The headline numbers of the scoring run.
void add_cards(const score_setup& setup, const score_outcome& out, const score_summary& summary,
               report& r) {
  const auto& cfg = setup.config;
  const int digits = scale_top(cfg) > 1 ? 1 : 3;
  r.cards.push_back({"accounts", std::to_string(out.accounts), file_label(summary.input)});
  r.cards.push_back(
      {"key accounts", std::to_string(summary.key_accounts),
       fmt::format("{} eligible, {} cut by the cap{}", summary.eligible, summary.cut_by_cap,
                   summary.tie_at_cap ? " (through a tie)" : "")});
  r.cards.push_back(
      {"criteria", std::to_string(setup.criteria.size()),
       fmt::format("{}, {} weights; missing values: {}", label_of(kam::enum_name(cfg.method)),
                   label_of(kam::enum_name(cfg.weights.source)),
                   kam::enum_name(cfg.options.missing))});
  if (summary.ahp) {
    r.cards.push_back({"AHP consistency ratio", short_number(summary.ahp->consistency_ratio, 3),
                       summary.ahp->consistent ? "consistent (at most 0.1)"
                                               : "inconsistent: revisit the judgements"});
  }
  r.cards.push_back({"scored on partial data", std::to_string(summary.partial),
                     summary.constant_criteria.empty()
                         ? std::string("no constant criterion")
                         : fmt::format("{} constant criteria", summary.constant_criteria.size())});
  std::vector<double> sorted(out.scores.begin(), out.scores.end());
  const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), mid, sorted.end());
  r.cards.push_back({"median score", short_number(*mid, digits),
                     fmt::format("range {} to {}", short_number(out.scores.minCoeff(), digits),
                                 short_number(out.scores.maxCoeff(), digits))});
}

// Fills the distribution, tier and shortlist slots, the headline numbers and the key accounts
// that the portfolio matrix labels.
void contribute_score(const report_input& in, report& r) {
  if (in.args.positional.empty()) {
    r.distribution.note = r.tiers.note = r.shortlist.note =
        "Give the accounts file (kam report ACCOUNTS.csv) to see the scores.";
    return;
  }
  if (in.args.positional.size() != 1) throw usage_error("expected at most one accounts file (CSV)");
  auto source = accounts_of(in.args, in.args.positional[0]);
  const auto setup = load_score_setup(in.config, in.args, source);
  const auto& cfg = setup.config;
  score_pipeline pipeline(setup, std::move(source),
                          integer_option(in.args, "chunk-rows", default_chunk_rows, 1), in.bar);
  // The report holds the other sections' data too: its score part streams unless told (peak
  // memory under twice the input, #18 item 5; benchmarks/README.md).
  pipeline.set_memory_budget(memory_budget(in.args, 0));
  auto shortlist = shortlist_of(in, pipeline, setup, r);
  const auto& out = pipeline.outcome();
  r.distribution.chart = distribution(cfg, out, tier_edges(cfg, out), in.settings.bins);
  r.distribution.caption =
      fmt::format("{} accounts in {} bins; bars coloured by tier, dashed lines where tiers start.",
                  out.accounts, in.settings.bins);
  r.tiers.chart = tier_bars(cfg, out);
  r.tiers.caption = cfg.tiers.shares.empty()
                        ? "Tiers by score bands (an account on an edge belongs to the band above)."
                        : "Tiers by shares of accounts from the top (ties broken by input order).";
  r.shortlist.caption = shortlist_caption(cfg, out.policy);
  r.shortlist.chart = std::move(shortlist);
  add_cards(setup, out, pipeline.summary(), r);
}

// The flags of a first run without a configuration (they override it), shared with the report.
std::vector<option> score_flags() {
  return {{"criteria", "LIST",
           "NAME[:cost][:WEIGHT],... e.g. revenue,growth:2,effort:cost (default: the numeric "
           "columns)"},
          {"cap", "N|P%|none", "at most N key accounts, or the best P% (default: 20%)"},
          {"min-score", "X", "key accounts need a score of at least X (on the score scale)"},
          {"tiers", "EDGES", "score edges (0.5,0.65) or shares from the top (default 20%,30%)"},
          {"tier-names", "LIST", "names of the tiers, best first (A,B,C)"},
          {"id", "COL", "the id column (default: input.id, else id)"},
          {"row-number", "", "number the accounts 1, 2, ... as their ids (no id column)"},
          {"keep", "COLS", "carry these columns (name,industry,...) into the output"},
          {"keep-all", "", "carry every column but the id into the output"},
          {"threads", "N", "score on N threads (0: one per core; same results for any N)"}};
}

// The score flags `kam report` takes: --keep names the columns the shortlist shows beside the id
// (not --keep-all: every column of a wide file would not fit).
std::vector<option> report_flags() {
  auto flags = score_flags();
  std::erase_if(flags, [](const option& o) { return o.name == "keep-all"; });
  flags.push_back({"memory", "MIB",
                   "score from the accounts held in memory when they take at most MIB MiB "
                   "(default 0: the file is read again in each pass, a chunk at a time)"});
  return flags;
}

}  // namespace

namespace commands {

command score() {
  auto options = score_flags();
  options.insert(options.begin(),
                 {{"output", "FILE", "where to write the scores (default: standard output)", 'o'},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"precision", "N", "write numbers with N significant digits (default: all)"},
                  {"chunk-rows", "N", "accounts per chunk (default 65536)"},
                  {"memory", "MIB",
                   "read the file once and hold its accounts when they take at most MIB MiB "
                   "(default 512); a larger file is read in each pass (three, four with weights "
                   "from the data), a chunk at a time; 0 always streams"}});
  return {
      .name = "score",
      .summary = "score accounts and select the key accounts (CSV or JSON out)",
      .usage =
          "kam score [options] ACCOUNTS.csv   (- reads standard input)\n\n"
          "Scores every account of ACCOUNTS.csv with the criteria, weights, normalisation,\n"
          "missing-value policy, cap and tiers of the flags below and the configuration's\n"
          "\"score\" section (flags win) and writes one row per account, in input order: id,\n"
          "kept columns, score, rank, tier, key account, coverage and each criterion's\n"
          "contribution to the score. Without either: the numeric columns with equal\n"
          "weights (the selection catalogue if the file has all its columns), the best 20%\n"
          "as key accounts, tiers of 20%, 30% and 50% of the accounts.",
      .options = options,
      .section = "score",
      .run = &run_score,
      .contribute = &contribute_score,
      .report_options = report_flags(),
  };
}

}  // namespace commands
}  // namespace kam_tool
