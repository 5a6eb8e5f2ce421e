// Objectives of account plans: attainment against target, pace against the time elapsed,
// on-track / at-risk / off-track, and the roll-up to accounts and the portfolio.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <chrono>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <string>
#include <vector>

namespace kam {

/// A value measured on a date (an actual of an objective, a point of a KPI series).
struct dated_value {
  std::chrono::sys_days date{};  ///< when it was measured
  double value = 0;              ///< what was measured
};
BOOST_DESCRIBE_STRUCT(dated_value, (), (date, value))

/// An objective of an account plan: move a KPI from `start_value` to `target` between
/// `start_date` and `due_date`. A target below the start value is a decreasing goal (costs,
/// complaints, days to pay); attainment is measured the same way for both.
struct objective {
  std::string id;                      ///< unique among the objectives reviewed together
  std::string account;                 ///< the account's id (as in kam::account_plan)
  double start_value = 0;              ///< the KPI when the objective was set
  double target = 0;                   ///< the KPI to reach by the due date (!= start_value)
  std::chrono::sys_days start_date{};  ///< when the objective was set
  std::chrono::sys_days due_date{};    ///< when the target is due (after start_date)
  double weight = 1;  ///< its weight in the roll-up to the account and the portfolio (> 0)
  std::vector<dated_value> actuals;  ///< measurements, any order, none before start_date
};
BOOST_DESCRIBE_STRUCT(objective, (),
                      (id, account, start_value, target, start_date, due_date, weight, actuals))

/// How progress is expected to build up over an objective's time, as the share of the way to
/// target g(f) expected when a share f of the time has elapsed: `linear` g = f (the usual
/// straight line); `back_loaded` g = f^2 (slow start, most of the result late: deals that close
/// at the end, a hockey stick); `front_loaded` g = 1 - (1 - f)^2 (quick wins first, then harder).
/// The two quadratic curves are kam's documented alternatives, not a published standard.
enum class pace_curve : std::uint8_t { linear, back_loaded, front_loaded };
BOOST_DESCRIBE_ENUM(pace_curve, linear, back_loaded, front_loaded)

/// Where an objective stands against the progress expected by now.
enum class objective_status : std::uint8_t { on_track, at_risk, off_track };
BOOST_DESCRIBE_ENUM(objective_status, on_track, at_risk, off_track)

/// Options of review_objectives. With the expected share e = g(f) and attainment a: on track
/// when a >= on_track_from * e, at risk when a >= at_risk_from * e, off track below (on a
/// threshold: the better status). So by default an objective is on track at 90 % or more of
/// the progress expected by now, at risk from 70 %. Requires 0 <= at_risk_from <= on_track_from,
/// both finite.
struct review_options {
  pace_curve curve = pace_curve::linear;  ///< the expected build-up of progress
  double on_track_from = 0.9;             ///< share of expected progress that is on track
  double at_risk_from = 0.7;              ///< share of expected progress that is at risk
};
BOOST_DESCRIBE_STRUCT(review_options, (), (curve, on_track_from, at_risk_from))

/// The review of every objective, aligned with the input (row i is objectives[i]).
struct objective_review {
  /// The latest actual on or before the as-of date; the start value when there is none.
  Eigen::VectorXd actual;
  /// (actual - start) / (target - start): 0 at the start, 1 on target, above 1 beyond it,
  /// negative when the KPI moved away from the target (for increasing and decreasing goals).
  Eigen::VectorXd attainment;
  Eigen::VectorXd elapsed;               ///< share of the time elapsed, clamped to [0, 1]
  Eigen::VectorXd expected;              ///< share of the way expected by now, g(elapsed)
  Eigen::VectorXd expected_value;        ///< the KPI expected by now: start + (target - start) g
  Eigen::VectorXd pace_gap;              ///< attainment - expected (negative: behind)
  std::vector<objective_status> status;  ///< see review_options
  std::vector<std::uint8_t> measured;    ///< 1 when an actual was found
  std::array<Eigen::Index, 3> status_counts{};  ///< objectives per status
  review_options options;                       ///< as given
  BOOST_DESCRIBE_CLASS(objective_review, (),
                       (actual, attainment, elapsed, expected, expected_value, pace_gap, status,
                        measured, status_counts, options),
                       (), ())
};

/// Returns the share of the way to target expected when a share `elapsed` of the time has
/// passed, under `curve` (elapsed is clamped to [0, 1]). Throws kam::non_finite_value for an
/// elapsed share that is NaN and kam::invalid_input for a curve that is not an enumerator.
[[nodiscard]] double expected_progress(double elapsed, pace_curve curve);

/// Returns the status of an attainment against the expected share, by `options`' thresholds.
/// Throws kam::non_finite_value naming 'attainment' or 'expected' when it is not finite, and as
/// validate(review_options), naming kam::status_of.
[[nodiscard]] objective_status status_of(double attainment, double expected,
                                         const review_options& options = {});

/// Reviews every objective as of `as_of`: the latest actual, attainment, the time elapsed, the
/// progress expected by then, the gap and the status (see objective_review). An objective not
/// yet started has elapsed 0 and expected 0. Complexity O(N + A log A) for A actuals.
///
/// Throws kam::empty_input without objectives; naming kam::review_objectives, the field, the row
/// and (for actuals) the element: kam::invalid_input for an empty id or account, a target equal
/// to the start value, a due date not after the start date, an actual dated before the start
/// date, two actuals on one date; kam::duplicate_name for an id given twice;
/// kam::non_finite_value for a NaN or infinite start value, target, weight or actual;
/// kam::out_of_bounds for a weight <= 0 and an actual dated after `as_of` (a date in the
/// future); kam::out_of_bounds naming 'target' or 'actuals' and the row when the attainment
/// exceeds the range of double (a KPI near +-1e308, or a target a subnormal step from the
/// start); and what validate(review_options) throws.
[[nodiscard]] objective_review review_objectives(const std::vector<objective>& objectives,
                                                 std::chrono::sys_days as_of,
                                                 const review_options& options = {});

/// Objectives rolled up: per account (in the order of each account's first objective; nothing
/// is merged but objectives of the same account id) the weighted mean attainment and expected
/// share, with objective weights, and the status of those two; the portfolio the same over all
/// objectives, so each account counts with the total weight of its objectives.
struct objective_rollup {
  std::vector<std::string> account;      ///< account ids, by first appearance
  index_vector objectives;               ///< objectives per account
  Eigen::VectorXd weight;                ///< total objective weight per account
  Eigen::VectorXd attainment;            ///< weighted mean attainment per account
  Eigen::VectorXd expected;              ///< weighted mean expected share per account
  std::vector<objective_status> status;  ///< per account
  double portfolio_attainment = 0;       ///< weighted mean over every objective
  double portfolio_expected = 0;         ///< weighted mean expected share
  objective_status portfolio_status = objective_status::on_track;  ///< of the two above
  BOOST_DESCRIBE_CLASS(objective_rollup, (),
                       (account, objectives, weight, attainment, expected, status,
                        portfolio_attainment, portfolio_expected, portfolio_status),
                       (), ())
};

/// Rolls `review` (of `objectives`, as review_objectives returned it) up to accounts and the
/// portfolio, with the review's thresholds. Throws kam::shape_mismatch when the review is not
/// of as many objectives, kam::out_of_bounds naming 'weight' (and the row) for a weight that is
/// not positive and finite, or when the weighted sums exceed the range of double.
[[nodiscard]] objective_rollup roll_up(const std::vector<objective>& objectives,
                                       const objective_review& review);

/// Checks `options` as review_objectives does: a known curve, finite thresholds with
/// 0 <= at_risk_from <= on_track_from. Throws kam::invalid_input or kam::non_finite_value naming
/// kam::validate and the field.
void validate(const review_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/objectives_impl.hpp>
#endif
