// Not API. Quantiles by selection (no full sort) with numpy's methods, and the bin of a value
// among quantile edges: the arithmetic behind kam/segmentation/quantile_bins.hpp.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/segmentation/quantile_method.hpp>
#include <utility>
#include <vector>

namespace kam::detail {

/// The position of the quantile k/m among n sorted values, as an exact rational:
/// h = k (n - 1) / m = i + num / m.
struct virtual_index {
  Eigen::Index i;    ///< floor(h)
  Eigen::Index num;  ///< numerator of the fractional part, 0 <= num < m
  Eigen::Index den;  ///< m
};

/// Returns the order statistics needed for `method` at virtual index `v`: the lower and upper
/// neighbours (equal when the quantile is one value).
inline std::pair<Eigen::Index, Eigen::Index> quantile_neighbours(const virtual_index& v,
                                                                 Eigen::Index n,
                                                                 quantile_method method) {
  const Eigen::Index up = v.num == 0 ? v.i : std::min(v.i + 1, n - 1);
  switch (method) {
    case quantile_method::lower:
      return {v.i, v.i};
    case quantile_method::higher:
      return {up, up};
    case quantile_method::nearest: {
      // Round h to the nearest index, a half to the even one (numpy's np.around).
      const Eigen::Index twice = 2 * v.num;
      Eigen::Index r = v.i;
      if (twice > v.den || (twice == v.den && v.i % 2 == 1)) r = up;
      return {r, r};
    }
    case quantile_method::linear:
    case quantile_method::midpoint:
      break;
  }
  return {v.i, up};
}

/// numpy's _lerp: a + (b - a) t, from the upper end when t >= 0.5 (exact at t = 0 and t = 1,
/// monotone in t). When b - a overflows (a and b of opposite signs near the limits of double),
/// a (1 - t) + b t instead, which cannot: a finite quantile of finite values, never an infinity.
template <typename Scalar>
Scalar quantile_lerp(Scalar a, Scalar b, double t) {
  const double d = static_cast<double>(b) - static_cast<double>(a);
  if (!std::isfinite(d)) {
    return static_cast<Scalar>(static_cast<double>(a) * (1.0 - t) + static_cast<double>(b) * t);
  }
  return t >= 0.5 ? static_cast<Scalar>(static_cast<double>(b) - d * (1.0 - t))
                  : static_cast<Scalar>(static_cast<double>(a) + d * t);
}

/// Returns the quantile from its neighbours (already selected order statistics).
template <typename Scalar>
Scalar quantile_of_neighbours(Scalar lo, Scalar hi, double g, quantile_method method) {
  switch (method) {
    case quantile_method::linear:
      return quantile_lerp(lo, hi, g);
    case quantile_method::midpoint:
      return lo == hi ? lo : quantile_lerp(lo, hi, 0.5);
    case quantile_method::lower:
    case quantile_method::higher:
    case quantile_method::nearest:
      break;
  }
  return lo;
}

/// Places the order statistics at the sorted, unique positions `want[first, last)` of `v`, within
/// v[lo, hi), by recursive selection: O(N log Q) for Q positions instead of a full sort.
template <typename Scalar>
void select_many(std::vector<Scalar>& v, const std::vector<Eigen::Index>& want, std::size_t first,
                 std::size_t last, Eigen::Index lo, Eigen::Index hi) {
  if (first >= last) return;
  const std::size_t mid = first + (last - first) / 2;
  const Eigen::Index p = want[mid];
  std::nth_element(v.begin() + lo, v.begin() + p, v.begin() + hi);
  select_many(v, want, first, mid, lo, p);
  select_many(v, want, mid + 1, last, p + 1, hi);
}

/// Places the order statistics at the positions `want` (any order, repeats allowed) of `v`.
template <typename Scalar>
void select_order_statistics(std::vector<Scalar>& v, std::vector<Eigen::Index> want) {
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  select_many(v, want, 0, want.size(), 0, static_cast<Eigen::Index>(v.size()));
}

/// Returns the edges of one field: the quantiles 0, 1/m, ..., 1 of `values` (consumed).
template <typename Scalar>
vector_of<Scalar> quantile_edges(std::vector<Scalar>& values, Eigen::Index m,
                                 quantile_method method) {
  const auto n = static_cast<Eigen::Index>(values.size());
  std::vector<virtual_index> at(static_cast<std::size_t>(m + 1));
  std::vector<Eigen::Index> want;
  want.reserve(2 * at.size());
  for (Eigen::Index k = 0; k <= m; ++k) {
    const Eigen::Index h = k * (n - 1);  // exact: h / m is the virtual index
    const virtual_index v{h / m, h % m, m};
    at[static_cast<std::size_t>(k)] = v;
    const auto [a, b] = quantile_neighbours(v, n, method);
    want.push_back(a);
    want.push_back(b);
  }
  select_order_statistics(values, std::move(want));
  vector_of<Scalar> e(m + 1);
  for (Eigen::Index k = 0; k <= m; ++k) {
    const auto& v = at[static_cast<std::size_t>(k)];
    const auto [a, b] = quantile_neighbours(v, n, method);
    const double g = static_cast<double>(v.num) / static_cast<double>(v.den);
    e(k) = quantile_of_neighbours(values[static_cast<std::size_t>(a)],
                                  values[static_cast<std::size_t>(b)], g, method);
  }
  return e;
}

/// Returns the 1-based bin of `v` among `edges` (right-closed, the lowest bin closed on the left):
/// 1 + #{interior edges < v}; values beyond the ends land in the end bins.
template <typename Scalar>
Eigen::Index bin_of(const vector_of<Scalar>& edges, Scalar v) {
  Eigen::Index b = 1;
  for (Eigen::Index k = 1; k + 1 < edges.size(); ++k) b += edges(k) < v ? 1 : 0;
  return b;
}

}  // namespace kam::detail
