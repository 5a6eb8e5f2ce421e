// Not API. Definitions of kam/retention/revenue_retention.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/revenue_retention.hpp>

namespace kam {

KAM_INLINE void validate(const retention_options& options, Eigen::Index periods) {
  constexpr const char* fn = "kam::validate";
  if (options.step < 1) {
    throw invalid_input({fn, "step"},
                        detail::cat({"step is ", options.step, "; it must be at least 1"}));
  }
  if (options.first < 0) {
    throw invalid_input({fn, "first"},
                        detail::cat({"first is ", options.first, "; it must be at least 0"}));
  }
  if (!is_enumerator(options.reactivation)) {
    throw invalid_input({fn, "reactivation"}, "not a reactivation_rule");
  }
  if (periods < 0) {
    throw invalid_input({fn, "periods"},
                        detail::cat({"periods is ", periods, "; it must be >= 0"}));
  }
  // (step >= periods - first rather than first + step >= periods: huge values must not overflow.)
  if (options.step >= periods - options.first) {
    throw invalid_input({fn, "periods"},
                        detail::cat({"no complete window: periods ", periods, ", first ",
                                     options.first, ", step ", options.step}));
  }
}

}  // namespace kam
