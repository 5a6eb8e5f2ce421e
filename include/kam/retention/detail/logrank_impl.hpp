// Not API. Definitions of kam/retention/logrank.hpp (compiled once in compiled mode): the
// option checks and the statistic.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/cholesky.hpp>
#include <kam/retention/detail/cholesky_impl.hpp>
#include <kam/retention/detail/logrank.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <kam/retention/logrank.hpp>
#include <numeric>
#include <vector>

namespace kam {
namespace detail {

KAM_INLINE void check_logrank_options(const logrank_options& options, const char* fn) {
  if (!is_enumerator(options.weighting)) {
    throw invalid_input({fn, "weighting"}, "not a logrank_weighting");
  }
  const double rho = options.fleming_harrington_rho;
  if (!std::isfinite(rho) || rho < 0) {
    throw invalid_input({fn, "fleming_harrington_rho"},
                        cat({"rho is ", rho, "; it must be finite and at least 0"}));
  }
}

/// The weight of an event time with `at_risk` accounts at risk and pooled survival `survival`
/// just before it.
KAM_INLINE double logrank_weight(const logrank_options& options, double at_risk, double survival) {
  switch (options.weighting) {
    case logrank_weighting::gehan_breslow:
      return at_risk;
    case logrank_weighting::tarone_ware:
      return std::sqrt(at_risk);
    case logrank_weighting::fleming_harrington:
      return std::pow(survival, options.fleming_harrington_rho);
    case logrank_weighting::logrank:
      break;
  }
  return 1;
}

/// The running sums of the statistic over event times, per group.
struct logrank_sums {
  std::vector<double> at_risk, observed, expected, score;  // n_j, O_j, E_j, U_j
  std::vector<double> covariance;  // V over the first k - 1 groups, row-major (lower half)
  std::vector<unsigned char> at_risk_at_an_event;  // n_j > 0 at some event time
};

/// Adds the event time whose accounts have events `died` (per group, d_j) to `s`.
KAM_INLINE void add_event_time(logrank_sums& s, const std::vector<double>& died, double weight) {
  const std::size_t k = died.size();
  const double n = std::accumulate(s.at_risk.begin(), s.at_risk.end(), 0.0);
  const double d = std::accumulate(died.begin(), died.end(), 0.0);
  for (std::size_t j = 0; j < k; ++j) {
    const double e = d * s.at_risk[j] / n;
    s.observed[j] += died[j];
    s.expected[j] += e;
    s.score[j] += weight * (died[j] - e);
    if (s.at_risk[j] > 0) s.at_risk_at_an_event[j] = 1;
  }
  if (n <= 1) return;  // d (n - d) / (n - 1): no variance from a lone account
  const double f = weight * weight * d * (n - d) / (n - 1);
  for (std::size_t j = 0; j + 1 < k; ++j) {
    const double pj = s.at_risk[j] / n;
    for (std::size_t l = 0; l <= j; ++l) {
      s.covariance[j * (k - 1) + l] += f * pj * ((j == l ? 1.0 : 0.0) - s.at_risk[l] / n);
    }
  }
}

/// Returns U' V^-1 U over the first k - 1 groups. Throws kam::invalid_input (naming `fn`) when V
/// is singular to working precision.
KAM_INLINE double logrank_quadratic_form(const logrank_sums& s, const char* fn) {
  const std::size_t m = s.score.size() - 1;
  std::vector<double> factor = s.covariance;
  if (!cholesky_factor(factor, m, 1e-12)) {
    throw invalid_input({fn, "events", std::nullopt},
                        "the events leave no variance to test: at every event time, either "
                        "every account at risk churned or only one group was at risk");
  }
  std::vector<double> x(s.score.begin(), s.score.begin() + static_cast<std::ptrdiff_t>(m));
  cholesky_solve(factor, m, x);
  double q = 0;
  for (std::size_t j = 0; j < m; ++j) q += s.score[j] * x[j];
  return q;
}

/// Throws unless there are 2 to logrank_max_groups groups.
KAM_INLINE void check_group_count(std::size_t k, long long only, const char* fn) {
  if (k < 2) {
    throw invalid_input(
        {fn, "groups", std::nullopt},
        cat({"every account is in group ", only, "; the test compares two or more groups"}));
  }
  if (k > static_cast<std::size_t>(logrank_max_groups)) {
    throw invalid_input({fn, "groups", std::nullopt},
                        cat({k, " groups; logrank_test compares at most ", logrank_max_groups}));
  }
}

KAM_INLINE logrank_statistic compute_logrank(const logrank_input& in,
                                             const logrank_options& options, const char* fn) {
  const std::size_t k = in.labels.size();
  check_group_count(k, in.labels.front(), fn);
  const std::size_t n = in.times.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return in.times[a] < in.times[b]; });
  logrank_sums s{std::vector<double>(k, 0.0),
                 std::vector<double>(k, 0.0),
                 std::vector<double>(k, 0.0),
                 std::vector<double>(k, 0.0),
                 std::vector<double>((k - 1) * (k - 1), 0.0),
                 std::vector<unsigned char>(k, 0)};
  std::vector<Eigen::Index> accounts(k, 0);
  for (std::size_t i = 0; i < n; ++i) {
    s.at_risk[in.group[i]] += 1;
    ++accounts[in.group[i]];
  }
  double survival = 1;  // pooled Kaplan-Meier just before the current time
  std::vector<double> died(k), left(k);
  for (std::size_t p = 0; p < n;) {
    std::fill(died.begin(), died.end(), 0.0);
    std::fill(left.begin(), left.end(), 0.0);
    const double t = in.times[order[p]];
    for (; p < n && in.times[order[p]] == t; ++p) {
      died[in.group[order[p]]] += in.events[order[p]];
      left[in.group[order[p]]] += 1;
    }
    const double d = std::accumulate(died.begin(), died.end(), 0.0);
    if (d > 0) {
      const double at_risk = std::accumulate(s.at_risk.begin(), s.at_risk.end(), 0.0);
      add_event_time(s, died, logrank_weight(options, at_risk, survival));
      survival *= 1 - d / at_risk;
    }
    for (std::size_t j = 0; j < k; ++j) s.at_risk[j] -= left[j];
  }
  if (std::accumulate(s.observed.begin(), s.observed.end(), 0.0) == 0) {
    throw invalid_input({fn, "events", std::nullopt},
                        "no account churned; the test needs at least one event");
  }
  for (std::size_t j = 0; j < k; ++j) {
    if (s.at_risk_at_an_event[j] == 0) {
      throw invalid_input({fn, "groups", std::nullopt},
                          cat({"group ", in.labels[j],
                               " has no account at risk at any event time; the test cannot "
                               "compare it"}));
    }
  }
  logrank_statistic out{accounts, s.observed, s.expected, 0, 1};
  out.chi_square = std::max(0.0, logrank_quadratic_form(s, fn));
  out.p_value = chi_square_upper_tail(out.chi_square, static_cast<double>(k - 1));
  return out;
}

}  // namespace detail

KAM_INLINE void validate(const logrank_options& options) {
  detail::check_logrank_options(options, "kam::validate");
}

}  // namespace kam
