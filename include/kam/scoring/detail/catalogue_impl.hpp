// Not API. Definitions of kam/scoring/catalogue.hpp (compiled once in compiled mode).
#pragma once

#include <kam/core/detail/config.hpp>
#include <kam/scoring/catalogue.hpp>
#include <kam/scoring/criteria.hpp>

namespace kam {

KAM_INLINE criteria_set selection_catalogue() {
  return criteria_set{
      benefit("current_revenue", 25).normalized_by(normalization::percentile_rank),
      benefit("growth_potential", 20).on_scale(1, 5),
      benefit("cross_up_sell", 15).on_scale(0, 1),
      benefit("win_expand", 10).on_scale(0, 1),
      cost("effort", 10).on_scale(1, 5),
      benefit("relationship_strength", 10).on_scale(1, 5),
      benefit("fit", 5).on_scale(1, 5),
      benefit("logo_value", 5).on_scale(1, 5),
  };
}

}  // namespace kam
