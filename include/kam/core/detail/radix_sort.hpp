// Not API. A stable least-significant-digit radix sort of rows keyed by a double: a few passes
// over memory in order, where a comparison sort of a million rows makes twenty million
// comparisons that jump around.
#pragma once

#include <algorithm>
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

/// Sorts `items` by key_of(item) (a std::uint64_t), items with equal keys keeping their order.
/// Six passes of 11-bit digits, least significant first; a digit every key shares (the high bits
/// of whole-month times, say) costs one counting pass and no move. O(n) time, n extra items of
/// memory.
template <typename Item, typename KeyOf>
void radix_sort_by(std::vector<Item>& items, KeyOf key_of) {
  constexpr int digit_bits = 11;
  constexpr std::uint64_t digit_mask = (std::uint64_t{1} << digit_bits) - 1;
  std::vector<Item> buffer(items.size());
  for (int shift = 0; shift < 64; shift += digit_bits) {
    std::array<std::size_t, digit_mask + 1> next{};  // counts, then where each digit goes next
    for (const Item& item : items) ++next[(key_of(item) >> shift) & digit_mask];
    if (next[(items.empty() ? 0 : key_of(items[0]) >> shift) & digit_mask] == items.size()) {
      continue;
    }
    std::size_t start = 0;
    for (std::size_t& slot : next) {
      const std::size_t count = slot;
      slot = start;
      start += count;
    }
    for (const Item& item : items) buffer[next[(key_of(item) >> shift) & digit_mask]++] = item;
    items.swap(buffer);
  }
}

/// Sorts `items` by key, rows with equal keys keeping their order (radix_sort_by).
inline void radix_sort(std::vector<keyed_row>& items) {
  radix_sort_by(items, [](const keyed_row& item) { return item.key; });
}

/// Returns an unsigned integer that orders as `v` does among doubles that are not NaN, -0 just
/// before 0, and from which the bits of `v` come back (value_of_sortable_bits).
inline std::uint64_t sortable_bits(double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  const std::uint64_t sign = std::uint64_t{1} << 63;
  return (bits & sign) != 0 ? ~bits : bits | sign;
}

/// Returns the double whose sortable_bits are `key`.
inline double value_of_sortable_bits(std::uint64_t key) {
  const std::uint64_t sign = std::uint64_t{1} << 63;
  return std::bit_cast<double>((key & sign) != 0 ? key & ~sign : ~key);
}

/// Sorts values that are not NaN ascending, as std::sort would: from `radix_from` values on by a
/// radix sort of their sortable bits (-0 before 0; a float or double comes back bit for bit),
/// below it by std::sort, whose few comparisons cost less than the radix sort's digit tables.
template <typename Scalar>
void sort_values(std::vector<Scalar>& values, std::size_t radix_from = 1024) {
  if (values.size() < radix_from) {
    std::sort(values.begin(), values.end());
    return;
  }
  std::vector<std::uint64_t> keys(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    keys[i] = sortable_bits(static_cast<double>(values[i]));
  }
  radix_sort_by(keys, [](std::uint64_t key) { return key; });
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<Scalar>(value_of_sortable_bits(keys[i]));
  }
}

}  // namespace kam::detail
