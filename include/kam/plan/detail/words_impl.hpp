// Not API. Definitions of kam/plan/detail/words.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <kam/core/detail/config.hpp>
#include <kam/core/detail/message.hpp>
#include <kam/plan/detail/words.hpp>
#include <string>

namespace kam::detail {

KAM_INLINE std::string plan_number(double v) {
  if (std::isnan(v)) return "nan";
  if (!std::isfinite(v) || v == 0) return cat({v == 0 ? 0.0 : v});
  // Decimals that keep 4 significant digits: 3 - floor(log10 |v|), none from 1000 up, at most 12.
  int decimals = 3 - static_cast<int>(std::floor(std::log10(std::abs(v))));
  decimals = decimals < 0 ? 0 : (decimals > 12 ? 12 : decimals);
  const double scale = std::pow(10.0, decimals);
  // An integer over a power of ten rounds to the double nearest the decimal, which prints short.
  const double r = std::round(v * scale) / scale;
  return cat({r == 0 ? 0.0 : r});
}

KAM_INLINE std::string signed_plan_number(double v) {
  std::string s = plan_number(v);
  if (s != "0" && s != "nan" && s.front() != '-') s.insert(s.begin(), '+');
  return s;
}

}  // namespace kam::detail
