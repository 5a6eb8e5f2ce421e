// Tests of kam/core/detail/radix_sort.hpp: the order of doubles as unsigned keys, and a stable
// sort that agrees with std::stable_sort on the doubles themselves.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/radix_sort.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

using kam::detail::keyed_row;
using kam::detail::ordered_bits;

TEST_CASE("ordered_bits orders as the doubles do, -0 as 0", "[radix_sort]") {
  // Every adjacent pair of this increasing list must map to increasing keys (IEEE-754 order).
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> increasing{-inf,
                                       std::numeric_limits<double>::lowest(),
                                       -1e300,
                                       -2.5,
                                       -1,
                                       -std::numeric_limits<double>::denorm_min(),
                                       0,
                                       std::numeric_limits<double>::denorm_min(),
                                       std::numeric_limits<double>::min(),
                                       1,
                                       1 + std::numeric_limits<double>::epsilon(),
                                       1e300,
                                       std::numeric_limits<double>::max(),
                                       inf};
  for (std::size_t i = 0; i + 1 < increasing.size(); ++i) {
    INFO("between " << increasing[i] << " and " << increasing[i + 1]);
    CHECK(ordered_bits(increasing[i]) < ordered_bits(increasing[i + 1]));
  }
  CHECK(ordered_bits(-0.0) == ordered_bits(0.0));
}

TEST_CASE("radix_sort equals std::stable_sort of the doubles", "[radix_sort]") {
  // 5000 values from 37 distinct ones (ties, so stability shows), both signs, spread over
  // many binades so that every 11-bit digit varies; the rows record the input order.
  std::vector<double> values;
  for (int i = 0; i < 5000; ++i) {
    const int level = (i * 7919) % 37 - 18;
    values.push_back(level * (level % 2 == 0 ? 1e-5 : 3.25e7) + (level % 5 == 0 ? 0.5 : 0));
  }
  std::vector<keyed_row> items(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) items[i] = {ordered_bits(values[i]), i};
  kam::detail::radix_sort(items);
  std::vector<std::size_t> expected(values.size());
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  REQUIRE(items.size() == expected.size());
  for (std::size_t r = 0; r < items.size(); ++r) {
    INFO("position " << r);
    CHECK(items[r].row == expected[r]);
  }
  std::vector<keyed_row> none;
  kam::detail::radix_sort(none);
  CHECK(none.empty());
}

TEST_CASE("sort_values by radix equals std::sort bit for bit, -0 before 0", "[radix_sort]") {
  // Values over many binades, both signs, ties, both zeros and infinities: the result must hold
  // exactly the input's bits in std::sort's order, with -0 (equal to 0 for std::sort) first.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values{0.0, -0.0, inf, -inf, 1e-310, -1e-310};
  for (int i = 0; i < 3000; ++i) {
    const int level = (i * 7919) % 41 - 20;
    values.push_back(level * (level % 3 == 0 ? 1e-7 : 1.5e9) + (level % 4 == 0 ? 0.25 : 0));
  }
  values.push_back(-0.0);
  std::vector<double> expected = values;
  std::sort(expected.begin(), expected.end());
  kam::detail::sort_values(values, 0);  // the radix sort at any size
  REQUIRE(values.size() == expected.size());
  int negative_zeros = 0;
  bool positive_zero_seen = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO("position " << i);
    CHECK(values[i] == expected[i]);
    if (values[i] != 0.0) continue;
    if (std::signbit(values[i])) {
      CHECK_FALSE(positive_zero_seen);  // -0 before every 0
      ++negative_zeros;
    } else {
      positive_zero_seen = true;
    }
  }
  CHECK(negative_zeros == 2);  // both -0 kept as -0
  // float: the same order and bits through double.
  std::vector<float> f{2.5F, -1.0F, 0.0F, -0.0F, 3e-40F};
  kam::detail::sort_values(f, 0);
  CHECK(f == std::vector<float>{-1.0F, 0.0F, 0.0F, 3e-40F, 2.5F});
  CHECK(std::signbit(f[1]));
  CHECK_FALSE(std::signbit(f[2]));
}

TEST_CASE("sort_values sorts short lists by comparison", "[radix_sort]") {
  // Below the radix threshold (1024 by default) std::sort orders them: same order as above.
  std::vector<double> v{3, -1, 2.5, 1e-300, -7};
  kam::detail::sort_values(v);
  CHECK(v == std::vector<double>{-7, -1, 1e-300, 2.5, 3});
}
