// Calendar dates of plans and objectives: ISO 8601 "YYYY-MM-DD" in and out, days between dates.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kam {

/// Returns the day written as the ISO 8601 calendar date `text`, "YYYY-MM-DD": exactly ten
/// characters, a year 0001-9999 and a day that exists (2024-02-29 does, 2023-02-29 does not).
/// kam never reads the clock: every function of kam/plan takes its as-of date as an argument.
/// Throws kam::invalid_input naming `function`, `field` and `row` for any other text.
[[nodiscard]] std::chrono::sys_days parse_date(std::string_view text, std::string_view field = {},
                                               std::optional<std::ptrdiff_t> row = std::nullopt,
                                               std::string_view function = "kam::parse_date");

/// Returns `date` as "YYYY-MM-DD" (years outside 0000-9999 as far as they need, with a sign), in
/// the proleptic Gregorian calendar for every day a sys_days can hold.
[[nodiscard]] std::string format_date(std::chrono::sys_days date);

/// Returns the number of days from `from` to `to` (negative when `to` is earlier).
[[nodiscard]] constexpr std::int64_t days_between(std::chrono::sys_days from,
                                                  std::chrono::sys_days to) noexcept {
  return static_cast<std::int64_t>((to - from).count());
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/dates_impl.hpp>
#endif
