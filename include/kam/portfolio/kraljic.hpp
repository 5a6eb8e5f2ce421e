// Kraljic's portfolio matrix read from the supplier's side: profit impact x replaceability risk.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <optional>
#include <vector>

namespace kam {

/// Our position in the customer's Kraljic (1983) matrix: how much strategic importance our offering
/// has for the customer (profit impact) against how hard it is for them to replace us (supply
/// risk, read as replaceability risk). Stored in one byte per account.
/// - `strategic`: high impact, high risk.   - `leverage`: high impact, low risk.
/// - `bottleneck`: low impact, high risk.   - `non_critical`: low impact, low risk.
enum class kraljic_quadrant : std::uint8_t { strategic, leverage, bottleneck, non_critical };
BOOST_DESCRIBE_ENUM(kraljic_quadrant, strategic, leverage, bottleneck, non_critical)

/// Returns the buyer behaviour to expect and the seller play for a Kraljic quadrant. The behaviour
/// paraphrases the purchasing strategy and decision level Kraljic (1983, HBR 61(5) 109-117)
/// recommends for each class of purchased item, as the customer would apply it to what it buys
/// from us; the play is kam's reading of that for the supplier (Kraljic writes for the buyer).
/// Throws kam::invalid_input for a value that is not an enumerator.
[[nodiscard]] quadrant_guide kraljic_guide(kraljic_quadrant q);

/// Returns the default sub-criteria of profit impact (how much strategic importance our offering
/// has for the customer), each a 1-5 rating on a fixed scale; weights add up to 100:
///
/// | name                 | means                                                 | weight |
/// |----------------------|-------------------------------------------------------|--------|
/// | strategic_importance | importance of our offering to the customer's business |     40 |
/// | share_of_their_cost  | our share of their cost base (1 = negligible)         |     30 |
/// | quality_impact       | effect of our offering on their quality or growth      |     30 |
///
/// A starting point for discussion, not a finding (Kraljic's own criteria are volume, share of
/// total cost and impact on product quality or business growth).
[[nodiscard]] criteria_set profit_impact_catalogue();

/// Returns the default sub-criteria of replaceability risk (how hard it is for the customer to
/// replace us: Kraljic's supply risk from the supplier's side); weights add up to 100:
///
/// - alternative_suppliers (cost, min-max over the portfolio, 40): credible alternatives the
///   customer has;
/// - switching_cost (benefit, fixed 1-5, 35): cost and effort for them to switch;
/// - substitutability (cost, fixed 1-5, 25): how easily our offering is substituted.
///
/// More alternatives or an easily substituted offering make us easier to replace, so they lower
/// the risk (cost direction). A count of alternatives has no natural top, so it is min-max
/// normalised over the portfolio (0 alternatives in the portfolio's range = the highest risk).
[[nodiscard]] criteria_set replaceability_catalogue();

/// The configuration of the Kraljic classification: the two axes, each with its sub-criteria,
/// scoring options and cut point (defaults: the catalogues above, midpoint cuts, on the cut
/// counts as high).
struct kraljic_config {
  /// The profit-impact axis (default: profit_impact_catalogue(), midpoint cut).
  portfolio_axis impact{profit_impact_catalogue()};
  /// The supply-risk axis (default: replaceability_catalogue(), midpoint cut).
  portfolio_axis risk{replaceability_catalogue()};
};
BOOST_DESCRIBE_STRUCT(kraljic_config, (), (impact, risk))

/// Returns the quadrant of a high or low impact and a high or low risk.
[[nodiscard]] constexpr kraljic_quadrant kraljic_quadrant_of(bool high_impact,
                                                             bool high_risk) noexcept {
  if (high_impact) return high_risk ? kraljic_quadrant::strategic : kraljic_quadrant::leverage;
  return high_risk ? kraljic_quadrant::bottleneck : kraljic_quadrant::non_critical;
}

/// Returns the quadrant of one account from its two axis scores and resolved cut points (from
/// kam::cut_point, or the `impact_cut` / `risk_cut` of a kraljic_result): high is at or above the
/// cut under on_cut_rule::high (the default), strictly above it under on_cut_rule::low. Every
/// pair of scores on the scale gets a quadrant; the lines and the corner follow the rule.
/// Throws kam::non_finite_value or kam::out_of_bounds for a score or cut that is not on `scale`
/// (naming kam::kraljic_quadrant_of and 'impact', 'risk', 'impact_cut' or 'risk_cut'), and
/// kam::invalid_input for an unknown rule or scale.
template <real_scalar Scalar>
[[nodiscard]] kraljic_quadrant kraljic_quadrant_of(Scalar impact, Scalar risk, Scalar impact_cut,
                                                   Scalar risk_cut,
                                                   on_cut_rule rule = on_cut_rule::high,
                                                   score_scale scale = score_scale::unit) {
  constexpr const char* fn = "kam::kraljic_quadrant_of";
  detail::check_rule_and_scale(rule, scale, fn);
  const double top = scale_top(scale);
  detail::check_value(static_cast<double>(impact), 0.0, top, fn, "impact", "score scale");
  detail::check_value(static_cast<double>(risk), 0.0, top, fn, "risk", "score scale");
  detail::check_value(static_cast<double>(impact_cut), 0.0, top, fn, "impact_cut", "score scale");
  detail::check_value(static_cast<double>(risk_cut), 0.0, top, fn, "risk_cut", "score scale");
  return kraljic_quadrant_of(detail::make_high_test(impact_cut, rule, scale)(impact),
                             detail::make_high_test(risk_cut, rule, scale)(risk));
}

/// The Kraljic position of every account, aligned with the input rows.
template <real_scalar Scalar>
struct kraljic_result {
  vector_of<Scalar> impact;                ///< profit impact score per account
  vector_of<Scalar> risk;                  ///< replaceability risk score per account
  Scalar impact_cut = 0;                   ///< the resolved cut point of the impact axis
  Scalar risk_cut = 0;                     ///< the resolved cut point of the risk axis
  std::vector<kraljic_quadrant> quadrant;  ///< per account
  std::array<Eigen::Index, 4> counts{};    ///< accounts per quadrant, in enumerator order
  Eigen::Index on_impact_cut = 0;  ///< accounts exactly on the impact cut (placed by the rule)
  Eigen::Index on_risk_cut = 0;    ///< accounts exactly on the risk cut (placed by the rule)
  std::vector<Eigen::Index> impact_constant;  ///< impact sub-criteria constant in the reference
  std::vector<Eigen::Index> risk_constant;    ///< risk sub-criteria constant in the reference
  Eigen::Index partial = 0;                   ///< accounts scored on partial data on either axis

  /// Returns the number of accounts in quadrant `q`. Checked in every build type: throws
  /// kam::out_of_bounds (naming 'q' and the range) for a value that is not an enumerator.
  [[nodiscard]] Eigen::Index count(kraljic_quadrant q) const {
    const auto at = static_cast<Eigen::Index>(q);
    detail::check_index("kam::kraljic_result::count", "q", at,
                        static_cast<Eigen::Index>(counts.size()), "quadrant");
    return counts[static_cast<std::size_t>(at)];
  }

  BOOST_DESCRIBE_CLASS(kraljic_result, (),
                       (impact, risk, impact_cut, risk_cut, quadrant, counts, on_impact_cut,
                        on_risk_cut, impact_constant, risk_constant, partial),
                       (), ())
};

namespace detail {

// Defined in kam/portfolio/detail/kraljic.hpp, included at the end of this header.

/// Places every account of `r` (whose impact and risk scores are filled) into its quadrant.
template <typename Scalar>
void kraljic_classify(kraljic_result<Scalar>& r, const axis_cut& impact_cut,
                      score_scale impact_scale, const axis_cut& risk_cut, score_scale risk_scale,
                      const char* fn);

/// Scores both axes of the accounts into `r` (reusing its storage) and classifies them; a null
/// reference means the reference of the accounts themselves.
template <typename Impact, typename Risk>
void kraljic_into_impl(kraljic_result<typename Impact::Scalar>& r,
                       const Eigen::MatrixBase<Impact>& impact_x,
                       const Eigen::MatrixBase<Risk>& risk_x, const kraljic_config& config,
                       const score_reference<typename Impact::Scalar>* impact_ref,
                       const score_reference<typename Impact::Scalar>* risk_ref, const char* fn);

}  // namespace detail

/// Returns the Kraljic position of every account: row i of `impact_x` holds account i's profit
/// impact sub-criteria (columns in `config.impact.criteria` order), row i of `risk_x` its
/// replaceability sub-criteria. Each axis is scored by kam::score against the reference of these
/// accounts, its cut point is resolved (midpoint, fixed or median), and each account is placed
/// by the on-cut rule (default: on the cut counts as high). Every account gets a quadrant.
///
/// Throws kam::shape_mismatch (row counts differ, column count differs from the criteria),
/// kam::empty_input (no accounts), kam::out_of_bounds (a rating outside its scale, a cut point
/// outside the score scale), kam::non_finite_value (NaN under missing_policy::reject, infinity),
/// each naming kam::kraljic, the criterion or cut and the row. Complexity: O(N (K_i + K_r)), plus
/// O(N) per median cut.
template <typename Impact, typename Risk>
requires real_scalar<typename Impact::Scalar> &&
    std::same_as<typename Impact::Scalar, typename Risk::Scalar>
[[nodiscard]] kraljic_result<typename Impact::Scalar> kraljic(
    const Eigen::MatrixBase<Impact>& impact_x, const Eigen::MatrixBase<Risk>& risk_x,
    const kraljic_config& config = {}) {
  kraljic_result<typename Impact::Scalar> r;
  detail::kraljic_into_impl(r, impact_x, risk_x, config, nullptr, nullptr, "kam::kraljic");
  return r;
}

/// Returns the Kraljic position of accounts scored against given references (fitted with
/// kam::fit_reference on a whole portfolio with each axis's criteria and options): one account,
/// new accounts, or one chunk of a portfolio too large for memory. A median cut is the median of
/// the accounts passed; to classify chunks consistently, resolve the cut once and pass it as
/// cut_basis::fixed. Throws as the other overload.
template <typename Impact, typename Risk>
requires real_scalar<typename Impact::Scalar> &&
    std::same_as<typename Impact::Scalar, typename Risk::Scalar>
[[nodiscard]] kraljic_result<typename Impact::Scalar> kraljic(
    const Eigen::MatrixBase<Impact>& impact_x, const Eigen::MatrixBase<Risk>& risk_x,
    const kraljic_config& config, const score_reference<typename Impact::Scalar>& impact_reference,
    const score_reference<typename Impact::Scalar>& risk_reference) {
  kraljic_result<typename Impact::Scalar> r;
  detail::kraljic_into_impl(r, impact_x, risk_x, config, &impact_reference, &risk_reference,
                            "kam::kraljic");
  return r;
}

/// Classifies like kam::kraljic(impact_x, risk_x, config) into `result`, reusing its storage (no
/// allocation for the scores and quadrants when it already holds as many accounts). On an
/// exception `result` is valid but unspecified. Throws as kam::kraljic, naming kam::kraljic_into.
template <typename Impact, typename Risk>
requires real_scalar<typename Impact::Scalar> &&
    std::same_as<typename Impact::Scalar, typename Risk::Scalar>
void kraljic_into(kraljic_result<typename Impact::Scalar>& result,
                  const Eigen::MatrixBase<Impact>& impact_x, const Eigen::MatrixBase<Risk>& risk_x,
                  const kraljic_config& config = {}) {
  detail::kraljic_into_impl(result, impact_x, risk_x, config, nullptr, nullptr,
                            "kam::kraljic_into");
}

/// Classifies like kam::kraljic(impact_x, risk_x, config, impact_reference, risk_reference) into
/// `result`, reusing its storage: the form for a portfolio classified chunk after chunk against
/// references fitted on the whole (give fixed cuts: a median would be the chunk's). Throws as
/// kam::kraljic, naming kam::kraljic_into.
template <typename Impact, typename Risk>
requires real_scalar<typename Impact::Scalar> &&
    std::same_as<typename Impact::Scalar, typename Risk::Scalar>
void kraljic_into(kraljic_result<typename Impact::Scalar>& result,
                  const Eigen::MatrixBase<Impact>& impact_x, const Eigen::MatrixBase<Risk>& risk_x,
                  const kraljic_config& config,
                  const score_reference<typename Impact::Scalar>& impact_reference,
                  const score_reference<typename Impact::Scalar>& risk_reference) {
  detail::kraljic_into_impl(result, impact_x, risk_x, config, &impact_reference, &risk_reference,
                            "kam::kraljic_into");
}

/// Returns the Kraljic position of accounts whose axis scores are already known (from your own
/// model, or kam::score_axis): `impact` and `risk` are vectors of one score per account on
/// `scale`. Throws kam::shape_mismatch (not vectors, or of different lengths), kam::empty_input,
/// kam::non_finite_value and kam::out_of_bounds (a score outside the scale, a cut point outside
/// it), each naming kam::kraljic_from_scores, the axis and the row.
template <typename Impact, typename Risk>
requires real_scalar<typename Impact::Scalar> &&
    std::same_as<typename Impact::Scalar, typename Risk::Scalar>
[[nodiscard]] kraljic_result<typename Impact::Scalar> kraljic_from_scores(
    const Eigen::MatrixBase<Impact>& impact, const Eigen::MatrixBase<Risk>& risk,
    const axis_cut& impact_cut = {}, const axis_cut& risk_cut = {},
    score_scale scale = score_scale::unit) {
  constexpr const char* fn = "kam::kraljic_from_scores";
  detail::check_score_vector(impact, fn, "impact");
  detail::check_score_vector(risk, fn, "risk");
  if (impact.size() != risk.size()) {
    throw shape_mismatch({fn, "risk", std::nullopt}, detail::cat({impact.size(), " impact scores, ",
                                                                  risk.size(), " risk scores"}));
  }
  detail::check_cut(impact_cut, scale, fn, "impact_cut");
  detail::check_cut(risk_cut, scale, fn, "risk_cut");
  detail::check_scores_on_scale(impact, scale, fn, "impact");
  detail::check_scores_on_scale(risk, scale, fn, "risk");
  kraljic_result<typename Impact::Scalar> r;
  r.impact.resize(impact.size());
  r.risk.resize(risk.size());
  for (Eigen::Index i = 0; i < impact.size(); ++i) {
    r.impact(i) = impact.coeff(i);
    r.risk(i) = risk.coeff(i);
  }
  detail::kraljic_classify(r, impact_cut, scale, risk_cut, scale, fn);
  return r;
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#include <kam/portfolio/detail/kraljic.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/kraljic_impl.hpp>
#endif
