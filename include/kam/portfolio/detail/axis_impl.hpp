// Not API. Definitions of kam/portfolio/axis.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/detail/axis.hpp>
#include <optional>
#include <span>
#include <string>

namespace kam {

namespace detail {

KAM_INLINE void check_cut(const axis_cut& cut, score_scale scale, const char* fn,
                          const std::string& field) {
  if (!is_enumerator(cut.basis) || !is_enumerator(cut.on_cut) || !is_enumerator(scale)) {
    throw invalid_input({fn, field, std::nullopt},
                        "cut basis, on-cut rule or score scale is not one of its enumerators");
  }
  if (cut.basis == cut_basis::fixed &&
      !(std::isfinite(cut.value) && cut.value >= 0.0 && cut.value <= scale_top(scale))) {
    throw out_of_bounds({fn, field, std::nullopt},
                        detail::cat({"cut point ", cut.value, " is outside the score scale [0, ",
                                     scale_top(scale), "]"}));
  }
}

KAM_INLINE void check_value(double v, double lo, double hi, const char* fn, const char* field,
                            const char* scale) {
  if (!std::isfinite(v)) throw non_finite_value({fn, field, std::nullopt}, detail::cat({"is ", v}));
  if (v < lo || v > hi) {
    throw out_of_bounds({fn, field, std::nullopt}, detail::cat({"value ", v, " is outside the ",
                                                                scale, " [", lo, ", ", hi, "]"}));
  }
}

KAM_INLINE void check_rule_and_scale(on_cut_rule rule, score_scale scale, const char* fn) {
  if (!is_enumerator(rule)) throw invalid_input({fn, "rule", std::nullopt}, "not an on_cut_rule");
  if (!is_enumerator(scale)) throw invalid_input({fn, "scale", std::nullopt}, "not a score_scale");
}

KAM_INLINE void check_edges(std::span<const double> edges, double lo, double hi, bool lo_open,
                            const char* fn, const char* field, const char* noun,
                            const char* scale) {
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const double v = edges[e];
    const error_site name{fn, field, std::nullopt, static_cast<std::ptrdiff_t>(e)};
    if (!std::isfinite(v)) throw non_finite_value(name, detail::cat({"is ", v}));
    if (!((lo_open ? v > lo : v >= lo) && v <= hi)) {
      throw out_of_bounds(name, detail::cat({noun, " ", v, " is outside the ", scale, " ",
                                             lo_open ? "(" : "[", lo, ", ", hi, "]"}));
    }
    if (e > 0 && !(v > edges[e - 1])) {
      throw invalid_input(
          name, detail::cat({"edges must strictly increase; got ", v, " after ", edges[e - 1]}));
    }
  }
}

}  // namespace detail

KAM_INLINE void validate(const axis_cut& cut, score_scale scale) {
  detail::check_cut(cut, scale, "kam::validate", "cut");
}

}  // namespace kam
