// Not API. Definitions of kam/retention/survival.hpp (compiled once in compiled mode): the
// product-limit curve, its Greenwood standard errors and log-log band, and the median.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/survival.hpp>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

namespace kam::detail {

KAM_INLINE double normal_upper_quantile(double q) {
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

/// The distinct times of the accounts in increasing order, with the weight of their accounts
/// and of their events.
struct km_groups {
  std::vector<double> time, removed, events;
};

/// Returns the accounts grouped by distinct time (a stable sort by time).
KAM_INLINE km_groups group_by_time(const km_input& in) {
  std::vector<std::size_t> order(in.times.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return in.times[a] < in.times[b]; });
  km_groups g;
  for (std::size_t k = 0; k < order.size();) {
    const double t = in.times[order[k]];
    double d = 0, removed = 0;
    std::size_t m = k;
    for (; m < order.size() && in.times[order[m]] == t; ++m) {
      const std::size_t i = order[m];
      removed += in.weights[i];
      if (in.events[i]) d += in.weights[i];
    }
    g.time.push_back(t);
    g.removed.push_back(removed);
    g.events.push_back(d);
    k = m;
  }
  return g;
}

/// Appends to `out` the product-limit estimate at every event time of `g`, with Greenwood's
/// standard error and the log-log band of quantile `z`; `risk[k]` is the weight at risk at time k.
KAM_INLINE void product_limit(const km_groups& g, const std::vector<double>& risk, double z,
                              km_curve& out) {
  double s = 1, greenwood = 0;
  bool dead = false;  // S reached 0: it stays there, with no variance
  for (std::size_t k = 0; k < g.time.size(); ++k) {
    const double d = g.events[k];
    const double at_risk = risk[k];
    if (!(d > 0)) continue;
    // Events come before censorings at a tied time: the censored are still at risk.
    s *= 1 - d / at_risk;
    if (d >= at_risk || s <= 0) {
      dead = true;
      s = 0;
    } else {
      double term = d / (at_risk * (at_risk - d));
      // Weights near the limits of double overflow the product; the quotient taken in two
      // steps does not.
      if (!std::isfinite(term)) term = d / at_risk / (at_risk - d);
      greenwood += term;
    }
    double se = 0, lo = s, up = s;
    if (!dead && greenwood > 0) {
      se = s * std::sqrt(greenwood);
      const double theta = z * std::sqrt(greenwood) / std::abs(std::log(s));
      lo = std::pow(s, std::exp(theta));
      up = std::pow(s, std::exp(-theta));
    }
    out.time.push_back(g.time[k]);
    out.at_risk.push_back(at_risk);
    out.events.push_back(d);
    out.survival.push_back(s);
    out.std_error.push_back(dead ? 0.0 : se);
    out.lower.push_back(dead ? 0.0 : lo);
    out.upper.push_back(dead ? 0.0 : up);
  }
}

KAM_INLINE km_curve kaplan_meier_curve(const km_input& in, double confidence, const char* fn) {
  const km_groups g = group_by_time(in);
  // At risk at each time: the weight of the accounts with that time or a later one, summed from
  // the last time back. (Subtracting from the total instead leaves rounding residue: with weights
  // such as 0.29 and 0.33, the at-risk weight of the last accounts came out a hair above their
  // event weight, so S ended at 1e-16 instead of 0, with a band of [0, 1].) If every account at
  // risk churns, the two sums add the same weights in the same order: d == at_risk exactly.
  std::vector<double> risk(g.time.size() + 1, 0.0);
  for (std::size_t k = g.time.size(); k-- > 0;) risk[k] = risk[k + 1] + g.removed[k];
  km_curve out;
  out.total = risk[0];
  for (const double d : g.events) out.total_events += d;
  if (!(out.total > 0)) {
    throw invalid_input({fn, "weights", std::nullopt}, "all weights are zero");
  }
  if (!std::isfinite(out.total)) {
    throw invalid_input({fn, "weights", std::nullopt},
                        "the weights sum beyond the largest double; divide them by a common "
                        "factor (the survival curve does not change)");
  }
  product_limit(g, risk, normal_upper_quantile((1 - confidence) / 2), out);
  for (const double se : out.std_error) {
    if (!std::isfinite(se)) {
      throw invalid_input({fn, "weights", std::nullopt},
                          "Greenwood's variance is beyond the largest double: the weights at risk "
                          "are nearly zero; multiply them by a common factor (the survival curve "
                          "does not change)");
    }
  }
  // S <= 0.5 up to rounding: S is a product of many factors, so an S that is exactly 1/2 in
  // exact arithmetic (12 of 24 accounts left) can come out as 0.50000000000000011. R's survival
  // package uses the same tolerance, sqrt(machine epsilon), when it looks for the median.
  const double half = 0.5 + std::sqrt(std::numeric_limits<double>::epsilon());
  for (std::size_t k = 0; k < out.survival.size(); ++k) {
    if (out.survival[k] <= half) {
      out.median = out.time[k];
      break;
    }
  }
  return out;
}

}  // namespace kam::detail
