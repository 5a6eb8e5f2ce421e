// Not API. Definitions of kam/portfolio/kraljic.hpp (compiled once in compiled mode).
#pragma once

#include <kam/core/detail/config.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <optional>
#include <string>

namespace kam {

KAM_INLINE quadrant_guide kraljic_guide(kraljic_quadrant q) {
  const std::string source = "Kraljic (1983), Purchasing must become supply management, HBR 61(5)";
  switch (q) {
    case kraljic_quadrant::strategic:
      return {
          "top management buys: accurate demand forecasting, market research, long-term supply "
          "relationships, make-or-buy decisions and contingency plans for the supply it cannot "
          "replace",
          "partner: executive sponsorship, joint planning and investment, a diamond team; "
          "never take the dependence for granted",
          source};
    case kraljic_quadrant::leverage:
      return {
          "exploits its full purchasing power: tenders, target pricing, volume pooling and "
          "switching to whoever is cheaper, since alternatives abound",
          "compete on total cost and efficiency, differentiate to become harder to replace; "
          "expect every renewal to be a tender",
          source};
    case kraljic_quadrant::bottleneck:
      return {
          "secures volume (at a premium if needed), controls its vendors, keeps safety stock "
          "and back-up plans",
          "assure supply and service, do not overexploit the lock-in, and widen the offering "
          "to matter more to their results",
          source};
    case kraljic_quadrant::non_critical:
      return {
          "buys efficiently at a low level: standardised products, efficient processing, "
          "optimised order volumes and stock, with little attention to us",
          "be easy and cheap to buy from (e-procurement, catalogues, low cost to serve); bundle "
          "to raise the impact we have",
          source};
  }
  throw invalid_input({"kam::kraljic_guide", "quadrant", std::nullopt},
                      detail::cat({"value ", static_cast<int>(q), " is not a kraljic_quadrant"}));
}

KAM_INLINE criteria_set profit_impact_catalogue() {
  return criteria_set{benefit("strategic_importance", 40).on_scale(1, 5),
                      benefit("share_of_their_cost", 30).on_scale(1, 5),
                      benefit("quality_impact", 30).on_scale(1, 5)};
}

KAM_INLINE criteria_set replaceability_catalogue() {
  return criteria_set{cost("alternative_suppliers", 40),
                      benefit("switching_cost", 35).on_scale(1, 5),
                      cost("substitutability", 25).on_scale(1, 5)};
}

}  // namespace kam
