// The weighted product (WPM): one score per account, prod_j n_ij^{w_j}, computed in logs.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/method_checks.hpp>
#include <kam/scoring/detail/product_kernel.hpp>
#include <optional>

namespace kam {

// The weighted product uses each criterion's weight (normalised to sum 1) and direction, and
// normalises on its own: a criterion's `normalization` field (and its fixed-range bounds) belongs
// to the weighted sum and is not read here. Missing values are not supported: NaN and infinity
// are errors naming the criterion and the row.

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
  /// How each criterion is scaled before the product (max by default).
  product_normalization normalization = product_normalization::max;
  /// Threads to spread the accounts over, as kam::resolve_threads reads them (1: the calling
  /// thread only; 0: one per hardware thread), for the statistics and the scores. Results are the
  /// same, bit for bit, whatever the number, and so is the error reported for bad input: the
  /// accounts are cut into fixed segments of 65536 rows, as in score_options::threads.
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
  product_normalization normalization = product_normalization::max;  ///< the scaling used
  BOOST_DESCRIBE_CLASS(weighted_product_result, (), (scores, zero_scores, normalization), (), ())
};

namespace detail {

/// Scores `x` (shape checked, direct access) into `r` under `normalization`, normalising against
/// `ref` under product_normalization::max (and checking the values against it when given);
/// errors name `fn`.
template <typename X, typename Scalar>
void weighted_product_checked(weighted_product_result<Scalar>& r, const X& x,
                              const criteria_set& criteria, const column_stats<Scalar>* ref,
                              product_normalization normalization, unsigned threads,
                              const char* fn) {
  if (!is_enumerator(normalization)) {
    throw invalid_input({fn, "normalization", std::nullopt}, "not a product_normalization");
  }
  r.normalization = normalization;
  const auto* max_ref = normalization == product_normalization::max ? ref : nullptr;
  const auto terms = product_exponents(criteria, max_ref, fn);
  check_unweighted_values(x, criteria, terms, fn);
  r.scores.resize(x.rows());
  r.zero_scores = product_all(x, criteria, terms, max_ref, threads, r.scores.data(), fn);
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
/// overflows, naming the row), naming the criterion and the row; kam::out_of_bounds for threads
/// above kam::max_threads. On an exception `result` is valid but unspecified. Complexity: two
/// passes over `x` (statistics, then scores), one under `none`, plus one over each weight-0
/// column.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void weighted_product_into(weighted_product_result<typename Derived::Scalar>& result,
                           const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                           const weighted_product_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::weighted_product";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  const unsigned threads = resolve_threads(options.threads, fn);
  if (options.normalization == product_normalization::none) {
    const column_stats<Scalar>* no_reference = nullptr;  // raw values: nothing to normalise by
    detail::weighted_product_checked(result, xd, criteria, no_reference, options.normalization,
                                     threads, fn);
    return;
  }
  const auto stats = detail::product_reference(xd, criteria, threads, fn);
  detail::weighted_product_checked(result, xd, criteria, &stats, options.normalization, threads,
                                   fn);
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
  const unsigned threads = resolve_threads(options.threads, fn);
  detail::check_method_reference(reference, criteria, fn);
  detail::weighted_product_checked(result, xd, criteria, &reference, options.normalization, threads,
                                   fn);
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

}  // namespace kam
