// Account health over time: kam's score at successive as-of dates, its change per period with a
// dead band, band transitions (red / amber / green), why it changed (per-criterion contribution
// differences) and the accounts at risk, by revenue at stake.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <string>
#include <vector>

namespace kam {

/// Options of the health functions. Bands: a score below band_edges[0] is in band 0 (the worst),
/// one at or above band_edges[k - 1] and below band_edges[k] in band k; a score on an edge is in
/// the upper band. Requires strictly increasing finite edges, one more name than edges (at most
/// 255 bands), names non-empty and unique, and the thresholds below in range.
struct health_options {
  std::vector<double> band_edges{0.4, 0.7};                      ///< cut points, increasing
  std::vector<std::string> band_names{"red", "amber", "green"};  ///< worst band first
  /// A change with |change| <= dead_band is flat (direction 0), not a rise or a fall; finite, >= 0.
  double dead_band = 0.02;
  /// find_at_risk compares the last date with the date this many periods before it (>= 1).
  Eigen::Index window = 1;
  /// At risk when health fell by more than this over the window (finite, > 0).
  double fall_threshold = 0.1;
  /// At risk when the churn probability rose by more than this over the window, in (0, 1].
  double churn_rise_threshold = 0.1;
  /// explain_health_change: each row of contributions must add up to its score within
  /// tolerance * max(1, |score|) (finite, >= 0); kam::contributions adds up to rounding.
  double tolerance = 1e-9;
};
BOOST_DESCRIBE_STRUCT(health_options, (),
                      (band_edges, band_names, dead_band, window, fall_threshold,
                       churn_rise_threshold, tolerance))

/// Health over time for N accounts at T as-of dates (column t is date t, oldest first).
struct health_history {
  /// N x (T - 1): score(i, t + 1) - score(i, t), the change over period t.
  Eigen::MatrixXd change;
  /// N x (T - 1): -1 fell, 0 flat (|change| <= dead_band), +1 rose.
  Eigen::Matrix<std::int8_t, Eigen::Dynamic, Eigen::Dynamic> direction;
  /// N x T: the band of each score, an index into band_names (0 is the worst band).
  Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic> band;
  /// Per period t, a B x B matrix of account counts: element (from, to) counts the accounts that
  /// moved from band `from` at date t to band `to` at date t + 1 (the diagonal: stayed).
  std::vector<Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>> transitions;
  index_vector rose;                    ///< per period: accounts whose health rose
  index_vector flat;                    ///< per period: accounts within the dead band
  index_vector fell;                    ///< per period: accounts whose health fell
  index_vector band_changes;            ///< per account: periods in which its band changed
  std::vector<std::string> band_names;  ///< as configured
  BOOST_DESCRIBE_CLASS(health_history, (),
                       (change, direction, band, transitions, rose, flat, fell, band_changes,
                        band_names),
                       (), ())
};

/// Why health changed between two dates: the change split into per-criterion contribution
/// differences. `change(i)` is the sum of row i of `delta`, added in criterion order, so the
/// parts add up to it exactly; it equals score_change(i) to the rounding that `tolerance` admits.
struct health_change {
  Eigen::Index from = 0;                ///< the earlier date (column of the scores)
  Eigen::Index to = 0;                  ///< the later date
  std::vector<std::string> criteria;    ///< criterion names, one per column of `delta`
  Eigen::MatrixXd delta;                ///< N x K: contribution at `to` - contribution at `from`
  Eigen::VectorXd change;               ///< per account: the sum of its row of `delta`
  Eigen::VectorXd score_from;           ///< per account: the score at `from`
  Eigen::VectorXd score_to;             ///< per account: the score at `to`
  std::vector<std::uint8_t> band_from;  ///< per account: the band at `from`
  std::vector<std::uint8_t> band_to;    ///< per account: the band at `to`
  std::vector<std::string> band_names;  ///< as configured
  double dead_band = 0;                 ///< as configured, for the words
  BOOST_DESCRIBE_CLASS(health_change, (),
                       (from, to, criteria, delta, change, score_from, score_to, band_from, band_to,
                        band_names, dead_band),
                       (), ())
};

/// Bit of at_risk_list::reasons: health fell by more than fall_threshold.
inline constexpr std::uint8_t at_risk_health_fell = 1;
/// Bit of at_risk_list::reasons: the churn probability rose by more than churn_rise_threshold.
inline constexpr std::uint8_t at_risk_churn_rose = 2;

/// The accounts at risk, most revenue at stake first (equal revenues by row).
struct at_risk_list {
  Eigen::Index from = 0;                ///< the earlier date of the window
  Eigen::Index to = 0;                  ///< the later date (the last)
  index_vector row;                     ///< the account's row in the input
  Eigen::VectorXd revenue;              ///< revenue at stake: the account's revenue as given
  Eigen::VectorXd health_from;          ///< score at `from`
  Eigen::VectorXd health_to;            ///< score at `to`
  Eigen::VectorXd churn_from;           ///< churn probability at `from` (NaN: not given)
  Eigen::VectorXd churn_to;             ///< churn probability at `to` (NaN: not given)
  std::vector<std::uint8_t> band_from;  ///< band at `from`
  std::vector<std::uint8_t> band_to;    ///< band at `to`
  std::vector<std::uint8_t> reasons;    ///< at_risk_health_fell | at_risk_churn_rose
  double revenue_at_stake = 0;          ///< the sum of `revenue`
  std::vector<std::string> band_names;  ///< as configured
  BOOST_DESCRIBE_CLASS(at_risk_list, (),
                       (from, to, row, revenue, health_from, health_to, churn_from, churn_to,
                        band_from, band_to, reasons, revenue_at_stake, band_names),
                       (), ())
};

/// Returns the band of `score` under `options` (see health_options; on an edge: the upper band).
/// Throws kam::non_finite_value naming 'score' when it is not finite (NaN would fall in the best
/// band). Does not validate `options`; call validate first when it comes from a user.
[[nodiscard]] std::uint8_t health_band(double score, const health_options& options);

/// Returns the change, direction and band of N accounts' health at T >= 2 dates, from `scores`
/// (N x T: column t holds kam's scores as of date t, oldest first), with the band transitions per
/// period. Complexity O(N T); no allocation per account.
///
/// Throws, naming kam::track_health: kam::empty_input without accounts; kam::invalid_input for
/// fewer than 2 dates; kam::non_finite_value naming 'scores', the row and the date (index) for a
/// NaN or infinite score; kam::out_of_bounds naming 'scores', the row and the date when a
/// change exceeds the range of double (scores near +-1e308: rescale them); and what
/// validate(health_options) throws.
[[nodiscard]] health_history track_health(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                          const health_options& options = {});

/// Returns why health changed from date `from` to date `to`: per account and criterion, the
/// contribution at `to` minus the contribution at `from`, with the scores and bands at both
/// dates. `contributions` holds one N x K matrix per date (as kam::contributions gives, in the
/// scale of the scores), `criteria` the K names. Complexity O(N K).
///
/// Throws, naming kam::explain_health_change: kam::empty_input without accounts or criteria;
/// kam::shape_mismatch when `contributions` has not one matrix per date, or a matrix is not
/// N x K; kam::out_of_bounds for `from` or `to` outside the dates, and kam::invalid_input when
/// `from` is not before `to`; kam::duplicate_name or kam::invalid_input for a criterion name
/// given twice or empty; kam::non_finite_value for a NaN or infinite score or contribution
/// (naming the row and the criterion); kam::invalid_input naming 'contributions', the row and the
/// date when a row does not add up to its score within the tolerance; kam::out_of_bounds naming
/// the criterion and the row when a change of contributions exceeds the range of double; and
/// what validate(health_options) throws.
[[nodiscard]] health_change explain_health_change(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                                  const std::vector<Eigen::MatrixXd>& contributions,
                                                  const std::vector<std::string>& criteria,
                                                  Eigen::Index from, Eigen::Index to,
                                                  const health_options& options = {});

/// Returns the change of account `row` in words, e.g. "health fell 0.15 (0.75 to 0.6, green to
/// amber): relationship -0.1, revenue -0.08, growth +0.03". The criteria that changed come
/// largest |delta| first (equal ones in criterion order), at most `top` of them, and the rest as
/// "k more criteria +x", so the numbers add up to the change (to the rounding of the words);
/// criteria with no change are left out ("no criterion changed" when none did). Within the dead
/// band: "health flat (...)". Throws kam::out_of_bounds for a row outside `change`.
[[nodiscard]] std::string health_change_words(const health_change& change, Eigen::Index row,
                                              std::size_t top = 3);

/// Returns the accounts at risk at the last date: those whose health fell by more than
/// fall_threshold from the date `window` periods before (score(from) - score(to) >
/// fall_threshold), or whose churn probability rose by more than churn_rise_threshold
/// (churn(to) - churn(from) > threshold; exactly on a threshold is not at risk), sorted by
/// revenue at stake (`revenue`, descending; equal revenues by row). `churn` is N x T churn
/// probabilities per date (e.g. 1 - P(active) from kam/retention), or an empty matrix (0
/// columns) when there are none. Complexity O(N + R log R) for R accounts at risk.
///
/// Throws, naming kam::find_at_risk: kam::empty_input without accounts; kam::invalid_input when
/// the scores have fewer than window + 1 dates; kam::shape_mismatch for a revenue of another
/// length or a churn matrix not N x T; kam::non_finite_value for a NaN or infinite score,
/// revenue or churn probability (naming the row and the date); kam::out_of_bounds for a negative
/// revenue or a churn probability outside [0, 1], and naming 'revenue' when the revenue at stake
/// exceeds the range of double; and what validate(health_options) throws.
[[nodiscard]] at_risk_list find_at_risk(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                        const Eigen::Ref<const Eigen::VectorXd>& revenue,
                                        const Eigen::Ref<const Eigen::MatrixXd>& churn,
                                        const health_options& options = {});

/// Returns the accounts at risk by the fall of their health alone, as find_at_risk with a churn
/// matrix of no columns. Throws as find_at_risk.
[[nodiscard]] at_risk_list find_at_risk(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                        const Eigen::Ref<const Eigen::VectorXd>& revenue,
                                        const health_options& options = {});

/// Returns the reason of entry `k` of `list` in words, e.g. "health fell 0.2 (0.75 to 0.55,
/// green to amber); churn probability rose 0.15 (0.05 to 0.2); revenue at stake 500000".
/// Throws kam::out_of_bounds for an entry outside the list.
[[nodiscard]] std::string at_risk_reason(const at_risk_list& list, Eigen::Index k);

/// Checks `options` as the health functions do. Throws kam::invalid_input, kam::non_finite_value,
/// kam::duplicate_name, kam::shape_mismatch or kam::out_of_bounds naming kam::validate and the
/// field (with the element for band_edges and band_names).
void validate(const health_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/health_history_impl.hpp>
#endif
