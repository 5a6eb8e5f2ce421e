// Tests of kam/detail/mt19937_64.hpp: kam's copies of std::mt19937_64 and std::seed_seq give the
// same bits as the standard library's (the C++ standard fixes both algorithms).
#include <cstdint>
#include <kam/detail/mt19937_64.hpp>
#include <random>
#include <vector>

#include "catch.hpp"

TEST_CASE("mt19937_64: the standard's 10000th value of a default-constructed engine", "[rng]") {
  // [rand.predef]/6: "Required behavior: The 10000th consecutive invocation of a
  // default-constructed object of type mt19937_64 shall produce the value 9981545732273789042."
  kam::detail::mt19937_64 g;
  std::uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = g();
  CHECK(v == 9981545732273789042ULL);
}

TEST_CASE("mt19937_64: integer seeds give std::mt19937_64's stream", "[rng]") {
  // Reference: libstdc++'s std::mt19937_64 with the same seed, over two full state twists.
  for (const std::uint64_t seed : {0ULL, 1ULL, 5489ULL, 0x9E3779B97F4A7C15ULL, ~0ULL}) {
    kam::detail::mt19937_64 ours(seed);
    std::mt19937_64 theirs(seed);
    for (int i = 0; i < 700; ++i) REQUIRE(ours() == theirs());
  }
}

TEST_CASE("seed_sequence: seeds std::mt19937_64 as std::seed_seq does", "[rng]") {
  // Reference: std::seed_seq's generate() and std::mt19937_64(seq) from the standard library,
  // with 0 to 4 seed words (k-means seeds with 4: seed low, seed high, run low, run high).
  const std::vector<std::vector<std::uint32_t>> cases = {
      {}, {42}, {1, 2}, {0, 0, 0, 0}, {0xFFFFFFFFU, 0x12345678U, 7, 0}};
  for (const auto& words : cases) {
    std::seed_seq std_seq(words.begin(), words.end());
    std::vector<std::uint32_t> expected(624);
    std_seq.generate(expected.begin(), expected.end());

    kam::detail::seed_sequence ours_seq({});
    switch (words.size()) {
      case 0:
        ours_seq = kam::detail::seed_sequence({});
        break;
      case 1:
        ours_seq = kam::detail::seed_sequence({words[0]});
        break;
      case 2:
        ours_seq = kam::detail::seed_sequence({words[0], words[1]});
        break;
      default:
        ours_seq = kam::detail::seed_sequence({words[0], words[1], words[2], words[3]});
    }
    std::vector<std::uint32_t> got(624);
    ours_seq.generate(got.data(), got.size());
    REQUIRE(got == expected);

    // Short outputs take the other branches of the standard's t (n < 7, 39, 68, 623).
    for (const std::size_t n : {1U, 5U, 20U, 50U, 100U}) {
      std::vector<std::uint32_t> e(n);
      std::vector<std::uint32_t> g(n);
      std_seq.generate(e.begin(), e.end());
      ours_seq.generate(g.data(), n);
      REQUIRE(g == e);
    }

    std::mt19937_64 theirs(std_seq);
    kam::detail::mt19937_64 ours(ours_seq);
    for (int i = 0; i < 700; ++i) REQUIRE(ours() == theirs());
  }
}
