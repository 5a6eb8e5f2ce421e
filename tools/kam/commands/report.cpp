// `kam report`: one self-contained HTML file with pictures of the portfolio. Every command with a
// report contribution fills its slots (scores: distribution, tiers, shortlist); slots nobody
// fills say how to get them.
#include "report.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <cstddef>
#include <filesystem>
#include <kam/version.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "id_check.hpp"
#include "output.hpp"
#include "position.hpp"
#include "progress.hpp"
#include "setup.hpp"

namespace kam_tool {
namespace {

bool has_command(std::string_view name) {
  for (const auto& c : all_commands())
    if (c.name == name) return true;
  return false;
}

// Compares the ids of the accounts file with those of every other input given, before anything
// is written: each mismatch is a warning on standard error (counts and up to five examples each
// way), and with --strict-ids an error (exit code 1, no report). Inputs read from standard input
// are not compared (they can be read once only), nor an input whose id column is missing or that
// cannot be read: the command that reads it says why.
// The history's ids are compared too, and those that are accounts marked as such.
void check_ids(const invocation& args, const configuration& config, account_history* history) {
  if (args.positional.empty() || args.positional[0] == "-") return;
  table_layout layout;
  layout.id = id_column(config);
  apply_id_options(args, layout);
  const auto accounts =
      ids_of(accounts_of(args, args.positional[0]), layout.id, layout.row_numbers);
  if (!accounts) return;
  if (history != nullptr) {
    history->compared = true;
    for (const auto& id : *accounts)
      if (const auto it = history->accounts.find(id); it != history->accounts.end())
        it->second.in_accounts = true;
  }
  std::vector<id_input> others;
  const auto add = [&](const std::string& label, const std::optional<std::string>& path,
                       const std::string& column) {
    if (path && *path != "-") others.push_back({label, accounts_of(args, *path), column});
  };
  add("--revenue", args.get("revenue"), id_column(config));  // as kam retention reads it
  add("--contacts", args.get("contacts"),
      config.section<position_settings>("position").relationship.columns.account);
  add("--transactions", args.get("transactions"), args.get("id").value_or("id"));
  if (const auto dir = args.get("plans"))
    add("--plans", (std::filesystem::path(*dir) / "plans.csv").string(), "account");
  if (history != nullptr) add("--history", args.get("history"), history->id_column);
  std::size_t mismatches = 0;
  for (const auto& input : others) {
    const auto o = compare_ids(*accounts, input);
    if (!o || o->matches()) continue;
    ++mismatches;
    *args.err << fmt::format("kam report: {}: {}\n", args.has("strict-ids") ? "error" : "warning",
                             o->describe());
  }
  if (mismatches > 0 && args.has("strict-ids")) {
    throw located_error(
        "kam_tool::check_ids", "ids", {},
        fmt::format("{} input file(s) name other accounts than {} (--strict-ids); no report "
                    "written",
                    mismatches, args.positional[0]));
  }
}

int run_report(const invocation& args) {
  const auto config = configuration::load(args.get("config"));
  const auto settings = config.section<report_config>("report");
  const auto& doc = config.document();
  const json_path at = json_path{}.key("report");
  if (settings.shortlist < 0) doc.fail(at.key("shortlist"), "shortlist must be >= 0");
  if (settings.bins < 1 || settings.bins > 1000)
    doc.fail(at.key("bins"), "bins must be between 1 and 1000");
  const std::string out_path = args.get("output").value_or("-");
  std::vector<std::string> inputs{args.get("config").value_or("")};
  for (const auto& p : args.positional) inputs.push_back(p);
  for (const char* o : {"contacts", "revenue", "transactions", "history"})
    if (const auto path = args.get(o)) inputs.push_back(*path);
  if (const auto dir = args.get("plans")) {  // the files `kam plan`'s contribution may read
    for (const char* f :
         {"plans", "sections", "objectives", "actuals", "holdings", "offerings", "accounts"})
      inputs.push_back((std::filesystem::path(*dir) / (std::string(f) + ".csv")).string());
  }
  output_file out(out_path, *args.out, inputs);
  std::optional<account_history> history;
  if (const auto path = args.get("history")) {
    table_layout layout;
    layout.id = id_column(config);
    apply_id_options(args, layout);
    history = read_history(accounts_of(args, *path), layout.row_numbers ? "id" : layout.id);
  }
  check_ids(args, config, history ? &*history : nullptr);

  report r;
  r.title = settings.title;
  r.subtitle =
      fmt::format("kam {}{} · configuration: {}", kam::version_string,
                  args.positional.empty() ? "" : " · accounts: " + file_label(args.positional[0]),
                  args.get("config") ? file_label(*args.get("config")) : "(defaults)");
  r.portfolio.note = has_command("position")
                         ? "Add a \"position\" section to the configuration (\"position\": {} "
                           "for the library's defaults) to place the accounts in the portfolio "
                           "matrix."
                         : "Portfolio matrix (Kraljic quadrants, key accounts labelled): comes "
                           "with the position command, which this build of kam does not have.";
  r.retention.note = has_command("retention")
                         ? "Give the account x period revenue file (--revenue FILE) to draw the "
                           "retention curve with its projection."
                         : "Retention curve with its projection: comes with the retention "
                           "command, which this build of kam does not have.";
  progress bar("kam report");
  // Scoring lists every key account (it lists report_input::settings.shortlist of them); the
  // report's own shortlist is the number labelled in the pictures and given a drill-down.
  report_config listing = settings;
  listing.shortlist = std::numeric_limits<Eigen::Index>::max();
  r.labelled = static_cast<std::size_t>(settings.shortlist);
  const report_input in{args, config, listing, bar};
  // Scoring first: the other pictures label its key accounts.
  const auto contribute = [&](const command& c) {
    bar.set_step(std::string(c.name));  // the progress line names the step: each reads its own file
    c.contribute(in, r);
  };
  for (const auto& c : all_commands())
    if (c.contribute != nullptr && c.name == "score") contribute(c);
  for (const auto& c : all_commands())
    if (c.contribute != nullptr && c.name != "score") contribute(c);
  bar.clear();
  if (history && r.shortlist.chart) {
    check_history_scale(*history, r.shortlist.chart->scale);
    r.history = std::move(history);
  }
  r.notes.push_back(
      fmt::format("Made by kam {}. Scores are weighted sums of normalised criteria; "
                  "the weights are a starting point for a discussion, not a truth.",
                  kam::version_string));
  out.stream() << render_html(r);
  out.commit();
  return 0;
}

}  // namespace

namespace commands {

command report() {
  return {
      .name = "report",
      .summary = "write one self-contained HTML page with pictures of the portfolio",
      .usage =
          "kam report [options] ACCOUNTS.csv\n\n"
          "Writes one HTML file (inline SVG, no network): the score distribution with tier\n"
          "edges, the tier counts, the key-account shortlist, and slots for the portfolio\n"
          "matrix and the retention curve that other commands fill. --plans DIR with\n"
          "--as-of DATE adds the account plans section (see `kam help plan`).\n"
          "--history FILE (an earlier `kam score` output: id, score, tier, tier_name,\n"
          "key_account; a health column of red, amber, green if you keep one) adds each key\n"
          "account's trend: score change (up, down, =), tier and health changes, new ones;\n"
          "key accounts whose tier or health got worse join the accounts at risk.",
      .options = {{"output", "FILE", "where to write the HTML (default: standard output)", 'o'},
                  {"chunk-rows", "N", "accounts held in memory at a time (default 65536)"},
                  {"history", "FILE",
                   "an earlier run's scores (kam score's output): each key account's trend"},
                  {"strict-ids", "",
                   "fail (exit code 1, no report) when the inputs' ids do not match the "
                   "accounts' (default: a warning)"}},
      .section = "report",
      .run = &run_report,
      .contribute = nullptr,
      .report_options = {},
  };
}

}  // namespace commands
}  // namespace kam_tool
