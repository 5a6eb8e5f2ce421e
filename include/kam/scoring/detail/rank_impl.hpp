// Not API. Definitions of kam/scoring/rank.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/rank.hpp>
#include <optional>
#include <vector>

namespace kam {

KAM_INLINE std::vector<Eigen::Index> quotas_from_shares(Eigen::Index n,
                                                        const std::vector<double>& shares) {
  constexpr const char* fn = "kam::quotas_from_shares";
  if (n < 0) throw invalid_input({fn, "n", std::nullopt}, detail::cat({"n = ", n, " is negative"}));
  std::vector<Eigen::Index> out;
  double cumulative = 0.0;
  Eigen::Index placed = 0;
  for (std::size_t t = 0; t < shares.size(); ++t) {
    if (!std::isfinite(shares[t]) || shares[t] < 0.0) {
      throw invalid_input({fn, detail::cat({"shares[", t, "]"}), std::nullopt},
                          detail::cat({"share ", shares[t], " must be finite and >= 0"}));
    }
    cumulative += shares[t];
    if (cumulative > 1.0 + 1e-12) {
      throw invalid_input({fn, detail::cat({"shares[", t, "]"}), std::nullopt},
                          detail::cat({"shares add up to ", cumulative, " > 1"}));
    }
    // Clamped in double before the cast: n near INT64_MAX times a cumulative share of 1 (or a
    // hair above, within the tolerance) is not representable as an Eigen::Index.
    const double exact = std::floor(static_cast<double>(n) * cumulative + 0.5);
    const Eigen::Index end = exact >= static_cast<double>(n) ? n : static_cast<Eigen::Index>(exact);
    out.push_back(end - placed);
    placed = end;
  }
  return out;
}

}  // namespace kam
