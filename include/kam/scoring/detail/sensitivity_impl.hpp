// Not API. Definitions of kam/scoring/sensitivity.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/core/random.hpp>
#include <kam/scoring/sensitivity.hpp>
#include <optional>

namespace kam::detail {

KAM_INLINE void check_sensitivity_options(const sensitivity_options& o, const char* fn) {
  if (o.draws < 1 || o.draws > sensitivity_max_draws) {
    throw invalid_input({fn, "draws", std::nullopt},
                        detail::cat({"draws (", o.draws, ") must be in 1..", sensitivity_max_draws,
                                     " (sensitivity_max_draws)"}));
  }
  if (!is_enumerator(o.distribution) ||
      (o.distribution == weight_perturbation::dirichlet &&
       !(o.concentration > 0.0 && std::isfinite(o.concentration))) ||
      (o.distribution == weight_perturbation::lognormal &&
       !(o.sigma >= 0.0 && std::isfinite(o.sigma)))) {
    throw invalid_input({fn, "distribution", std::nullopt},
                        detail::cat({"needs a known distribution with a finite concentration > 0 "
                                     "(dirichlet) or sigma >= 0 (lognormal); got concentration ",
                                     o.concentration, ", sigma ", o.sigma}));
  }
}

/// Writes the perturbed weights of draw `draw` into `out` (summing to 1).
KAM_INLINE void perturb_weights(const Eigen::VectorXd& w, const sensitivity_options& o,
                                std::uint64_t draw, Eigen::VectorXd& out) {
  random_engine engine = random_stream(o.seed, draw);
  out.resize(w.size());
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    if (!(w(j) > 0.0)) {
      out(j) = 0.0;
    } else if (o.distribution == weight_perturbation::dirichlet) {
      out(j) = gamma_draw(engine, o.concentration * w(j));
    } else {
      out(j) = w(j) * std::exp(o.sigma * standard_normal(engine) - 0.5 * o.sigma * o.sigma);
    }
  }
  const double sum = out.sum();
  if (sum > 0.0) {
    out /= sum;
  } else {
    out = w;  // every gamma variate underflowed: keep the base weights for this draw
  }
}

}  // namespace kam::detail
