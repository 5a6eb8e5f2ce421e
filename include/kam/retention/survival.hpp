// Kaplan-Meier survival of account lifetimes with right censoring, weights and Greenwood bands.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <concepts>
#include <kam/core/concepts.hpp>
#include <kam/retention/detail/survival.hpp>
#include <optional>
#include <type_traits>

namespace kam {

/// Options of kaplan_meier.
template <real_scalar Scalar>
struct kaplan_meier_options {
  /// Two-sided level of the pointwise confidence band, in (0, 1).
  Scalar confidence = Scalar(0.95);
  BOOST_DESCRIBE_CLASS(kaplan_meier_options, (), (confidence), (), ())
};

/// A Kaplan-Meier curve: one entry per distinct time at which at least one (positively weighted)
/// event occurred, in increasing order. S(t) is a step function: `survival(k)` holds from
/// `time(k)` until the next event time, and S = 1 before the first.
template <real_scalar Scalar>
struct kaplan_meier_result {
  vector_of<Scalar> time;       ///< distinct event times
  vector_of<Scalar> at_risk;    ///< (weighted) accounts with time >= time(k)
  vector_of<Scalar> events;     ///< (weighted) events at time(k)
  vector_of<Scalar> survival;   ///< product over event times <= time(k) of 1 - events / at_risk
  vector_of<Scalar> std_error;  ///< Greenwood: S sqrt(sum d / (n (n - d))); 0 once S = 0
  vector_of<Scalar> lower;      ///< log-log band: S^exp(+z se / |ln S|)
  vector_of<Scalar> upper;      ///< log-log band: S^exp(-z se / |ln S|)
  /// The median lifetime: the first event time with S <= 0.5 (up to a rounding tolerance of
  /// sqrt(double epsilon), about 1.5e-8, as in R's survival package); empty if S never gets there.
  std::optional<Scalar> median;
  Scalar confidence = 0;    ///< the band's level
  Scalar total = 0;         ///< (weighted) accounts
  Scalar total_events = 0;  ///< (weighted) events

  /// Returns the number of event times.
  [[nodiscard]] Eigen::Index size() const noexcept { return time.size(); }

  /// Returns S(t): 1 before the first event time, else the survival of the last event time <= t.
  [[nodiscard]] Scalar survival_at(Scalar t) const {
    const auto* end = time.data() + time.size();
    const auto k = std::upper_bound(time.data(), end, t) - time.data();
    return k == 0 ? Scalar(1) : survival(k - 1);
  }

  BOOST_DESCRIBE_CLASS(kaplan_meier_result, (),
                       (time, at_risk, events, survival, std_error, lower, upper, median,
                        confidence, total, total_events),
                       (), ())
};

/// Returns the Kaplan-Meier estimate of the survival of accounts from their lifetimes `times`
/// (tenure in any unit, >= 0) and `events` (1 = the account churned at that time, 0 = still a
/// customer when last seen: right-censored), with Greenwood standard errors and a pointwise
/// log-log confidence band (Kalbfleisch & Prentice; R survival's conf.type = "log-log",
/// lifelines' default). At a tied time, events come before censorings. The median is the first
/// event time with S <= 0.5 + 1.5e-8 (an S that is 1/2 in exact arithmetic is not lost to
/// rounding). Throws kam::empty_input without accounts, kam::shape_mismatch if `events` has
/// another length, kam::non_finite_value or kam::invalid_input naming the account for a NaN,
/// infinite or negative time or an event flag that is not 0 or 1, and kam::out_of_bounds for a
/// confidence outside (0, 1). Complexity O(N log N).
template <typename Times, typename Events>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar>
[[nodiscard]] kaplan_meier_result<typename Times::Scalar> kaplan_meier(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const kaplan_meier_options<typename Times::Scalar>& options = {}) {
  using Scalar = typename Times::Scalar;
  return detail::kaplan_meier_impl<Scalar, Times, Events, Times>(times.derived(), events.derived(),
                                                                 nullptr, options);
}

/// As kaplan_meier above, with a weight per account (e.g. revenue, or a count of identical
/// accounts): at-risk and event counts are sums of weights, and Greenwood's formula is applied
/// to them, so integer weights give exactly the curve and band of the expanded data. Throws as
/// above, and kam::non_finite_value or kam::invalid_input naming the account for a NaN, infinite
/// or negative weight, kam::invalid_input if all weights are zero, if they sum beyond the
/// largest value of the type, or if they are so small (subnormal) that Greenwood's variance
/// overflows (the curve does not depend on their scale: rescale them).
template <typename Times, typename Events, typename Weights>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar> &&
    std::same_as<typename Times::Scalar, typename Weights::Scalar>
[[nodiscard]] kaplan_meier_result<typename Times::Scalar> kaplan_meier(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const Eigen::MatrixBase<Weights>& weights,
    const kaplan_meier_options<typename Times::Scalar>& options = {}) {
  using Scalar = typename Times::Scalar;
  return detail::kaplan_meier_impl<Scalar>(times.derived(), events.derived(), &weights.derived(),
                                           options);
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/survival_impl.hpp>
#endif
