// Steele & Court's supplier preferencing: account attractiveness x relative value of the account.
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

/// The customer's position in our supplier preferencing matrix (Steele & Court 1996): how
/// attractive the account is to us against its relative value (its revenue as a share of ours).
/// - `core`: attractive and of high value.       - `development`: attractive, of low value.
/// - `exploitable`: unattractive, of high value. - `nuisance`: unattractive, of low value.
enum class preferencing_quadrant : std::uint8_t { core, development, exploitable, nuisance };
BOOST_DESCRIBE_ENUM(preferencing_quadrant, core, development, exploitable, nuisance)

/// The band of an account's relative value (its revenue as a share of ours), cut by the three
/// `preferencing_config::value_edges`; a share exactly on an edge belongs to the band above.
enum class value_band : std::uint8_t { negligible, low, medium, high };
BOOST_DESCRIBE_ENUM(value_band, negligible, low, medium, high)

/// Returns how a supplier tends to treat an account in each quadrant (Steele & Court 1996, as
/// summarised in procurement teaching: the buyer's risk) and the play kam recommends instead.
/// Throws kam::invalid_input for a value that is not an enumerator.
[[nodiscard]] quadrant_guide preferencing_guide(preferencing_quadrant q);

/// Returns the default sub-criteria of account attractiveness (to us); weights add up to 100:
///
/// | name                | means                                          | scale      | weight |
/// |---------------------|------------------------------------------------|------------|--------|
/// | payment_reliability | pays on time (rating)                          | fixed 1-5  |     25 |
/// | margin              | our gross margin on the account (fraction)     | min-max    |     25 |
/// | ease_of_business    | easy to do business with (rating)              | fixed 1-5  |     20 |
/// | growth_potential    | growth prospects of the account (rating)       | fixed 1-5  |     20 |
/// | logo_value          | reference value of the customer's name (rating)| fixed 1-5  |     10 |
///
/// All benefit criteria. Margin is compared within the portfolio (min-max): a margin has no fixed
/// scale that fits every business. A starting point for discussion, not a finding.
[[nodiscard]] criteria_set attractiveness_catalogue();

/// The configuration of supplier preferencing.
struct preferencing_config {
  /// Account attractiveness: sub-criteria, scoring options and cut (default: midpoint, on the cut
  /// counts as high).
  portfolio_axis attractiveness{attractiveness_catalogue()};
  /// Edges of the relative-value bands, as shares of our revenue, strictly increasing in (0, 1]:
  /// negligible below 0.1 %, low from 0.1 %, medium from 1 %, high from 5 % (a share on an edge
  /// belongs to the band above). A starting point: in a portfolio of a million accounts hardly
  /// any reaches 1 %, so set the edges for your own business.
  std::array<double, 3> value_edges{0.001, 0.01, 0.05};
  /// The lowest band that counts as high relative value (default: medium, a share of 1 % or more).
  value_band high_value_from = value_band::medium;
  /// Our total revenue; when absent, the sum of the revenue of the accounts classified (their
  /// shares then add up to 1). An account whose revenue exceeds it is an error.
  std::optional<double> our_revenue;
};
BOOST_DESCRIBE_STRUCT(preferencing_config, (),
                      (attractiveness, value_edges, high_value_from, our_revenue))

namespace detail {

/// Throws unless `c` is a valid configuration (cut, value edges, high-value band, our revenue).
void check_preferencing_config(const preferencing_config& c, const char* fn);

}  // namespace detail

/// Returns the quadrant of a high or low attractiveness and a high or low relative value.
[[nodiscard]] constexpr preferencing_quadrant preferencing_quadrant_of(bool attractive,
                                                                       bool high_value) noexcept {
  if (attractive)
    return high_value ? preferencing_quadrant::core : preferencing_quadrant::development;
  return high_value ? preferencing_quadrant::exploitable : preferencing_quadrant::nuisance;
}

/// Returns the band of a revenue share: the number of edges at or below it (a share on an edge
/// belongs to the band above). Throws kam::non_finite_value or kam::out_of_bounds (naming
/// kam::value_band_of and 'share' or 'edges[e]') for a share outside [0, 1] or an edge outside
/// (0, 1], kam::invalid_input for edges that do not strictly increase.
[[nodiscard]] value_band value_band_of(double share, const std::array<double, 3>& edges);

/// Returns the quadrant of one account from its attractiveness score, the resolved attractiveness
/// cut, and its revenue share of ours, under `config`'s value edges, high-value band and on-cut
/// rule. Throws as kam::preferencing for a bad `config`, and kam::non_finite_value or
/// kam::out_of_bounds for a score or cut off the attractiveness scale or a share outside [0, 1],
/// each naming kam::preferencing_quadrant_of and the argument.
template <real_scalar Scalar>
[[nodiscard]] preferencing_quadrant preferencing_quadrant_of(
    Scalar attractiveness, Scalar attractiveness_cut, double share,
    const preferencing_config& config = {}) {
  constexpr const char* fn = "kam::preferencing_quadrant_of";
  detail::check_preferencing_config(config, fn);
  const score_scale scale = config.attractiveness.options.scale;
  const double top = scale_top(scale);
  detail::check_value(static_cast<double>(attractiveness), 0.0, top, fn, "attractiveness",
                      "score scale");
  detail::check_value(static_cast<double>(attractiveness_cut), 0.0, top, fn, "attractiveness_cut",
                      "score scale");
  detail::check_value(share, 0.0, 1.0, fn, "share", "share scale");
  const bool attractive = detail::make_high_test(
      attractiveness_cut, config.attractiveness.cut.on_cut, scale)(attractiveness);
  return preferencing_quadrant_of(attractive, detail::band_of(share, config.value_edges, 0.0) >=
                                                  static_cast<int>(config.high_value_from));
}

/// The supplier preferencing position of every account, aligned with the input rows.
template <real_scalar Scalar>
struct preferencing_result {
  vector_of<Scalar> attractiveness;  ///< attractiveness score per account
  Scalar attractiveness_cut = 0;     ///< the resolved cut point of the attractiveness axis
  vector_of<Scalar> relative_value;  ///< revenue as a share of ours, on [0, 1]
  double our_revenue = 0;            ///< the total revenue the shares are relative to
  std::vector<value_band> band;      ///< relative-value band per account
  std::vector<preferencing_quadrant> quadrant;  ///< per account
  std::array<Eigen::Index, 4> counts{};         ///< accounts per quadrant, in enumerator order
  std::array<Eigen::Index, 4> band_counts{};    ///< accounts per value band
  Eigen::Index on_attractiveness_cut = 0;       ///< accounts exactly on the attractiveness cut
  std::vector<Eigen::Index> attractiveness_constant;  ///< sub-criteria constant in the reference
  Eigen::Index partial = 0;  ///< accounts whose attractiveness was scored on partial data

  /// Returns the number of accounts in quadrant `q`. Checked in every build type: throws
  /// kam::out_of_bounds (naming 'q' and the range) for a value that is not an enumerator.
  [[nodiscard]] Eigen::Index count(preferencing_quadrant q) const {
    const auto at = static_cast<Eigen::Index>(q);
    detail::check_index("kam::preferencing_result::count", "q", at,
                        static_cast<Eigen::Index>(counts.size()), "quadrant");
    return counts[static_cast<std::size_t>(at)];
  }

  BOOST_DESCRIBE_CLASS(preferencing_result, (),
                       (attractiveness, attractiveness_cut, relative_value, our_revenue, band,
                        quadrant, counts, band_counts, on_attractiveness_cut,
                        attractiveness_constant, partial),
                       (), ())
};

namespace detail {

// Defined in kam/portfolio/detail/preferencing.hpp, included at the end of this header.

/// Checks the revenue vector and returns the total the shares are relative to.
template <typename Revenue>
double check_revenue(const Eigen::MatrixBase<Revenue>& revenue, Eigen::Index accounts,
                     const preferencing_config& c, const char* fn);

/// Fills the relative values, bands and quadrants of `r`, whose attractiveness scores are set.
template <typename Scalar, typename Revenue>
void preferencing_classify(preferencing_result<Scalar>& r,
                           const Eigen::MatrixBase<Revenue>& revenue, double total,
                           const preferencing_config& c);

/// Scores the attractiveness of the accounts into `r` (reusing its storage) and classifies them;
/// a null reference means the reference of the accounts themselves.
template <typename Attractiveness, typename Revenue>
void preferencing_into_impl(preferencing_result<typename Attractiveness::Scalar>& r,
                            const Eigen::MatrixBase<Attractiveness>& x,
                            const Eigen::MatrixBase<Revenue>& revenue,
                            const preferencing_config& config,
                            const score_reference<typename Attractiveness::Scalar>* reference,
                            const char* fn);

}  // namespace detail

/// Returns the supplier preferencing position of every account: row i of `attractiveness_x`
/// holds account i's attractiveness sub-criteria (columns in `config.attractiveness.criteria`
/// order) and `revenue(i)` its revenue with us. Attractiveness is scored by kam::score against the
/// reference of these accounts and cut like a Kraljic axis; the relative value is revenue / our
/// revenue, banded by `config.value_edges` (a share on an edge belongs to the band above).
///
/// Throws kam::shape_mismatch (sizes disagree), kam::empty_input, kam::non_finite_value (revenue
/// or a sub-criterion), kam::invalid_input (negative revenue, a non-positive total, edges that do
/// not increase), kam::out_of_bounds (a revenue above `config.our_revenue`, a rating outside its
/// scale, a cut point or edge outside its scale), each naming kam::preferencing, the field and the
/// row. Complexity: O(N K).
template <typename Attractiveness, typename Revenue>
requires real_scalar<typename Attractiveness::Scalar> &&
    std::same_as<typename Attractiveness::Scalar, typename Revenue::Scalar>
[[nodiscard]] preferencing_result<typename Attractiveness::Scalar> preferencing(
    const Eigen::MatrixBase<Attractiveness>& attractiveness_x,
    const Eigen::MatrixBase<Revenue>& revenue, const preferencing_config& config = {}) {
  preferencing_result<typename Attractiveness::Scalar> r;
  detail::preferencing_into_impl(r, attractiveness_x, revenue, config, nullptr,
                                 "kam::preferencing");
  return r;
}

/// Returns the preferencing position of accounts scored against a given attractiveness reference
/// (one account, new accounts, a chunk). With chunks, give `config.our_revenue` (a chunk's own
/// total is not ours) and a fixed attractiveness cut. Throws as the other overload.
template <typename Attractiveness, typename Revenue>
requires real_scalar<typename Attractiveness::Scalar> &&
    std::same_as<typename Attractiveness::Scalar, typename Revenue::Scalar>
[[nodiscard]] preferencing_result<typename Attractiveness::Scalar> preferencing(
    const Eigen::MatrixBase<Attractiveness>& attractiveness_x,
    const Eigen::MatrixBase<Revenue>& revenue, const preferencing_config& config,
    const score_reference<typename Attractiveness::Scalar>& reference) {
  preferencing_result<typename Attractiveness::Scalar> r;
  detail::preferencing_into_impl(r, attractiveness_x, revenue, config, &reference,
                                 "kam::preferencing");
  return r;
}

/// Classifies like kam::preferencing(attractiveness_x, revenue, config) into `result`, reusing its
/// storage. Throws as kam::preferencing, naming kam::preferencing_into.
template <typename Attractiveness, typename Revenue>
requires real_scalar<typename Attractiveness::Scalar> &&
    std::same_as<typename Attractiveness::Scalar, typename Revenue::Scalar>
void preferencing_into(preferencing_result<typename Attractiveness::Scalar>& result,
                       const Eigen::MatrixBase<Attractiveness>& attractiveness_x,
                       const Eigen::MatrixBase<Revenue>& revenue,
                       const preferencing_config& config = {}) {
  detail::preferencing_into_impl(result, attractiveness_x, revenue, config, nullptr,
                                 "kam::preferencing_into");
}

/// Classifies like kam::preferencing(attractiveness_x, revenue, config, reference) into `result`,
/// reusing its storage: the form for chunks of a portfolio (give `config.our_revenue` and a fixed
/// attractiveness cut). Throws as kam::preferencing, naming kam::preferencing_into.
template <typename Attractiveness, typename Revenue>
requires real_scalar<typename Attractiveness::Scalar> &&
    std::same_as<typename Attractiveness::Scalar, typename Revenue::Scalar>
void preferencing_into(preferencing_result<typename Attractiveness::Scalar>& result,
                       const Eigen::MatrixBase<Attractiveness>& attractiveness_x,
                       const Eigen::MatrixBase<Revenue>& revenue, const preferencing_config& config,
                       const score_reference<typename Attractiveness::Scalar>& reference) {
  detail::preferencing_into_impl(result, attractiveness_x, revenue, config, &reference,
                                 "kam::preferencing_into");
}

/// Returns the preferencing position of accounts whose attractiveness scores are already known
/// (one per account, on `config.attractiveness.options.scale`); `config.attractiveness.criteria`
/// is not used. Throws as kam::preferencing, plus kam::out_of_bounds for a score outside the
/// scale, naming kam::preferencing_from_scores.
template <typename Attractiveness, typename Revenue>
requires real_scalar<typename Attractiveness::Scalar> &&
    std::same_as<typename Attractiveness::Scalar, typename Revenue::Scalar>
[[nodiscard]] preferencing_result<typename Attractiveness::Scalar> preferencing_from_scores(
    const Eigen::MatrixBase<Attractiveness>& attractiveness,
    const Eigen::MatrixBase<Revenue>& revenue, const preferencing_config& config = {}) {
  constexpr const char* fn = "kam::preferencing_from_scores";
  detail::check_preferencing_config(config, fn);
  detail::check_score_vector(attractiveness, fn, "attractiveness");
  detail::check_scores_on_scale(attractiveness, config.attractiveness.options.scale, fn,
                                "attractiveness");
  const double total = detail::check_revenue(revenue, attractiveness.size(), config, fn);
  preferencing_result<typename Attractiveness::Scalar> r;
  r.attractiveness.resize(attractiveness.size());
  for (Eigen::Index i = 0; i < attractiveness.size(); ++i)
    r.attractiveness(i) = attractiveness.coeff(i);
  detail::preferencing_classify(r, revenue, total, config);
  return r;
}

/// Checks `config` as kam::preferencing does: the attractiveness cut ('attractiveness_cut'), the
/// value-band edges on (0, 1] ('value_edges' and the index of the edge), the high-value band
/// ('high_value_from') and our revenue when given ('our_revenue'). Throws kam::invalid_input,
/// kam::out_of_bounds or kam::non_finite_value naming kam::validate and that member.
inline void validate(const preferencing_config& config) {
  detail::check_preferencing_config(config, "kam::validate");
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#include <kam/portfolio/detail/preferencing.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/preferencing_impl.hpp>
#endif
