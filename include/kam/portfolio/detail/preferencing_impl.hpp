// Not API. Definitions of kam/portfolio/preferencing.hpp (compiled once in compiled mode).
#pragma once

#include <array>
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <optional>
#include <string>

namespace kam {

KAM_INLINE quadrant_guide preferencing_guide(preferencing_quadrant q) {
  const std::string source = "Steele & Court (1996), Profitable Purchasing Strategies";
  switch (q) {
    case preferencing_quadrant::core:
      return {
          "defended vigorously: priority service, senior attention, flexibility and joint "
          "development",
          "defend and deepen: keep the service promise, plan together, protect the margin "
          "through value rather than price",
          source};
    case preferencing_quadrant::development:
      return {"nurtured: the supplier invests to grow a small account with good prospects",
              "develop: invest in reach and offering to grow it into a core account", source};
    case preferencing_quadrant::exploitable:
      return {
          "milked: premium prices and low priority while the volume lasts, with little "
          "investment",
          "make it attractive or price for the effort, but do not neglect volume that matters "
          "to us",
          source};
    case preferencing_quadrant::nuisance:
      return {"given little attention: higher prices, low priority, or an exit",
              "serve at the lowest cost to serve, or exit with care", source};
  }
  throw invalid_input(
      {"kam::preferencing_guide", "quadrant", std::nullopt},
      detail::cat({"value ", static_cast<int>(q), " is not a preferencing_quadrant"}));
}

KAM_INLINE criteria_set attractiveness_catalogue() {
  return criteria_set{benefit("payment_reliability", 25).on_scale(1, 5), benefit("margin", 25),
                      benefit("ease_of_business", 20).on_scale(1, 5),
                      benefit("growth_potential", 20).on_scale(1, 5),
                      benefit("logo_value", 10).on_scale(1, 5)};
}

KAM_INLINE value_band value_band_of(double share, const std::array<double, 3>& edges) {
  constexpr const char* fn = "kam::value_band_of";
  detail::check_edges(edges, 0.0, 1.0, true, fn, "edges", "edge", "share scale");
  detail::check_value(share, 0.0, 1.0, fn, "share", "share scale");
  return static_cast<value_band>(detail::band_of(share, edges, 0.0));
}

namespace detail {

KAM_INLINE void check_preferencing_config(const preferencing_config& c, const char* fn) {
  check_cut(c.attractiveness.cut, c.attractiveness.options.scale, fn, "attractiveness_cut");
  check_edges(c.value_edges, 0.0, 1.0, true, fn, "value_edges", "edge", "share scale");
  if (!is_enumerator(c.high_value_from)) {
    throw invalid_input({fn, "high_value_from", std::nullopt}, "not a value_band");
  }
  if (c.our_revenue && !(std::isfinite(*c.our_revenue) && *c.our_revenue > 0.0)) {
    throw invalid_input(
        {fn, "our_revenue", std::nullopt},
        detail::cat({"our revenue must be finite and positive, got ", *c.our_revenue}));
  }
}

}  // namespace detail

}  // namespace kam
