// Not API. Definitions of kam/plan/dates.hpp (compiled once in compiled mode).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
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

/// A proleptic Gregorian date with a year of any size.
struct civil_date {
  std::int64_t year;
  unsigned month, day;
};

/// Returns the date `z` days after 1970-01-01 for every int64 `z` (Hinnant's civil_from_days
/// on 400-year eras of 146097 days, the division first so nothing overflows): the conversion of
/// std::chrono::year_month_day is unspecified outside the years -32767 to 32767.
KAM_INLINE civil_date civil_from_days(std::int64_t z) {
  std::int64_t era = z / 146097, rem = z % 146097;
  if (rem < 0) {
    rem += 146097;
    --era;
  }
  rem += 719468;  // day 0 of the era counts from 0000-03-01
  era += rem / 146097;
  const std::int64_t doe = rem % 146097;                                           // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;  // [0, 11], March 0
  const auto day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
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
  const detail::civil_date ymd =
      detail::civil_from_days(static_cast<std::int64_t>(date.time_since_epoch().count()));
  const std::int64_t y = ymd.year;
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
  two(ymd.month);
  two(ymd.day);
  return out;
}

}  // namespace kam
