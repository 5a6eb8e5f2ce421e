// libFuzzer harness: the rule parser (kam::parse_condition) on arbitrary bytes, then the parsed
// condition printed (kam::to_text) and parsed again. Every rejection must be a kam::error;
// anything else (another exception, a crash, a sanitizer report, a hang) is a finding, and a
// condition must come back from its own text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <kam/core/error.hpp>
#include <kam/segmentation/condition.hpp>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  kam::condition parsed;
  try {
    parsed = kam::parse_condition(text);
  } catch (const kam::error&) {
    return 0;
  }
  std::string printed;
  try {
    printed = kam::to_text(parsed);
  } catch (const kam::error&) {
    return 0;  // documented: groups nested deeper than kam::max_condition_depth
  }
  if (kam::to_text(kam::parse_condition(printed)) != printed) std::abort();
  return 0;
}
