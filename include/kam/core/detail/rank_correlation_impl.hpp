// Not API. Definitions of kam/core/rank_correlation.hpp (compiled once in compiled mode).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/core/rank_correlation.hpp>
#include <numeric>
#include <optional>
#include <vector>

namespace kam::detail {

KAM_INLINE void check_ranking_shape(Eigen::Index rows, Eigen::Index cols, const char* fn,
                                    const char* field) {
  if (cols != 1 && rows != 1) {
    throw shape_mismatch({fn, field, std::nullopt},
                         detail::cat({"expects a vector, got ", rows, " x ", cols}));
  }
}

KAM_INLINE void check_ranking_finite(const std::vector<double>& v, const char* fn,
                                     const char* field) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      throw non_finite_value({fn, field, static_cast<std::ptrdiff_t>(i)},
                             detail::cat({"value is ", v[i]}));
    }
  }
}

/// Throws unless two validated rankings have the same size, at least 2.
KAM_INLINE void check_ranking_pair(const std::vector<double>& a, const std::vector<double>& b,
                                   const char* fn) {
  if (a.size() != b.size()) {
    throw shape_mismatch({fn, "b", std::nullopt}, detail::cat({"the rankings have ", a.size(),
                                                               " and ", b.size(), " entries"}));
  }
  if (a.size() < 2) {
    throw empty_input({fn, "a", std::nullopt},
                      detail::cat({"needs at least 2 accounts, got ", a.size()}));
  }
}

/// Returns the positions 0 .. n-1 of `key` in increasing order of (key, then tie).
KAM_INLINE std::vector<std::size_t> order_by(const std::vector<double>& key,
                                             const std::vector<double>& tie) {
  std::vector<std::size_t> idx(key.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(), [&](std::size_t p, std::size_t q) {
    return key[p] < key[q] || (key[p] == key[q] && tie[p] < tie[q]);
  });
  return idx;
}

/// Returns the average ranks (1-based, ties averaged) of `v`, as scipy.stats.rankdata's default;
/// `order` lists the positions of `v` in increasing order of v (the order among equal values
/// does not matter: they share one rank).
KAM_INLINE std::vector<double> average_ranks(const std::vector<double>& v,
                                             const std::vector<std::size_t>& order) {
  std::vector<double> r(v.size());
  std::size_t p = 0;
  while (p < order.size()) {
    std::size_t q = p;
    while (q < order.size() && v[order[q]] == v[order[p]]) ++q;
    const double avg = (static_cast<double>(p + 1) + static_cast<double>(q)) / 2.0;
    for (std::size_t t = p; t < q; ++t) r[order[t]] = avg;
    p = q;
  }
  return r;
}

/// Returns the pairs tied within runs of equal keys of a sorted sequence of `n` keys, where
/// `equal(p, q)` compares the keys at positions p and q: the sum of t (t - 1) / 2 over the runs.
template <typename Equal>
std::int64_t tied_pairs(std::size_t n, Equal equal) {
  std::int64_t pairs = 0;
  std::size_t p = 0;
  while (p < n) {
    std::size_t q = p + 1;
    while (q < n && equal(p, q)) ++q;
    const auto t = static_cast<std::int64_t>(q - p);
    pairs += t * (t - 1) / 2;
    p = q;
  }
  return pairs;
}

/// Sorts `v` (by value, a bottom-up merge sort) and returns the number of inversions: the pairs
/// i < j with v[i] > v[j]. `buf` is scratch space.
KAM_INLINE std::int64_t count_inversions(std::vector<double>& v, std::vector<double>& buf) {
  std::int64_t swaps = 0;
  const std::size_t n = v.size();
  buf.resize(n);
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n);
      const std::size_t hi = std::min(lo + 2 * width, n);
      std::size_t i = lo;
      std::size_t j = mid;
      std::size_t k = lo;
      while (i < mid && j < hi) {
        if (v[j] < v[i]) {
          swaps += static_cast<std::int64_t>(mid - i);
          buf[k++] = v[j++];
        } else {
          buf[k++] = v[i++];
        }
      }
      while (i < mid) buf[k++] = v[i++];
      while (j < hi) buf[k++] = v[j++];
    }
    v.swap(buf);
  }
  return swaps;
}

KAM_INLINE double spearman_of(const std::vector<double>& x, const std::vector<double>& y,
                              const char* fn) {
  check_ranking_pair(x, y, fn);
  const auto rx = average_ranks(x, order_by(x, y));
  const auto ry = average_ranks(y, order_by(y, x));
  const double mean = (static_cast<double>(x.size()) + 1.0) / 2.0;
  double sxy = 0.0;
  double sxx = 0.0;
  double syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (!(sxx > 0.0) || !(syy > 0.0)) {
    throw invalid_input({fn, sxx > 0.0 ? "b" : "a", std::nullopt},
                        "every account has the same rank: the correlation is undefined");
  }
  return sxy / std::sqrt(sxx * syy);
}

KAM_INLINE double kendall_tau_b_of(const std::vector<double>& x, const std::vector<double>& y,
                                   const char* fn) {
  check_ranking_pair(x, y, fn);
  const std::size_t n = x.size();
  const std::vector<std::size_t> idx = order_by(x, y);
  const std::int64_t tied_x =
      tied_pairs(n, [&](std::size_t p, std::size_t q) { return x[idx[p]] == x[idx[q]]; });
  const std::int64_t tied_xy = tied_pairs(n, [&](std::size_t p, std::size_t q) {
    return x[idx[p]] == x[idx[q]] && y[idx[p]] == y[idx[q]];
  });
  std::vector<double> ys(n);
  for (std::size_t i = 0; i < n; ++i) ys[i] = y[idx[i]];
  std::vector<double> buf;
  const std::int64_t swaps = count_inversions(ys, buf);
  const std::int64_t tied_y =
      tied_pairs(n, [&](std::size_t p, std::size_t q) { return ys[p] == ys[q]; });
  const auto n0 = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n - 1) / 2;
  if (n0 == tied_x || n0 == tied_y) {
    throw invalid_input({fn, n0 == tied_x ? "a" : "b", std::nullopt},
                        "every account has the same rank: the correlation is undefined");
  }
  const auto numerator = static_cast<double>(n0 - tied_x - tied_y + tied_xy - 2 * swaps);
  return numerator / std::sqrt(static_cast<double>(n0 - tied_x) * static_cast<double>(n0 - tied_y));
}

}  // namespace kam::detail
