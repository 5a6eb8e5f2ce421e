// Random numbers: one engine (std::mt19937_64) and kam's own, fully specified draws from it.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace kam {

/// The engine behind everything random in kam. The C++ standard fixes its output sequence
/// ([rand.predef]: the 10000th value of a default-constructed one is 9981545732273789042), and kam
/// maps its output to uniforms, normals and gammas itself (never through std:: distributions,
/// whose output differs between standard libraries), so the same seed gives the same results with
/// every compiler and standard library.
using random_engine = std::mt19937_64;

/// Returns the engine of stream `stream` under `seed` (a k-means restart, a sensitivity draw):
/// std::mt19937_64 seeded through std::seed_seq with the four 32-bit words seed mod 2^32,
/// seed / 2^32, stream mod 2^32, stream / 2^32 (std::seed_seq's mixing is fixed by the standard
/// too). Different streams of one seed are independent for every practical purpose.
[[nodiscard]] inline random_engine random_stream(std::uint64_t seed, std::uint64_t stream) {
  std::seed_seq words{
      static_cast<std::uint32_t>(seed & 0xFFFFFFFFU), static_cast<std::uint32_t>(seed >> 32),
      static_cast<std::uint32_t>(stream & 0xFFFFFFFFU), static_cast<std::uint32_t>(stream >> 32)};
  return random_engine(words);
}

/// Returns a uniform double on [0, 1): the top 53 bits of one draw times 2^-53.
[[nodiscard]] inline double uniform01(random_engine& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

/// Returns a standard normal draw: Box-Muller's cosine half, from two uniform01 draws u1, u2 as
/// sqrt(-2 ln(1 - u1)) cos(2 pi u2).
[[nodiscard]] inline double standard_normal(random_engine& engine) {
  const double u1 = 1.0 - uniform01(engine);  // (0, 1]: its logarithm is finite
  const double u2 = uniform01(engine);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

/// Returns a Gamma(shape, 1) draw (shape > 0): Marsaglia & Tsang (2000) for shape >= 1, and
/// Gamma(shape + 1) U^(1/shape) below 1. @pre shape > 0 and finite.
[[nodiscard]] inline double gamma_draw(random_engine& engine, double shape) {
  if (shape < 1.0) {
    const double u = 1.0 - uniform01(engine);
    return gamma_draw(engine, shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double z = standard_normal(engine);
    const double t = 1.0 + c * z;
    if (t <= 0.0) continue;
    const double v = t * t * t;
    const double u = 1.0 - uniform01(engine);
    if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
  }
}

}  // namespace kam
