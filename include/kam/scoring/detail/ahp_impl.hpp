// Not API. Definitions of kam/scoring/ahp.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/ahp.hpp>
#include <optional>
#include <vector>

namespace kam {

KAM_INLINE std::vector<double> saaty_random_index() {
  return {0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
}

namespace detail {

KAM_INLINE void check_ahp_options(const ahp_options& o, Eigen::Index n, const char* fn) {
  if (!is_enumerator(o.method)) {
    throw invalid_input({fn, "method", std::nullopt}, "not an ahp_method");
  }
  if (!std::isfinite(o.cr_threshold) || o.cr_threshold < 0.0) {
    throw invalid_input({fn, "cr_threshold", std::nullopt},
                        detail::cat({"cr_threshold ", o.cr_threshold, " must be finite and >= 0"}));
  }
  if (!std::isfinite(o.reciprocal_tolerance) || o.reciprocal_tolerance < 0.0) {
    throw invalid_input(
        {fn, "reciprocal_tolerance", std::nullopt},
        detail::cat({"reciprocal_tolerance ", o.reciprocal_tolerance, " must be finite and >= 0"}));
  }
  if (o.max_iterations < 1 || o.max_iterations > ahp_max_iterations) {
    throw invalid_input({fn, "max_iterations", std::nullopt},
                        detail::cat({"max_iterations is ", o.max_iterations, "; it must be in 1..",
                                     ahp_max_iterations, " (ahp_max_iterations)"}));
  }
  if (!(o.tolerance >= 0.0)) {
    throw invalid_input({fn, "tolerance", std::nullopt},
                        detail::cat({"tolerance is ", o.tolerance, "; it must be >= 0"}));
  }
  if (n >= 3) {
    if (static_cast<Eigen::Index>(o.random_index.size()) < n) {
      throw invalid_input({fn, "random_index", std::nullopt},
                          detail::cat({"no random index for n = ", n,
                                       " (the table covers n <= ", o.random_index.size(),
                                       "); pass a longer table in ahp_options::random_index"}));
    }
    const double ri = o.random_index[static_cast<std::size_t>(n - 1)];
    if (!std::isfinite(ri) || !(ri > 0.0)) {
      throw invalid_input(
          {fn, "random_index", std::nullopt},
          detail::cat({"random index for n = ", n, " is ", ri, "; it must be > 0"}));
    }
  }
}

}  // namespace detail

}  // namespace kam
