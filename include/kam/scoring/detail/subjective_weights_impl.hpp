// Not API. Definitions of kam/scoring/subjective_weights.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kam {

KAM_INLINE std::string detail::element_name(const char* field, Eigen::Index j) {
  return detail::cat({field, "[", j, "]"});
}

KAM_INLINE void detail::check_weight_count(Eigen::Index n, const char* fn) {
  if (n < 1) {
    throw empty_input({fn, "n", std::nullopt},
                      detail::cat({"needs at least one criterion, got n = ", n}));
  }
  if (n > max_generated_weights) {
    throw out_of_bounds({fn, "n", std::nullopt},
                        detail::cat({"n = ", n, "; at most max_generated_weights = ",
                                     max_generated_weights, " weights"}));
  }
}

KAM_INLINE Eigen::VectorXd equal_weights(Eigen::Index n) {
  detail::check_weight_count(n, "kam::equal_weights");
  return Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
}

KAM_INLINE Eigen::VectorXd rank_order_centroid(Eigen::Index n) {
  detail::check_weight_count(n, "kam::rank_order_centroid");
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
                          detail::cat({"rank ", ranks(j), " is outside [1, ", n, "]"}));
    }
  }
  // Criteria with rank r occupy the positions [first[r], first[r] + count[r]) of the importance
  // order (first[r]: how many criteria rank before r) and share their centroid weights equally.
  const Eigen::VectorXd position = rank_order_centroid(n);
  std::vector<Eigen::Index> count(static_cast<std::size_t>(n) + 1, 0);
  for (Eigen::Index j = 0; j < n; ++j) ++count[static_cast<std::size_t>(ranks(j))];
  std::vector<double> share(count.size(), 0.0);
  Eigen::Index first = 0;
  for (std::size_t r = 1; r < count.size(); ++r) {
    if (count[r] == 0) continue;
    double sum = 0.0;  // in position order, as the weights have always been summed
    for (Eigen::Index q = first; q < first + count[r]; ++q) sum += position(q);
    share[r] = sum / static_cast<double>(count[r]);
    first += count[r];
  }
  Eigen::VectorXd w(n);
  for (Eigen::Index j = 0; j < n; ++j) w(j) = share[static_cast<std::size_t>(ranks(j))];
  return w;
}

}  // namespace kam
