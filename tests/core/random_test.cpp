// Tests of kam/core/random.hpp: the engine the standard specifies, kam's seeding and its draws.
#include <cmath>
#include <cstdint>
#include <kam/core/random.hpp>
#include <random>
#include <vector>

#include "catch.hpp"

TEST_CASE("random_engine: the standard's 10000th value of a default-constructed engine",
          "[random]") {
  // [rand.predef]/6: "The 10000th consecutive invocation of a default-constructed object of type
  // mt19937_64 shall produce the value 9981545732273789042."
  kam::random_engine g;
  for (int i = 1; i < 10000; ++i) (void)g();
  CHECK(g() == 9981545732273789042ULL);
}

TEST_CASE("random_stream: std::seed_seq over the seed's and the stream's 32-bit words",
          "[random]") {
  // The definition, spelled out: same words, same engine, same stream.
  const std::uint64_t seed = 0x0123456789ABCDEFULL;
  std::seed_seq words{0x89ABCDEFU, 0x01234567U, 5U, 0U};
  std::mt19937_64 expected(words);
  auto ours = kam::random_stream(seed, 5);
  for (int i = 0; i < 1000; ++i) CHECK(ours() == expected());
  // Streams of one seed differ, and so do seeds.
  CHECK(kam::random_stream(seed, 0)() != kam::random_stream(seed, 1)());
  CHECK(kam::random_stream(1, 0)() != kam::random_stream(2, 0)());
}

TEST_CASE("uniform01: the top 53 bits times 2^-53", "[random]") {
  kam::random_engine a(42);
  kam::random_engine b(42);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t bits = b() >> 11;
    const double u = kam::uniform01(a);
    CHECK(u == static_cast<double>(bits) / 9007199254740992.0);  // 2^53
    CHECK(u >= 0.0);
    CHECK(u < 1.0);
  }
}

TEST_CASE("standard_normal and gamma_draw: the moments of their distributions", "[random]") {
  // 200000 draws: the sample mean of N(0, 1) is within 5 standard errors (5 / sqrt(n) = 0.011)
  // of 0, the variance within 0.02 of 1; Gamma(k, 1) has mean k and variance k.
  auto g = kam::random_stream(7, 0);
  const int n = 200000;
  double s = 0;
  double s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = kam::standard_normal(g);
    s += z;
    s2 += z * z;
  }
  CHECK(std::abs(s / n) < 0.011);
  CHECK(std::abs(s2 / n - 1.0) < 0.02);
  for (const double k : {0.5, 2.0, 30.0}) {
    double m = 0;
    double m2 = 0;
    for (int i = 0; i < n; ++i) {
      const double x = kam::gamma_draw(g, k);
      CHECK(x >= 0.0);
      m += x;
      m2 += x * x;
    }
    m /= n;
    const double var = m2 / n - m * m;
    CHECK(std::abs(m - k) < 5.0 * std::sqrt(k / n));
    CHECK(std::abs(var / k - 1.0) < 0.05);
  }
}
