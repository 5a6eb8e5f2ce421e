// The 64-bit Mersenne Twister and the seed sequence the C++ standard specifies, without <random>.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace kam::detail {

// Why not std::mt19937_64: <random> declares every engine and distribution of the standard
// library; including it costs about 5 % of the umbrella header's compile time, and kam needs one
// engine. These two classes follow the standard's definitions word for word ([rand.eng.mers],
// [rand.util.seedseq], [rand.predef]: mt19937_64 is mersenne_twister_engine<uint_fast64_t, 64,
// 312, 156, 31, 0xb5026f5aa96619e9, 29, 0x5555555555555555, 17, 0x71d67fffeda60000, 37,
// 0xfff7eee000000000, 43, 6364136223846793005>), so their output is the same bit for bit as
// std::mt19937_64 and std::seed_seq in every standard library; tests/core/mt19937_64_test.cpp
// checks that against <random> and against the standard's 10000th-value requirement.

/// std::seed_seq's generate() for a fixed list of 32-bit seeds ([rand.util.seedseq]).
class seed_sequence {
 public:
  seed_sequence(std::initializer_list<std::uint32_t> seeds) {
    for (const auto s : seeds) v_[size_++] = s;
  }

  /// Fills [first, first + n) with the standard's mixing of the seeds.
  void generate(std::uint32_t* b, std::size_t n) const {
    if (n == 0) return;
    for (std::size_t k = 0; k < n; ++k) b[k] = 0x8b8b8b8bU;
    const std::size_t t = n >= 623 ? 11 : n >= 68 ? 7 : n >= 39 ? 5 : n >= 7 ? 3 : (n - 1) / 2;
    const std::size_t p = (n - t) / 2;
    const std::size_t q = p + t;
    const std::size_t m = size_ + 1 > n ? size_ + 1 : n;
    const auto mix = [](std::uint32_t x) { return x ^ (x >> 27); };
    for (std::size_t k = 0; k < m; ++k) {
      const std::uint32_t r1 = 1664525U * mix(b[k % n] ^ b[(k + p) % n] ^ b[(k + n - 1) % n]);
      std::uint32_t r2 = r1;
      if (k == 0) {
        r2 += static_cast<std::uint32_t>(size_);
      } else if (k <= size_) {
        r2 += static_cast<std::uint32_t>(k % n) + v_[k - 1];
      } else {
        r2 += static_cast<std::uint32_t>(k % n);
      }
      b[(k + p) % n] += r1;
      b[(k + q) % n] += r2;
      b[k % n] = r2;
    }
    for (std::size_t k = m; k < m + n; ++k) {
      const std::uint32_t r3 = 1566083941U * mix(b[k % n] + b[(k + p) % n] + b[(k + n - 1) % n]);
      const std::uint32_t r4 = r3 - static_cast<std::uint32_t>(k % n);
      b[(k + p) % n] ^= r3;
      b[(k + q) % n] ^= r4;
      b[k % n] = r4;
    }
  }

 private:
  std::array<std::uint32_t, 8> v_{};  // kam seeds with at most four words
  std::size_t size_ = 0;
};

/// std::mt19937_64: the same constructors from an integer and from a seed sequence, and the same
/// output sequence.
class mt19937_64 {
 public:
  using result_type = std::uint64_t;
  static constexpr std::size_t state_size = 312;

  /// Seeds as std::mt19937_64(value) ([rand.eng.mers]/9).
  explicit mt19937_64(result_type value = 5489U) {
    x_[0] = value;
    for (std::size_t i = 1; i < state_size; ++i)
      x_[i] = 6364136223846793005ULL * (x_[i - 1] ^ (x_[i - 1] >> 62)) + i;
    i_ = state_size;
  }

  /// Seeds as std::mt19937_64(seq) ([rand.eng.mers]/10): 2 x 312 words from the sequence.
  explicit mt19937_64(const seed_sequence& seq) {
    std::array<std::uint32_t, 2 * state_size> a{};
    seq.generate(a.data(), a.size());
    bool zero = true;
    for (std::size_t i = 0; i < state_size; ++i) {
      x_[i] = a[2 * i] | (static_cast<std::uint64_t>(a[2 * i + 1]) << 32);
      zero = zero && (i == 0 ? (x_[0] & upper) == 0 : x_[i] == 0);
    }
    if (zero) x_[0] = 1ULL << 63;
    i_ = state_size;
  }

  /// Returns the next 64-bit value.
  result_type operator()() {
    if (i_ >= state_size) twist();
    std::uint64_t z = x_[i_++];
    z ^= (z >> 29) & 0x5555555555555555ULL;
    z ^= (z << 17) & 0x71d67fffeda60000ULL;
    z ^= (z << 37) & 0xfff7eee000000000ULL;
    z ^= z >> 43;
    return z;
  }

 private:
  static constexpr std::uint64_t upper = ~0ULL << 31;  // the top w - r = 33 bits
  static constexpr std::uint64_t lower = ~upper;

  void twist() {
    constexpr std::size_t n = state_size;
    constexpr std::size_t m = 156;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint64_t y = (x_[k] & upper) | (x_[(k + 1) % n] & lower);
      x_[k] = x_[(k + m) % n] ^ (y >> 1) ^ ((y & 1U) != 0 ? 0xb5026f5aa96619e9ULL : 0ULL);
    }
    i_ = 0;
  }

  std::array<std::uint64_t, state_size> x_{};
  std::size_t i_ = state_size;
};

}  // namespace kam::detail
