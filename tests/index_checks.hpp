// Test helper for kam's checked index accessors (#20): what an index outside the range throws.
#pragma once

#include <cstddef>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "catch.hpp"

namespace kam_test {

/// The indices every accessor test tries beside the valid ones: negative, one past the end
/// (`size`), and huge (the largest and smallest std::ptrdiff_t).
inline constexpr std::ptrdiff_t huge_index = std::numeric_limits<std::ptrdiff_t>::max();
inline constexpr std::ptrdiff_t most_negative_index = std::numeric_limits<std::ptrdiff_t>::min();

/// Checks that `f` throws kam::out_of_bounds (so also std::out_of_range and kam::error) whose
/// function() is `fn`, field() is `field`, row() is `index` for an account index (`row`) and
/// nothing otherwise, and whose message starts with "<fn>: '<field>'" and says
/// "<index> is outside <range>" (e.g. range "[0, 3)").
template <typename F>
void check_index_error(F&& f, const std::string& fn, const std::string& field, std::ptrdiff_t index,
                       const std::string& range, bool row = false) {
  try {
    f();
  } catch (const kam::out_of_bounds& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(e.function() == fn);
    CHECK(e.field() == field);
    CHECK(e.row() == (row ? std::optional<std::ptrdiff_t>(index) : std::nullopt));
    CHECK(what.rfind(fn + ": '" + field + "'", 0) == 0);
    CHECK(what.find(std::to_string(index) + " is outside " + range) != std::string::npos);
    const std::out_of_range& standard = e;  // catchable as the standard exception too
    CHECK(std::string(standard.what()) == what);
    return;
  }
  FAIL("expected kam::out_of_bounds from " << fn << " for " << field << " = " << index);
}

}  // namespace kam_test
