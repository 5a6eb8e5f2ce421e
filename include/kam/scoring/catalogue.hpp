// The default catalogue of key-account selection criteria (a starting point, not a truth).
#pragma once

#include <kam/scoring/criteria.hpp>

namespace kam {

/// Returns the eight key-account selection criteria of DESIGN.md with starting weights that add
/// up to 100. The weights are a place to begin the discussion in a sales meeting, not a finding:
/// re-weight, drop and add criteria for your own business (criteria_set::reweighted, without,
/// with). Columns of the data must follow this order (or use criteria_set::select).
///
/// In order (name: meaning; direction, scale, weight):
/// - current_revenue: revenue with the account, last 12 months; benefit, percentile rank, 25
/// - growth_potential: room to grow the account (rating); benefit, fixed 1-5, 20
/// - cross_up_sell: likelihood of cross- and up-sell; benefit, fixed 0-1, 15
/// - win_expand: likelihood of winning now and expanding later; benefit, fixed 0-1, 10
/// - effort: effort needed to get traction (rating); cost, fixed 1-5, 10
/// - relationship_strength: strength of the relationship (rating); benefit, fixed 1-5, 10
/// - fit: fit of offer, culture and industry focus (rating); benefit, fixed 1-5, 5
/// - logo_value: reference value of the customer's name (rating); benefit, fixed 1-5, 5
///
/// Revenue uses percentile ranks because account revenue is heavy-tailed: under min-max one
/// giant account would squeeze everyone else towards 0.
[[nodiscard]] criteria_set selection_catalogue();

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/catalogue_impl.hpp>
#endif
