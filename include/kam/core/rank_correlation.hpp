// Rank correlation: Spearman's rho and Kendall's tau-b of two rankings (or scores) of the same
// accounts.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace kam {

namespace detail {

/// Throws kam::shape_mismatch naming `fn` and `field` unless a rows x cols matrix is a vector.
void check_ranking_shape(Eigen::Index rows, Eigen::Index cols, const char* fn, const char* field);

/// Throws kam::non_finite_value naming `fn`, `field` and the row for the first NaN or infinity.
void check_ranking_finite(const std::vector<double>& v, const char* fn, const char* field);

/// Returns Spearman's rho of two finite rankings in double; throws for different sizes, fewer
/// than 2 entries or a constant ranking, as kam::spearman.
[[nodiscard]] double spearman_of(const std::vector<double>& a, const std::vector<double>& b,
                                 const char* fn);

/// Returns Kendall's tau-b of two finite rankings in double; throws as spearman_of.
[[nodiscard]] double kendall_tau_b_of(const std::vector<double>& a, const std::vector<double>& b,
                                      const char* fn);

/// Returns the values of the ranking `v` (a row or column vector) as doubles, validated: a vector
/// of finite values.
template <typename Derived>
std::vector<double> ranking_values(const Eigen::MatrixBase<Derived>& v, const char* fn,
                                   const char* field) {
  check_ranking_shape(v.rows(), v.cols(), fn, field);
  std::vector<double> out(static_cast<std::size_t>(v.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i)
    out[static_cast<std::size_t>(i)] = static_cast<double>(v.coeff(i));
  check_ranking_finite(out, fn, field);
  return out;
}

}  // namespace detail

/// Returns Spearman's rank correlation of two rankings (or scores) of the same accounts: the
/// Pearson correlation of their average ranks (ties share the mean of their positions, as
/// scipy.stats.spearmanr). Only the order matters, so ranks and scores can be mixed as long as
/// both say "higher is better" or both "lower is better". Accepts any arithmetic scalar (ranks are
/// integers). Throws kam::shape_mismatch (not vectors, or different sizes), kam::empty_input
/// (fewer than 2 entries), kam::non_finite_value (naming `a` or `b` and the row),
/// kam::invalid_input when a ranking is constant (the correlation is undefined).
/// Complexity: O(N log N).
template <typename A, typename B>
requires std::is_arithmetic_v<typename A::Scalar> && std::is_arithmetic_v<typename B::Scalar>
[[nodiscard]] double spearman(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
  constexpr const char* fn = "kam::spearman";
  const std::vector<double> x = detail::ranking_values(a, fn, "a");
  const std::vector<double> y = detail::ranking_values(b, fn, "b");
  return detail::spearman_of(x, y, fn);
}

/// Returns Kendall's tau-b of two rankings (or scores) of the same accounts:
/// (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)), n0 = N(N-1)/2 and n1, n2 the pairs tied
/// in `a` and in `b` (tau-b corrects for ties, as scipy.stats.kendalltau's default). Knight's
/// O(N log N) algorithm. Accepts any arithmetic scalar. Throws as kam::spearman.
template <typename A, typename B>
requires std::is_arithmetic_v<typename A::Scalar> && std::is_arithmetic_v<typename B::Scalar>
[[nodiscard]] double kendall_tau_b(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
  constexpr const char* fn = "kam::kendall_tau_b";
  const std::vector<double> x = detail::ranking_values(a, fn, "a");
  const std::vector<double> y = detail::ranking_values(b, fn, "b");
  return detail::kendall_tau_b_of(x, y, fn);
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/core/detail/rank_correlation_impl.hpp>
#endif
