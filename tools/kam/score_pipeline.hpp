// The kam tool's scoring pipeline: accounts CSV + "score" configuration -> scores, ranks, tiers,
// key accounts and per-criterion contributions, in chunks with bounded memory.
//
// Pass 1 reads the file in chunks and fits the reference with kam::reference_builder (fixed units
// of accounts merged in a fixed tree, so the reference does not depend on the chunk size); it
// also checks ids. When the weights come from the data (entropy, CRITIC, standard deviation), an
// extra pass builds kam::weight_statistics the same way. Pass 2 scores chunk by chunk
// (kam::score_into, or kam::weighted_product_into / kam::topsis_into against the reference's
// column statistics) and keeps one score per account, from which ranks, tiers and key accounts
// come (kam::ranks, kam::tiers_by_*, kam::select_key_accounts). Pass 3 scores again, explains
// (kam::contributions, weighted sum only) and hands each chunk, in input order, to the caller. A
// file that fits in one chunk is read once.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <cstdint>
#include <functional>
#include <kam/scoring.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "progress.hpp"
#include "table.hpp"
#include "weights.hpp"

namespace kam_tool {

/// Tiers: score band edges (kam::tiers_by_bands, on the score scale) or shares of accounts from
/// the top (kam::quotas_from_shares + kam::tiers_by_quota), never both; `names` (optional) name
/// the tiers best first, one per tier.
struct tier_config {
  std::vector<double> edges;
  std::vector<double> shares;
  std::vector<std::string> names;
};
BOOST_DESCRIBE_STRUCT(tier_config, (), (edges, shares, names))

/// Which accounts are key accounts: at most `cap` of them, or the best `share` of the accounts
/// (rounded up; never both), each with a score of at least `min_score`. When the configuration
/// and the command line give neither a cap nor a share, the share is default_key_share (the
/// best 20 %); `"cap": null` asks for no cap at all.
struct key_account_config {
  std::optional<Eigen::Index> cap;
  std::optional<double> share;
  std::optional<double> min_score;
};
BOOST_DESCRIBE_STRUCT(key_account_config, (), (cap, share, min_score))

/// The share of accounts that are key accounts when nothing says otherwise.
inline constexpr double default_key_share = 0.2;
/// The tiers when nothing says otherwise: the best 20 % (tier 1), the next 30 % (tier 2), the
/// other half (tier 3).
inline constexpr std::array<double, 2> default_tier_shares{0.2, 0.3};

/// Returns the policy `c` means for `accounts` accounts (a share becomes a cap: share x accounts
/// rounded up).
[[nodiscard]] kam::key_account_policy resolve(const key_account_config& c, Eigen::Index accounts);

/// The "score" section of the configuration. Without `criteria`, the default selection
/// catalogue (kam::selection_catalogue) is used when the accounts file has all its columns, else
/// every numeric column but the id, with equal weights; the other members default as in the
/// library, except the key accounts and the tiers (see key_account_config, default_tier_shares).
/// `weights` says where the weights come from (default: the criteria's own), `method` how
/// accounts are scored (default: the weighted sum), with the options of the other two methods.
struct score_config {
  std::vector<kam::criterion> criteria = kam::selection_catalogue().items();
  kam::score_options options{};
  key_account_config key_accounts{};
  tier_config tiers{};
  kam::tie_rule ties = kam::tie_rule::min;
  weight_config weights{};
  score_method method = score_method::weighted_sum;
  kam::topsis_options topsis{};
  kam::weighted_product_options product{};
};
BOOST_DESCRIBE_STRUCT(score_config, (),
                      (criteria, options, key_accounts, tiers, ties, weights, method, topsis,
                       product))

/// A validated "score" section: the criteria (with the configured weights unless they come from
/// the data), the AHP result when the weights come from AHP, and the accounts file's columns.
struct score_setup {
  score_config config;
  kam::criteria_set criteria = kam::selection_catalogue();
  std::optional<kam::ahp_result<double>> ahp;  ///< the AHP weights and their consistency
  table_layout layout;                         ///< one numeric column per criterion, in order
  std::vector<std::size_t> kept;  ///< --keep: the kept columns (indices into layout.text)
  text_position weights_at;       ///< where the weights are configured (for errors of derived ones)
};

/// Reads and validates the "input" and "score" sections: the criteria (kam::criteria_set), the
/// key-account policy and the tiers (kam::validate, kam::validate_band_edges,
/// kam::validate_tier_shares), the method and the configured weights; every rejection is
/// reported at its place in the configuration file. Also rejects a minimum score or band edge
/// outside the score scale ([0, 1], or [0, 100] for percent), and tier names that do not match
/// the number of tiers.
[[nodiscard]] score_setup load_score_setup(const configuration& cfg);

/// As above, then applies the command line, which overrides the configuration: --criteria
/// ("name[:cost|:benefit][:WEIGHT],...", see parse_criteria), --cap (N, P% or none),
/// --min-score X, --tiers (score edges "0.5,0.65" or shares of accounts "20%,30%"),
/// --tier-names, --id/--row-number and --keep/--keep-all (the columns carried into the output).
/// Without criteria from either, the default (see score_config) is chosen from `source`'s
/// header. A malformed flag is a usage_error naming it.
[[nodiscard]] score_setup load_score_setup(const configuration& cfg, const invocation& args,
                                           const accounts_source& source);

/// Returns the criteria of --criteria `text`: comma-separated items `name`, each optionally
/// followed by `:cost` (or `:benefit`, the default) and/or `:WEIGHT` (a number >= 0, default 1),
/// in either order ("revenue", "growth:2", "effort:cost", "effort:cost:0.5"). Names keep their
/// inner spaces; a name holding ',' or ':' needs the configuration file. Throws usage_error.
[[nodiscard]] std::vector<kam::criterion> parse_criteria(std::string_view text);

/// What a whole portfolio gave in pass 2: one entry per account, in input order.
struct score_outcome {
  Eigen::Index accounts = 0;
  kam::score_reference<double> reference;
  Eigen::VectorXd scores;
  kam::index_vector ranks;
  kam::tier_assignment tiers;
  kam::key_account_policy policy;  ///< the cap (a share resolved) and minimum applied
  kam::key_account_selection selection;
  std::vector<unsigned char> key;  ///< 1 for a key account
  Eigen::Index partial = 0;
  std::vector<Eigen::Index> constant_criteria;
};

/// One chunk of the last pass, handed to the caller in input order.
struct scored_chunk {
  const table_chunk& accounts;
  const kam::score_result<double>& result;             ///< scores and coverage of these rows
  const Eigen::MatrixXd& contributions;                ///< rows x criteria (weighted sum only)
  const kam::topsis_result<double>* topsis = nullptr;  ///< TOPSIS only: distances of these rows
};

/// How weights derived from the accounts were obtained: the values they were computed on and
/// the criteria that carried no information (constant: weight 0).
struct derived_summary {
  weight_data data = weight_data::normalized;
  std::vector<std::string> uninformative;
};
BOOST_DESCRIBE_STRUCT(derived_summary, (), (data, uninformative))

/// The summary of a scoring run (the head of the JSON output and the report's numbers).
struct score_summary {
  std::string input;
  Eigen::Index accounts = 0;
  std::vector<kam::criterion> criteria;
  std::vector<double> weights;  ///< normalised, in criteria order
  kam::score_options options{};
  kam::tie_rule ties = kam::tie_rule::min;
  kam::key_account_policy key_account_policy{};
  Eigen::Index key_accounts = 0;
  Eigen::Index eligible = 0;
  Eigen::Index cut_by_cap = 0;
  bool tie_at_cap = false;
  tier_config tiers{};
  std::vector<Eigen::Index> tier_counts;
  Eigen::Index split_ties = 0;
  Eigen::Index partial = 0;
  std::vector<std::string> constant_criteria;
  score_method method = score_method::weighted_sum;
  weight_source weights_from = weight_source::direct;
  std::optional<kam::ahp_result<double>> ahp;  ///< weights from AHP: priorities and consistency
  std::optional<derived_summary> derived;      ///< weights derived from the accounts
};
BOOST_DESCRIBE_STRUCT(score_summary, (),
                      (input, accounts, criteria, weights, options, ties, key_account_policy,
                       key_accounts, eligible, cut_by_cap, tie_at_cap, tiers, tier_counts,
                       split_ties, partial, constant_criteria, method, weights_from, ahp, derived))

/// TOPSIS's distances of one account in the weighted normalised space.
struct topsis_distances {
  double distance_to_ideal = 0;
  double distance_to_anti_ideal = 0;
};
BOOST_DESCRIBE_STRUCT(topsis_distances, (), (distance_to_ideal, distance_to_anti_ideal))

/// One account of the output, in input order (the rows of `kam score`).
struct scored_account {
  std::string id;
  carried_columns columns;  ///< --keep: the user's columns, unchanged
  double score = 0;
  Eigen::Index rank = 0;
  Eigen::Index tier = 0;
  std::optional<std::string> tier_name;
  bool key_account = false;
  double coverage = 1;
  /// The weighted sum's contributions (points of the score per criterion; empty for the other
  /// methods, which are not additive).
  std::vector<std::pair<std::string, double>> contributions;
  /// TOPSIS only: the distances to the ideal and anti-ideal points.
  std::optional<topsis_distances> topsis;
};
BOOST_DESCRIBE_STRUCT(scored_account, (),
                      (id, columns, score, rank, tier, tier_name, key_account, coverage,
                       contributions, topsis))

/// Appends `a` to `line` as one CSV line, byte for byte what table_writer<scored_account> with
/// set_precision(`precision`) writes for it after the header, without the writer's cells (a few
/// strings per column and row: most of the time of `kam score` on a large file, before).
void append_csv_line(std::string& line, const scored_account& a, int precision);

/// Runs the passes over one accounts file.
class score_pipeline {
 public:
  /// Prepares a run; `chunk_rows` (>= 1) accounts are held in memory at a time.
  score_pipeline(const score_setup& setup, accounts_source source, Eigen::Index chunk_rows,
                 progress& bar);

  /// Sets the memory the accounts may take to be read once and held for the later passes
  /// (chunked_table::set_memory_budget; default_memory_budget unless set). Call before run.
  void set_memory_budget(std::uint64_t bytes) noexcept { table_.set_memory_budget(bytes); }

  /// Returns whether the first pass held every account (the later passes read no file).
  [[nodiscard]] bool held() const noexcept { return table_.held(); }

  /// Runs all passes (one more, after the fit, when weights are derived from the accounts);
  /// `sink` receives the last pass's chunks in input order. Throws located_error for bad data
  /// (file, line, column), and kam::error for what the library rejects.
  void run(const std::function<void(const scored_chunk&)>& sink);

  /// Returns the criteria with the weights used (derived from the accounts, after run).
  [[nodiscard]] const kam::criteria_set& criteria() const noexcept { return criteria_; }
  /// Returns the whole-portfolio results (after run).
  [[nodiscard]] const score_outcome& outcome() const noexcept { return out_; }
  /// Returns the summary of the run (after run).
  [[nodiscard]] score_summary summary() const;
  /// Returns the row of the output for row `r` of `c`.
  [[nodiscard]] scored_account row(const scored_chunk& c, Eigen::Index r) const;
  /// Fills `a` as row() does, reusing its storage (no allocation once it has seen a row).
  void fill_row(const scored_chunk& c, Eigen::Index r, scored_account& a) const;
  /// Appends rows [`begin`, `end`) of `c` to `out` as CSV lines, byte for byte what
  /// append_csv_line writes for row(c, r), straight from the chunk and the results (no
  /// scored_account, no copy of a name, no allocation per row but `out`'s growth). It only
  /// reads: several threads may append ranges of one chunk at once, each to its own string.
  void append_csv_lines(std::string& out, const scored_chunk& c, Eigen::Index begin,
                        Eigen::Index end, int precision) const;

 private:
  [[nodiscard]] std::string pass(int k) const;
  [[noreturn]] void rethrow(const kam::error& e, const table_chunk& c,
                            std::size_t first_row = 0) const;
  void fit();
  void derive_weights_from_data();
  void check_weight_values(const table_chunk& c, const Eigen::MatrixXd& values) const;
  void score_chunk(const table_chunk& c);
  void rank();
  void emit(const std::function<void(const scored_chunk&)>& sink);
  [[nodiscard]] bool reuse_scores() const;

  const score_setup& setup_;
  chunked_table table_;
  kam::criteria_set criteria_;
  bool derive_ = false;
  score_outcome out_;
  kam::score_result<double> result_;
  /// Every account's coverage from pass 2, when the accounts are held, the method is the
  /// weighted sum and the missing policy gives a coverage (empty otherwise): the last pass then
  /// takes the scores and coverage from pass 2 instead of scoring again (the same values:
  /// scoring is a pure function of the row).
  Eigen::VectorXd coverage_;
  Eigen::MatrixXd contributions_;
  std::optional<derived_summary> derived_;
  kam::weighted_product_result<double> product_;
  kam::topsis_result<double> topsis_;
};

}  // namespace kam_tool
