// Not API. Definitions of kam/portfolio/maturity.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/maturity.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kam {

KAM_INLINE quadrant_guide maturity_guide(purchasing_stage stage) {
  const std::string source =
      "Paesbrugghe et al. (2017), Industrial Marketing Management; Reck & Long (1988)";
  switch (stage) {
    case purchasing_stage::passive:
      return {"price focus: purchasing is clerical and reactive, the user decides",
              "entertainer: rapport with the user, availability and a keen price", source};
    case purchasing_stage::independent:
      return {"cost focus: purchasing optimises its own function, total cost and process",
              "informer: facts, specifications and cost comparisons for the buyer", source};
    case purchasing_stage::supportive:
      return {
          "solution and innovation focus: purchasing supports the business's competitive "
          "strategy",
          "problem solver: solutions across functions, shown in the customer's own results",
          source};
    case purchasing_stage::integrative:
      return {
          "strategy focus: purchasing is part of corporate strategy and works with few "
          "strategic suppliers",
          "business partner: joint strategy, co-investment and executive alignment", source};
  }
  throw invalid_input(
      {"kam::maturity_guide", "stage", std::nullopt},
      detail::cat({"value ", static_cast<int>(stage), " is not a purchasing_stage"}));
}

KAM_INLINE criteria_set maturity_catalogue() {
  return criteria_set{benefit("purchasing_integration", 1).on_scale(1, 5),
                      benefit("cost_focus", 1).on_scale(1, 5),
                      benefit("supplier_orientation", 1).on_scale(1, 5),
                      benefit("cross_functional", 1).on_scale(1, 5),
                      benefit("performance_measurement", 1).on_scale(1, 5)};
}

namespace detail {

/// Throws unless the assessment scale, the stage edges and every dimension's scale are valid.
KAM_INLINE void check_maturity_config(const maturity_config& c, const char* fn) {
  if (!(std::isfinite(c.scale_low) && std::isfinite(c.scale_high) && c.scale_low < c.scale_high)) {
    throw invalid_input({fn, "scale", std::nullopt},
                        detail::cat({"the assessment scale needs finite low < high, got [",
                                     c.scale_low, ", ", c.scale_high, "]"}));
  }
  check_edges(c.stage_edges, c.scale_low, c.scale_high, false, fn, "stage_edges", "cut point",
              "assessment scale");
  for (const criterion& d : c.dimensions) {
    if (d.normalization != normalization::fixed_range || d.low != c.scale_low ||
        d.high != c.scale_high) {
      constexpr const char* rule =
          "an assessment dimension must be rated on the assessment scale [";
      throw invalid_input({fn, d.name, std::nullopt},
                          detail::cat({rule, c.scale_low, ", ", c.scale_high,
                                       "] (fixed_range); use criterion::on_scale"}));
    }
  }
}

/// Returns the configured dimensions in the order of the columns named `names`, after checking
/// that every column is a known dimension, none is repeated and none is missing.
KAM_INLINE criteria_set dimensions_in_column_order(const maturity_config& c,
                                                   const std::vector<std::string>& names,
                                                   const char* fn) {
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (!c.dimensions.find(names[j])) {
      throw unknown_name({fn, "dimensions", std::nullopt}, names[j], c.dimensions.names());
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (names[k] == names[j]) {
        throw duplicate_name({fn, names[j], std::nullopt},
                             detail::cat({"dimension given twice (columns ", k, " and ", j, ")"}));
      }
    }
  }
  for (const criterion& d : c.dimensions) {
    bool present = false;
    for (const auto& n : names) present = present || n == d.name;
    if (!present) {
      throw invalid_input({fn, d.name, std::nullopt},
                          detail::cat({"the assessment has no column for this dimension; columns: ",
                                       detail::quoted_list(names)}));
    }
  }
  return c.dimensions.select(names);
}

KAM_INLINE portfolio_axis maturity_axis(const maturity_config& config,
                                        const std::vector<std::string>& dimensions,
                                        Eigen::Index rows, Eigen::Index columns,
                                        const std::vector<seller_role>& served, const char* fn) {
  check_maturity_config(config, fn);
  if (static_cast<Eigen::Index>(dimensions.size()) != columns) {
    throw shape_mismatch(
        {fn, "dimensions", std::nullopt},
        detail::cat({dimensions.size(), " dimension names for ", columns, " columns"}));
  }
  portfolio_axis axis{dimensions_in_column_order(config, dimensions, fn), config.options};
  axis.options.scale = score_scale::unit;
  if (!served.empty() && static_cast<Eigen::Index>(served.size()) != rows) {
    throw shape_mismatch({fn, "served", std::nullopt},
                         detail::cat({served.size(), " served roles for ", rows, " accounts"}));
  }
  for (std::size_t i = 0; i < served.size(); ++i) {
    if (!is_enumerator(served[i])) {
      throw invalid_input({fn, "served", static_cast<std::ptrdiff_t>(i)},
                          "the served role is not a seller_role");
    }
  }
  return axis;
}

}  // namespace detail

KAM_INLINE void validate(const maturity_config& config) {
  detail::check_maturity_config(config, "kam::validate");
}

}  // namespace kam
