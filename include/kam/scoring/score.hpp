// Scoring methods: the weighted sum, the weighted product and TOPSIS, one score per account row.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <limits>
#include <string>
#include <type_traits>
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

/// Returns a * b + c, rounded once where the target has fused multiply-add instructions and
/// twice otherwise. Explicit rather than left to the compiler's contraction (-ffp-contract),
/// which may fuse the same expression in one loop and not in another: every kernel that computes
/// an account (vectorised or not, row- or column-major) then rounds it the same way.
template <typename Scalar>
Scalar mul_add(Scalar a, Scalar b, Scalar c) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

/// Returns whether every value of `rows` (>= 1) packed rows of K values from `x` is within the
/// reference's [min, max] of its column: one pass over the rows, which the compiler vectorises
/// (check_in_reference reads a row-major matrix column by column, with a stride).
template <std::size_t K, typename Scalar>
bool packed_rows_within(const Scalar* x, Eigen::Index rows, const column_stats<Scalar>& ref) {
  Scalar lo[K];
  Scalar hi[K];
  std::copy_n(x, K, lo);
  std::copy_n(x, K, hi);
  constexpr auto stride = static_cast<Eigen::Index>(K);
  for (Eigen::Index b = 1; b < rows; ++b) {
    const Scalar* row = x + b * stride;
    for (std::size_t j = 0; j < K; ++j) {
      lo[j] = row[j] < lo[j] ? row[j] : lo[j];
      hi[j] = row[j] > hi[j] ? row[j] : hi[j];
    }
  }
  for (std::size_t j = 0; j < K; ++j) {
    const auto c = static_cast<Eigen::Index>(j);
    if (lo[j] < ref.min(c) || hi[j] > ref.max(c)) return false;
  }
  return true;
}

/// Whether `x` is K criteria in packed rows (row-major, no padding: the layout numpy's C order
/// and CSV readers produce), which the packed-row kernels read in place.
template <std::size_t K, typename X>
bool packed_rows(const X& x) {
  if constexpr (rows_contiguous<X>()) {
    constexpr auto k = static_cast<Eigen::Index>(K);
    return x.cols() == k && x.innerStride() == 1 && x.outerStride() == k;
  } else {
    return false;
  }
}

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
      body([=](Scalar x) { return Scalar(1) - ct::clamp01(mul_add(x - o, s, off)); });
    } else {
      body([=](Scalar x) { return ct::clamp01(mul_add(x - o, s, off)); });
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
  // Sized for the largest block for_each_block hands out (contiguous columns); tried in
  // sub-blocks of block_rows with the accumulators in L1 and a software prefetch, it was slower.
  Scalar acc[contiguous_block_rows];
  Scalar wsum[contiguous_block_rows];
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
          acc[b] += mul_add(w, f(v), v - v);
        } else if constexpr (Policy == missing_policy::impute) {
          const bool missing = std::isnan(v);
          const Scalar u = missing ? tj.impute : v;
          acc[b] += mul_add(w, f(u), u - u);
          wsum[b] += missing ? Scalar(0) : w;
        } else {
          const bool present = !std::isnan(v);
          acc[b] += present ? mul_add(w, f(v), v - v) : Scalar(0);
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

/// Scores `rows` accounts stored as packed rows of K values from `x` into score[0 .. rows), for
/// missing_policy::reject and linear transforms only: the operations of score_block, in the same
/// order (criteria 0 .. K-1), so the same bits. With K known, the compiler vectorises across
/// accounts, de-interleaving the rows in registers.
template <std::size_t K, typename Scalar>
void score_packed_rows(const Scalar* x, const transforms<Scalar>& t, Eigen::Index rows,
                       Scalar factor, Scalar* score) {
  using ct = column_transform<Scalar>;
  Scalar origin[K];
  Scalar scale[K];
  Scalar offset[K];
  Scalar weight[K];
  bool invert[K];
  for (std::size_t j = 0; j < K; ++j) {
    origin[j] = t.columns[j].origin;
    scale[j] = t.columns[j].scale;
    offset[j] = t.columns[j].offset;
    weight[j] = t.columns[j].weight;
    invert[j] = t.columns[j].invert;
  }
  constexpr auto stride = static_cast<Eigen::Index>(K);
  for (Eigen::Index b = 0; b < rows; ++b) {
    const Scalar* row = x + b * stride;
    Scalar acc = 0;
    // Unrolled so that the compiler vectorises across accounts: with std::fma in the body, GCC
    // 12 no longer unrolls the loop on its own and gives up ("complicated access pattern").
#if defined(__GNUC__)
#pragma GCC unroll 16
#endif
    for (std::size_t j = 0; j < K; ++j) {
      const Scalar v = row[j];
      const Scalar u = ct::clamp01(mul_add(v - origin[j], scale[j], offset[j]));
      const Scalar f = invert[j] ? Scalar(1) - u : u;
      acc += mul_add(weight[j], f, v - v);  // (v - v): NaN if v is not finite, as in score_block
    }
    score[b] = acc * factor;
  }
}

template <missing_policy Policy, typename X, typename Scalar>
void score_all(const X& x, const transforms<Scalar>& t, const criteria_set& criteria, Scalar factor,
               unsigned threads, score_result<Scalar>& r, const char* fn) {
  Scalar* score = r.scores.data();
  Scalar* coverage = r.coverage.data();
  const Eigen::Index n = x.rows();
  bool in_place = false;  // eight criteria in packed rows, every one linear, reject
  if constexpr (rows_contiguous<X>() && Policy == missing_policy::reject) {
    in_place =
        packed_rows<8>(x) && std::all_of(t.columns.begin(), t.columns.end(), [](const auto& c) {
          return c.k == column_transform<Scalar>::kind::linear;
        });
  }
  const auto check = [&](Eigen::Index first, Eigen::Index rows) {
    for (Eigen::Index b = first; b < first + rows; ++b) {
      if (!std::isfinite(score[b])) explain_non_finite<X, Scalar>(x, b, criteria, Policy, fn);
    }
  };
  for_each_row_segment(n, threads, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
    if constexpr (rows_contiguous<X>()) {
      if (in_place) {  // read in place, in the blocks of the row-major copy below
        for (Eigen::Index first = begin; first < end; first += block_rows) {
          const Eigen::Index rows = std::min(block_rows, end - first);
          score_packed_rows<8>(x.data() + first * 8, t, rows, factor, score + first);
          check(first, rows);
        }
        return;
      }
    }
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols;
    for_each_block(x, begin, end, scratch, cols,
                   [&](Eigen::Index first, Eigen::Index rows, const Scalar* const* c) {
                     score_block<Policy>(c, t, rows, factor, score + first,
                                         coverage == nullptr ? nullptr : coverage + first);
                     check(first, rows);
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

// ---------------------------------------------------------------------------------------------
// Weighted product and TOPSIS. Both use each criterion's weight (normalised to sum 1) and
// direction, and normalise on their own: a criterion's `normalization` field (and its fixed-range
// bounds) belongs to the weighted sum and is not read here. Missing values are not supported:
// NaN and infinity are errors naming the criterion and the row.

/// How the weighted product scales each criterion. Scaling a column by a constant multiplies
/// every score by the same factor, so both give the same ranking and the same ratios between
/// accounts (Bridgman's P(A/B) = score_A / score_B).
/// - `max` (default, as JMcDM): benefit x / max_j, cost min_j / x over the reference, so scores
///   are on (0, 1] and 1 is the best value on every criterion.
/// - `none`: raw values, prod_j x_ij^{w_j} over benefit criteria times x_ij^{-w_j} over cost
///   criteria (Miller & Starr; Triantaphyllou's WPM).
enum class product_normalization { max, none };
BOOST_DESCRIBE_ENUM(product_normalization, max, none)

/// Options of kam::weighted_product.
struct weighted_product_options {
  product_normalization normalization = product_normalization::max;
  /// Threads to spread the accounts over (0 or 1: the calling thread only), for the statistics
  /// and the scores. Results are the same, bit for bit, whatever the number, and so is the error
  /// reported for bad input: the accounts are cut into fixed segments of 65536 rows, as in
  /// score_options::threads.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(weighted_product_options, (), (normalization, threads))

/// Weighted-product scores, aligned with the input rows.
template <real_scalar Scalar>
struct weighted_product_result {
  /// prod_j n_ij^{w_j}: on (0, 1] under product_normalization::max; 0 when the account has a 0
  /// on a benefit criterion with a positive weight.
  vector_of<Scalar> scores;
  /// Accounts whose score is 0 because of a 0 on a benefit criterion (the product's veto).
  Eigen::Index zero_scores = 0;
  product_normalization normalization = product_normalization::max;
  BOOST_DESCRIBE_CLASS(weighted_product_result, (), (scores, zero_scores, normalization), (), ())
};

/// How TOPSIS normalises each criterion before weighting. Direction is a separate step: the
/// ideal takes the largest weighted value of a benefit criterion and the smallest of a cost one
/// (Hwang & Yoon); inverting cost columns first, as pymcdm does, gives the same distances.
/// - `vector` (default; Hwang & Yoon 1981, R topsis, JMcDM, pyDecision): x / sqrt(sum_i x_i^2);
///   needs x >= 0.
/// - `min_max` (pymcdm's default): (x - min) / (max - min).
/// - `none`: values used as given, e.g. kam::normalize's output with every criterion a benefit.
/// A constant criterion (and an all-zero one under vector) adds nothing to either distance.
enum class topsis_normalization { vector, min_max, none };
BOOST_DESCRIBE_ENUM(topsis_normalization, vector, min_max, none)

/// Options of kam::topsis.
struct topsis_options {
  topsis_normalization normalization = topsis_normalization::vector;
  /// Threads to spread the accounts over (0 or 1: the calling thread only), for the statistics
  /// and the distances. Results are the same, bit for bit, whatever the number, and so is the
  /// error reported for bad input: the accounts are cut into fixed segments of 65536 rows, as in
  /// score_options::threads.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(topsis_options, (), (normalization, threads))

/// TOPSIS results: the relative closeness of every account (aligned with the input rows) and the
/// intermediate quantities, in the weighted normalised space v_ij = w_j r_ij.
template <real_scalar Scalar>
struct topsis_result {
  /// D- / (D+ + D-), on [0, 1]; 1 = the ideal point. An account at zero distance from both
  /// (possible only when the ideal and the anti-ideal coincide) gets 0.5.
  vector_of<Scalar> closeness;
  vector_of<Scalar> distance_to_ideal;       ///< D+, Euclidean
  vector_of<Scalar> distance_to_anti_ideal;  ///< D-, Euclidean
  /// Per criterion: the ideal (positive ideal solution) and anti-ideal (negative ideal) weighted
  /// normalised values: max and min over the reference of a benefit criterion, min and max of a
  /// cost criterion.
  vector_of<Scalar> ideal;
  vector_of<Scalar> anti_ideal;
  /// Criteria that were constant in the reference; they add nothing to either distance.
  std::vector<Eigen::Index> constant_criteria;
  topsis_normalization normalization = topsis_normalization::vector;
  BOOST_DESCRIBE_CLASS(topsis_result, (),
                       (closeness, distance_to_ideal, distance_to_anti_ideal, ideal, anti_ideal,
                        constant_criteria, normalization),
                       (), ())
};

namespace detail {

/// Rows per block of the weighted-product and TOPSIS kernels.
inline constexpr Eigen::Index method_block_rows = 256;

/// Throws for the first value of `x` in row `i` (criteria order) that `bad` accepts.
template <typename X, typename Pred, typename Raise>
void find_in_row(const X& x, Eigen::Index i, Pred bad, Raise raise) {
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    if (bad(j, x.coeff(i, j))) raise(j, x.coeff(i, j));
}

/// Throws the error of TOPSIS and the weighted product for a NaN or infinite value `v`.
template <typename Scalar>
[[noreturn]] void throw_non_finite(const char* fn, const std::string& criterion, Eigen::Index row,
                                   Scalar v) {
  throw non_finite_value(
      {fn, criterion, row},
      detail::cat("value is ", v,
                  "; this method has no missing-value policy (NaN and infinity are errors)"));
}

/// Throws if a column of rows [first, first + rows) of `x` has a value outside the reference's
/// [min, max] (NaN is caught elsewhere): one vectorised min and max per column, then a search for
/// the row only when the block fails.
template <typename X, typename Scalar>
void check_in_reference(const X& x, const column_stats<Scalar>& ref, const criteria_set& criteria,
                        Eigen::Index first, Eigen::Index rows, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto block = x.col(j).segment(first, rows);
    if (!(block.minCoeff() < ref.min(j) || block.maxCoeff() > ref.max(j))) continue;
    for (Eigen::Index i = first; i < first + rows; ++i) {
      const Scalar v = x.coeff(i, j);
      if (v < ref.min(j) || v > ref.max(j)) {
        throw out_of_bounds(
            {fn, criteria[j].name, i},
            detail::cat("value ", v, " is outside the reference's [", ref.min(j), ", ", ref.max(j),
                        "]; fit the reference on every account you score"));
      }
    }
  }
}

/// Returns whether the values col[j][offset .. offset + rows) of every column j are within the
/// reference's [min, max] of column j (NaN is caught elsewhere): contiguous minima and maxima,
/// also for row-major input copied into column blocks. check_in_reference then finds the row.
template <typename Scalar>
bool columns_within(const Scalar* const* col, Eigen::Index offset, Eigen::Index rows,
                    const column_stats<Scalar>& ref) {
  for (Eigen::Index j = 0; j < ref.cols(); ++j) {
    const Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, 1>> a(col[j] + offset, rows);
    if (a.minCoeff() < ref.min(j) || a.maxCoeff() > ref.max(j)) return false;
  }
  return true;
}

template <typename Scalar>
void check_method_reference(const column_stats<Scalar>& ref, const criteria_set& criteria,
                            const char* fn) {
  if (ref.cols() != criteria.size()) {
    throw shape_mismatch({fn, "reference", std::nullopt},
                         detail::cat("the reference describes ", ref.cols(),
                                     " criteria, the set has ", criteria.size()));
  }
  for (Eigen::Index j = 0; j < ref.cols(); ++j) {
    if (ref.count(j) == 0) {
      throw empty_input({fn, criteria[j].name, std::nullopt},
                        "the reference has no finite value for this criterion");
    }
  }
}

/// Throws for the first non-finite value of `x`, in row order, when the statistics saw one.
template <typename X, typename Scalar>
void check_finite_values(const X& x, const column_stats<Scalar>& s, const criteria_set& criteria,
                         const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (s.non_finite(j) == 0) continue;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (!std::isfinite(v)) {
        throw_non_finite(fn, criteria[j].name, i, v);
      }
    }
  }
}

template <typename X, typename Scalar>
[[noreturn]] void explain_product(const X& x, Eigen::Index i, const criteria_set& criteria,
                                  const char* fn) {
  find_in_row(
      x, i, [](Eigen::Index, Scalar v) { return !std::isfinite(v); },
      [&](Eigen::Index j, Scalar v) { throw_non_finite(fn, criteria[j].name, i, v); });
  find_in_row(
      x, i, [](Eigen::Index, Scalar v) { return v < Scalar(0); },
      [&](Eigen::Index j, Scalar v) {
        throw invalid_input({fn, criteria[j].name, i},
                            detail::cat("value ", v,
                                        " is negative; the weighted product needs values >= 0 "
                                        "(> 0 for cost criteria): a power of a negative number is "
                                        "not real"));
      });
  find_in_row(
      x, i,
      [&](Eigen::Index j, Scalar v) {
        return v == Scalar(0) && criteria[j].direction == direction::cost;
      },
      [&](Eigen::Index j, Scalar) {
        throw invalid_input({fn, criteria[j].name, i},
                            "value 0 on a cost criterion: the weighted product divides by it "
                            "(x^-w), so cost values must be > 0");
      });
  throw invalid_input({fn, "", i},
                      detail::cat("the product overflows ", scalar_name<Scalar>(),
                                  " (values too large, or cost values too close to 0)"));
}

/// Scores every row: log s_i = sum_j e_j ln x_ij + offset, with e_j = +-w_j (0-weight criteria
/// skipped, x^0 = 1), per fixed segment of rows (see for_each_segment).
template <typename X, typename Scalar>
void product_all(const X& x, const criteria_set& criteria, const std::vector<Scalar>& exponent,
                 Scalar offset, const column_stats<Scalar>* ref, unsigned threads,
                 weighted_product_result<Scalar>& r, const char* fn) {
  using array = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
  Scalar* out = r.scores.data();
  const Eigen::Index n = x.rows();
  std::vector<Eigen::Index> zeros(static_cast<std::size_t>(segment_count(n)), 0);
  // The largest log whose exp is finite: beyond it (raw values under `none`, e.g. a cost value
  // close to 0) the score would overflow, and Eigen's vectorised exp clamps instead of giving inf.
  const Scalar max_log = std::log(std::numeric_limits<Scalar>::max());
  for_each_row_segment(n, threads, [&](Eigen::Index seg, Eigen::Index begin, Eigen::Index end) {
    array acc(method_block_rows);
    Eigen::Index zero = 0;
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols;
    // Blocks as kam::score walks them (in place for contiguous columns, copied for row-major),
    // each cut into sub-blocks of method_block_rows from the segment's start: every account goes
    // through the same (vectorised or scalar) log and exp in every layout and on every thread.
    for_each_block(
        x, begin, end, scratch, cols,
        [&](Eigen::Index block_first, Eigen::Index block_rows_, const Scalar* const* col) {
          for (Eigen::Index sub = 0; sub < block_rows_; sub += method_block_rows) {
            const Eigen::Index first = block_first + sub;
            const Eigen::Index rows = std::min(method_block_rows, block_rows_ - sub);
            auto a = acc.head(rows);
            a.setConstant(offset);
            for (Eigen::Index j = 0; j < x.cols(); ++j) {
              const Scalar e = exponent[static_cast<std::size_t>(j)];
              if (e == Scalar(0)) continue;
              a += e * Eigen::Map<const array>(col[j] + sub, rows).log();
            }
            for (Eigen::Index b = 0; b < rows; ++b) {
              const Scalar l = a(b);
              // -inf is a 0 on a benefit criterion (score 0); NaN and too large are errors.
              if (!(l <= max_log)) explain_product<X, Scalar>(x, first + b, criteria, fn);
            }
            if (ref != nullptr && !columns_within(col, sub, rows, *ref))
              check_in_reference(x, *ref, criteria, first, rows, fn);
            Eigen::Map<array>(out + first, rows) = a.exp();
            // Eigen's vectorised exp clamps its argument, so exp(-inf) would be tiny, not 0.
            for (Eigen::Index b = 0; b < rows; ++b) {
              if (a(b) == -std::numeric_limits<Scalar>::infinity()) out[first + b] = Scalar(0);
              zero += out[first + b] == Scalar(0) ? 1 : 0;
            }
          }
        });
    zeros[static_cast<std::size_t>(seg)] = zero;
  });
  r.zero_scores = 0;
  for (const Eigen::Index z : zeros) r.zero_scores += z;
}

template <typename X, typename Scalar>
void weighted_product_checked(weighted_product_result<Scalar>& r, const X& x,
                              const criteria_set& criteria, const column_stats<Scalar>* ref,
                              const weighted_product_options& options, const char* fn) {
  if (!is_enumerator(options.normalization)) {
    throw invalid_input({fn, "normalization", std::nullopt}, "not a product_normalization");
  }
  r.normalization = options.normalization;
  std::vector<Scalar> exponent(static_cast<std::size_t>(criteria.size()));
  Scalar offset = 0;
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    const auto w = static_cast<Scalar>(criteria.weights()(j));
    const bool cost = criteria[j].direction == direction::cost;
    exponent[static_cast<std::size_t>(j)] = cost ? -w : w;
    if (options.normalization == product_normalization::max && w > Scalar(0)) {
      if (cost) {
        if (!(ref->min(j) > Scalar(0))) {
          throw invalid_input({fn, criteria[j].name, std::nullopt},
                              detail::cat("the reference's smallest value is ", ref->min(j),
                                          "; cost values must be > 0"));
        }
        offset += w * std::log(ref->min(j));  // (min / x)^w
      } else {
        if (!(ref->max(j) > Scalar(0))) {
          throw invalid_input({fn, criteria[j].name, std::nullopt},
                              "every reference value is 0 on this benefit criterion: the product "
                              "would be 0 for every account");
        }
        offset -= w * std::log(ref->max(j));  // (x / max)^w
      }
    }
  }
  // Weight-0 criteria are left out of the product (x^0 = 1), so the kernel never reads them; their
  // values are checked here as the others are (NaN, infinity, negatives, a 0 on a cost criterion).
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    if (exponent[static_cast<std::size_t>(j)] != Scalar(0)) continue;
    const bool cost = criteria[j].direction == direction::cost;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (!std::isfinite(v) || v < Scalar(0) || (v == Scalar(0) && cost))
        explain_product<X, Scalar>(x, i, criteria, fn);
    }
  }
  r.scores.resize(x.rows());
  product_all(x, criteria, exponent, offset,
              options.normalization == product_normalization::max ? ref : nullptr, options.threads,
              r, fn);
}

/// Validates what only a scan of `x` finds for the weighted product fitted on `x` itself: NaN and
/// infinity, negative values, zeros on cost criteria. Returns the statistics (the reference).
template <typename X>
column_stats<typename X::Scalar> product_reference(const X& xd, const criteria_set& criteria,
                                                   unsigned threads, const char* fn) {
  using Scalar = typename X::Scalar;
  auto stats = column_stats<Scalar>::of(xd, threads);
  check_finite_values(xd, stats, criteria, fn);
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const bool cost = criteria[j].direction == direction::cost;
    if (!(stats.min(j) < Scalar(0) || (stats.min(j) == Scalar(0) && cost))) continue;
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      const Scalar v = xd.coeff(i, j);
      if (v < Scalar(0) || (v == Scalar(0) && cost))
        explain_product<X, Scalar>(xd, i, criteria, fn);
    }
  }
  return stats;
}

/// Validates what only a scan of `x` finds for TOPSIS fitted on `x` itself; returns the
/// statistics (the reference).
template <typename X>
column_stats<typename X::Scalar> topsis_reference(const X& xd, const criteria_set& criteria,
                                                  const topsis_options& options, const char* fn) {
  using Scalar = typename X::Scalar;
  auto stats = column_stats<Scalar>::of(xd, options.threads);
  check_finite_values(xd, stats, criteria, fn);
  if (options.normalization != topsis_normalization::vector) return stats;
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    if (!(stats.min(j) < Scalar(0))) continue;
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      if (xd.coeff(i, j) < Scalar(0)) {
        throw invalid_input({fn, criteria[j].name, i},
                            detail::cat("value ", xd.coeff(i, j),
                                        " is negative; vector normalisation needs values >= 0 "
                                        "(use topsis_normalization::min_max)"));
      }
    }
  }
  return stats;
}

/// Replaces a[0 .. n) by its square roots, correctly rounded: the same bits as std::sqrt. A loop
/// of std::sqrt is not vectorised while std::sqrt may set errno (GCC's and Clang's default on
/// Linux), and Eigen's vectorised sqrt is an approximation under EIGEN_FAST_MATH (its default);
/// the IEEE square-root instructions are exact, so they are called directly where Eigen has
/// enabled them (and included their header), and std::sqrt does the rest.
template <typename Scalar>
void sqrt_in_place(Scalar* a, Eigen::Index n) {
  Eigen::Index i = 0;
#if defined(EIGEN_VECTORIZE_AVX512)
  if constexpr (std::is_same_v<Scalar, double>) {
    for (; n - i >= 8; i += 8) _mm512_storeu_pd(a + i, _mm512_sqrt_pd(_mm512_loadu_pd(a + i)));
  } else if constexpr (std::is_same_v<Scalar, float>) {
    for (; n - i >= 16; i += 16) _mm512_storeu_ps(a + i, _mm512_sqrt_ps(_mm512_loadu_ps(a + i)));
  }
#elif defined(EIGEN_VECTORIZE_AVX)
  if constexpr (std::is_same_v<Scalar, double>) {
    for (; n - i >= 4; i += 4) _mm256_storeu_pd(a + i, _mm256_sqrt_pd(_mm256_loadu_pd(a + i)));
  } else if constexpr (std::is_same_v<Scalar, float>) {
    for (; n - i >= 8; i += 8) _mm256_storeu_ps(a + i, _mm256_sqrt_ps(_mm256_loadu_ps(a + i)));
  }
#elif defined(EIGEN_VECTORIZE_SSE2)
  if constexpr (std::is_same_v<Scalar, double>) {
    for (; n - i >= 2; i += 2) _mm_storeu_pd(a + i, _mm_sqrt_pd(_mm_loadu_pd(a + i)));
  } else if constexpr (std::is_same_v<Scalar, float>) {
    for (; n - i >= 4; i += 4) _mm_storeu_ps(a + i, _mm_sqrt_ps(_mm_loadu_ps(a + i)));
  }
#endif
  for (; i < n; ++i) a[i] = std::sqrt(a[i]);
}

/// The second pass of TOPSIS over blocks of accounts. Per criterion v = a x + b; the squared
/// distances add (a x + c)^2 with c = b - ideal (`c_ideal`) and c = b - anti-ideal (`c_anti`).
/// Every account goes through the same operations in the same order whatever block, segment or
/// thread it falls in, so the results do not depend on the thread count or the layout.
template <typename Scalar>
struct topsis_kernel {
  const Scalar* a;
  const Scalar* c_ideal;
  const Scalar* c_anti;
  Eigen::Index k;
  Scalar* distance_to_ideal;
  Scalar* distance_to_anti_ideal;
  Scalar* closeness;

  /// Sets p[b] and m[b] to D+^2 and D-^2 of the block whose column j is col[j][0 .. rows).
  /// Groups of `lanes` accounts keep their sums in registers over all the criteria (eight
  /// independent chains of fused multiply-adds for double under AVX-512), reading the columns
  /// side by side; the last rows % lanes accounts go column by column. Both do the same
  /// operations per account. (Column by column over the whole block, the sums went to L2 and
  /// back once per criterion: 10^7 x 8 doubles took 90 ms instead of 75.)
  void squares(const Scalar* const* col, Eigen::Index rows, Scalar* p, Scalar* m) const {
    constexpr std::size_t lane_count = 128 / sizeof(Scalar);
    constexpr auto lanes = static_cast<Eigen::Index>(lane_count);
    Eigen::Index first = 0;
    for (; rows - first >= lanes; first += lanes) {
      Scalar pl[lane_count] = {};
      Scalar ml[lane_count] = {};
      for (Eigen::Index j = 0; j < k; ++j) {
        const Scalar aj = a[j];
        const Scalar ci = c_ideal[j];
        const Scalar ca = c_anti[j];
        const Scalar* cj = col[j] + first;
        for (Eigen::Index l = 0; l < lanes; ++l) {
          const Scalar u = mul_add(aj, cj[l], ci);
          const Scalar t = mul_add(aj, cj[l], ca);
          pl[l] = mul_add(u, u, pl[l]);
          ml[l] = mul_add(t, t, ml[l]);
        }
      }
      std::copy_n(pl, lanes, p + first);
      std::copy_n(ml, lanes, m + first);
    }
    std::fill(p + first, p + rows, Scalar(0));
    std::fill(m + first, m + rows, Scalar(0));
    for (Eigen::Index j = 0; j < k; ++j) {
      const Scalar aj = a[j];
      const Scalar ci = c_ideal[j];
      const Scalar ca = c_anti[j];
      const Scalar* cj = col[j];
      for (Eigen::Index b = first; b < rows; ++b) {
        const Scalar u = mul_add(aj, cj[b], ci);
        const Scalar t = mul_add(aj, cj[b], ca);
        p[b] = mul_add(u, u, p[b]);
        m[b] = mul_add(t, t, m[b]);
      }
    }
  }

  /// Sets p[b] and m[b] like `squares` for `rows` accounts stored as packed rows of K values from
  /// `x`: the same operations in the same order (criteria 0 .. K-1), so the same bits. With K
  /// known, the compiler vectorises across accounts, de-interleaving the rows in registers.
  template <std::size_t K>
  void squares_of_rows(const Scalar* x, Eigen::Index rows, Scalar* p, Scalar* m) const {
    Scalar aj[K];
    Scalar ci[K];
    Scalar ca[K];
    std::copy_n(a, K, aj);
    std::copy_n(c_ideal, K, ci);
    std::copy_n(c_anti, K, ca);
    constexpr auto stride = static_cast<Eigen::Index>(K);
    for (Eigen::Index b = 0; b < rows; ++b) {
      const Scalar* row = x + b * stride;
      Scalar pb = 0;
      Scalar mb = 0;
      // Unrolled for the vectoriser, as in score_packed_rows.
#if defined(__GNUC__)
#pragma GCC unroll 16
#endif
      for (std::size_t j = 0; j < K; ++j) {
        const Scalar u = mul_add(aj[j], row[j], ci[j]);
        const Scalar t = mul_add(aj[j], row[j], ca[j]);
        pb = mul_add(u, u, pb);
        mb = mul_add(t, t, mb);
      }
      p[b] = pb;
      m[b] = mb;
    }
  }

  /// Replaces p and m by D+ and D-, stores them and the closeness of accounts [first, first +
  /// rows); returns false if a distance is not finite.
  bool finish(Eigen::Index first, Eigen::Index rows, Scalar* p, Scalar* m) const {
    sqrt_in_place(p, rows);
    sqrt_in_place(m, rows);
    Scalar* dp = distance_to_ideal + first;
    Scalar* dm = distance_to_anti_ideal + first;
    Scalar* cl = closeness + first;
    // Counted, not and-ed into a bool: GCC 12 vectorises an integer sum here, not a bool and.
    Eigen::Index non_finite = 0;
    for (Eigen::Index b = 0; b < rows; ++b) {
      const Scalar dplus = p[b];
      const Scalar dminus = m[b];
      const Scalar d = dplus + dminus;
      non_finite += d - d == Scalar(0) ? 0 : 1;  // d - d is NaN for an infinite or NaN d
      dp[b] = dplus;
      dm[b] = dminus;
      cl[b] = d > Scalar(0) ? dminus / d : Scalar(0.5);
    }
    return non_finite == 0;
  }
};

template <typename X, typename Scalar>
[[noreturn]] void explain_topsis(const X& x, Eigen::Index i, const criteria_set& criteria,
                                 const char* fn) {
  find_in_row(
      x, i, [](Eigen::Index, Scalar v) { return !std::isfinite(v); },
      [&](Eigen::Index j, Scalar v) { throw_non_finite(fn, criteria[j].name, i, v); });
  throw invalid_input({fn, "", i}, "the distances are not finite (values too large to combine)");
}

template <typename X, typename Scalar>
void topsis_checked(topsis_result<Scalar>& r, const X& x, const criteria_set& criteria,
                    const column_stats<Scalar>& ref, bool check_range,
                    const topsis_options& options, const char* fn) {
  if (!is_enumerator(options.normalization)) {
    throw invalid_input({fn, "normalization", std::nullopt}, "not a topsis_normalization");
  }
  const Eigen::Index k = criteria.size();
  r.normalization = options.normalization;
  r.constant_criteria.clear();
  r.ideal.resize(k);
  r.anti_ideal.resize(k);
  // v = a x + b per criterion; the kernel adds (a x + c)^2 with c = b - ideal (or b - anti-ideal).
  std::vector<Scalar> a(static_cast<std::size_t>(k));
  std::vector<Scalar> c_ideal(static_cast<std::size_t>(k));
  std::vector<Scalar> c_anti(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    const auto w = static_cast<Scalar>(criteria.weights()(j));
    const bool constant = !(ref.max(j) > ref.min(j));
    Scalar scale = 1;
    Scalar origin = 0;
    switch (options.normalization) {
      case topsis_normalization::vector:
        if (ref.min(j) < Scalar(0)) {
          throw invalid_input({fn, criteria[j].name, std::nullopt},
                              detail::cat("the smallest value is ", ref.min(j),
                                          "; vector normalisation needs values >= 0 (use "
                                          "topsis_normalization::min_max)"));
        }
        scale = constant ? Scalar(0) : Scalar(1) / std::sqrt(ref.sum_of_squares(j));
        if (!constant) {
          check_scale(origin, scale, "the norm sqrt(sum of x^2)", criteria[j], ref.min(j),
                      ref.max(j), fn);
        }
        break;
      case topsis_normalization::min_max:
        origin = ref.min(j);
        scale = constant ? Scalar(0) : Scalar(1) / (ref.max(j) - ref.min(j));
        if (!constant)
          check_scale(origin, scale, "the range", criteria[j], ref.min(j), ref.max(j), fn);
        break;
      case topsis_normalization::none:
        scale = constant ? Scalar(0) : Scalar(1);
        break;
    }
    if (constant) r.constant_criteria.push_back(j);
    const Scalar aj = w * scale;
    const Scalar bj = -aj * origin;
    const Scalar hi = aj * ref.max(j) + bj;
    const Scalar lo = aj * ref.min(j) + bj;
    const bool cost = criteria[j].direction == direction::cost;
    r.ideal(j) = cost ? lo : hi;
    r.anti_ideal(j) = cost ? hi : lo;
    a[static_cast<std::size_t>(j)] = aj;
    c_ideal[static_cast<std::size_t>(j)] = bj - r.ideal(j);
    c_anti[static_cast<std::size_t>(j)] = bj - r.anti_ideal(j);
  }
  const Eigen::Index n = x.rows();
  r.closeness.resize(n);
  r.distance_to_ideal.resize(n);
  r.distance_to_anti_ideal.resize(n);
  const topsis_kernel<Scalar> kernel{a.data(),
                                     c_ideal.data(),
                                     c_anti.data(),
                                     k,
                                     r.distance_to_ideal.data(),
                                     r.distance_to_anti_ideal.data(),
                                     r.closeness.data()};
  for_each_row_segment(n, options.threads, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
    // Accumulators on the stack: the compiler knows they do not alias `x` and vectorises the
    // loops. Blocks as kam::score walks them (in place for contiguous columns, copied for
    // row-major), so each inner loop reads one contiguous column; the arithmetic per account is
    // the same either way, and the same whatever segment or thread the account falls in.
    Scalar p[contiguous_block_rows];
    Scalar m[contiguous_block_rows];
    // `in_range`: the block is known to be within the reference (no need to look again).
    const auto finish = [&](Eigen::Index first, Eigen::Index rows, bool in_range) {
      if (!kernel.finish(first, rows, p, m)) {
        for (Eigen::Index b = 0; b < rows; ++b) {
          if (!std::isfinite(p[b] + m[b])) explain_topsis<X, Scalar>(x, first + b, criteria, fn);
        }
      }
      if (check_range && !in_range) check_in_reference(x, ref, criteria, first, rows, fn);
    };
    if constexpr (rows_contiguous<X>()) {
      // Eight criteria in packed rows (the layout numpy and CSV readers produce): read in place.
      if (packed_rows<8>(x)) {
        for (Eigen::Index first = begin; first < end; first += block_rows) {
          const Eigen::Index rows = std::min(block_rows, end - first);
          const Scalar* block = x.data() + first * 8;
          kernel.template squares_of_rows<8>(block, rows, p, m);
          finish(first, rows, check_range && packed_rows_within<8>(block, rows, ref));
        }
        return;
      }
    }
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols;
    for_each_block(x, begin, end, scratch, cols,
                   [&](Eigen::Index first, Eigen::Index rows, const Scalar* const* col) {
                     kernel.squares(col, rows, p, m);
                     finish(first, rows, check_range && columns_within(col, 0, rows, ref));
                   });
  });
}

}  // namespace detail

/// Computes the weighted-product score of every account (row of `x`, columns in criteria order)
/// into `result`, reusing its storage (no allocation when it already holds as many accounts, which
/// matters where fresh memory costs page faults): prod_j n_ij^{w_j} with the weights normalised
/// to sum 1 and n per `options.normalization` (benefit x / max_j and cost min_j / x over `x`
/// itself by default; see product_normalization). Computed as exp(sum_j w_j ln n_ij), so no
/// partial product overflows; a score that would exceed the largest `Scalar` (possible only under
/// `none`: huge values, or cost values close to 0) is an error rather than infinity.
///
/// Zeros and negatives: a 0 on a benefit criterion with a positive weight makes the score 0 (the
/// product's veto; counted in `zero_scores`); a 0 on a cost criterion cannot be computed (x^-w)
/// and a negative value has no real power: both are errors naming the criterion and the row. A
/// criterion with weight 0 is left out of the product (x^0 = 1), but its values are still
/// checked. Under `max`, a benefit criterion that is 0 for every account is an error (every
/// score would be 0). Uses each criterion's weight and direction, not its `normalization`.
///
/// Throws kam::shape_mismatch (columns), kam::empty_input (no rows), kam::non_finite_value (NaN or
/// infinity), kam::invalid_input (a negative value, a 0 on a cost criterion; a score that
/// overflows, naming the row), naming the criterion and the row. On an exception `result` is
/// valid but unspecified. Complexity: two passes over `x` (statistics, then scores), one under
/// `none`, plus one over each weight-0 column.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void weighted_product_into(weighted_product_result<typename Derived::Scalar>& result,
                           const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                           const weighted_product_options& options = {}) {
  constexpr const char* fn = "kam::weighted_product";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  if (options.normalization == product_normalization::none) {
    detail::weighted_product_checked<std::remove_cvref_t<decltype(xd)>, typename Derived::Scalar>(
        result, xd, criteria, nullptr, options, fn);
    return;
  }
  const auto stats = detail::product_reference(xd, criteria, options.threads, fn);
  detail::weighted_product_checked(result, xd, criteria, &stats, options, fn);
}

/// Computes like the overload above, normalising against `reference`, the column statistics of
/// the whole portfolio (e.g. merged from chunks): scoring chunks against the merged statistics
/// gives the same bits as scoring the whole. A value outside the reference's [min, max] is a
/// kam::out_of_bounds error naming the criterion and the row (the reference must describe every
/// account scored). Under product_normalization::none the reference is not used. Throws as the
/// other overload, and kam::shape_mismatch / kam::empty_input for a reference that does not fit
/// the criteria. Complexity: one pass over `x`.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void weighted_product_into(weighted_product_result<typename Derived::Scalar>& result,
                           const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                           const column_stats<typename Derived::Scalar>& reference,
                           const weighted_product_options& options = {}) {
  constexpr const char* fn = "kam::weighted_product";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_method_reference(reference, criteria, fn);
  detail::weighted_product_checked(result, xd, criteria, &reference, options, fn);
}

/// Returns the weighted-product scores of `x`; see kam::weighted_product_into.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] weighted_product_result<typename Derived::Scalar> weighted_product(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const weighted_product_options& options = {}) {
  weighted_product_result<typename Derived::Scalar> r;
  weighted_product_into(r, x, criteria, options);
  return r;
}

/// Returns the weighted-product scores of `x` against `reference`; see kam::weighted_product_into.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] weighted_product_result<typename Derived::Scalar> weighted_product(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const column_stats<typename Derived::Scalar>& reference,
    const weighted_product_options& options = {}) {
  weighted_product_result<typename Derived::Scalar> r;
  weighted_product_into(r, x, criteria, reference, options);
  return r;
}

/// Computes TOPSIS (Hwang & Yoon 1981) for every account (row of `x`, columns in criteria order)
/// into `result`, reusing its storage (no allocation when it already holds as many accounts):
/// r_ij per `options.normalization` (vector by default), v_ij = w_j r_ij with the weights
/// normalised to sum 1, the ideal and anti-ideal points over `x` (best and worst v_ij per
/// criterion, by its direction), the Euclidean distances D+ and D- and the closeness
/// D- / (D+ + D-). Uses each criterion's weight and direction, not its `normalization` field.
/// Only the closeness, the two distances and the two points are stored: no N x K temporary.
///
/// Throws kam::shape_mismatch (columns), kam::empty_input (no rows), kam::non_finite_value (NaN or
/// infinity), kam::invalid_input (a negative value under vector normalisation), each naming the
/// criterion and the row. On an exception `result` is valid but unspecified. Complexity: two
/// passes over `x` (statistics, then distances).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void topsis_into(topsis_result<typename Derived::Scalar>& result,
                 const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                 const topsis_options& options = {}) {
  constexpr const char* fn = "kam::topsis";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  const auto stats = detail::topsis_reference(xd, criteria, options, fn);
  detail::topsis_checked(result, xd, criteria, stats, false, options, fn);
}

/// Computes TOPSIS of `x` against `reference`, the column statistics of the whole portfolio (e.g.
/// merged from chunks): the normalisation and the ideal and anti-ideal points come from the
/// reference, so scoring chunks against the merged statistics gives the same bits as scoring the
/// whole. A value outside the reference's [min, max] is a kam::out_of_bounds error naming the
/// criterion and the row. Throws as the other overload, and kam::shape_mismatch /
/// kam::empty_input for a reference that does not fit the criteria. Complexity: one pass.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void topsis_into(topsis_result<typename Derived::Scalar>& result,
                 const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                 const column_stats<typename Derived::Scalar>& reference,
                 const topsis_options& options = {}) {
  constexpr const char* fn = "kam::topsis";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_method_reference(reference, criteria, fn);
  detail::topsis_checked(result, xd, criteria, reference, true, options, fn);
}

/// Returns TOPSIS of every account of `x`; see kam::topsis_into.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] topsis_result<typename Derived::Scalar> topsis(const Eigen::MatrixBase<Derived>& x,
                                                             const criteria_set& criteria,
                                                             const topsis_options& options = {}) {
  topsis_result<typename Derived::Scalar> r;
  topsis_into(r, x, criteria, options);
  return r;
}

/// Returns TOPSIS of `x` against `reference`; see kam::topsis_into.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] topsis_result<typename Derived::Scalar> topsis(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const column_stats<typename Derived::Scalar>& reference, const topsis_options& options = {}) {
  topsis_result<typename Derived::Scalar> r;
  topsis_into(r, x, criteria, reference, options);
  return r;
}

}  // namespace kam
