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

}  // namespace kam_test
