// The kam tool's visual report: a model with one slot per picture, filled by the commands, and
// its rendering as one self-contained HTML file (inline CSS and SVG; no script, no network).
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "command.hpp"
#include "located_error.hpp"
#include "progress.hpp"
#include "svg.hpp"
#include "table.hpp"

namespace kam_tool {

/// The "report" section of the configuration.
struct report_config {
  std::string title = "Key account portfolio";
  /// The best key accounts labelled in the matrix, charted by revenue and given a drill-down
  /// (every key account is listed).
  Eigen::Index shortlist = 30;
  Eigen::Index bins = 20;  ///< bins of the score distribution
};
BOOST_DESCRIBE_STRUCT(report_config, (), (title, shortlist, bins))

/// A number shown at the top of the report.
struct report_card {
  std::string label;
  std::string value;
  std::string note;
};

/// The key accounts: one row per account, best first, with each criterion's contribution to its
/// score (drawn as a stacked bar for the first report::labelled).
struct shortlist_table {
  struct entry {
    std::string id;
    double score = 0;
    Eigen::Index rank = 0;
    std::string tier;
    std::vector<double> contributions;
    std::vector<std::string> kept;  ///< the values of `columns` (e.g. the account's name)
  };
  std::vector<std::string> criteria;
  std::vector<std::string> columns;  ///< the user's columns shown beside the id (--keep)
  double scale = 1;                  ///< the top of the score scale
  std::vector<entry> rows;
  Eigen::Index more = 0;  ///< key accounts not listed
};

/// An account as an earlier run saw it (a row of the --history file).
struct past_account {
  std::optional<double> score;
  std::optional<long long> tier;  ///< its tier's number (1 the best)
  std::string tier_name;
  std::string health;  ///< "red", "amber", "green", or "" when unknown
  std::optional<bool> key;
  bool in_accounts = false;  ///< whether the accounts file has it (set by the id check)
};

/// An earlier run's view of the accounts (`kam report --history FILE`: an earlier `kam score`
/// output, or any CSV with an id and at least one of score, tier, tier_name, health): what each
/// key account's trend is measured from.
struct account_history {
  std::string name;       ///< the file's label (file_label)
  std::string id_column;  ///< the column read as the id
  std::unordered_map<std::string, past_account> accounts;
  bool has_score = false, has_tier = false, has_health = false, has_key = false;
  /// Whether `in_accounts` was set (not when the accounts come from standard input).
  bool compared = false;
  /// The largest and the smallest score and where they are (checked against the score scale of
  /// this run).
  double max_score = 0, min_score = 0;
  text_position max_score_at, min_score_at;
};

/// Returns the history in `source`. Its id column is `id` (as `kam score` writes it), else
/// `id_column` (the accounts' own); `score` and `tier` are numbers (tier a whole number of at
/// least 1), `key_account` true or false, `health` red, amber or green (any case); empty fields
/// are unknown. Throws located_error naming the file, line and column of a missing id column, a
/// value that is not what its column holds, an id given twice, or a file with none of score,
/// tier, tier_name and health.
[[nodiscard]] account_history read_history(const accounts_source& source,
                                           const std::string& id_column);

/// Throws located_error when the history's largest score is off the score scale of this run
/// (`top`: 1 or 100), which means it was scored with another configuration.
void check_history_scale(const account_history& h, double top);

/// A plain table of text (e.g. a cohort table): a header row and rows of cells.
struct table_chart {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// A section beyond the fixed slots, added by a command (segment sizes, a cohort table, ...),
/// so that a new kind of result needs no change to the report itself. Sections appear in the
/// order added, after the fixed slots; `wide` spans both columns.
struct report_section {
  std::string id;
  std::string heading;
  std::string caption;
  std::variant<histogram_chart, bar_chart, scatter_chart, line_chart, table_chart> chart;
  bool wide = false;
};

/// A slot of the report: a picture, or a note saying how to get it.
template <typename Chart>
struct report_slot {
  std::optional<Chart> chart;
  std::string note;
  std::string caption;
};

/// The report. The commands fill the slots (`kam score`: distribution, tiers, shortlist;
/// `kam position`: portfolio matrix; `kam retention`: retention curve); empty slots keep their
/// note. Other results go to `sections`. `key_accounts` holds the ids of every key account
/// (filled by scoring); the first `labelled` rows of the shortlist are labelled in the matrix.
struct report {
  std::string title;
  std::string subtitle;
  std::vector<report_card> cards;
  report_slot<histogram_chart> distribution;
  report_slot<bar_chart> tiers;
  report_slot<shortlist_table> shortlist;
  report_slot<scatter_chart> portfolio;
  report_slot<line_chart> retention;
  std::vector<report_section> sections;
  std::unordered_set<std::string> key_accounts;
  /// What other commands know of each key account (position: quadrant, posture, maturity,
  /// relationship), as (name, value) pairs in the order added: its drill-down in the shortlist.
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> facts;
  /// Each key account's health, "red", "amber" or "green" (position: its relationship risk), with
  /// what it rests on; shown as a coloured status in the shortlist and the drill-down.
  std::unordered_map<std::string, std::pair<std::string, std::string>> health;
  /// Each key account's revenue (position: the `position.revenue` column), and that column's
  /// name: a column of the key-account list.
  std::unordered_map<std::string, double> revenue;
  std::string revenue_column;
  /// An earlier run's scores, tiers and health: each key account's trend (--history).
  std::optional<account_history> history;
  /// The first so many key accounts (report.shortlist) are labelled in the matrix, charted by
  /// revenue, drawn with their contributions and given a drill-down.
  std::size_t labelled = 30;
  std::vector<std::string> notes;
};

/// What a command's report contribution gets: the report's command line (its positional
/// arguments and the options listed in command::report_options), the configuration and the
/// report settings, whose `shortlist` is the number of key accounts scoring lists: every one
/// (`kam report` passes the largest Eigen::Index; report::labelled is the configured value).
struct report_input {
  const invocation& args;
  const configuration& config;
  const report_config& settings;
  progress& bar;
};

/// Returns the report as one self-contained HTML page.
[[nodiscard]] std::string render_html(const report& r);

/// Returns how the report names an input: its file name without directories (a report is
/// forwarded, and the machine's paths are nobody's business), "standard input" for "-".
[[nodiscard]] std::string file_label(std::string_view path);

}  // namespace kam_tool
