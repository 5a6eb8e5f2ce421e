// Not API. A stable least-significant-digit radix sort of rows keyed by a double: a few passes
// over memory in order, where a comparison sort of a million rows makes twenty million
// comparisons that jump around.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kam::detail {

/// Returns an unsigned integer that orders as `v` does among doubles that are not NaN: the
/// IEEE-754 bits with the sign bit set for a positive number, all bits flipped for a negative
/// one. -0 and 0 give the same key.
inline std::uint64_t ordered_bits(double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v + 0.0);  // -0 + 0 is +0
  const std::uint64_t sign = std::uint64_t{1} << 63;
  return (bits & sign) != 0 ? ~bits : bits | sign;
}

/// A row of some table and the key it sorts by.
struct keyed_row {
  std::uint64_t key = 0;
  std::size_t row = 0;
};

/// Sorts `items` by key, rows with equal keys keeping their order. Six passes of 11-bit digits,
/// least significant first; a digit every key shares (the high bits of whole-month times, say)
/// costs one counting pass and no move. O(n) time, n extra items of memory.
inline void radix_sort(std::vector<keyed_row>& items) {
  constexpr int digit_bits = 11;
  constexpr std::uint64_t digit_mask = (std::uint64_t{1} << digit_bits) - 1;
  std::vector<keyed_row> buffer(items.size());
  for (int shift = 0; shift < 64; shift += digit_bits) {
    std::array<std::size_t, digit_mask + 1> next{};  // counts, then where each digit goes next
    for (const keyed_row& item : items) ++next[(item.key >> shift) & digit_mask];
    if (next[(items.empty() ? 0 : items[0].key >> shift) & digit_mask] == items.size()) continue;
    std::size_t start = 0;
    for (std::size_t& slot : next) {
      const std::size_t count = slot;
      slot = start;
      start += count;
    }
    for (const keyed_row& item : items) buffer[next[(item.key >> shift) & digit_mask]++] = item;
    items.swap(buffer);
  }
}

}  // namespace kam::detail
