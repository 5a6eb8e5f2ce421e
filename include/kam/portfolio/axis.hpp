// Portfolio axes: a weighted score of sub-criteria, and the cut point that splits it in two.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>  // the enums by name: enum_name, enum_from_name
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <string>

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
  /// How the cut point is found.
  cut_basis basis = cut_basis::midpoint;
  double value = 0.5;  ///< read only for cut_basis::fixed, on the axis's score scale
  /// The side a score exactly on the cut belongs to.
  on_cut_rule on_cut = on_cut_rule::high;
};
BOOST_DESCRIBE_STRUCT(axis_cut, (), (basis, value, on_cut))

/// One axis of a portfolio matrix: a weighted score of its sub-criteria (scored by kam::score with
/// `options`), and where it is cut into low and high.
struct portfolio_axis {
  criteria_set criteria;  ///< the sub-criteria: the columns of the axis's matrix, in this order
  /// How kam::score scores the sub-criteria into the axis score.
  score_options options{};
  /// Where the axis score is cut into low and high.
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

// Defined in kam/portfolio/detail/axis_impl.hpp (the three checks) and
// kam/portfolio/detail/axis.hpp (the templates), both included at the end of this header.

/// Throws unless `cut` is valid for scores on `scale`: known enumerators and, for a fixed cut, a
/// finite value on [0, top of the scale].
void check_cut(const axis_cut& cut, score_scale scale, const char* fn, const std::string& field);

/// Throws kam::non_finite_value if `v` is NaN or infinite, kam::out_of_bounds if it is outside
/// [lo, hi] (the `scale`, named in the message); the one-account classifiers' check.
void check_value(double v, double lo, double hi, const char* fn, const char* field,
                 const char* scale);

/// Throws kam::invalid_input unless `rule` and `scale` are enumerators.
void check_rule_and_scale(on_cut_rule rule, score_scale scale, const char* fn);

/// Throws kam::out_of_bounds (or non_finite_value) for the first score outside [0, top].
template <typename Derived>
void check_scores_on_scale(const Eigen::MatrixBase<Derived>& s, score_scale scale, const char* fn,
                           const char* field);

/// Throws unless `s` is a non-empty vector.
template <typename Derived>
void check_score_vector(const Eigen::MatrixBase<Derived>& s, const char* fn, const char* field);

/// The cut point of `cut` for scores already checked (a non-empty vector on `scale`).
template <typename Derived>
typename Derived::Scalar resolve_cut(const Eigen::MatrixBase<Derived>& scores, const axis_cut& cut,
                                     score_scale scale);

/// The test "is this score high?" for one resolved cut.
template <typename Scalar>
struct high_test;

/// Returns the test "is this score high?" for the cut point `cut` under `rule`, within the
/// tolerance of on_cut_rule.
template <typename Scalar>
high_test<Scalar> make_high_test(Scalar cut, on_cut_rule rule, score_scale scale) noexcept;

/// Scores the accounts `x` on `axis` into `out` (reusing its storage), against `reference` or,
/// when it is null, against the reference of `x` itself; errors name `fn`.
template <typename Derived>
void score_axis_into(score_result<typename Derived::Scalar>& out,
                     const Eigen::MatrixBase<Derived>& x, const portfolio_axis& axis,
                     const score_reference<typename Derived::Scalar>* reference, const char* fn);

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
void validate(const axis_cut& cut, score_scale scale = score_scale::unit);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#include <kam/portfolio/detail/axis.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/axis_impl.hpp>
#endif
