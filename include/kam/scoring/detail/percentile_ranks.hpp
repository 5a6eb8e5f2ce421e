// Not API. The percentile ranks of a segment of accounts at once. A binary search per account
// over a million sorted reference values misses the cache on most of its twenty steps; sorted by
// value first (a radix sort of the segment), the accounts walk the reference in order instead,
// each search starting where the last one ended.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/radix_sort.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <vector>

namespace kam::detail {

/// Returns the first position p >= from of the n sorted values for which `before` does not hold
/// (it holds for a prefix of them), stepping 1, 2, 4, ... from `from` and then searching the last
/// step: O(log d) for an answer d positions on.
template <typename Scalar, typename Before>
std::size_t gallop(const Scalar* sorted, std::size_t n, std::size_t from, Before before) {
  std::size_t step = 1;
  while (from < n && before(sorted[from])) {  // the answer is after `from`
    const std::size_t to = std::min(n, from + step);
    if (to == n || !before(sorted[to])) {
      return static_cast<std::size_t>(std::partition_point(sorted + from + 1, sorted + to, before) -
                                      sorted);
    }
    from = to;
    step *= 2;
  }
  return from;
}

/// Returns the columns of `t` normalised by percentile rank (kind::percentile).
template <typename Scalar>
std::vector<Eigen::Index> percentile_columns(const transforms<Scalar>& t) {
  std::vector<Eigen::Index> out;
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    if (t.columns[j].k == column_transform<Scalar>::kind::percentile) {
      out.push_back(static_cast<Eigen::Index>(j));
    }
  }
  return out;
}

/// Returns `t` with the transforms of `ranked` columns made the identity on [0, 1] (their values
/// come ranked and directed already), the value imputed for a missing one directed likewise.
template <typename Scalar>
transforms<Scalar> identity_for(const transforms<Scalar>& t,
                                const std::vector<Eigen::Index>& ranked) {
  transforms<Scalar> out = t;
  for (const Eigen::Index j : ranked) {
    const column_transform<Scalar>& from = t.columns[static_cast<std::size_t>(j)];
    column_transform<Scalar>& to = out.columns[static_cast<std::size_t>(j)];
    to = column_transform<Scalar>{};
    to.scale = Scalar(1);
    to.weight = from.weight;
    to.impute = from(from.impute);
  }
  return out;
}

/// Writes to out[0 .. end - begin) the directed percentile rank (transform `t`) of the values of
/// column j of `x` in rows [begin, end), the same numbers t(value) gives; a value that is not
/// finite is written as it is, so that the kernels treat it as they treat the raw value.
template <typename X, typename Scalar>
void rank_segment(const X& x, Eigen::Index j, const column_transform<Scalar>& t, Eigen::Index begin,
                  Eigen::Index end, std::vector<Scalar>& out) {
  out.resize(static_cast<std::size_t>(end - begin));
  std::vector<keyed_row> order;
  order.reserve(out.size());
  for (Eigen::Index i = begin; i < end; ++i) {
    const Scalar v = x.coeff(i, j);
    out[static_cast<std::size_t>(i - begin)] = v;
    if (std::isfinite(v)) {
      order.push_back({ordered_bits(static_cast<double>(v)), static_cast<std::size_t>(i - begin)});
    }
  }
  radix_sort(order);  // by value, ascending (-0 as 0)
  const auto n = static_cast<std::size_t>(t.n);
  std::size_t below = 0, at_or_below = 0;
  for (const keyed_row& item : order) {
    const Scalar v = out[item.row];
    below = gallop(t.sorted, n, below, [v](Scalar r) { return r < v; });
    at_or_below =
        gallop(t.sorted, n, std::max(below, at_or_below), [v](Scalar r) { return !(v < r); });
    const Scalar p = t.percentile_of_ranks(static_cast<std::ptrdiff_t>(below),
                                           static_cast<std::ptrdiff_t>(at_or_below));
    out[item.row] = t.invert ? Scalar(1) - p : p;
  }
}

}  // namespace kam::detail
