// Not API. The weighted sum's kernels: blocks of accounts scored column by column, packed rows
// read in place, and the walk over fixed segments of accounts on one thread or several.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/mul_add.hpp>
#include <kam/scoring/detail/packed_rows.hpp>
#include <kam/scoring/detail/percentile_ranks.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <kam/scoring/options.hpp>
#include <optional>
#include <vector>

namespace kam::detail {

/// Calls `body` with a function object that maps a raw value to its directed normalised value,
/// specialised per transform kind so the inner loop has no switch.
template <typename Scalar, typename Body>
void with_transform(const column_transform<Scalar>& t, Body&& body) {
  using kind = typename column_transform<Scalar>::kind;
  using ct = column_transform<Scalar>;
  const Scalar o = t.origin;
  const Scalar s = t.scale;
  const Scalar off = t.offset;
  if (t.k == kind::linear) {
    if (t.invert) {
      body([=](Scalar x) { return Scalar(1) - ct::clamp01(mul_add(x - o, s, off)); });
    } else {
      body([=](Scalar x) { return ct::clamp01(mul_add(x - o, s, off)); });
    }
  } else {
    body([&t](Scalar x) { return t(x); });
  }
}

/// Finds why account `i` got a non-finite score and throws the matching kam::error.
template <typename X>
[[noreturn]] void explain_non_finite(const X& x, Eigen::Index i, const criteria_set& criteria,
                                     missing_policy policy, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto v = x.coeff(i, j);
    if (std::isnan(v) && policy == missing_policy::reject) {
      throw non_finite_value({fn, criteria[j].name, i},
                             "value is NaN (missing) and missing_policy is reject");
    }
    if (std::isinf(v)) {
      throw non_finite_value(
          {fn, criteria[j].name, i},
          detail::cat({"value is ", v, "; infinity is never a valid criterion value"}));
    }
  }
  if (policy == missing_policy::renormalize) {
    throw invalid_input({fn, "", i},
                        "the account has no value for any criterion with a positive weight");
  }
  throw invalid_input({fn, "", i}, "the score is not finite (values too large to combine)");
}

/// Scores one block of `rows` accounts whose column j is the contiguous array col[j][0 .. rows)
/// into score[0 .. rows) (and coverage[0 .. rows) unless reject). Column by column, so every inner
/// loop runs over contiguous values with one transform: the compiler vectorises it.
template <missing_policy Policy, typename Scalar>
void score_block(const Scalar* const* col, const transforms<Scalar>& t, Eigen::Index rows,
                 Scalar factor, Scalar* score, Scalar* coverage) {
  // Sized for the largest block for_each_block hands out (contiguous columns); tried in
  // sub-blocks of block_rows with the accumulators in L1 and a software prefetch, it was slower.
  Scalar acc[contiguous_block_rows];
  Scalar wsum[contiguous_block_rows];
  const auto n = static_cast<std::size_t>(rows);
  std::fill_n(acc, n, Scalar(0));
  if constexpr (Policy != missing_policy::reject) std::fill_n(wsum, n, Scalar(0));
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    const auto& tj = t.columns[j];
    const Scalar w = tj.weight;
    const Scalar* a = col[j];
    with_transform(tj, [&](auto f) {
      for (std::size_t b = 0; b < n; ++b) {
        const Scalar v = a[b];
        if constexpr (Policy == missing_policy::reject) {
          // (v - v) is 0 for a finite value and NaN otherwise: a non-finite input poisons the
          // row's score, which is checked once per block instead of once per value.
          acc[b] += mul_add(w, f(v), v - v);
        } else if constexpr (Policy == missing_policy::impute) {
          const bool missing = std::isnan(v);
          const Scalar u = missing ? tj.impute : v;
          acc[b] += mul_add(w, f(u), u - u);
          wsum[b] += missing ? Scalar(0) : w;
        } else {
          const bool present = !std::isnan(v);
          acc[b] += present ? mul_add(w, f(v), v - v) : Scalar(0);
          wsum[b] += present ? w : Scalar(0);
        }
      }
    });
  }
  for (std::size_t b = 0; b < n; ++b) {
    if constexpr (Policy == missing_policy::renormalize) {
      score[b] = acc[b] / wsum[b] * factor;  // 0 / 0 = NaN: no value at all, reported by the caller
    } else {
      score[b] = acc[b] * factor;
    }
    if constexpr (Policy != missing_policy::reject) coverage[b] = wsum[b];
  }
}

/// Scores `rows` accounts stored as packed rows of K values from `x` into score[0 .. rows), for
/// missing_policy::reject and linear transforms only: the operations of score_block, in the same
/// order (criteria 0 .. K-1), so the same bits. With K known, the compiler vectorises across
/// accounts, de-interleaving the rows in registers.
template <std::size_t K, typename Scalar>
void score_packed_rows(const Scalar* x, const transforms<Scalar>& t, Eigen::Index rows,
                       Scalar factor, Scalar* score) {
  using ct = column_transform<Scalar>;
  Scalar origin[K];
  Scalar scale[K];
  Scalar offset[K];
  Scalar weight[K];
  bool invert[K];
  for (std::size_t j = 0; j < K; ++j) {
    origin[j] = t.columns[j].origin;
    scale[j] = t.columns[j].scale;
    offset[j] = t.columns[j].offset;
    weight[j] = t.columns[j].weight;
    invert[j] = t.columns[j].invert;
  }
  constexpr auto stride = static_cast<Eigen::Index>(K);
  for (Eigen::Index b = 0; b < rows; ++b) {
    const Scalar* row = x + b * stride;
    Scalar acc = 0;
    // Unrolled so that the compiler vectorises across accounts: with std::fma in the body, GCC
    // 12 no longer unrolls the loop on its own and gives up ("complicated access pattern").
#if defined(__GNUC__)
#pragma GCC unroll 16
#endif
    for (std::size_t j = 0; j < K; ++j) {
      const Scalar v = row[j];
      const Scalar u = ct::clamp01(mul_add(v - origin[j], scale[j], offset[j]));
      const Scalar f = invert[j] ? Scalar(1) - u : u;
      acc += mul_add(weight[j], f, v - v);  // (v - v): NaN if v is not finite, as in score_block
    }
    score[b] = acc * factor;
  }
}

/// Returns whether every transform is linear (min-max, vector, fixed range, constant): what the
/// packed-row kernels compute.
template <typename Scalar>
bool all_linear(const transforms<Scalar>& t) {
  return std::all_of(t.columns.begin(), t.columns.end(), [](const column_transform<Scalar>& c) {
    return c.k == column_transform<Scalar>::kind::linear;
  });
}

/// Scores every account of `x` into score[0 .. N) (and coverage[0 .. N) unless reject) on up to
/// `threads` threads (resolved), segment by segment; throws for the first account, in row
/// order, whose score is not finite. Packed rows with a kernel of their own are read in place
/// under reject when every transform is linear; anything else goes through score_block, in the
/// blocks of for_each_block. Both give the same bits. Columns normalised by percentile rank are
/// ranked a segment at a time first (rank_segment: the numbers of the transform, found by one
/// walk over the sorted reference instead of a binary search per account).
template <missing_policy Policy, typename X, typename Scalar>
void score_all(const X& x, const transforms<Scalar>& t, const criteria_set& criteria, Scalar factor,
               unsigned threads, Scalar* score, Scalar* coverage, const char* fn) {
  const Eigen::Index k = Policy == missing_policy::reject && all_linear(t) ? packed_width(x) : 0;
  // Percentile-rank columns are ranked a segment at a time, then read as values on [0, 1]
  // through the identity (`used`: t itself when there are none).
  const std::vector<Eigen::Index> ranked = percentile_columns(t);
  const transforms<Scalar> used = identity_for(t, ranked);
  const auto check = [&](Eigen::Index first, Eigen::Index rows) {
    for (Eigen::Index b = first; b < first + rows; ++b) {
      if (!std::isfinite(score[b])) explain_non_finite(x, b, criteria, Policy, fn);
    }
  };
  for_each_row_segment(x.rows(), threads, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
    if constexpr (rows_contiguous<X>() && Policy == missing_policy::reject) {
      // Read in place, in the blocks of the row-major copy below.
      const bool in_place = with_packed_width(k, [&](auto width) {
        constexpr std::size_t packed_width = decltype(width)::value;
        for (Eigen::Index first = begin; first < end; first += block_rows) {
          const Eigen::Index rows = std::min(block_rows, end - first);
          score_packed_rows<packed_width>(x.data() + first * k, t, rows, factor, score + first);
          check(first, rows);
        }
      });
      if (in_place) return;
    }
    // the segment's percentile ranks, computed together (percentile_ranks.hpp)
    std::vector<std::vector<Scalar>> ranks(ranked.size());
    for (std::size_t r = 0; r < ranked.size(); ++r) {
      rank_segment(x, ranked[r], t.columns[static_cast<std::size_t>(ranked[r])], begin, end,
                   ranks[r]);
    }
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols, with_ranks;
    for_each_block(x, begin, end, scratch, cols,
                   [&](Eigen::Index first, Eigen::Index rows, const Scalar* const* c) {
                     if (!ranked.empty()) {
                       with_ranks.assign(c, c + x.cols());
                       for (std::size_t r = 0; r < ranked.size(); ++r) {
                         with_ranks[static_cast<std::size_t>(ranked[r])] =
                             ranks[r].data() + (first - begin);
                       }
                       c = with_ranks.data();
                     }
                     score_block<Policy>(c, used, rows, factor, score + first,
                                         coverage == nullptr ? nullptr : coverage + first);
                     check(first, rows);
                   });
  });
}

}  // namespace kam::detail
