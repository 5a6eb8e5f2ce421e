// Subjective weight sources: weights stated directly, equal weights, and rank-order centroid
// weights from an importance ranking.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <string>

namespace kam {

/// The most weights kam::equal_weights and kam::rank_order_centroid generate (criteria come in
/// tens; this bounds the vector at 8 MB).
inline constexpr Eigen::Index max_generated_weights = 1'000'000;

namespace detail {

/// Returns the field name of element `j` of a list field: "weights[2]".
[[nodiscard]] std::string element_name(const char* field, Eigen::Index j);

/// Throws kam::empty_input for n < 1 and kam::out_of_bounds for n > max_generated_weights,
/// naming `fn` and 'n'.
void check_weight_count(Eigen::Index n, const char* fn);

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
    if (!std::isfinite(v)) {
      throw non_finite_value({fn, detail::element_name("weights", j), std::nullopt},
                             detail::cat({"weight is ", v}));
    }
    if (v < Scalar(0)) {
      throw invalid_input({fn, detail::element_name("weights", j), std::nullopt},
                          detail::cat({"weight ", v, " is negative"}));
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

/// Returns `n` equal weights 1/n. Throws kam::empty_input for n < 1 and kam::out_of_bounds for
/// n > kam::max_generated_weights.
[[nodiscard]] Eigen::VectorXd equal_weights(Eigen::Index n);

/// Returns the rank-order centroid weights of the positions 1..n (Barron & Barrett 1996):
/// w_k = (1/n) sum_{i=k..n} 1/i, most important first; n = 4 gives 0.520833, 0.270833, 0.145833,
/// 0.0625. Throws kam::empty_input for n < 1 and kam::out_of_bounds for
/// n > kam::max_generated_weights. Complexity: O(n).
[[nodiscard]] Eigen::VectorXd rank_order_centroid(Eigen::Index n);

/// Returns rank-order centroid weights in criterion order from the importance rank of each
/// criterion (1 = most important; `ranks[j]` is criterion j's rank), as a sales meeting would rank
/// them. Tie rule: criteria with the same rank share equally the centroid weights of the positions
/// they occupy together (ranks {1, 2, 2, 4} give w1, (w2 + w3)/2 twice, w4), so the weights still
/// sum to 1. Throws kam::empty_input for no ranks and kam::out_of_bounds for a rank outside
/// [1, n] (naming `ranks[j]`).
[[nodiscard]] Eigen::VectorXd rank_order_centroid_weights(const index_vector& ranks);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/subjective_weights_impl.hpp>
#endif
