// The weighted sum (WSM): one score per account, sum_j w_j v_ij over the normalised, directed
// values, against a reference portfolio.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/output_spans.hpp>
#include <kam/scoring/detail/score_kernels.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <limits>
#include <span>
#include <vector>

namespace kam {

/// The scores of a portfolio, aligned with the input rows, and what the caller should know
/// about how they were obtained.
template <real_scalar Scalar>
struct score_result {
  /// One weighted-sum score per account (row), on [0, 1], or [0, 100] for score_scale::percent.
  vector_of<Scalar> scores;
  /// Per account, the share of the total weight carried by criteria it has a value for (1 when
  /// complete). Filled under missing_policy::renormalize and impute; empty under reject, where
  /// every account is complete (read it through `coverage_of`).
  vector_of<Scalar> coverage;
  /// Accounts scored on partial data (coverage below 1).
  Eigen::Index partial = 0;
  /// Criteria that were constant in the reference (every account got 0.5 on them).
  std::vector<Eigen::Index> constant_criteria;
  score_scale scale = score_scale::unit;            ///< the scale of `scores`
  missing_policy missing = missing_policy::reject;  ///< the policy the scores were computed under

  /// Returns the coverage of account `i` (1 under missing_policy::reject). Checked in every build
  /// type: throws kam::out_of_bounds (naming 'i' and the range) unless 0 <= i < scores.size()
  /// (coverage.size() when coverage is filled).
  [[nodiscard]] Scalar coverage_of(Eigen::Index i) const {
    const bool filled = coverage.size() != 0;
    detail::check_index("kam::score_result::coverage_of", "i", i,
                        filled ? coverage.size() : scores.size(), "account", true);
    return filled ? coverage(i) : Scalar(1);
  }

  BOOST_DESCRIBE_CLASS(score_result, (),
                       (scores, coverage, partial, constant_criteria, scale, missing), (), ())
};

/// What kam::score_into reports when it writes the scores into the caller's storage: the
/// fields of score_result other than the scores and the coverage.
struct score_summary {
  /// Accounts scored on partial data (coverage below 1).
  Eigen::Index partial = 0;
  /// Criteria that were constant in the reference (every account got 0.5 on them).
  std::vector<Eigen::Index> constant_criteria;
  BOOST_DESCRIBE_STRUCT(score_summary, (), (partial, constant_criteria))
};

namespace detail {

/// Scores `x` (shape and bounds already checked, direct access) against `reference` into
/// `score` and, unless options.missing is reject, `coverage` (x.rows() values each); returns
/// the partial accounts and the constant criteria. Errors name `fn`.
template <typename X, typename Scalar>
score_summary score_checked(Scalar* score, Scalar* coverage, const X& x,
                            const criteria_set& criteria, const score_reference<Scalar>& reference,
                            const score_options& options, const char* fn) {
  const unsigned threads = resolve_threads(options.threads, fn);
  const auto t = make_transforms(criteria, reference.stats, reference.samples, options, fn);
  const Scalar factor = options.scale == score_scale::percent ? Scalar(100) : Scalar(1);
  switch (options.missing) {
    case missing_policy::reject:
      score_all<missing_policy::reject>(x, t, criteria, factor, threads, score, coverage, fn);
      break;
    case missing_policy::impute:
      score_all<missing_policy::impute>(x, t, criteria, factor, threads, score, coverage, fn);
      break;
    case missing_policy::renormalize:
      score_all<missing_policy::renormalize>(x, t, criteria, factor, threads, score, coverage, fn);
      break;
  }
  // A coverage below 1 by rounding only (weights that sum to 1 - ulp) is not partial data.
  constexpr Scalar complete = Scalar(1) - Scalar(64) * std::numeric_limits<Scalar>::epsilon();
  score_summary summary;
  summary.constant_criteria = t.constant;
  if (options.missing != missing_policy::reject) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) summary.partial += coverage[i] < complete ? 1 : 0;
  }
  return summary;
}

/// Scores `x` (shape and bounds already checked, direct access) against `reference` into `r`;
/// errors name `fn`.
template <typename X, typename Scalar>
void score_checked(score_result<Scalar>& r, const X& x, const criteria_set& criteria,
                   const score_reference<Scalar>& reference, const score_options& options,
                   const char* fn) {
  r.scale = options.scale;
  r.missing = options.missing;
  r.scores.resize(x.rows());
  r.coverage.resize(options.missing == missing_policy::reject ? 0 : x.rows());
  score_summary summary =
      score_checked(r.scores.data(), r.coverage.data(), x, criteria, reference, options, fn);
  r.partial = summary.partial;
  r.constant_criteria = std::move(summary.constant_criteria);
}

/// Checks the caller's storage of kam::score_into (see there) against `x`.
template <typename X, typename Scalar>
void check_score_storage(std::span<Scalar> scores, std::span<Scalar> coverage, const X& x,
                         const score_options& options, const char* fn) {
  check_output_span(scores, x, "scores", fn);
  if (options.missing == missing_policy::reject) return;  // coverage is not written
  check_output_span(coverage, x, "coverage", fn);
  if (overlaps(scores.data(), scores.size_bytes(), coverage.data(), coverage.size_bytes())) {
    throw invalid_input({fn, "coverage", std::nullopt},
                        "shares memory with the scores; give separate storage");
  }
}

/// Returns the scores of score_checked(r, ...) in a new result.
template <typename X, typename Scalar>
score_result<Scalar> score_checked(const X& x, const criteria_set& criteria,
                                   const score_reference<Scalar>& reference,
                                   const score_options& options, const char* fn) {
  score_result<Scalar> r;
  score_checked(r, x, criteria, reference, options, fn);
  return r;
}

}  // namespace detail

/// Returns the weighted-sum score of every account (row of `x`, columns in criteria order)
/// against a reference portfolio: each value normalised per its criterion, cost criteria
/// inverted, missing values handled per `options.missing`, then sum_j w_j v_ij with the weights
/// normalised to sum 1 (re-normalised over the present criteria under renormalize).
///
/// A pure function of (x, criteria, reference, options), row by row: scoring chunks of a
/// portfolio against the merged reference of all chunks gives the same bits as scoring the whole.
/// `x` may be row- or column-major, a Map over the caller's buffer or a Block; no copy is made
/// unless `x` is an expression without direct access (then it is evaluated once).
///
/// Throws kam::shape_mismatch (column count, reference), kam::empty_input (no rows, or a criterion
/// without finite reference values), kam::non_finite_value (NaN under reject; infinity always),
/// kam::out_of_bounds (fixed_range value outside its scale), kam::invalid_input (negative value
/// under vector normalisation, an account with no value under renormalize); each names the
/// criterion and the row. Threads above kam::max_threads are a kam::out_of_bounds error.
/// Complexity: one read of `x` (plus one of the fixed_range and vector columns), O(N K);
/// percentile_rank adds O(log N) per value.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_result<typename Derived::Scalar> score(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const score_options& options = {}) {
  constexpr const char* fn = "kam::score";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_bounds(xd, criteria, fn);
  return detail::score_checked(xd, criteria, reference, options, fn);
}

/// Scores like kam::score(x, criteria, reference, options) into `result`, reusing its storage:
/// when `result` already holds as many accounts, no memory is allocated. Use it to score chunk
/// after chunk, or portfolio after portfolio, without fresh allocations (large fresh allocations
/// cost page faults, which dominate on some virtual machines). On an exception `result` is left
/// valid but unspecified. Throws as kam::score does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void score_into(score_result<typename Derived::Scalar>& result, const Eigen::MatrixBase<Derived>& x,
                const criteria_set& criteria,
                const score_reference<typename Derived::Scalar>& reference,
                const score_options& options = {}) {
  constexpr const char* fn = "kam::score_into";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_bounds(xd, criteria, fn);
  detail::score_checked(result, xd, criteria, reference, options, fn);
}

/// Scores like kam::score(x, criteria, options), against the portfolio `x` itself, into
/// `result`, reusing its storage as the other overload does (the reference is fitted anew on
/// every call). Throws as kam::score does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void score_into(score_result<typename Derived::Scalar>& result, const Eigen::MatrixBase<Derived>& x,
                const criteria_set& criteria, const score_options& options = {}) {
  constexpr const char* fn = "kam::score_into";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  const auto reference = detail::fit_reference_checked(xd, criteria, options, fn);
  detail::score_checked(result, xd, criteria, reference, options, fn);
}

/// Scores like kam::score(x, criteria, reference, options) into storage the caller owns (e.g. a
/// numpy array or a column of a table): the scores into `scores` and, under
/// missing_policy::impute and renormalize, the coverage into `coverage` (x.rows() values each;
/// under reject `coverage` is neither checked nor written, and may be empty). Returns what
/// score_result holds besides them. Allocates nothing of the accounts' size. Throws as kam::score
/// does, and kam::shape_mismatch naming 'scores' or 'coverage' for a span of another length, and
/// kam::invalid_input naming it when it overlaps the accounts' values or the other span.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_summary score_into(std::span<typename Derived::Scalar> scores,
                                       std::span<typename Derived::Scalar> coverage,
                                       const Eigen::MatrixBase<Derived>& x,
                                       const criteria_set& criteria,
                                       const score_reference<typename Derived::Scalar>& reference,
                                       const score_options& options = {}) {
  constexpr const char* fn = "kam::score_into";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_score_storage(scores, coverage, xd, options, fn);
  detail::check_bounds(xd, criteria, fn);
  typename Derived::Scalar* written =
      options.missing == missing_policy::reject ? nullptr : coverage.data();
  return detail::score_checked(scores.data(), written, xd, criteria, reference, options, fn);
}

/// As the overload above, against the portfolio `x` itself (the reference fitted on every call,
/// as kam::score(x, criteria, options) does). Throws as that overload.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_summary score_into(std::span<typename Derived::Scalar> scores,
                                       std::span<typename Derived::Scalar> coverage,
                                       const Eigen::MatrixBase<Derived>& x,
                                       const criteria_set& criteria,
                                       const score_options& options = {}) {
  constexpr const char* fn = "kam::score_into";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_score_storage(scores, coverage, xd, options, fn);
  const auto reference = detail::fit_reference_checked(xd, criteria, options, fn);
  typename Derived::Scalar* written =
      options.missing == missing_policy::reject ? nullptr : coverage.data();
  return detail::score_checked(scores.data(), written, xd, criteria, reference, options, fn);
}

/// Returns the weighted-sum score of every account against the portfolio `x` itself: fits the
/// reference on `x`, then scores `x` against it. Throws as the other overload.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_result<typename Derived::Scalar> score(const Eigen::MatrixBase<Derived>& x,
                                                           const criteria_set& criteria,
                                                           const score_options& options = {}) {
  constexpr const char* fn = "kam::score";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  const auto reference = detail::fit_reference_checked(xd, criteria, options, fn);
  return detail::score_checked(xd, criteria, reference, options, fn);
}

}  // namespace kam
