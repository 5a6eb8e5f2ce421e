// Not API. TOPSIS's kernel: the squared distances to the ideal and anti-ideal points per block
// of accounts (packed rows read in place), exact square roots, the closeness, and the walk over
// fixed segments of accounts on one thread or several.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/method_checks.hpp>
#include <kam/scoring/detail/mul_add.hpp>
#include <kam/scoring/detail/packed_rows.hpp>
#include <optional>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// Validates what only a scan of `x` finds for TOPSIS fitted on `x` itself; returns the
/// statistics (the reference). `vector_normalization`: negative values are errors.
template <typename X>
column_stats<typename X::Scalar> topsis_reference(const X& xd, const criteria_set& criteria,
                                                  bool vector_normalization, unsigned threads,
                                                  const char* fn) {
  using Scalar = typename X::Scalar;
  auto stats = column_stats<Scalar>::of(xd, threads);
  check_finite_values(xd, stats, criteria, fn);
  if (!vector_normalization) return stats;
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    if (!(stats.min(j) < Scalar(0))) continue;
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      if (xd.coeff(i, j) < Scalar(0)) {
        throw invalid_input({fn, criteria[j].name, i},
                            detail::cat({"value ", xd.coeff(i, j),
                                         " is negative; vector normalisation needs values >= 0 "
                                         "(use topsis_normalization::min_max)"}));
      }
    }
  }
  return stats;
}

/// Replaces a[0 .. n) by its square roots, correctly rounded: the same bits as std::sqrt. A loop
/// of std::sqrt is not vectorised while std::sqrt may set errno (GCC's and Clang's default on
/// Linux), and Eigen's vectorised sqrt is an approximation under EIGEN_FAST_MATH (its default);
/// the IEEE square-root instructions are exact, so they are called directly where Eigen has
/// enabled them (and included their header), and std::sqrt does the rest.
template <typename Scalar>
void sqrt_in_place(Scalar* a, Eigen::Index n) {
  Eigen::Index i = 0;
#if defined(EIGEN_VECTORIZE_AVX512)
  if constexpr (std::is_same_v<Scalar, double>) {
    for (; n - i >= 8; i += 8) _mm512_storeu_pd(a + i, _mm512_sqrt_pd(_mm512_loadu_pd(a + i)));
  } else if constexpr (std::is_same_v<Scalar, float>) {
    for (; n - i >= 16; i += 16) _mm512_storeu_ps(a + i, _mm512_sqrt_ps(_mm512_loadu_ps(a + i)));
  }
#elif defined(EIGEN_VECTORIZE_AVX)
  if constexpr (std::is_same_v<Scalar, double>) {
    for (; n - i >= 4; i += 4) _mm256_storeu_pd(a + i, _mm256_sqrt_pd(_mm256_loadu_pd(a + i)));
  } else if constexpr (std::is_same_v<Scalar, float>) {
    for (; n - i >= 8; i += 8) _mm256_storeu_ps(a + i, _mm256_sqrt_ps(_mm256_loadu_ps(a + i)));
  }
#elif defined(EIGEN_VECTORIZE_SSE2)
  if constexpr (std::is_same_v<Scalar, double>) {
    for (; n - i >= 2; i += 2) _mm_storeu_pd(a + i, _mm_sqrt_pd(_mm_loadu_pd(a + i)));
  } else if constexpr (std::is_same_v<Scalar, float>) {
    for (; n - i >= 4; i += 4) _mm_storeu_ps(a + i, _mm_sqrt_ps(_mm_loadu_ps(a + i)));
  }
#endif
  for (; i < n; ++i) a[i] = std::sqrt(a[i]);
}

/// The second pass of TOPSIS over blocks of accounts. Per criterion v = a x + b; the squared
/// distances add (a x + c)^2 with c = b - ideal (`c_ideal`) and c = b - anti-ideal (`c_anti`).
/// Every account goes through the same operations in the same order whatever block, segment or
/// thread it falls in, so the results do not depend on the thread count or the layout.
template <typename Scalar>
struct topsis_kernel {
  const Scalar* a;
  const Scalar* c_ideal;
  const Scalar* c_anti;
  Eigen::Index k;
  Scalar* distance_to_ideal;
  Scalar* distance_to_anti_ideal;
  Scalar* closeness;

  /// Sets p[b] and m[b] to D+^2 and D-^2 of the block whose column j is col[j][0 .. rows).
  /// Groups of `lanes` accounts keep their sums in registers over all the criteria (eight
  /// independent chains of fused multiply-adds for double under AVX-512), reading the columns
  /// side by side; the last rows % lanes accounts go column by column. Both do the same
  /// operations per account. (Column by column over the whole block, the sums went to L2 and
  /// back once per criterion: 10^7 x 8 doubles took 90 ms instead of 75.)
  void squares(const Scalar* const* col, Eigen::Index rows, Scalar* p, Scalar* m) const {
    constexpr std::size_t lane_count = 128 / sizeof(Scalar);
    constexpr auto lanes = static_cast<Eigen::Index>(lane_count);
    Eigen::Index first = 0;
    for (; rows - first >= lanes; first += lanes) {
      Scalar pl[lane_count] = {};
      Scalar ml[lane_count] = {};
      for (Eigen::Index j = 0; j < k; ++j) {
        const Scalar aj = a[j];
        const Scalar ci = c_ideal[j];
        const Scalar ca = c_anti[j];
        const Scalar* cj = col[j] + first;
        for (Eigen::Index l = 0; l < lanes; ++l) {
          const Scalar u = mul_add(aj, cj[l], ci);
          const Scalar t = mul_add(aj, cj[l], ca);
          pl[l] = mul_add(u, u, pl[l]);
          ml[l] = mul_add(t, t, ml[l]);
        }
      }
      std::copy_n(pl, lanes, p + first);
      std::copy_n(ml, lanes, m + first);
    }
    std::fill(p + first, p + rows, Scalar(0));
    std::fill(m + first, m + rows, Scalar(0));
    for (Eigen::Index j = 0; j < k; ++j) {
      const Scalar aj = a[j];
      const Scalar ci = c_ideal[j];
      const Scalar ca = c_anti[j];
      const Scalar* cj = col[j];
      for (Eigen::Index b = first; b < rows; ++b) {
        const Scalar u = mul_add(aj, cj[b], ci);
        const Scalar t = mul_add(aj, cj[b], ca);
        p[b] = mul_add(u, u, p[b]);
        m[b] = mul_add(t, t, m[b]);
      }
    }
  }

  /// Sets p[b] and m[b] like `squares` for `rows` accounts stored as packed rows of K values from
  /// `x`: the same operations in the same order (criteria 0 .. K-1), so the same bits. With K
  /// known, the compiler vectorises across accounts, de-interleaving the rows in registers.
  template <std::size_t K>
  void squares_of_rows(const Scalar* x, Eigen::Index rows, Scalar* p, Scalar* m) const {
    Scalar aj[K];
    Scalar ci[K];
    Scalar ca[K];
    std::copy_n(a, K, aj);
    std::copy_n(c_ideal, K, ci);
    std::copy_n(c_anti, K, ca);
    constexpr auto stride = static_cast<Eigen::Index>(K);
    for (Eigen::Index b = 0; b < rows; ++b) {
      const Scalar* row = x + b * stride;
      Scalar pb = 0;
      Scalar mb = 0;
      // Unrolled for the vectoriser, as in score_packed_rows.
#if defined(__GNUC__)
#pragma GCC unroll 16
#endif
      for (std::size_t j = 0; j < K; ++j) {
        const Scalar u = mul_add(aj[j], row[j], ci[j]);
        const Scalar t = mul_add(aj[j], row[j], ca[j]);
        pb = mul_add(u, u, pb);
        mb = mul_add(t, t, mb);
      }
      p[b] = pb;
      m[b] = mb;
    }
  }

  /// Replaces p and m by D+ and D-, stores them and the closeness of accounts [first, first +
  /// rows); returns false if a distance is not finite.
  bool finish(Eigen::Index first, Eigen::Index rows, Scalar* p, Scalar* m) const {
    sqrt_in_place(p, rows);
    sqrt_in_place(m, rows);
    Scalar* dp = distance_to_ideal + first;
    Scalar* dm = distance_to_anti_ideal + first;
    Scalar* cl = closeness + first;
    // Counted, not and-ed into a bool: GCC 12 vectorises an integer sum here, not a bool and.
    Eigen::Index non_finite = 0;
    for (Eigen::Index b = 0; b < rows; ++b) {
      const Scalar dplus = p[b];
      const Scalar dminus = m[b];
      const Scalar d = dplus + dminus;
      non_finite += d - d == Scalar(0) ? 0 : 1;  // d - d is NaN for an infinite or NaN d
      dp[b] = dplus;
      dm[b] = dminus;
      cl[b] = d > Scalar(0) ? dminus / d : Scalar(0.5);
    }
    return non_finite == 0;
  }
};

/// Finds why the distances of account `i` are not finite and throws the matching kam::error.
template <typename X>
[[noreturn]] void explain_topsis(const X& x, Eigen::Index i, const criteria_set& criteria,
                                 const char* fn) {
  using Scalar = typename X::Scalar;
  find_in_row(
      x, i, [](Eigen::Index, Scalar v) { return !std::isfinite(v); },
      [&](Eigen::Index j, Scalar v) { throw_non_finite(fn, criteria[j].name, i, v); });
  throw invalid_input({fn, "", i}, "the distances are not finite (values too large to combine)");
}

/// Computes the distances and the closeness of every account of `x` with `kernel`, segment by
/// segment on up to `threads` threads (resolved); when `check_range`, throws for a value outside
/// the reference `ref`. Errors are those of the first account, in row order, that fails.
template <typename X, typename Scalar>
void topsis_distances(const X& x, const topsis_kernel<Scalar>& kernel, const criteria_set& criteria,
                      const column_stats<Scalar>& ref, bool check_range, unsigned threads,
                      const char* fn) {
  const Eigen::Index k = packed_width(x);
  for_each_row_segment(x.rows(), threads, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
    // Accumulators on the stack: the compiler knows they do not alias `x` and vectorises the
    // loops. Blocks as kam::score walks them (in place for contiguous columns, copied for
    // row-major), so each inner loop reads one contiguous column; the arithmetic per account is
    // the same either way, and the same whatever segment or thread the account falls in.
    Scalar p[contiguous_block_rows];
    Scalar m[contiguous_block_rows];
    // `in_range`: the block is known to be within the reference (no need to look again).
    const auto finish = [&](Eigen::Index first, Eigen::Index rows, bool in_range) {
      if (!kernel.finish(first, rows, p, m)) {
        for (Eigen::Index b = 0; b < rows; ++b) {
          if (!std::isfinite(p[b] + m[b])) explain_topsis(x, first + b, criteria, fn);
        }
      }
      if (check_range && !in_range) check_in_reference(x, ref, criteria, first, rows, fn);
    };
    if constexpr (rows_contiguous<X>()) {
      // Packed rows with a kernel of their own (numpy's C order, CSV readers): read in place.
      const bool in_place = with_packed_width(k, [&](auto width) {
        constexpr std::size_t packed_width = decltype(width)::value;
        for (Eigen::Index first = begin; first < end; first += block_rows) {
          const Eigen::Index rows = std::min(block_rows, end - first);
          const Scalar* block = x.data() + first * k;
          kernel.template squares_of_rows<packed_width>(block, rows, p, m);
          finish(first, rows, check_range && packed_rows_within<packed_width>(block, rows, ref));
        }
      });
      if (in_place) return;
    }
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols;
    for_each_block(x, begin, end, scratch, cols,
                   [&](Eigen::Index first, Eigen::Index rows, const Scalar* const* col) {
                     kernel.squares(col, rows, p, m);
                     finish(first, rows, check_range && columns_within(col, 0, rows, ref));
                   });
  });
}

}  // namespace kam::detail
