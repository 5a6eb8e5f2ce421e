// The Analytic Hierarchy Process: priorities and consistency from pairwise comparisons, and
// the synthesis of a goal-criteria-alternatives hierarchy.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/detail/ahp_checks.hpp>
#include <limits>
#include <string>
#include <vector>

namespace kam {

/// How AHP priorities are derived from a pairwise comparison matrix.
/// - `eigenvector` (default, Saaty): the principal right eigenvector, normalised to sum 1.
/// - `geometric_mean` (Crawford & Williams 1985): the geometric mean of each row, normalised.
/// Both give the exact weights for a consistent matrix (a_ij = w_i / w_j).
enum class ahp_method { eigenvector, geometric_mean };
BOOST_DESCRIBE_ENUM(ahp_method, eigenvector, geometric_mean)

/// Returns Saaty's random consistency index for n = 1..15 (DESIGN.md): 0, 0, .58, .90, 1.12,
/// 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59. Other tables differ (1.54 for
/// n = 12 elsewhere; Tummala & Ling's, used by pymcdm), which is why it is a parameter.
[[nodiscard]] std::vector<double> saaty_random_index();

/// The most power iterations ahp_options::max_iterations may ask for (each costs O(n^2)).
inline constexpr Eigen::Index ahp_max_iterations = 1'000'000;

/// Options of kam::ahp.
struct ahp_options {
  ahp_method method = ahp_method::eigenvector;  ///< how the priorities are derived
  /// random_index[n - 1] is the random index for an n x n matrix; sizes beyond the table need
  /// a longer table.
  std::vector<double> random_index = saaty_random_index();
  /// A consistency ratio above this is flagged inconsistent (CR equal to it is consistent).
  double cr_threshold = 0.10;
  /// |a_ij a_ji - 1| must not exceed this: 0.05 accepts reciprocals typed to two decimals (0.33
  /// for 1/3, 0.14 for 1/7, 0.12 for 1/8) and still rejects a pair entered the same way twice.
  double reciprocal_tolerance = 0.05;
  /// Power-iteration limit for the principal eigenvector and lambda_max: 1..ahp_max_iterations.
  Eigen::Index max_iterations = 1000;
  /// Power-iteration tolerance on the L1 change of the normalised vector; below the scalar's
  /// precision it is raised to 8 n epsilon.
  double tolerance = 1e-12;
};
BOOST_DESCRIBE_STRUCT(ahp_options, (),
                      (method, random_index, cr_threshold, reciprocal_tolerance, max_iterations,
                       tolerance))

/// Priorities from one pairwise comparison matrix and its consistency.
template <real_scalar Scalar>
struct ahp_result {
  vector_of<Scalar> weights;  ///< priorities, summing to 1, in the matrix's order
  /// The principal eigenvalue (Perron root) of the matrix, whatever `method` derived the weights:
  /// the consistency index is defined on it.
  Scalar lambda_max = 0;
  Scalar consistency_index = 0;  ///< CI = (lambda_max - n) / (n - 1); 0 for n <= 2
  Scalar random_index = 0;       ///< the RI used (0 for n <= 2)
  Scalar consistency_ratio = 0;  ///< CR = CI / RI; 0 for n <= 2 (such matrices are consistent)
  bool consistent = true;        ///< CR <= options.cr_threshold
  bool converged = true;         ///< the power iteration met the tolerance
  Eigen::Index iterations = 0;   ///< power iterations used
  /// How `weights` were derived (the options' method).
  ahp_method method = ahp_method::eigenvector;
  BOOST_DESCRIBE_CLASS(ahp_result, (),
                       (weights, lambda_max, consistency_index, random_index, consistency_ratio,
                        consistent, converged, iterations, method),
                       (), ())
};

namespace detail {

/// Throws unless `o` is valid for an n x n matrix: known method, finite non-negative thresholds,
/// iteration limits, and a positive random index for n >= 3.
void check_ahp_options(const ahp_options& o, Eigen::Index n, const char* fn);

/// AHP on a validated matrix.
template <typename Derived>
ahp_result<typename Derived::Scalar> ahp_checked(const Eigen::MatrixBase<Derived>& a,
                                                 const ahp_options& o) {
  using Scalar = typename Derived::Scalar;
  const Eigen::Index n = a.rows();
  const matrix_of<Scalar> m = a;
  ahp_result<Scalar> r;
  r.method = o.method;
  // Power iteration from the uniform vector: the Perron root of a positive matrix is simple and
  // strictly dominant, so it converges; lambda = sum(A w) when sum(w) = 1.
  const Scalar tol =
      std::max(static_cast<Scalar>(o.tolerance),
               Scalar(8) * static_cast<Scalar>(n) * std::numeric_limits<Scalar>::epsilon());
  vector_of<Scalar> w = vector_of<Scalar>::Constant(n, Scalar(1) / static_cast<Scalar>(n));
  vector_of<Scalar> next(n);
  Scalar lambda = static_cast<Scalar>(n);
  r.converged = false;
  for (Eigen::Index it = 1; it <= o.max_iterations; ++it) {
    next.noalias() = m * w;
    lambda = next.sum();
    next /= lambda;
    const Scalar change = (next - w).cwiseAbs().sum();
    w.swap(next);
    r.iterations = it;
    if (change <= tol) {
      r.converged = true;
      break;
    }
  }
  r.lambda_max = lambda;
  if (o.method == ahp_method::eigenvector) {
    r.weights = w;
  } else {
    vector_of<Scalar> g(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      Scalar log_sum = 0;
      for (Eigen::Index j = 0; j < n; ++j) log_sum += std::log(m(i, j));
      g(i) = std::exp(log_sum / static_cast<Scalar>(n));
    }
    r.weights = g / g.sum();
  }
  if (n >= 3) {
    r.consistency_index =
        std::max(Scalar(0), (lambda - static_cast<Scalar>(n)) / static_cast<Scalar>(n - 1));
    r.random_index = static_cast<Scalar>(o.random_index[static_cast<std::size_t>(n - 1)]);
    r.consistency_ratio = r.consistency_index / r.random_index;
  }
  r.consistent = static_cast<double>(r.consistency_ratio) <= o.cr_threshold;
  return r;
}

}  // namespace detail

/// Returns AHP priorities of the items compared in `pairwise` (n x n; a_ij = how much more
/// important item i is than item j, on Saaty's 1-9 scale), with lambda_max, CI = (lambda_max - n)
/// / (n - 1), RI from `options.random_index` and CR = CI / RI. A matrix whose CR exceeds
/// `options.cr_threshold` is flagged `consistent = false` (a diagnostic, not an error); so is a
/// power iteration that did not converge (`converged = false`). For n <= 2 every reciprocal
/// matrix is consistent: CI = CR = 0. The matrix is used as given (no symmetrisation).
/// Throws kam::shape_mismatch (not square), kam::empty_input (0 x 0), kam::non_finite_value and
/// kam::invalid_input (an entry that is not positive, a pair that is not reciprocal within
/// `options.reciprocal_tolerance`; these name the row, the message the entry), kam::invalid_input
/// for n beyond the random-index table or bad options. Complexity: O(n^2) per iteration.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] ahp_result<typename Derived::Scalar> ahp(const Eigen::MatrixBase<Derived>& pairwise,
                                                       const ahp_options& options = {}) {
  constexpr const char* fn = "kam::ahp";
  detail::check_pairwise(pairwise, options.reciprocal_tolerance, fn, "pairwise");
  detail::check_ahp_options(options, pairwise.rows(), fn);
  return detail::ahp_checked(pairwise, options);
}

/// An AHP hierarchy: criteria weights, the local priorities of the alternatives under each
/// criterion, and the global priorities they synthesise to.
template <real_scalar Scalar>
struct ahp_hierarchy_result {
  ahp_result<Scalar> criteria;            ///< the criteria's weights and consistency
  std::vector<ahp_result<Scalar>> local;  ///< per criterion: the alternatives' local priorities
  matrix_of<Scalar> local_priorities;     ///< alternatives x criteria, column j = local[j].weights
  vector_of<Scalar> global;               ///< local_priorities * criteria.weights, summing to 1
  /// Which matrices have a CR above the threshold: -1 stands for the criteria matrix, j >= 0 for
  /// the alternatives' matrix under criterion j. Empty when all are consistent.
  std::vector<Eigen::Index> inconsistent;
  BOOST_DESCRIBE_CLASS(ahp_hierarchy_result, (),
                       (criteria, local, local_priorities, global, inconsistent), (), ())
};

/// Returns the synthesis of a three-level AHP hierarchy (goal, criteria, alternatives): the
/// criteria weights from `criteria_pairwise` (K x K), the local priorities of the m alternatives
/// from `alternatives_pairwise[j]` (m x m, one per criterion), and the global priorities
/// g_i = sum_j w_j l_ij (distributive synthesis, Saaty 1990). Throws kam::shape_mismatch if there
/// is not one alternatives matrix per criterion or their sizes differ, and as kam::ahp for each
/// matrix (the field names it: `criteria` or `alternatives[j]`).
template <typename Derived, typename Scalar = typename Derived::Scalar>
requires real_scalar<Scalar>
[[nodiscard]] ahp_hierarchy_result<Scalar> ahp_hierarchy(
    const Eigen::MatrixBase<Derived>& criteria_pairwise,
    const std::vector<matrix_of<Scalar>>& alternatives_pairwise, const ahp_options& options = {}) {
  constexpr const char* fn = "kam::ahp_hierarchy";
  detail::check_pairwise(criteria_pairwise, options.reciprocal_tolerance, fn, "criteria");
  const Eigen::Index k = criteria_pairwise.rows();
  if (static_cast<Eigen::Index>(alternatives_pairwise.size()) != k) {
    throw shape_mismatch(
        {fn, "alternatives", std::nullopt},
        detail::cat({alternatives_pairwise.size(), " alternatives matrices for ", k, " criteria"}));
  }
  detail::check_ahp_options(options, k, fn);
  const Eigen::Index m = alternatives_pairwise.front().rows();
  for (Eigen::Index j = 0; j < k; ++j) {
    const auto& a = alternatives_pairwise[static_cast<std::size_t>(j)];
    const std::string field = detail::cat({"alternatives[", j, "]"});
    if (a.rows() != m || a.cols() != m) {
      throw shape_mismatch(
          {fn, field, std::nullopt},
          detail::cat({"is ", a.rows(), " x ", a.cols(), "; alternatives[0] is ", m, " x ", m}));
    }
    detail::check_pairwise(a, options.reciprocal_tolerance, fn, field);
  }
  detail::check_ahp_options(options, m, fn);
  ahp_hierarchy_result<Scalar> out;
  out.criteria = detail::ahp_checked(criteria_pairwise, options);
  if (!out.criteria.consistent) out.inconsistent.push_back(-1);
  out.local_priorities.resize(m, k);
  for (Eigen::Index j = 0; j < k; ++j) {
    out.local.push_back(
        detail::ahp_checked(alternatives_pairwise[static_cast<std::size_t>(j)], options));
    out.local_priorities.col(j) = out.local.back().weights;
    if (!out.local.back().consistent) out.inconsistent.push_back(j);
  }
  out.global = out.local_priorities * out.criteria.weights;
  return out;
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/ahp_impl.hpp>
#endif
