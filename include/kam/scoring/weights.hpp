// Weight sources: direct, equal, rank-order centroid, standard deviation, entropy, CRITIC and AHP.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace kam {

/// Weights derived from data (standard deviation, entropy, CRITIC), one per criterion (column),
/// summing to 1, and the criteria that carried no information. Pass `weights` to
/// `criteria_set::with_weights`.
template <real_scalar Scalar>
struct derived_weights {
  vector_of<Scalar> weights;  ///< one per column, non-negative, summing to 1
  /// Columns whose values were all equal: they get weight 0 (they cannot tell accounts apart).
  std::vector<Eigen::Index> constant_criteria;
  BOOST_DESCRIBE_CLASS(derived_weights, (), (weights, constant_criteria), (), ())
};

namespace detail {

template <typename = void>
std::string column_name(Eigen::Index j) {
  return detail::cat("column ", j);
}

/// Throws for the first non-finite value of `x` (column by column, then row by row).
template <typename Derived>
void check_finite_matrix(const Eigen::MatrixBase<Derived>& x, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      if (!std::isfinite(x.coeff(i, j))) {
        throw non_finite_value({fn, column_name(j), i}, detail::cat("value is ", x.coeff(i, j)));
      }
    }
  }
}

template <typename Derived>
void check_data_matrix(const Eigen::MatrixBase<Derived>& x, Eigen::Index min_rows, const char* fn) {
  if (x.cols() == 0) throw empty_input({fn, "criteria", std::nullopt}, "no criteria (no columns)");
  if (x.rows() < min_rows) {
    throw empty_input({fn, "accounts", std::nullopt},
                      detail::cat("needs at least ", min_rows, " accounts (rows), got ", x.rows()));
  }
  check_finite_matrix(x, fn);
}

/// Returns `raw / sum(raw)`, or throws when every criterion is constant (nothing to weight by).
template <typename Scalar>
derived_weights<Scalar> finish_weights(vector_of<Scalar> raw, std::vector<Eigen::Index> constant,
                                       const char* fn) {
  const Scalar sum = raw.sum();
  if (!(sum > Scalar(0))) {
    throw invalid_input({fn, "x", std::nullopt},
                        "every criterion is constant: the data cannot tell the accounts apart, so "
                        "no criterion can be weighted above another");
  }
  return {raw / sum, std::move(constant)};
}

}  // namespace detail

/// Returns the direct weights `w` normalised to sum to 1 (the rule of criteria_set).
/// Throws kam::empty_input for no weights, kam::non_finite_value for NaN or infinity and
/// kam::invalid_input for a negative weight (each naming `weights[j]`) or when all are zero.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] vector_of<typename Derived::Scalar> direct_weights(
    const Eigen::MatrixBase<Derived>& w) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::direct_weights";
  if (w.size() == 0) throw empty_input({fn, "weights", std::nullopt}, "no weights");
  Scalar sum = 0;
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    const Scalar v = w.coeff(j);
    const std::string field = detail::cat("weights[", j, "]");
    if (!std::isfinite(v)) {
      throw non_finite_value({fn, field, std::nullopt}, detail::cat("weight is ", v));
    }
    if (v < Scalar(0)) {
      throw invalid_input({fn, field, std::nullopt}, detail::cat("weight ", v, " is negative"));
    }
    sum += v;
  }
  if (!(sum > Scalar(0)) || !std::isfinite(sum)) {
    throw invalid_input({fn, "weights", std::nullopt},
                        sum > Scalar(0) ? "weights overflow when summed"
                                        : "all weights are zero; at least one must be positive");
  }
  vector_of<Scalar> out(w.size());
  for (Eigen::Index j = 0; j < w.size(); ++j) out(j) = w.coeff(j) / sum;
  return out;
}

/// Returns `n` equal weights 1/n. Throws kam::empty_input for n < 1.
template <typename = void>
[[nodiscard]] Eigen::VectorXd equal_weights(Eigen::Index n) {
  if (n < 1) {
    throw empty_input({"kam::equal_weights", "n", std::nullopt},
                      detail::cat("needs at least one criterion, got n = ", n));
  }
  return Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
}

/// Returns the rank-order centroid weights of the positions 1..n (Barron & Barrett 1996):
/// w_k = (1/n) sum_{i=k..n} 1/i, most important first; n = 4 gives 0.520833, 0.270833, 0.145833,
/// 0.0625. Throws kam::empty_input for n < 1. Complexity: O(n).
template <typename = void>
[[nodiscard]] Eigen::VectorXd rank_order_centroid(Eigen::Index n) {
  if (n < 1) {
    throw empty_input({"kam::rank_order_centroid", "n", std::nullopt},
                      detail::cat("needs at least one criterion, got n = ", n));
  }
  Eigen::VectorXd w(n);
  double tail = 0.0;
  for (Eigen::Index k = n; k >= 1; --k) {
    tail += 1.0 / static_cast<double>(k);
    w(k - 1) = tail / static_cast<double>(n);
  }
  return w;
}

/// Returns rank-order centroid weights in criterion order from the importance rank of each
/// criterion (1 = most important; `ranks[j]` is criterion j's rank), as a sales meeting would rank
/// them. Tie rule: criteria with the same rank share equally the centroid weights of the positions
/// they occupy together (ranks {1, 2, 2, 4} give w1, (w2 + w3)/2 twice, w4), so the weights still
/// sum to 1. Throws kam::empty_input for no ranks and kam::out_of_bounds for a rank outside
/// [1, n] (naming `ranks[j]`).
template <typename = void>
[[nodiscard]] Eigen::VectorXd rank_order_centroid_weights(const index_vector& ranks) {
  constexpr const char* fn = "kam::rank_order_centroid_weights";
  const Eigen::Index n = ranks.size();
  if (n == 0) throw empty_input({fn, "ranks", std::nullopt}, "no ranks");
  for (Eigen::Index j = 0; j < n; ++j) {
    if (ranks(j) < 1 || ranks(j) > n) {
      throw out_of_bounds({fn, detail::cat("ranks[", j, "]"), std::nullopt},
                          detail::cat("rank ", ranks(j), " is outside [1, ", n, "]"));
    }
  }
  const Eigen::VectorXd position = rank_order_centroid(n);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return ranks(a) < ranks(b); });
  Eigen::VectorXd w(n);
  std::size_t p = 0;
  while (p < order.size()) {
    std::size_t q = p;
    double share = 0.0;
    while (q < order.size() && ranks(order[q]) == ranks(order[p])) {
      share += position(static_cast<Eigen::Index>(q));
      ++q;
    }
    share /= static_cast<double>(q - p);
    for (std::size_t r = p; r < q; ++r) w(order[r]) = share;
    p = q;
  }
  return w;
}

/// Returns standard-deviation weights from column statistics: w_j = sd_j / sum_k sd_k, with
/// sd_j = sqrt(M2_j / (count_j - ddof)). `ddof` is explicit because peers differ (scikit-criteria
/// and pymcdm use 1, numpy's default is 0); with complete data every column has the same count and
/// ddof does not change the weights. A column with sd 0 gets weight 0 and is listed as constant.
/// Standard deviations are in the criteria's own units: use this on normalised values (for example
/// kam::normalize's output) unless the criteria share one scale.
/// Throws kam::empty_input if a column has no more than `ddof` finite values, kam::invalid_input
/// for a negative ddof or when every column is constant.
template <real_scalar Scalar>
[[nodiscard]] derived_weights<Scalar> std_dev_weights(const column_stats<Scalar>& stats,
                                                      Eigen::Index ddof = 1) {
  constexpr const char* fn = "kam::std_dev_weights";
  if (ddof < 0) {
    throw invalid_input({fn, "ddof", std::nullopt}, detail::cat("ddof ", ddof, " is negative"));
  }
  if (stats.cols() == 0) throw empty_input({fn, "criteria", std::nullopt}, "no criteria");
  vector_of<Scalar> sd(stats.cols());
  std::vector<Eigen::Index> constant;
  for (Eigen::Index j = 0; j < stats.cols(); ++j) {
    if (stats.count(j) <= ddof) {
      throw empty_input(
          {fn, detail::column_name(j), std::nullopt},
          detail::cat("needs more than ddof = ", ddof, " finite values, has ", stats.count(j)));
    }
    sd(j) = std::sqrt(stats.m2(j) / static_cast<Scalar>(stats.count(j) - ddof));
    if (!(stats.max(j) > stats.min(j))) {
      sd(j) = Scalar(0);
      constant.push_back(j);
    }
  }
  return detail::finish_weights(std::move(sd), std::move(constant), fn);
}

/// Returns standard-deviation weights of the columns of `x` (rows are accounts); see the
/// column_stats overload. Throws kam::non_finite_value (naming the column and row) for NaN or
/// infinity, and as the other overload. Complexity: one pass over `x`.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> std_dev_weights(
    const Eigen::MatrixBase<Derived>& x, Eigen::Index ddof = 1) {
  using Scalar = typename Derived::Scalar;
  const auto stats = column_stats<Scalar>::of(x);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (stats.non_finite(j) > 0) detail::check_finite_matrix(x, "kam::std_dev_weights");
  }
  return std_dev_weights(stats, ddof);
}

/// Returns Shannon-entropy weights of the columns of `x` (rows are the m accounts). The variant:
/// proportions p_ij = x_ij / sum_i x_ij; entropy e_j = -(1 / ln m) sum_i p_ij ln p_ij with
/// 0 ln 0 = 0, so e_j is on [0, 1]; weights proportional to the divergence 1 - e_j. A column whose
/// values are all equal (all zero included) has e_j = 1 and weight 0, and is listed as constant.
/// (pymcdm sets e_j = 0 — the largest weight — for a column holding any zero; kam keeps 0 ln 0 =
/// 0.) Throws kam::empty_input for fewer than 2 accounts or no columns, kam::non_finite_value and
/// kam::invalid_input (a negative value: proportions need x >= 0) naming the column and the row,
/// kam::invalid_input when every column is constant. Complexity: two passes over `x`.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> entropy_weights(
    const Eigen::MatrixBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::entropy_weights";
  detail::check_data_matrix(x, 2, fn);
  const Scalar log_m = std::log(static_cast<Scalar>(x.rows()));
  vector_of<Scalar> divergence(x.cols());
  std::vector<Eigen::Index> constant;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    Scalar sum = 0;
    Scalar lo = std::numeric_limits<Scalar>::infinity();
    Scalar hi = -lo;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (v < Scalar(0)) {
        throw invalid_input({fn, detail::column_name(j), i},
                            detail::cat("value ", v, " is negative; entropy weights need x >= 0"));
      }
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (!(hi > lo)) {
      divergence(j) = Scalar(0);
      constant.push_back(j);
      continue;
    }
    Scalar h = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar p = x.coeff(i, j) / sum;
      if (p > Scalar(0)) h -= p * std::log(p);
    }
    divergence(j) = std::max(Scalar(0), Scalar(1) - h / log_m);
  }
  return detail::finish_weights(std::move(divergence), std::move(constant), fn);
}

/// Returns CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995) of the columns of `x`:
/// each column is mapped to [0, 1] by min-max with its direction (benefit (x - min)/(max - min),
/// cost (max - x)/(max - min), so 1 is always the best value, as in the paper); sd_j is the
/// standard deviation of the mapped column (ddof 1; ddof does not change the weights); r_jk the
/// Pearson correlation of mapped columns; C_j = sd_j sum_k (1 - r_jk); w_j = C_j / sum_k C_k.
/// A constant column has C_j = 0 (weight 0, listed as constant) and is left out of the other
/// columns' sums, where its correlation is undefined. Passing every direction as benefit gives
/// pymcdm's `critic_weights`, which ignores directions (it matters: inverting a column flips the
/// sign of its correlations). Throws kam::shape_mismatch if `directions` does not have one entry
/// per column, kam::empty_input for fewer than 2 accounts, kam::non_finite_value naming the
/// column and row, kam::invalid_input when every column is constant.
/// Complexity: O(N K^2) (a K x K correlation matrix), one N x K temporary.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> critic_weights(
    const Eigen::MatrixBase<Derived>& x, const std::vector<direction>& directions) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::critic_weights";
  if (static_cast<Eigen::Index>(directions.size()) != x.cols()) {
    throw shape_mismatch({fn, "directions", std::nullopt},
                         detail::cat(directions.size(), " directions for ", x.cols(), " columns"));
  }
  detail::check_data_matrix(x, 2, fn);
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  matrix_of<Scalar> centred(n, k);
  vector_of<Scalar> sd(k);
  std::vector<bool> is_constant(static_cast<std::size_t>(k), false);
  std::vector<Eigen::Index> constant;
  for (Eigen::Index j = 0; j < k; ++j) {
    const Scalar lo = x.col(j).minCoeff();
    const Scalar hi = x.col(j).maxCoeff();
    if (!(hi > lo)) {
      is_constant[static_cast<std::size_t>(j)] = true;
      constant.push_back(j);
      centred.col(j).setZero();
      sd(j) = 0;
      continue;
    }
    const bool cost = directions[static_cast<std::size_t>(j)] == direction::cost;
    for (Eigen::Index i = 0; i < n; ++i) {
      const Scalar r = (x.coeff(i, j) - lo) / (hi - lo);
      centred(i, j) = cost ? Scalar(1) - r : r;
    }
    centred.col(j).array() -= centred.col(j).mean();
    sd(j) = std::sqrt(centred.col(j).squaredNorm() / static_cast<Scalar>(n - 1));
  }
  const matrix_of<Scalar> gram = centred.transpose() * centred;
  vector_of<Scalar> information(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    information(j) = 0;
    if (is_constant[static_cast<std::size_t>(j)]) continue;
    Scalar conflict = 0;
    for (Eigen::Index m = 0; m < k; ++m) {
      if (is_constant[static_cast<std::size_t>(m)]) continue;
      const Scalar r = gram(j, m) / std::sqrt(gram(j, j) * gram(m, m));
      conflict += Scalar(1) - std::clamp(r, Scalar(-1), Scalar(1));
    }
    information(j) = sd(j) * conflict;
  }
  return detail::finish_weights(std::move(information), std::move(constant), fn);
}

/// Returns CRITIC weights using the directions of `criteria` (one criterion per column, in
/// order); see the overload taking directions.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> critic_weights(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria) {
  std::vector<direction> directions;
  directions.reserve(static_cast<std::size_t>(criteria.size()));
  for (const auto& c : criteria) directions.push_back(c.direction);
  return critic_weights(x, directions);
}

// ---------------------------------------------------------------------------------------------
// AHP

/// How AHP priorities are derived from a pairwise comparison matrix.
/// - `eigenvector` (default, Saaty): the principal right eigenvector, normalised to sum 1.
/// - `geometric_mean` (Crawford & Williams 1985): the geometric mean of each row, normalised.
/// Both give the exact weights for a consistent matrix (a_ij = w_i / w_j).
enum class ahp_method { eigenvector, geometric_mean };
BOOST_DESCRIBE_ENUM(ahp_method, eigenvector, geometric_mean)

/// Returns Saaty's random consistency index for n = 1..15 (DESIGN.md): 0, 0, .58, .90, 1.12,
/// 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59. Other tables differ (1.54 for
/// n = 12 elsewhere; Tummala & Ling's, used by pymcdm), which is why it is a parameter.
[[nodiscard]] inline std::vector<double> saaty_random_index() {
  return {0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
}

/// Options of kam::ahp.
struct ahp_options {
  ahp_method method = ahp_method::eigenvector;
  /// random_index[n - 1] is the random index for an n x n matrix; sizes beyond the table need
  /// a longer table.
  std::vector<double> random_index = saaty_random_index();
  /// A consistency ratio above this is flagged inconsistent (CR equal to it is consistent).
  double cr_threshold = 0.10;
  /// |a_ij a_ji - 1| must not exceed this: 0.05 accepts reciprocals typed to two decimals (0.33
  /// for 1/3, 0.14 for 1/7, 0.12 for 1/8) and still rejects a pair entered the same way twice.
  double reciprocal_tolerance = 0.05;
  /// Power-iteration limits for the principal eigenvector and lambda_max. The tolerance is on
  /// the L1 change of the normalised vector; below the scalar's precision it is raised to
  /// 8 n epsilon.
  Eigen::Index max_iterations = 1000;
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
  ahp_method method = ahp_method::eigenvector;
  BOOST_DESCRIBE_CLASS(ahp_result, (),
                       (weights, lambda_max, consistency_index, random_index, consistency_ratio,
                        consistent, converged, iterations, method),
                       (), ())
};

namespace detail {

template <typename Scalar>
void check_ahp_options(const ahp_options& o, Eigen::Index n, const char* fn) {
  if (!is_enumerator(o.method)) {
    throw invalid_input({fn, "method", std::nullopt}, "not an ahp_method");
  }
  if (!std::isfinite(o.cr_threshold) || o.cr_threshold < 0.0) {
    throw invalid_input({fn, "cr_threshold", std::nullopt},
                        detail::cat("cr_threshold ", o.cr_threshold, " must be finite and >= 0"));
  }
  if (!std::isfinite(o.reciprocal_tolerance) || o.reciprocal_tolerance < 0.0) {
    throw invalid_input(
        {fn, "reciprocal_tolerance", std::nullopt},
        detail::cat("reciprocal_tolerance ", o.reciprocal_tolerance, " must be finite and >= 0"));
  }
  if (o.max_iterations < 1 || !(o.tolerance >= 0.0)) {
    throw invalid_input({fn, "max_iterations", std::nullopt},
                        "max_iterations must be >= 1 and tolerance >= 0");
  }
  if (n >= 3) {
    if (static_cast<Eigen::Index>(o.random_index.size()) < n) {
      throw invalid_input({fn, "random_index", std::nullopt},
                          detail::cat("no random index for n = ", n,
                                      " (the table covers n <= ", o.random_index.size(),
                                      "); pass a longer table in ahp_options::random_index"));
    }
    const double ri = o.random_index[static_cast<std::size_t>(n - 1)];
    if (!std::isfinite(ri) || !(ri > 0.0)) {
      throw invalid_input({fn, "random_index", std::nullopt},
                          detail::cat("random index for n = ", n, " is ", ri, "; it must be > 0"));
    }
  }
}

template <typename Derived>
void check_pairwise(const Eigen::MatrixBase<Derived>& a, double tolerance, const char* fn,
                    const std::string& field) {
  using Scalar = typename Derived::Scalar;
  if (a.rows() != a.cols()) {
    throw shape_mismatch({fn, field, std::nullopt},
                         detail::cat("a pairwise comparison matrix must be square, got ", a.rows(),
                                     " x ", a.cols()));
  }
  if (a.rows() == 0) throw empty_input({fn, field, std::nullopt}, "no items to compare");
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      const Scalar v = a.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, field, i}, detail::cat("entry (", i, ", ", j, ") is ", v));
      }
      if (!(v > Scalar(0))) {
        throw invalid_input({fn, field, i}, detail::cat("entry (", i, ", ", j, ") is ", v,
                                                        "; pairwise comparisons must be positive"));
      }
    }
  }
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = i; j < a.cols(); ++j) {
      const double product =
          static_cast<double>(a.coeff(i, j)) * static_cast<double>(a.coeff(j, i));
      if (!(std::abs(product - 1.0) <= tolerance + 1e-12)) {
        throw invalid_input(
            {fn, field, i},
            i == j ? detail::cat("diagonal entry (", i, ", ", i, ") is ", a.coeff(i, i),
                                 "; it must be 1")
                   : detail::cat("entries (", i, ", ", j, ") = ", a.coeff(i, j), " and (", j, ", ",
                                 i, ") = ", a.coeff(j, i), " are not reciprocal (product ", product,
                                 ", tolerance ", tolerance, ")"));
      }
    }
  }
}

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
  detail::check_ahp_options<typename Derived::Scalar>(options, pairwise.rows(), fn);
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
        detail::cat(alternatives_pairwise.size(), " alternatives matrices for ", k, " criteria"));
  }
  detail::check_ahp_options<Scalar>(options, k, fn);
  const Eigen::Index m = alternatives_pairwise.front().rows();
  for (Eigen::Index j = 0; j < k; ++j) {
    const auto& a = alternatives_pairwise[static_cast<std::size_t>(j)];
    const std::string field = detail::cat("alternatives[", j, "]");
    if (a.rows() != m || a.cols() != m) {
      throw shape_mismatch(
          {fn, field, std::nullopt},
          detail::cat("is ", a.rows(), " x ", a.cols(), "; alternatives[0] is ", m, " x ", m));
    }
    detail::check_pairwise(a, options.reciprocal_tolerance, fn, field);
  }
  detail::check_ahp_options<Scalar>(options, m, fn);
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
