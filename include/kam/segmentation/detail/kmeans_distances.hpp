// Not API. The k-means kernels over a block of accounts in the clustered space: nearest centroids,
// squared distances to a point, and weighted sums per cluster. Plain loops over contiguous memory
// that GCC and Clang vectorise; the number of features picks a version compiled for it (1 to 8)
// or the general one.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// Rows per block: a block of z-scores (column-major, leading dimension kmeans_block_rows) stays
/// in L1 while every centroid is compared with it.
inline constexpr Eigen::Index kmeans_block_rows = 128;
/// Rows per unit of parallel work. Fixed, so that sums do not depend on the number of threads.
inline constexpr Eigen::Index kmeans_chunk_rows = 8192;
/// A block is padded with rows of zeros to a multiple of this, so that the loops over its rows
/// run in whole vectors (the padding's results are never read).
inline constexpr Eigen::Index kmeans_row_multiple = 16;
/// The most features a kernel is compiled for; more use the general kernels, which work through
/// the features in slabs of this many.
inline constexpr int kmeans_max_fixed_features = 8;

/// Returns a b + c in one rounding when the target has fused multiply-add instructions, else
/// rounded after the multiply and after the add: what Eigen's matrix kernels compute, so the
/// kernels below give the bits they gave when they were written with Eigen's packet primitives.
template <typename Scalar>
Scalar multiply_add(Scalar a, Scalar b, Scalar c) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

/// Calls `f(std::integral_constant<int, n>{})` with n = `features` when 1 <= features <= 8 (the
/// kernels compiled for that many features), else with n = 0 (the general kernels), and returns
/// what it returns.
template <typename F>
decltype(auto) dispatch_features(Eigen::Index features, F&& f) {
  switch (features) {
    case 1:
      return f(std::integral_constant<int, 1>{});
    case 2:
      return f(std::integral_constant<int, 2>{});
    case 3:
      return f(std::integral_constant<int, 3>{});
    case 4:
      return f(std::integral_constant<int, 4>{});
    case 5:
      return f(std::integral_constant<int, 5>{});
    case 6:
      return f(std::integral_constant<int, 6>{});
    case 7:
      return f(std::integral_constant<int, 7>{});
    case 8:
      return f(std::integral_constant<int, 8>{});
    default:
      return f(std::integral_constant<int, 0>{});
  }
}

/// Copies rows [first, first + rows) of `x` into `block` (column-major, leading dimension
/// kmeans_block_rows) as z = (x - offset) * inv, and pads them with zero rows to a multiple of
/// kmeans_row_multiple. Returns the padded row count.
template <typename X, typename Scalar>
Eigen::Index load_block(const X& x, Eigen::Index first, Eigen::Index rows, const Scalar* offset,
                        const Scalar* inv, Scalar* block) {
  const Eigen::Index padded =
      (rows + kmeans_row_multiple - 1) / kmeans_row_multiple * kmeans_row_multiple;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    Scalar* col = block + j * kmeans_block_rows;
    const Scalar o = offset[j];
    const Scalar s = inv[j];
    for (Eigen::Index b = 0; b < rows; ++b) col[b] = (x.coeff(first + b, j) - o) * s;
    for (Eigen::Index b = rows; b < padded; ++b) col[b] = Scalar(0);
  }
  return padded;
}

/// Compares C centroids (c0, c0 + 1, ...; rows of `m` with stride F, and their `cn`) with the
/// `rows` accounts of a block of F features: for each account, sum_j m[j] z_j starting from cn,
/// in feature order, and where that is below best[b] (strictly: ties keep the lower cluster),
/// the new best and the centroid's number as label. A pass over the block updates the accounts'
/// best and label for C centroids at once, in centroid order. The centroids' coefficients are
/// copied to local arrays first: the compiler then knows that writing best and label cannot
/// change them, and vectorises the loop over the accounts.
template <typename Scalar, int F, std::size_t C>
void nearest_of_group(const Scalar* block, Eigen::Index rows, const Scalar* m, const Scalar* cn,
                      Eigen::Index c0, Scalar* best, Scalar* label) {
  constexpr auto features = static_cast<std::size_t>(F);
  std::array<Scalar, C * features> coefficient;
  for (std::size_t i = 0; i < C * features; ++i) coefficient[i] = m[i];
  std::array<Scalar, C> start;
  std::array<Scalar, C> number;
  for (std::size_t i = 0; i < C; ++i) {
    start[i] = cn[i];
    number[i] = static_cast<Scalar>(c0 + static_cast<Eigen::Index>(i));
  }
  for (Eigen::Index b = 0; b < rows; ++b) {
    std::array<Scalar, C> acc = start;
    for (std::size_t j = 0; j < features; ++j) {
      const Scalar z = block[static_cast<Eigen::Index>(j) * kmeans_block_rows + b];
      for (std::size_t i = 0; i < C; ++i)
        acc[i] = multiply_add(coefficient[i * features + j], z, acc[i]);
    }
    Scalar nearest = best[b];
    Scalar which = label[b];
    for (std::size_t i = 0; i < C; ++i) {
      const bool better = acc[i] < nearest;
      nearest = better ? acc[i] : nearest;
      which = better ? number[i] : which;
    }
    best[b] = nearest;
    label[b] = which;
  }
}

/// One slab of features (F of them, from the block's column j0 and the centroid's coefficient
/// j0 on) of centroid `number` for `rows` accounts: sum_j m[j] z_j added, in feature order, to
/// `start` (the first slab) or to acc[b] (the others); the sum is stored in acc[b], or (the last
/// slab) compared with best[b] as nearest_of_group does.
template <typename Scalar, int F, bool First, bool Last>
void centroid_slab(const Scalar* block, Eigen::Index rows, const Scalar* m, Scalar start,
                   Scalar number, Scalar* acc, Scalar* best, Scalar* label) {
  constexpr auto features = static_cast<std::size_t>(F);
  std::array<Scalar, features> coefficient;
  for (std::size_t j = 0; j < features; ++j) coefficient[j] = m[j];
  for (Eigen::Index b = 0; b < rows; ++b) {
    Scalar a = First ? start : acc[b];
    for (std::size_t j = 0; j < features; ++j)
      a = multiply_add(coefficient[j], block[static_cast<Eigen::Index>(j) * kmeans_block_rows + b],
                       a);
    if constexpr (Last) {
      const Scalar nearest = best[b];
      const Scalar which = label[b];
      const bool better = a < nearest;
      best[b] = better ? a : nearest;
      label[b] = better ? number : which;
    } else {
      acc[b] = a;
    }
  }
}

/// nearest_centroids for more than 8 features: per centroid, the sums build up in `acc`
/// (kmeans_block_rows values) slab by slab of 8 features, the first slab starting from cn and
/// the last (1 to 8 features) meeting best and label.
template <typename Scalar>
void nearest_many_features(const Scalar* block, Eigen::Index rows, Eigen::Index d, Eigen::Index k,
                           const Scalar* m, const Scalar* cn, Scalar* best, Scalar* label,
                           Scalar* acc) {
  constexpr Eigen::Index slab = kmeans_max_fixed_features;
  const Eigen::Index last = (d - 1) / slab * slab;  // the first feature of the last slab
  for (Eigen::Index c = 0; c < k; ++c) {
    const Scalar* mc = m + c * d;
    const auto number = static_cast<Scalar>(c);
    centroid_slab<Scalar, slab, true, false>(block, rows, mc, cn[c], number, acc, best, label);
    for (Eigen::Index j0 = slab; j0 < last; j0 += slab)
      centroid_slab<Scalar, slab, false, false>(block + j0 * kmeans_block_rows, rows, mc + j0,
                                                Scalar(0), number, acc, best, label);
    dispatch_features(d - last, [&](auto f) {
      constexpr int features = decltype(f)::value;
      if constexpr (features > 0)
        centroid_slab<Scalar, features, false, true>(
            block + last * kmeans_block_rows, rows, mc + last, Scalar(0), number, acc, best, label);
    });
  }
}

/// Lloyd's assignment step for a block, as a small matrix product: for each of the `rows`
/// accounts, the centroid c minimising cn[c] + sum_j m[c d + j] z_j, where m = -2 C and
/// cn = |C|^2 (the squared distance minus |z|^2, which does not depend on c), summed from cn[c]
/// in feature order. Exact ties go to the lower c. Writes that value to `best` and c (as a
/// Scalar) to `label`; `acc` is scratch space of kmeans_block_rows values.
template <typename Scalar>
void nearest_centroids(const Scalar* block, Eigen::Index rows, Eigen::Index d, Eigen::Index k,
                       const Scalar* m, const Scalar* cn, Scalar* best, Scalar* label,
                       Scalar* acc) {
  for (Eigen::Index b = 0; b < rows; ++b) {
    best[b] = std::numeric_limits<Scalar>::infinity();
    label[b] = Scalar(0);
  }
  dispatch_features(d, [&](auto f) {
    constexpr int features = decltype(f)::value;
    if constexpr (features == 0) {
      nearest_many_features(block, rows, d, k, m, cn, best, label, acc);
    } else {
      // Several centroids per pass over the block share the loads of z and of best and label;
      // as many as keep their m[c j] in registers.
      constexpr std::size_t together = features <= 4 ? 4 : 2;
      constexpr auto step = static_cast<Eigen::Index>(together);
      Eigen::Index c = 0;
      for (; c + step <= k; c += step)
        nearest_of_group<Scalar, features, together>(block, rows, m + c * d, cn + c, c, best,
                                                     label);
      for (; c < k; ++c)
        nearest_of_group<Scalar, features, 1>(block, rows, m + c * d, cn + c, c, best, label);
    }
  });
}

/// Adds sum_j (z_j - c_j)^2 over F features (slab j0 .. j0 + F - 1 of the block and of the
/// point), in feature order, to 0 (the first slab) or to out[b] (the others), for each of `rows`
/// accounts, into out[b].
template <typename Scalar, int F, bool First>
void add_squared_differences(const Scalar* block, Eigen::Index rows, const Scalar* c, Scalar* out) {
  constexpr auto features = static_cast<std::size_t>(F);
  std::array<Scalar, features> point;
  for (std::size_t j = 0; j < features; ++j) point[j] = c[j];
  for (Eigen::Index b = 0; b < rows; ++b) {
    Scalar acc = First ? Scalar(0) : out[b];
    for (std::size_t j = 0; j < features; ++j) {
      const Scalar diff = block[static_cast<Eigen::Index>(j) * kmeans_block_rows + b] - point[j];
      acc = multiply_add(diff, diff, acc);
    }
    out[b] = acc;
  }
}

/// The squared distance of every account of the block to the point `c` (exact form: the sum of
/// squared differences, in feature order), into `out`; slab by slab of up to 8 features.
template <typename Scalar>
void distances_to(const Scalar* block, Eigen::Index rows, Eigen::Index d, const Scalar* c,
                  Scalar* out) {
  for (Eigen::Index j0 = 0; j0 < d; j0 += kmeans_max_fixed_features) {
    const Scalar* slab = block + j0 * kmeans_block_rows;
    dispatch_features(std::min<Eigen::Index>(d - j0, kmeans_max_fixed_features), [&](auto f) {
      constexpr int features = decltype(f)::value;
      if constexpr (features > 0) {
        if (j0 == 0) {
          add_squared_differences<Scalar, features, true>(slab, rows, c, out);
        } else {
          add_squared_differences<Scalar, features, false>(slab, rows, c + j0, out);
        }
      }
    });
  }
}

/// Returns the squared distance of account b of the block to the point `c` (exact form). Scalar
/// code for one account at a time (the inertia, relocation): whether `acc + diff * diff` is
/// fused is the compiler's choice, as it always was (GCC tuned for AMD Zen keeps such chains
/// unfused), so results keep their bits.
template <typename Scalar>
double distance_of(const Scalar* block, Eigen::Index b, Eigen::Index d, const Scalar* c) {
  Scalar acc = 0;
  for (Eigen::Index j = 0; j < d; ++j) {
    const Scalar diff = block[j * kmeans_block_rows + b] - c[j];
    acc += diff * diff;
  }
  return static_cast<double>(acc);
}

/// Copies the first `rows` accounts of the block into `rows_out`, row by row (stride d), so that
/// an account's features are contiguous.
template <typename Scalar>
void block_rows_of(const Scalar* block, Eigen::Index rows, Eigen::Index d, Scalar* rows_out) {
  dispatch_features(d, [&](auto f) {
    constexpr int features = decltype(f)::value;
    const Eigen::Index dd = features > 0 ? features : d;
    for (Eigen::Index b = 0; b < rows; ++b)
      for (Eigen::Index j = 0; j < dd; ++j) rows_out[b * dd + j] = block[j * kmeans_block_rows + b];
  });
}

/// Adds weight x z of each account (row b of `rows_in`, stride d) to the sums of its slot
/// (sums + slot[b] * stride, d values), account by account in row order.
template <typename Scalar>
void add_weighted_rows(const Scalar* rows_in, Eigen::Index rows, Eigen::Index d,
                       const std::size_t* slot, const Scalar* weight, Scalar* sums,
                       std::size_t stride) {
  dispatch_features(d, [&](auto f) {
    constexpr int features = decltype(f)::value;
    if constexpr (features > 0) {
      // All new sums are computed before any is stored: the compiler then need not fear that
      // storing one changes the values the next reads, and handles the row as one vector.
      constexpr auto n = static_cast<std::size_t>(features);
      for (Eigen::Index b = 0; b < rows; ++b) {
        Scalar* s = sums + slot[b] * stride;
        const Scalar* z = rows_in + b * features;
        const Scalar w = weight[b];
        std::array<Scalar, n> added;
        for (std::size_t j = 0; j < n; ++j) added[j] = multiply_add(w, z[j], s[j]);
        for (std::size_t j = 0; j < n; ++j) s[j] = added[j];
      }
    } else {
      for (Eigen::Index b = 0; b < rows; ++b) {
        Scalar* s = sums + slot[b] * stride;
        const Scalar* z = rows_in + b * d;
        const Scalar w = weight[b];
        for (Eigen::Index j = 0; j < d; ++j) s[j] = multiply_add(w, z[j], s[j]);
      }
    }
  });
}

/// The kernels' view of k centroids given in the clustered space (row c of `centres`, k x d):
/// m = -2 C row by row, cn = |C|^2 (summed in double), and C itself row by row.
template <typename Scalar>
struct prepared_centres {
  std::vector<Scalar> m;   ///< -2 C, k x d row by row
  std::vector<Scalar> cn;  ///< |C|^2 per centroid
  std::vector<Scalar> c;   ///< C, k x d row by row

  /// Prepares the rows of `centres` (k x d).
  template <typename Centres>
  void set(const Centres& centres) {
    const Eigen::Index k = centres.rows();
    const Eigen::Index d = centres.cols();
    m.resize(static_cast<std::size_t>(k * d));
    c.resize(m.size());
    cn.resize(static_cast<std::size_t>(k));
    for (Eigen::Index i = 0; i < k; ++i) {
      double norm = 0;
      for (Eigen::Index j = 0; j < d; ++j) {
        const auto v = static_cast<Scalar>(centres(i, j));
        c[static_cast<std::size_t>(i * d + j)] = v;
        m[static_cast<std::size_t>(i * d + j)] = Scalar(-2) * v;
        norm += static_cast<double>(v) * static_cast<double>(v);
      }
      cn[static_cast<std::size_t>(i)] = static_cast<Scalar>(norm);
    }
  }
};

}  // namespace kam::detail
