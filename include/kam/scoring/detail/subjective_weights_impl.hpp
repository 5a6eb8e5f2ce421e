// Not API. Definitions of kam/scoring/subjective_weights.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace kam {

KAM_INLINE std::string detail::element_name(const char* field, Eigen::Index j) {
  return detail::cat(field, "[", j, "]");
}

KAM_INLINE Eigen::VectorXd equal_weights(Eigen::Index n) {
  if (n < 1) {
    throw empty_input({"kam::equal_weights", "n", std::nullopt},
                      detail::cat("needs at least one criterion, got n = ", n));
  }
  return Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
}

KAM_INLINE Eigen::VectorXd rank_order_centroid(Eigen::Index n) {
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

KAM_INLINE Eigen::VectorXd rank_order_centroid_weights(const index_vector& ranks) {
  constexpr const char* fn = "kam::rank_order_centroid_weights";
  const Eigen::Index n = ranks.size();
  if (n == 0) throw empty_input({fn, "ranks", std::nullopt}, "no ranks");
  for (Eigen::Index j = 0; j < n; ++j) {
    if (ranks(j) < 1 || ranks(j) > n) {
      throw out_of_bounds({fn, detail::element_name("ranks", j), std::nullopt},
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

}  // namespace kam
