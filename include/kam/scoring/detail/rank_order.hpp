// Not API. The orders behind kam/scoring/rank.hpp: score checks, best-first sorting, top rows.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/radix_sort.hpp>
#include <kam/core/error.hpp>
#include <numeric>
#include <optional>
#include <vector>

namespace kam::detail {

/// Throws unless `scores` is a non-empty vector of finite values; errors name `fn`.
template <typename Derived>
void check_scores(const Eigen::MatrixBase<Derived>& scores, const char* fn) {
  if (scores.cols() != 1 && scores.rows() != 1) {
    throw shape_mismatch(
        {fn, "scores", std::nullopt},
        detail::cat({"expects a vector of scores, got ", scores.rows(), " x ", scores.cols()}));
  }
  if (scores.size() == 0) throw empty_input({fn, "scores", std::nullopt}, "no accounts");
  // (v - v) == 0 exactly when v is finite: a branch-free pass the compiler vectorises; the row is
  // looked for only when something is wrong.
  bool finite = true;
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const auto v = scores.coeff(i);
    finite &= (v - v == 0);
  }
  if (finite) return;
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    if (!std::isfinite(scores.coeff(i))) {
      throw non_finite_value({fn, "scores", i}, detail::cat({"score is ", scores.coeff(i)}));
    }
  }
}

/// The total order kam ranks by: higher score first, then lower row (input order) first.
template <typename V>
struct better_first {
  const V& s;
  bool operator()(Eigen::Index a, Eigen::Index b) const {
    return s.coeff(a) > s.coeff(b) || (s.coeff(a) == s.coeff(b) && a < b);
  }
};

/// Returns all rows sorted best first (the total order above; the scores finite). A stable
/// radix sort of the rows, in input order, keyed by the score's bits flipped (higher first):
/// rows with equal scores (0 and -0 alike, as ==) keep their input order, so the order is the
/// comparison sort's by better_first, in a few sequential passes instead of N log N comparisons
/// through the scores.
template <typename V>
std::vector<Eigen::Index> order_best_first(const V& s) {
  const auto n = static_cast<std::size_t>(s.size());
  std::vector<keyed_row> items(n);
  for (std::size_t i = 0; i < n; ++i) {
    items[i] = {~ordered_bits(static_cast<double>(s.coeff(static_cast<Eigen::Index>(i)))), i};
  }
  radix_sort(items);
  std::vector<Eigen::Index> idx(n);
  for (std::size_t p = 0; p < n; ++p) idx[p] = static_cast<Eigen::Index>(items[p].row);
  return idx;
}

/// Returns the k best rows, best first, among `rows` (which it reorders), in O(n + k log k).
template <typename V>
std::vector<Eigen::Index> best_of(const V& s, std::vector<Eigen::Index> rows, std::size_t k) {
  const better_first<V> better{s};
  k = std::min(k, rows.size());
  if (k < rows.size()) {
    std::nth_element(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(k), rows.end(),
                     better);
    rows.resize(k);
  }
  std::sort(rows.begin(), rows.end(), better);
  return rows;
}

/// Returns the k best rows of `s`, best first (ties by input order), in one pass over the scores
/// when k is small (k * 16 < N) and by best_of otherwise.
template <typename V>
std::vector<Eigen::Index> top_rows(const V& s, std::size_t k) {
  const auto n = static_cast<std::size_t>(s.size());
  k = std::min(k, n);
  if (k == 0) return {};
  const better_first<V> better{s};
  if (k * 16 >= n) {
    std::vector<Eigen::Index> all(n);
    std::iota(all.begin(), all.end(), Eigen::Index{0});
    return best_of(s, std::move(all), k);
  }
  // One pass with a heap of the k best so far; its top is the worst of them. Most rows lose the
  // first comparison against that top, so the pass runs at the speed of reading the scores.
  std::vector<Eigen::Index> heap;
  heap.reserve(k);
  for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(k); ++i) heap.push_back(i);
  std::make_heap(heap.begin(), heap.end(), better);
  auto worst = s.coeff(heap.front());
  const auto offer = [&](Eigen::Index i) {
    // Ties lose to the row already kept: it came first in input order.
    if (!(s.coeff(i) > worst)) return;
    std::pop_heap(heap.begin(), heap.end(), better);
    heap.back() = i;
    std::push_heap(heap.begin(), heap.end(), better);
    worst = s.coeff(heap.front());
  };
  // Rows go by in chunks; a branch-free (vectorised) test skips the chunks in which no row beats
  // the current worst of the k best, which is nearly all of them once the heap has filled.
  constexpr Eigen::Index chunk = 64;
  auto i = static_cast<Eigen::Index>(k);
  const auto end = static_cast<Eigen::Index>(n);
  for (; i + chunk <= end; i += chunk) {
    bool any = false;
    for (Eigen::Index c = 0; c < chunk; ++c) any |= s.coeff(i + c) > worst;
    if (!any) continue;
    for (Eigen::Index c = 0; c < chunk; ++c) offer(i + c);
  }
  for (; i < end; ++i) offer(i);
  std::sort(heap.begin(), heap.end(), better);
  return heap;
}

/// Returns `v` as an index_vector.
inline index_vector to_index_vector(const std::vector<Eigen::Index>& v) {
  index_vector out(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) out(static_cast<Eigen::Index>(i)) = v[i];
  return out;
}

}  // namespace kam::detail
