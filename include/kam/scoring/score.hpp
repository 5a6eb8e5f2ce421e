// Weighted-sum scoring of accounts against criteria: one score per account, aligned with the rows.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/detail/blocks.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <limits>
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
  score_scale scale = score_scale::unit;
  missing_policy missing = missing_policy::reject;

  /// Returns the coverage of account `i` (1 under missing_policy::reject). @pre 0 <= i < rows.
  [[nodiscard]] Scalar coverage_of(Eigen::Index i) const {
    return coverage.size() == 0 ? Scalar(1) : coverage(i);
  }

  BOOST_DESCRIBE_CLASS(score_result, (),
                       (scores, coverage, partial, constant_criteria, scale, missing), (), ())
};

namespace detail {

/// Calls `body` with a function object that maps a raw value to its directed normalised value,
/// specialised per transform kind so the inner loop has no switch.
template <typename Scalar, typename Body>
void with_transform(const column_transform<Scalar>& t, Body&& body) {
  using kind = typename column_transform<Scalar>::kind;
  using ct = column_transform<Scalar>;
  const Scalar o = t.origin;
  const Scalar s = t.scale;
  const Scalar off = t.offset;
  if (t.k == kind::linear) {
    if (t.invert) {
      body([=](Scalar x) { return Scalar(1) - ct::clamp01((x - o) * s + off); });
    } else {
      body([=](Scalar x) { return ct::clamp01((x - o) * s + off); });
    }
  } else {
    body([&t](Scalar x) { return t(x); });
  }
}

/// Finds why account `i` got a non-finite score and throws the matching kam::error.
template <typename X, typename Scalar>
[[noreturn]] void explain_non_finite(const X& x, Eigen::Index i, const criteria_set& criteria,
                                     missing_policy policy, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const Scalar v = x.coeff(i, j);
    if (std::isnan(v) && policy == missing_policy::reject) {
      throw non_finite_value({fn, criteria[j].name, i},
                             "value is NaN (missing) and missing_policy is reject");
    }
    if (std::isinf(v)) {
      throw non_finite_value(
          {fn, criteria[j].name, i},
          detail::cat("value is ", v, "; infinity is never a valid criterion value"));
    }
  }
  if (policy == missing_policy::renormalize) {
    throw invalid_input({fn, "", i},
                        "the account has no value for any criterion with a positive weight");
  }
  throw invalid_input({fn, "", i}, "the score is not finite (values too large to combine)");
}

/// Scores one block of `rows` accounts whose column j is the contiguous array col[j][0 .. rows)
/// into score[0 .. rows) (and coverage[0 .. rows) unless reject). Column by column, so every inner
/// loop runs over contiguous values with one transform: the compiler vectorises it.
template <missing_policy Policy, typename Scalar>
void score_block(const Scalar* const* col, const transforms<Scalar>& t, Eigen::Index rows,
                 Scalar factor, Scalar* score, Scalar* coverage) {
  Scalar acc[block_rows];
  Scalar wsum[block_rows];
  const auto n = static_cast<std::size_t>(rows);
  std::fill_n(acc, n, Scalar(0));
  if constexpr (Policy != missing_policy::reject) std::fill_n(wsum, n, Scalar(0));
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    const auto& tj = t.columns[j];
    const Scalar w = tj.weight;
    const Scalar* a = col[j];
    with_transform(tj, [&](auto f) {
      for (std::size_t b = 0; b < n; ++b) {
        const Scalar v = a[b];
        if constexpr (Policy == missing_policy::reject) {
          // (v - v) is 0 for a finite value and NaN otherwise: a non-finite input poisons the
          // row's score, which is checked once per block instead of once per value.
          acc[b] += w * f(v) + (v - v);
        } else if constexpr (Policy == missing_policy::impute) {
          const bool missing = std::isnan(v);
          const Scalar u = missing ? tj.impute : v;
          acc[b] += w * f(u) + (u - u);
          wsum[b] += missing ? Scalar(0) : w;
        } else {
          const bool present = !std::isnan(v);
          acc[b] += present ? w * f(v) + (v - v) : Scalar(0);
          wsum[b] += present ? w : Scalar(0);
        }
      }
    });
  }
  for (std::size_t b = 0; b < n; ++b) {
    if constexpr (Policy == missing_policy::reject) {
      score[b] = acc[b] * factor;
    } else if constexpr (Policy == missing_policy::impute) {
      score[b] = acc[b] * factor;
      coverage[b] = wsum[b];
    } else {
      score[b] = acc[b] / wsum[b] * factor;  // 0 / 0 = NaN: no value at all, reported below
      coverage[b] = wsum[b];
    }
  }
}

template <missing_policy Policy, typename X, typename Scalar>
void score_all(const X& x, const transforms<Scalar>& t, const criteria_set& criteria, Scalar factor,
               unsigned threads, score_result<Scalar>& r, const char* fn) {
  Scalar* score = r.scores.data();
  Scalar* coverage = r.coverage.data();
  const Eigen::Index n = x.rows();
  const Eigen::Index segments = (n + segment_rows - 1) / segment_rows;
  for_each_segment(segments, threads, [&](Eigen::Index seg) {
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols;
    for_each_block(x, seg * segment_rows, std::min(n, (seg + 1) * segment_rows), scratch, cols,
                   [&](Eigen::Index first, Eigen::Index rows, const Scalar* const* c) {
                     score_block<Policy>(c, t, rows, factor, score + first,
                                         coverage == nullptr ? nullptr : coverage + first);
                     for (Eigen::Index b = first; b < first + rows; ++b) {
                       if (!std::isfinite(score[b]))
                         explain_non_finite<X, Scalar>(x, b, criteria, Policy, fn);
                     }
                   });
  });
}

template <typename X, typename Scalar>
void score_checked(score_result<Scalar>& r, const X& x, const criteria_set& criteria,
                   const score_reference<Scalar>& reference, const score_options& options,
                   const char* fn) {
  const auto t = make_transforms(criteria, reference, options, fn);
  r.scale = options.scale;
  r.missing = options.missing;
  r.constant_criteria = t.constant;
  r.scores.resize(x.rows());
  const Scalar factor = options.scale == score_scale::percent ? Scalar(100) : Scalar(1);
  switch (options.missing) {
    case missing_policy::reject:
      r.coverage.resize(0);
      score_all<missing_policy::reject>(x, t, criteria, factor, options.threads, r, fn);
      break;
    case missing_policy::impute:
      r.coverage.resize(x.rows());
      score_all<missing_policy::impute>(x, t, criteria, factor, options.threads, r, fn);
      break;
    case missing_policy::renormalize:
      r.coverage.resize(x.rows());
      score_all<missing_policy::renormalize>(x, t, criteria, factor, options.threads, r, fn);
      break;
  }
  // A coverage below 1 by rounding only (weights that sum to 1 - ulp) is not partial data.
  constexpr Scalar complete = Scalar(1) - Scalar(64) * std::numeric_limits<Scalar>::epsilon();
  r.partial = r.coverage.size() == 0 ? 0 : (r.coverage.array() < complete).count();
}

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
/// criterion and the row. Complexity: one read of `x` (plus one of the fixed_range and vector
/// columns), O(N K); percentile_rank adds O(log N) per value.
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
