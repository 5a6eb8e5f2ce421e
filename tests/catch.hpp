// Catch2 shim: the v2 single header (Debian 12's catch2) or the v3 headers, whichever is present.
#pragma once

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

#include <sstream>
#include <string>

namespace kam_test {

/// Runs `f`, which must throw `E`; returns the message so a test can check it names the culprit.
template <typename E, typename F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  FAIL("expected an exception of the requested kam::error subtype");
  return {};
}

/// Returns `text` followed by `n` in decimal ("c" and 7 give "c7"). Appended rather than written
/// "c" + std::to_string(n): GCC 12 at -O3 warns falsely on that form (-Warray-bounds, GCC bug
/// 105329), which the release preset's warnings-as-errors would turn into a failed build.
inline std::string numbered(std::string text, long long n) {
  text += std::to_string(n);
  return text;
}

}  // namespace kam_test
