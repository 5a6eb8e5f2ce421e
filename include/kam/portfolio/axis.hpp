// Portfolio axes: a weighted score of sub-criteria, and the cut point that splits it in two.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kam {

/// Where an axis is cut into low and high.
/// - `midpoint` (default): the middle of the score scale (0.5, or 50 on score_scale::percent).
/// - `fixed`: `axis_cut::value`, on the score scale; a value outside the scale is an error.
/// - `median`: the median of the axis scores of the accounts classified together (for an even
///   count, the mean of the two middle scores), so that at least half of them are high under the
///   default on-cut rule.
enum class cut_basis { midpoint, fixed, median };
BOOST_DESCRIBE_ENUM(cut_basis, midpoint, fixed, median)

/// Which side a score exactly on a cut point belongs to. `high` (the default, the rule of every kam
/// band and cut): on the cut counts as high. A score counts as on the cut when it lies within
/// 16 machine epsilons of the scale width from it, so that a weighted mean of ratings that is
/// mathematically on the cut is treated as such whatever the rounding of the sum.
enum class on_cut_rule { high, low };
BOOST_DESCRIBE_ENUM(on_cut_rule, high, low)

/// The cut point of one axis: how it is found, its value for cut_basis::fixed, and the on-cut rule.
struct axis_cut {
  cut_basis basis = cut_basis::midpoint;
  double value = 0.5;  ///< read only for cut_basis::fixed, on the axis's score scale
  on_cut_rule on_cut = on_cut_rule::high;
};
BOOST_DESCRIBE_STRUCT(axis_cut, (), (basis, value, on_cut))

/// One axis of a portfolio matrix: a weighted score of its sub-criteria (scored by kam::score with
/// `options`), and where it is cut into low and high.
struct portfolio_axis {
  criteria_set criteria;  ///< the sub-criteria: the columns of the axis's matrix, in this order
  score_options options{};
  axis_cut cut{};
};
BOOST_DESCRIBE_STRUCT(portfolio_axis, (), (criteria, options, cut))

/// What a quadrant means for an account: the behaviour to expect from the other side, our play,
/// and where the behaviour comes from. The behaviour paraphrases the cited source; the play is
/// kam's own reading of it for the seller, not something the source prescribes.
struct quadrant_guide {
  std::string behaviour;  ///< what the other side is likely to do (after `source`)
  std::string play;       ///< what we should do about it (kam's judgement)
  std::string source;     ///< the published source of the behaviour
};
BOOST_DESCRIBE_STRUCT(quadrant_guide, (), (behaviour, play, source))

/// Returns the top of a score scale: 1 for score_scale::unit, 100 for score_scale::percent.
[[nodiscard]] inline double scale_top(score_scale scale) noexcept {
  return scale == score_scale::percent ? 100.0 : 1.0;
}

namespace detail {

/// Throws unless `cut` is valid for scores on `scale`: known enumerators and, for a fixed cut, a
/// finite value on [0, top of the scale].
inline void check_cut(const axis_cut& cut, score_scale scale, const char* fn,
                      const std::string& field) {
  if (!is_enumerator(cut.basis) || !is_enumerator(cut.on_cut) || !is_enumerator(scale)) {
    throw invalid_input({fn, field, std::nullopt},
                        "cut basis, on-cut rule or score scale is not one of its enumerators");
  }
  if (cut.basis == cut_basis::fixed &&
      !(std::isfinite(cut.value) && cut.value >= 0.0 && cut.value <= scale_top(scale))) {
    throw out_of_bounds({fn, field, std::nullopt},
                        detail::cat({"cut point ", cut.value, " is outside the score scale [0, ",
                                     scale_top(scale), "]"}));
  }
}

/// Throws kam::non_finite_value if `v` is NaN or infinite, kam::out_of_bounds if it is outside
/// [lo, hi] (the `scale`, named in the message); the one-account classifiers' check.
inline void check_value(double v, double lo, double hi, const char* fn, const char* field,
                        const char* scale) {
  if (!std::isfinite(v)) throw non_finite_value({fn, field, std::nullopt}, detail::cat({"is ", v}));
  if (v < lo || v > hi) {
    throw out_of_bounds({fn, field, std::nullopt}, detail::cat({"value ", v, " is outside the ",
                                                                scale, " [", lo, ", ", hi, "]"}));
  }
}

/// Throws kam::invalid_input unless `rule` and `scale` are enumerators.
inline void check_rule_and_scale(on_cut_rule rule, score_scale scale, const char* fn) {
  if (!is_enumerator(rule)) throw invalid_input({fn, "rule", std::nullopt}, "not an on_cut_rule");
  if (!is_enumerator(scale)) throw invalid_input({fn, "scale", std::nullopt}, "not a score_scale");
}

/// Throws kam::out_of_bounds (or non_finite_value) for the first score outside [0, top].
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

/// Throws unless `s` is a non-empty vector.
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

/// Throws unless every edge is finite and on the scale [lo, hi] ((lo, hi] when `lo_open`) and the
/// edges strictly increase: kam::non_finite_value, kam::out_of_bounds or kam::invalid_input
/// naming `field`[e]. `noun`
/// and `scale` word the message ("edge ... is outside the share scale (0, 1]").
template <std::size_t N>
void check_edges(const std::array<double, N>& edges, double lo, double hi, bool lo_open,
                 const char* fn, const char* field, const char* noun, const char* scale) {
  for (std::size_t e = 0; e < N; ++e) {
    const double v = edges[e];
    const error_site name{fn, field, std::nullopt, static_cast<std::ptrdiff_t>(e)};
    if (!std::isfinite(v)) throw non_finite_value(name, detail::cat({"is ", v}));
    if (!((lo_open ? v > lo : v >= lo) && v <= hi)) {
      throw out_of_bounds(name, detail::cat({noun, " ", v, " is outside the ", scale, " ",
                                             lo_open ? "(" : "[", lo, ", ", hi, "]"}));
    }
    if (e > 0 && !(v > edges[e - 1])) {
      throw invalid_input(
          name, detail::cat({"edges must strictly increase; got ", v, " after ", edges[e - 1]}));
    }
  }
}

/// Returns the band of `v` among increasing `edges`: the number of edges at or below it, so a
/// value on an edge belongs to the band above; a value less than `tol` below an edge counts as
/// on it (tol 0: exact comparison).
template <std::size_t N>
int band_of(double v, const std::array<double, N>& edges, double tol) noexcept {
  int band = 0;
  for (const double e : edges) band += v >= e - tol ? 1 : 0;
  return band;
}

template <typename Scalar>
high_test<Scalar> make_high_test(Scalar cut, on_cut_rule rule, score_scale scale) noexcept {
  const Scalar tol = cut_tolerance<Scalar>(scale);
  return rule == on_cut_rule::high ? high_test<Scalar>{cut - tol, true}
                                   : high_test<Scalar>{cut + tol, false};
}

/// Scores the accounts `x` on `axis` into `out` (reusing its storage), against `reference` or,
/// when it is null, against the reference of `x` itself; errors name `fn`.
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

}  // namespace detail

namespace detail {

/// The cut point of `cut` for scores already checked (a non-empty vector on `scale`).
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

}  // namespace detail

/// Returns the cut point of an axis for `scores` (on `scale`): the middle of the scale, the fixed
/// value, or the median of `scores`, per `cut.basis`. Throws kam::out_of_bounds for a fixed value
/// outside the scale, kam::invalid_input for unknown enumerators; for a median, kam::empty_input
/// (no scores), kam::shape_mismatch (not a vector), kam::non_finite_value and kam::out_of_bounds
/// (a score outside the scale, naming its row). Complexity: O(N) for the median (one copy of the
/// scores), O(1) otherwise.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] typename Derived::Scalar cut_point(const Eigen::MatrixBase<Derived>& scores,
                                                 const axis_cut& cut,
                                                 score_scale scale = score_scale::unit) {
  constexpr const char* fn = "kam::cut_point";
  detail::check_cut(cut, scale, fn, "cut");
  if (cut.basis == cut_basis::median) {
    detail::check_score_vector(scores, fn, "scores");
    detail::check_scores_on_scale(scores, scale, fn, "scores");
  }
  return detail::resolve_cut(scores, cut, scale);
}

/// Returns whether `score` is high against the resolved cut point `cut` under `rule` (a score on
/// the cut, within the tolerance of on_cut_rule, is high under on_cut_rule::high and low under
/// on_cut_rule::low). Every score on the scale is either high or low. Throws
/// kam::non_finite_value or kam::out_of_bounds (naming kam::is_high and 'score' or 'cut') for a
/// value that is not on `scale`, kam::invalid_input for an unknown rule or scale.
template <real_scalar Scalar>
[[nodiscard]] bool is_high(Scalar score, Scalar cut, on_cut_rule rule = on_cut_rule::high,
                           score_scale scale = score_scale::unit) {
  constexpr const char* fn = "kam::is_high";
  detail::check_rule_and_scale(rule, scale, fn);
  detail::check_value(static_cast<double>(score), 0.0, scale_top(scale), fn, "score",
                      "score scale");
  detail::check_value(static_cast<double>(cut), 0.0, scale_top(scale), fn, "cut", "score scale");
  return detail::make_high_test(cut, rule, scale)(score);
}

/// Returns the axis score of every account (row of `x`, columns in `axis.criteria` order):
/// kam::score with the axis's options against the reference of `x` itself. Throws as kam::score
/// does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_result<typename Derived::Scalar> score_axis(const Eigen::MatrixBase<Derived>& x,
                                                                const portfolio_axis& axis) {
  score_result<typename Derived::Scalar> out;
  detail::score_axis_into(out, x, axis, nullptr, "kam::score_axis");
  return out;
}

/// Returns the axis score of every account against a given reference (new accounts, one account,
/// or a chunk of a larger portfolio). Throws as kam::score does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_result<typename Derived::Scalar> score_axis(
    const Eigen::MatrixBase<Derived>& x, const portfolio_axis& axis,
    const score_reference<typename Derived::Scalar>& reference) {
  score_result<typename Derived::Scalar> out;
  detail::score_axis_into(out, x, axis, &reference, "kam::score_axis");
  return out;
}

/// Checks `cut` for scores on `scale` as kam::cut_point does: known enumerators and, for a fixed
/// cut, a finite value on [0, top of the scale]. Throws kam::invalid_input or
/// kam::out_of_bounds naming kam::validate and 'cut'.
inline void validate(const axis_cut& cut, score_scale scale = score_scale::unit) {
  detail::check_cut(cut, scale, "kam::validate", "cut");
}

}  // namespace kam
