// Kraljic's portfolio matrix read from the supplier's side: profit impact x replaceability risk.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/score.hpp>
#include <limits>
#include <optional>
#include <string>
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
template <typename = void>
[[nodiscard]] quadrant_guide kraljic_guide(kraljic_quadrant q) {
  const std::string source = "Kraljic (1983), Purchasing must become supply management, HBR 61(5)";
  switch (q) {
    case kraljic_quadrant::strategic:
      return {
          "top management buys: accurate demand forecasting, market research, long-term supply "
          "relationships, make-or-buy decisions and contingency plans for the supply it cannot "
          "replace",
          "partner: executive sponsorship, joint planning and investment, a diamond team; "
          "never take the dependence for granted",
          source};
    case kraljic_quadrant::leverage:
      return {
          "exploits its full purchasing power: tenders, target pricing, volume pooling and "
          "switching to whoever is cheaper, since alternatives abound",
          "compete on total cost and efficiency, differentiate to become harder to replace; "
          "expect every renewal to be a tender",
          source};
    case kraljic_quadrant::bottleneck:
      return {
          "secures volume (at a premium if needed), controls its vendors, keeps safety stock "
          "and back-up plans",
          "assure supply and service, do not overexploit the lock-in, and widen the offering "
          "to matter more to their results",
          source};
    case kraljic_quadrant::non_critical:
      return {
          "buys efficiently at a low level: standardised products, efficient processing, "
          "optimised order volumes and stock, with little attention to us",
          "be easy and cheap to buy from (e-procurement, catalogues, low cost to serve); bundle "
          "to raise the impact we have",
          source};
  }
  throw invalid_input({"kam::kraljic_guide", "quadrant", std::nullopt},
                      detail::cat("value ", static_cast<int>(q), " is not a kraljic_quadrant"));
}

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
template <typename = void>
[[nodiscard]] criteria_set profit_impact_catalogue() {
  return criteria_set{benefit("strategic_importance", 40).on_scale(1, 5),
                      benefit("share_of_their_cost", 30).on_scale(1, 5),
                      benefit("quality_impact", 30).on_scale(1, 5)};
}

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
template <typename = void>
[[nodiscard]] criteria_set replaceability_catalogue() {
  return criteria_set{cost("alternative_suppliers", 40),
                      benefit("switching_cost", 35).on_scale(1, 5),
                      cost("substitutability", 25).on_scale(1, 5)};
}

/// The configuration of the Kraljic classification: the two axes, each with its sub-criteria,
/// scoring options and cut point (defaults: the catalogues above, midpoint cuts, on the cut
/// counts as high).
struct kraljic_config {
  portfolio_axis impact{profit_impact_catalogue()};
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

  /// Returns the number of accounts in quadrant `q`.
  [[nodiscard]] Eigen::Index count(kraljic_quadrant q) const {
    return counts[static_cast<std::size_t>(q)];
  }

  BOOST_DESCRIBE_CLASS(kraljic_result, (),
                       (impact, risk, impact_cut, risk_cut, quadrant, counts, on_impact_cut,
                        on_risk_cut, impact_constant, risk_constant, partial),
                       (), ())
};

namespace detail {

/// Places every account of `r` (whose impact and risk scores are filled) into its quadrant.
template <typename Scalar>
void kraljic_classify(kraljic_result<Scalar>& r, const axis_cut& impact_cut,
                      score_scale impact_scale, const axis_cut& risk_cut, score_scale risk_scale,
                      const char* fn) {
  check_cut(impact_cut, impact_scale, fn, "impact_cut");
  check_cut(risk_cut, risk_scale, fn, "risk_cut");
  r.impact_cut = resolve_cut(r.impact, impact_cut, impact_scale);
  r.risk_cut = resolve_cut(r.risk, risk_cut, risk_scale);
  const auto hi_impact = make_high_test(r.impact_cut, impact_cut.on_cut, impact_scale);
  const auto hi_risk = make_high_test(r.risk_cut, risk_cut.on_cut, risk_scale);
  const Scalar tol_i = cut_tolerance<Scalar>(impact_scale);
  const Scalar tol_r = cut_tolerance<Scalar>(risk_scale);
  const Eigen::Index n = r.impact.size();
  r.quadrant.resize(static_cast<std::size_t>(n));
  r.counts = {};
  r.on_impact_cut = 0;
  r.on_risk_cut = 0;
  const Scalar* im = r.impact.data();
  const Scalar* rk = r.risk.data();
  kraljic_quadrant* q = r.quadrant.data();
  Eigen::Index per[4] = {0, 0, 0, 0};
  Eigen::Index on_i = 0;
  Eigen::Index on_r = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    // strategic 0, leverage 1, bottleneck 2, non_critical 3: (!impact) * 2 + (!risk).
    const int k = (hi_impact(im[i]) ? 0 : 2) + (hi_risk(rk[i]) ? 0 : 1);
    q[i] = static_cast<kraljic_quadrant>(k);
    ++per[k];
    on_i += std::abs(im[i] - r.impact_cut) <= tol_i ? 1 : 0;
    on_r += std::abs(rk[i] - r.risk_cut) <= tol_r ? 1 : 0;
  }
  for (std::size_t k = 0; k < 4; ++k) r.counts[k] = per[k];
  r.on_impact_cut = on_i;
  r.on_risk_cut = on_r;
}

template <typename Impact, typename Risk>
void check_same_rows(const Eigen::MatrixBase<Impact>& a, const Eigen::MatrixBase<Risk>& b,
                     const char* fn, const char* field, const char* what_a, const char* what_b) {
  if (a.rows() != b.rows()) {
    throw shape_mismatch(
        {fn, field, std::nullopt},
        detail::cat(what_a, " has ", a.rows(), " accounts (rows), ", what_b, " has ", b.rows()));
  }
}

template <typename Impact, typename Risk>
void kraljic_into_impl(kraljic_result<typename Impact::Scalar>& r,
                       const Eigen::MatrixBase<Impact>& impact_x,
                       const Eigen::MatrixBase<Risk>& risk_x, const kraljic_config& config,
                       const score_reference<typename Impact::Scalar>* impact_ref,
                       const score_reference<typename Impact::Scalar>* risk_ref, const char* fn) {
  using Scalar = typename Impact::Scalar;
  check_same_rows(impact_x, risk_x, fn, "risk", "the impact matrix", "the risk matrix");
  check_cut(config.impact.cut, config.impact.options.scale, fn, "impact_cut");
  check_cut(config.risk.cut, config.risk.options.scale, fn, "risk_cut");
  score_result<Scalar> s;
  s.scores.swap(r.impact);  // reuse the caller's storage
  score_axis_into(s, impact_x, config.impact, impact_ref, fn);
  s.scores.swap(r.impact);
  r.impact_constant = s.constant_criteria;
  Eigen::Index partial_rows = 0;
  vector_of<Scalar> impact_coverage;
  if (s.coverage.size() > 0) impact_coverage.swap(s.coverage);
  s.scores.swap(r.risk);
  score_axis_into(s, risk_x, config.risk, risk_ref, fn);
  s.scores.swap(r.risk);
  r.risk_constant = s.constant_criteria;
  constexpr Scalar complete = Scalar(1) - Scalar(64) * std::numeric_limits<Scalar>::epsilon();
  for (Eigen::Index i = 0; i < r.impact.size(); ++i) {
    const bool partial_i = impact_coverage.size() > 0 && impact_coverage(i) < complete;
    const bool partial_r = s.coverage.size() > 0 && s.coverage(i) < complete;
    partial_rows += partial_i || partial_r ? 1 : 0;
  }
  r.partial = partial_rows;
  kraljic_classify(r, config.impact.cut, config.impact.options.scale, config.risk.cut,
                   config.risk.options.scale, fn);
}

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
    throw shape_mismatch({fn, "risk", std::nullopt}, detail::cat(impact.size(), " impact scores, ",
                                                                 risk.size(), " risk scores"));
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
