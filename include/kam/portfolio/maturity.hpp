// Purchasing maturity: the customer's stage of purchasing evolution and the seller role it needs.
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
#include <kam/scoring/wsm.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace kam {

/// The stages of purchasing evolution (Reck & Long 1988; found in 32 firms by Paesbrugghe et al.,
/// Industrial Marketing Management 2017): `passive` (price focus), `independent` (cost focus),
/// `supportive` (solution and innovation focus), `integrative` (strategy focus).
enum class purchasing_stage : std::uint8_t { passive, independent, supportive, integrative };
BOOST_DESCRIBE_ENUM(purchasing_stage, passive, independent, supportive, integrative)

/// The seller's role as it evolved, one per purchasing stage: `entertainer`, `informer`,
/// `problem_solver`, `business_partner`. The sequence and its stage-by-stage match are taken
/// from kam's design brief; kam has not found them in a primary source (see docs/decisions.md).
enum class seller_role : std::uint8_t { entertainer, informer, problem_solver, business_partner };
BOOST_DESCRIBE_ENUM(seller_role, entertainer, informer, problem_solver, business_partner)

/// How the role an account is served with today fits its purchasing stage: `matched`, `behind`
/// (a less developed role than the stage needs: under-serving a mature buyer) or `ahead` (a more
/// developed role than the buyer asks for: over-serving, at a cost the buyer will not pay for).
enum class role_fit : std::uint8_t { matched, behind, ahead };
BOOST_DESCRIBE_ENUM(role_fit, matched, behind, ahead)

/// Returns the seller role matched to a purchasing stage, stage by stage (passive: entertainer,
/// independent: informer, supportive: problem solver, integrative: business partner).
[[nodiscard]] constexpr seller_role matched_role(purchasing_stage stage) noexcept {
  return static_cast<seller_role>(static_cast<std::uint8_t>(stage));
}

/// Returns the number of role steps `served` is ahead of (positive) or behind (negative) the role
/// `stage` needs.
[[nodiscard]] constexpr int role_gap(purchasing_stage stage, seller_role served) noexcept {
  return static_cast<int>(served) - static_cast<int>(stage);
}

/// Returns whether `served` matches `stage`, or is behind or ahead of it.
[[nodiscard]] constexpr role_fit role_fit_of(purchasing_stage stage, seller_role served) noexcept {
  const int gap = role_gap(stage, served);
  return gap == 0 ? role_fit::matched : (gap < 0 ? role_fit::behind : role_fit::ahead);
}

/// Returns what a buyer at `stage` focuses on and the sales strategy that fits it. The focus
/// (price, cost, solution and innovation, strategy) is Paesbrugghe et al.'s (2017), who find that
/// each stage needs its own sales strategy and that a mismatch hurts sales; the description of
/// the stage and the play of each seller role are kam's reading, not quotations.
/// Throws kam::invalid_input for a value that is not an enumerator.
[[nodiscard]] quadrant_guide maturity_guide(purchasing_stage stage);

/// Returns the default assessment dimensions of purchasing maturity, each rated 1-5 on a fixed
/// scale, equally weighted:
///
/// | name                    | means (5 = most mature)                                  |
/// |-------------------------|----------------------------------------------------------|
/// | purchasing_integration  | purchasing's integration in the customer's strategy      |
/// | cost_focus              | total cost of ownership rather than price                |
/// | supplier_orientation    | long-term relationships with few suppliers               |
/// | cross_functional        | cross-functional involvement in buying decisions         |
/// | performance_measurement | purchasing measured on its contribution, not on savings  |
[[nodiscard]] criteria_set maturity_catalogue();

/// The configuration of the maturity estimate.
struct maturity_config {
  /// The assessment dimensions, each fixed_range on [scale_low, scale_high]; their weights
  /// weight the maturity index.
  criteria_set dimensions = maturity_catalogue();
  double scale_low = 1.0;   ///< the bottom of the assessment scale
  double scale_high = 5.0;  ///< the top of the assessment scale
  /// Where independent, supportive and integrative start on the assessment scale (strictly
  /// increasing, inside the scale). The default cuts 1-5 into four equal bands; an index on an
  /// edge belongs to the later stage.
  std::array<double, 3> stage_edges{2.0, 3.0, 4.0};
  /// Missing-value policy of the assessment (the scale option is not used).
  score_options options{};
};
BOOST_DESCRIBE_STRUCT(maturity_config, (),
                      (dimensions, scale_low, scale_high, stage_edges, options))

/// Returns the stage of a maturity index on the assessment scale: the number of `edges` at or
/// below it, where an index within 16 machine epsilons of `Scalar` times the scale width from an
/// edge counts as on it (so a weighted mean of ratings that is mathematically on an edge reaches
/// the later stage whatever the rounding, in float as in double). Throws kam::non_finite_value
/// (a non-finite index or edge), kam::invalid_input (edges that do not strictly increase, a
/// scale width that is not positive), each naming kam::maturity_stage_of and the argument.
template <real_scalar Scalar>
[[nodiscard]] purchasing_stage maturity_stage_of(Scalar index, const std::array<double, 3>& edges,
                                                 double scale_width = 4.0) {
  constexpr const char* fn = "kam::maturity_stage_of";
  constexpr double inf = std::numeric_limits<double>::infinity();
  detail::check_value(static_cast<double>(index), -inf, inf, fn, "index", "real line");
  detail::check_edges(edges, -inf, inf, false, fn, "edges", "edge", "real line");
  if (!(std::isfinite(scale_width) && scale_width > 0.0)) {
    throw invalid_input(
        {fn, "scale_width", std::nullopt},
        detail::cat({"the scale width must be finite and positive, got ", scale_width}));
  }
  return static_cast<purchasing_stage>(detail::band_of(
      static_cast<double>(index), edges, detail::edge_tolerance<Scalar>(scale_width)));
}

/// The purchasing maturity of every account, aligned with the input rows.
template <real_scalar Scalar>
struct maturity_result {
  /// Weighted mean of the dimension ratings, on the assessment scale (e.g. 1-5).
  vector_of<Scalar> index;
  std::vector<purchasing_stage> stage;  ///< per account
  std::vector<seller_role> matched;     ///< the role each stage needs
  std::vector<seller_role> served;      ///< the role served today (empty if not given)
  std::vector<role_fit> fit;            ///< served against matched (empty if not given)
  std::vector<int> gap;  ///< served minus matched, in role steps (empty if not given)
  std::array<Eigen::Index, 4> stage_counts{};  ///< accounts per stage
  Eigen::Index behind = 0;   ///< accounts served with a less developed role than they need
  Eigen::Index ahead = 0;    ///< accounts served with a more developed role than they ask for
  Eigen::Index partial = 0;  ///< accounts assessed on partial data (missing_policy)

  /// Returns whether account `i` is served with a role that does not match its stage. Checked in
  /// every build type: throws kam::invalid_input (naming 'served') when no served roles were
  /// given (`fit` is empty), kam::out_of_bounds (naming 'i' and the range [0, fit.size())) unless
  /// 0 <= i < fit.size().
  [[nodiscard]] bool mismatch(Eigen::Index i) const {
    constexpr const char* fn = "kam::maturity_result::mismatch";
    if (fit.empty() && !stage.empty()) {
      throw invalid_input({fn, "served", std::nullopt},
                          "no served roles were given, so there is no match to report");
    }
    detail::check_index(fn, "i", i, static_cast<Eigen::Index>(fit.size()), "account", true);
    return fit[static_cast<std::size_t>(i)] != role_fit::matched;
  }

  BOOST_DESCRIBE_CLASS(maturity_result, (),
                       (index, stage, matched, served, fit, gap, stage_counts, behind, ahead,
                        partial),
                       (), ())
};

namespace detail {

/// Checks the configuration, the dimension names of the `columns` columns and the `served` roles
/// of the `rows` accounts; returns the axis that scores the assessment (the configured dimensions
/// in column order, on the unit score scale).
portfolio_axis maturity_axis(const maturity_config& config,
                             const std::vector<std::string>& dimensions, Eigen::Index rows,
                             Eigen::Index columns, const std::vector<seller_role>& served,
                             const char* fn);

}  // namespace detail

/// Returns the purchasing maturity of every account: row i of `assessment` holds account i's
/// ratings, column j the dimension named `dimensions[j]` (any order; every configured dimension
/// exactly once). The index is the weighted mean of the ratings (kam::score over fixed 1-5
/// scales, mapped back onto the scale); the stage follows `config.stage_edges` (on an edge: the
/// later stage); the matched role follows the stage. When `served` is not empty (one role per
/// account), each account's fit, gap and the mismatch counts are reported.
///
/// Throws kam::unknown_name (a column that is not a dimension, listing the dimensions),
/// kam::invalid_input (a dimension without a column, a dimension not on the assessment scale, a
/// served role that is not an enumerator), kam::duplicate_name (a dimension given twice),
/// kam::shape_mismatch (column or served counts), kam::out_of_bounds (a rating or stage edge
/// outside the scale), kam::non_finite_value (NaN under reject), each naming kam::maturity, the
/// dimension and the row. Complexity: O(N D).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] maturity_result<typename Derived::Scalar> maturity(
    const Eigen::MatrixBase<Derived>& assessment, const std::vector<std::string>& dimensions,
    const std::vector<seller_role>& served = {}, const maturity_config& config = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::maturity";
  const portfolio_axis axis =
      detail::maturity_axis(config, dimensions, assessment.rows(), assessment.cols(), served, fn);
  maturity_result<Scalar> r;
  score_result<Scalar> s;
  detail::score_axis_into(s, assessment, axis, nullptr, fn);
  r.partial = s.partial;
  const Eigen::Index n = assessment.rows();
  const double low = config.scale_low;
  const double width = config.scale_high - config.scale_low;
  // The scores carry the rounding of Scalar: so does the tolerance on the stage edges.
  const auto tol = static_cast<double>(detail::edge_tolerance<Scalar>(width));
  r.index.resize(n);
  r.stage.resize(static_cast<std::size_t>(n));
  r.matched.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const double index = low + width * static_cast<double>(s.scores(i));
    const auto stage =
        static_cast<purchasing_stage>(detail::band_of(index, config.stage_edges, tol));
    r.index(i) = static_cast<Scalar>(index);
    r.stage[static_cast<std::size_t>(i)] = stage;
    r.matched[static_cast<std::size_t>(i)] = matched_role(stage);
    ++r.stage_counts[static_cast<std::size_t>(stage)];
  }
  if (!served.empty()) {
    r.served = served;
    r.fit.resize(served.size());
    r.gap.resize(served.size());
    for (std::size_t i = 0; i < served.size(); ++i) {
      r.gap[i] = role_gap(r.stage[i], served[i]);
      r.fit[i] = role_fit_of(r.stage[i], served[i]);
      r.behind += r.fit[i] == role_fit::behind ? 1 : 0;
      r.ahead += r.fit[i] == role_fit::ahead ? 1 : 0;
    }
  }
  return r;
}

/// Checks `config` as kam::maturity does: the assessment scale ('scale'), the stage edges inside
/// it ('stage_edges' and the index of the edge) and that every dimension is rated on it (the
/// dimension's name). Throws kam::invalid_input, kam::out_of_bounds or kam::non_finite_value
/// naming kam::validate and that field.
void validate(const maturity_config& config);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/maturity_impl.hpp>
#endif
