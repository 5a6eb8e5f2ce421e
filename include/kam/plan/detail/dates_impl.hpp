// Not API. Definitions of kam/plan/dates.hpp (compiled once in compiled mode).
#pragma once

#include <chrono>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kam {

namespace detail {

/// Returns the number written by the `count` digits of `text` from `at`, or -1 if one of them is
/// not a digit.
KAM_INLINE int date_digits(std::string_view text, std::size_t at, std::size_t count) {
  int v = 0;
  for (std::size_t k = at; k < at + count; ++k) {
    const char c = text[k];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace detail

KAM_INLINE std::chrono::sys_days parse_date(std::string_view text, std::string_view field,
                                            std::optional<std::ptrdiff_t> row,
                                            std::string_view function) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const int y = shaped ? detail::date_digits(text, 0, 4) : -1;
  const int m = shaped ? detail::date_digits(text, 5, 2) : -1;
  const int d = shaped ? detail::date_digits(text, 8, 2) : -1;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{m < 0 ? 0u : static_cast<unsigned>(m)},
                                        std::chrono::day{d < 0 ? 0u : static_cast<unsigned>(d)}};
  if (y < 1 || m < 0 || d < 0 || !ymd.ok()) {
    throw invalid_input({std::string(function), std::string(field), row},
                        detail::cat({"'", text, "' is not a date YYYY-MM-DD"}));
  }
  return std::chrono::sys_days{ymd};
}

KAM_INLINE std::string format_date(std::chrono::sys_days date) {
  const std::chrono::year_month_day ymd{date};
  const int y = static_cast<int>(ymd.year());
  std::string out;
  if (y < 0) out += '-';
  const std::string year = detail::cat({y < 0 ? -y : y});
  out.append(year.size() < 4 ? 4 - year.size() : 0, '0');
  out += year;
  const auto two = [&out](unsigned v) {
    out += '-';
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
  };
  two(static_cast<unsigned>(ymd.month()));
  two(static_cast<unsigned>(ymd.day()));
  return out;
}

}  // namespace kam
