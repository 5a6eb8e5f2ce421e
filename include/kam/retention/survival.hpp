// Kaplan-Meier survival of account lifetimes with right censoring, weights and Greenwood bands.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <numeric>
#include <optional>
#include <type_traits>
#include <vector>

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

namespace detail {

/// The standard normal quantile of the upper tail: z with Q(z) = P(Z > z) = q, for q in
/// (0, 1/2]. Newton's method on log Q, which is concave and decreasing: started right of the root
/// at sqrt(-2 ln q) (Q(z) <= exp(-z^2 / 2) / 2, so Q is below q there), every step stays right of
/// the root and approaches it, quadratically near it. Q comes from std::erfc, so the answer is
/// as accurate as erfc (1.959963984540054 for q = 0.025). Written out rather than taken from
/// Boost.Math, whose distributions header alone doubled the compile time of <kam/kam.hpp>.
template <typename = void>
double normal_upper_quantile(double q) {
  constexpr double inv_sqrt2 = 0.70710678118654752440;
  constexpr double inv_sqrt2pi = 0.39894228040143267794;
  const double log_q = std::log(q);
  double z = std::sqrt(-2 * log_q);
  for (int it = 0; it < 100; ++it) {
    const double tail = 0.5 * std::erfc(z * inv_sqrt2);
    const double density = inv_sqrt2pi * std::exp(-0.5 * z * z);
    const double step = (std::log(tail) - log_q) * tail / density;  // -g(z) / g'(z), <= 0
    z += step;
    if (!(std::abs(step) > 1e-15 * std::max(1.0, z))) break;
  }
  return std::max(z, 0.0);  // q = 1/2 may land a rounding error below 0
}

template <typename Derived>
void check_survival_vector(const Eigen::MatrixBase<Derived>& v, Eigen::Index n, const char* fn,
                           const char* field) {
  if ((v.cols() != 1 && v.rows() != 1) || v.size() != n) {
    throw shape_mismatch({fn, field, std::nullopt},
                         cat("expects a vector of ", n, " values (one per account), got ", v.rows(),
                             " x ", v.cols()));
  }
}

template <typename Scalar, typename Times, typename Events, typename Weights>
kaplan_meier_result<Scalar> kaplan_meier_impl(const Times& times, const Events& events,
                                              const Weights* weights,
                                              const kaplan_meier_options<Scalar>& options) {
  constexpr const char* fn = "kam::kaplan_meier";
  if (times.cols() != 1 && times.rows() != 1) {
    throw shape_mismatch({fn, "times", std::nullopt},
                         cat("expects a vector, got ", times.rows(), " x ", times.cols()));
  }
  const Eigen::Index n = times.size();
  if (n == 0) throw empty_input({fn, "times", std::nullopt}, "no accounts");
  check_survival_vector(events, n, fn, "events");
  if (weights != nullptr) check_survival_vector(*weights, n, fn, "weights");
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw out_of_bounds({fn, "confidence", std::nullopt},
                        cat("confidence is ", options.confidence, "; it must be in (0, 1)"));
  }
  std::vector<double> w(static_cast<std::size_t>(n), 1.0);
  std::vector<unsigned char> e(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto t = times.coeff(i);
    if (!std::isfinite(t)) throw non_finite_value({fn, "times", i}, cat("time is ", t));
    if (t < 0) throw invalid_input({fn, "times", i}, cat("time ", t, " is negative"));
    const auto ev = events.coeff(i);
    if (!(ev == 0 || ev == 1)) {
      throw invalid_input({fn, "events", i},
                          cat("event flag is ", +ev, "; it must be 1 (churned) or 0 (censored)"));
    }
    e[static_cast<std::size_t>(i)] = ev == 1 ? 1 : 0;
    if (weights != nullptr) {
      const auto wi = weights->coeff(i);
      if (!std::isfinite(wi)) throw non_finite_value({fn, "weights", i}, cat("weight is ", wi));
      if (wi < 0) throw invalid_input({fn, "weights", i}, cat("weight ", wi, " is negative"));
      w[static_cast<std::size_t>(i)] = static_cast<double>(wi);
    }
  }
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return times.coeff(a) < times.coeff(b); });
  // The distinct times in increasing order, with the weight of their accounts and of their events.
  std::vector<double> gt, gw, gd;
  for (std::size_t k = 0; k < order.size();) {
    const auto t = times.coeff(order[k]);
    double d = 0, removed = 0;
    std::size_t m = k;
    for (; m < order.size() && times.coeff(order[m]) == t; ++m) {
      const auto i = static_cast<std::size_t>(order[m]);
      removed += w[i];
      if (e[i]) d += w[i];
    }
    gt.push_back(static_cast<double>(t));
    gw.push_back(removed);
    gd.push_back(d);
    k = m;
  }
  // At risk at each time: the weight of the accounts with that time or a later one, summed from
  // the last time back. (Subtracting from the total instead leaves rounding residue: with weights
  // such as 0.29 and 0.33, the at-risk weight of the last accounts came out a hair above their
  // event weight, so S ended at 1e-16 instead of 0, with a band of [0, 1].) If every account at
  // risk churns, the two sums add the same weights in the same order: d == at_risk exactly.
  std::vector<double> risk(gt.size() + 1, 0.0);
  for (std::size_t g = gt.size(); g-- > 0;) risk[g] = risk[g + 1] + gw[g];
  const double total = risk[0];
  double total_events = 0;
  for (const double d : gd) total_events += d;
  if (!(total > 0)) throw invalid_input({fn, "weights", std::nullopt}, "all weights are zero");

  const double z = normal_upper_quantile((1 - static_cast<double>(options.confidence)) / 2);
  std::vector<double> tv, nv, dv, sv, sev, lov, upv;
  double s = 1, greenwood = 0;
  bool dead = false;  // S reached 0: it stays there, with no variance
  for (std::size_t g = 0; g < gt.size(); ++g) {
    const double d = gd[g];
    const double at_risk = risk[g];
    if (d > 0) {
      // Events come before censorings at a tied time: the censored are still at risk.
      s *= 1 - d / at_risk;
      if (d >= at_risk || s <= 0) {
        dead = true;
        s = 0;
      } else {
        greenwood += d / (at_risk * (at_risk - d));
      }
      double se = 0, lo = s, up = s;
      if (!dead && greenwood > 0) {
        se = s * std::sqrt(greenwood);
        const double theta = z * std::sqrt(greenwood) / std::abs(std::log(s));
        lo = std::pow(s, std::exp(theta));
        up = std::pow(s, std::exp(-theta));
      }
      tv.push_back(gt[g]);
      nv.push_back(at_risk);
      dv.push_back(d);
      sv.push_back(s);
      sev.push_back(dead ? 0.0 : se);
      lov.push_back(dead ? 0.0 : lo);
      upv.push_back(dead ? 0.0 : up);
    }
  }
  kaplan_meier_result<Scalar> out;
  const auto put = [](vector_of<Scalar>& v, const std::vector<double>& src) {
    v.resize(static_cast<Eigen::Index>(src.size()));
    for (std::size_t i = 0; i < src.size(); ++i)
      v(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(src[i]);
  };
  put(out.time, tv);
  put(out.at_risk, nv);
  put(out.events, dv);
  put(out.survival, sv);
  put(out.std_error, sev);
  put(out.lower, lov);
  put(out.upper, upv);
  // S <= 0.5 up to rounding: S is a product of many factors, so an S that is exactly 1/2 in
  // exact arithmetic (12 of 24 accounts left) can come out as 0.50000000000000011. R's survival
  // package uses the same tolerance, sqrt(machine epsilon), when it looks for the median.
  const double half = 0.5 + std::sqrt(std::numeric_limits<double>::epsilon());
  for (std::size_t k = 0; k < sv.size(); ++k) {
    if (sv[k] <= half) {
      out.median = static_cast<Scalar>(tv[k]);
      break;
    }
  }
  out.confidence = options.confidence;
  out.total = static_cast<Scalar>(total);
  out.total_events = static_cast<Scalar>(total_events);
  return out;
}

}  // namespace detail

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
/// or negative weight, kam::invalid_input if all weights are zero.
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
