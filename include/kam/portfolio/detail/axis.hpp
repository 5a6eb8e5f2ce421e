// Not API. The helpers of kam/portfolio/axis.hpp and of every portfolio classifier built on it:
// score checks, the median cut, the on-cut tolerance, band edges and axis scoring.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kam::detail {

// The templates kam/portfolio/axis.hpp declares (and includes this header at its end for).

template <typename Derived>
void check_scores_on_scale(const Eigen::MatrixBase<Derived>& s, score_scale scale, const char* fn,
                           const char* field) {
  using Scalar = typename Derived::Scalar;
  const auto top = static_cast<Scalar>(scale_top(scale));
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    const Scalar v = s.coeff(i);
    if (!std::isfinite(v)) throw non_finite_value({fn, field, i}, detail::cat({"score is ", v}));
    if (v < Scalar(0) || v > top) {
      throw out_of_bounds({fn, field, i},
                          detail::cat({"score ", v, " is outside the score scale [0, ", top, "]"}));
    }
  }
}

template <typename Derived>
void check_score_vector(const Eigen::MatrixBase<Derived>& s, const char* fn, const char* field) {
  if (s.cols() != 1 && s.rows() != 1) {
    throw shape_mismatch({fn, field, std::nullopt},
                         detail::cat({"expects a vector, got ", s.rows(), " x ", s.cols()}));
  }
  if (s.size() == 0) throw empty_input({fn, field, std::nullopt}, "no accounts");
}

/// Returns the median of the scores (mean of the two middle ones for an even count). O(N).
template <typename Derived>
typename Derived::Scalar median_of(const Eigen::MatrixBase<Derived>& s) {
  using Scalar = typename Derived::Scalar;
  std::vector<Scalar> v(static_cast<std::size_t>(s.size()));
  for (Eigen::Index i = 0; i < s.size(); ++i) v[static_cast<std::size_t>(i)] = s.coeff(i);
  const std::size_t n = v.size();
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (n % 2 == 1) return *mid;
  const Scalar below = *std::max_element(v.begin(), mid);
  return below / 2 + *mid / 2;
}

template <typename Derived>
typename Derived::Scalar resolve_cut(const Eigen::MatrixBase<Derived>& scores, const axis_cut& cut,
                                     score_scale scale) {
  using Scalar = typename Derived::Scalar;
  switch (cut.basis) {
    case cut_basis::fixed:
      return static_cast<Scalar>(cut.value);
    case cut_basis::median:
      return median_of(scores);
    case cut_basis::midpoint:
      break;
  }
  return static_cast<Scalar>(scale_top(scale) / 2);
}

/// The test "is this score high?" for one resolved cut: one comparison per account.
template <typename Scalar>
struct high_test {
  Scalar threshold = 0;  ///< high when v >= threshold (on_cut high) or v > threshold (low)
  bool inclusive = true;
  [[nodiscard]] bool operator()(Scalar v) const noexcept {
    return inclusive ? v >= threshold : v > threshold;
  }
};

/// Returns the tolerance within which a value computed in `Scalar` on a scale `width` wide counts
/// as on a cut or a band edge: 16 machine epsilons of `Scalar` times the width. A weighted mean of
/// ratings that is exactly on the cut in exact arithmetic lands within a few ulps of it.
template <typename Scalar>
Scalar edge_tolerance(double width) noexcept {
  return Scalar(16) * std::numeric_limits<Scalar>::epsilon() * static_cast<Scalar>(width);
}

/// Returns the tolerance within which a score counts as on the cut.
template <typename Scalar>
Scalar cut_tolerance(score_scale scale) noexcept {
  return edge_tolerance<Scalar>(scale_top(scale));
}

template <typename Scalar>
high_test<Scalar> make_high_test(Scalar cut, on_cut_rule rule, score_scale scale) noexcept {
  const Scalar tol = cut_tolerance<Scalar>(scale);
  return rule == on_cut_rule::high ? high_test<Scalar>{cut - tol, true}
                                   : high_test<Scalar>{cut + tol, false};
}

/// Throws unless every edge is finite and on the scale [lo, hi] ((lo, hi] when `lo_open`) and the
/// edges strictly increase: kam::non_finite_value, kam::out_of_bounds or kam::invalid_input
/// naming `field` and the index of the edge. `noun` and `scale` word the message ("edge ... is
/// outside the share scale (0, 1]"). Defined in kam/portfolio/detail/axis_impl.hpp.
void check_edges(std::span<const double> edges, double lo, double hi, bool lo_open, const char* fn,
                 const char* field, const char* noun, const char* scale);

/// Returns the band of `v` among increasing `edges`: the number of edges at or below it, so a
/// value on an edge belongs to the band above; a value less than `tol` below an edge counts as
/// on it (tol 0: exact comparison).
template <std::size_t N>
int band_of(double v, const std::array<double, N>& edges, double tol) noexcept {
  int band = 0;
  for (const double e : edges) band += v >= e - tol ? 1 : 0;
  return band;
}

template <typename Derived>
void score_axis_into(score_result<typename Derived::Scalar>& out,
                     const Eigen::MatrixBase<Derived>& x, const portfolio_axis& axis,
                     const score_reference<typename Derived::Scalar>* reference, const char* fn) {
  try {
    if (reference != nullptr) {
      score_into(out, x, axis.criteria, *reference, axis.options);
    } else {
      score_into(out, x, axis.criteria, axis.options);
    }
  } catch (const error& e) {
    e.rethrow_at({fn, e.field(), e.row(), e.index()});  // the same error, naming the caller
  }
}

}  // namespace kam::detail
