// Not API. Definitions of kam/retention/bgnbd.hpp (compiled once in compiled mode): the
// likelihood and its gradient, its maximisation (detail/newton.hpp), and the predictions.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/newton_impl.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <limits>
#include <tuple>
#include <vector>

namespace kam {
namespace detail {

/// An account's two likelihood terms e^l1 and e^l2 as seen from their log-ratio d = l2 - l1:
/// ln(1 + e^d), to add to l1, and the share e^d / (1 + e^d) of the second term.
struct mixture_weight {
  double log_sum = 0;
  double second = 0;
};

/// Returns the mixture weight of log-ratio `d` without overflow: with e = e^-|d| <= 1,
/// ln(1 + e^d) = max(d, 0) + ln(1 + e), whose absolute error (2e-16, from rounding 1 + e) is far
/// below any fit's tolerance; log1p would be exact to the last bit of tiny values, and took 40 %
/// of a fit's time.
KAM_INLINE mixture_weight mixture_weight_of(double d) {
  const double e = std::exp(-std::abs(d));
  return {std::max(d, 0.0) + std::log(1 + e), (d > 0 ? 1.0 : e) / (1 + e)};
}

/// The distinct values of `v`, ascending.
KAM_INLINE std::vector<double> distinct_values(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

/// The place of each value of `v` in `sorted` (which holds them all).
KAM_INLINE std::vector<std::uint32_t> positions_in(const std::vector<double>& sorted,
                                                   const std::vector<double>& v) {
  std::vector<std::uint32_t> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto at = std::lower_bound(sorted.begin(), sorted.end(), v[i]);
    out[i] = static_cast<std::uint32_t>(at - sorted.begin());
  }
  return out;
}

/// ln(alpha + v) and 1 / (alpha + v) for each of `values`.
struct shifted_logs {
  std::vector<double> log, inverse;
};

KAM_INLINE shifted_logs shifted_logs_of(const std::vector<double>& values, double alpha) {
  shifted_logs out;
  out.log.resize(values.size());
  out.inverse.resize(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    out.log[k] = std::log(alpha + values[k]);
    out.inverse[k] = 1 / (alpha + values[k]);
  }
  return out;
}

KAM_INLINE rfm_groups group_rfm(const rfm_data& data) {
  struct account {
    double x, t_x, age;
  };
  std::vector<account> accounts(data.x.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    accounts[i] = {data.x[i], data.t_x[i], data.age[i]};
  }
  std::sort(accounts.begin(), accounts.end(), [](const account& l, const account& r) {
    return std::tie(l.x, l.t_x, l.age) < std::tie(r.x, r.t_x, r.age);
  });
  rfm_groups out;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const account& u = accounts[i];
    if (i > 0 && u.x == out.x.back() && u.t_x == out.t_x.back() && u.age == out.age.back()) {
      out.count.back() += 1;
      continue;
    }
    out.x.push_back(u.x);
    out.t_x.push_back(u.t_x);
    out.age.push_back(u.age);
    out.count.push_back(1);
  }
  out.recencies = distinct_values(out.t_x);
  out.ages = distinct_values(out.age);
  out.recency_index = positions_in(out.recencies, out.t_x);
  out.age_index = positions_in(out.ages, out.age);
  return out;
}

/// The terms of one account's log-likelihood that depend on its frequency x alone, and their
/// derivatives (see bgnbd_log_likelihood_grad).
struct bgnbd_frequency_terms {
  double log_gammas = 0;  // ln Gamma(r + x) + ln Gamma(b + x) - ln Gamma(a + b + x)
  double log_odds = 0;    // ln(a / (b + x - 1)), x > 0
  double psi_rx = 0, psi_bx = 0, psi_abx = 0;
};

KAM_INLINE bgnbd_frequency_terms bgnbd_terms_of(const bgnbd_values& p, double x, bool grad) {
  const double r = p[0], a = p[2], b = p[3];
  bgnbd_frequency_terms t;
  t.log_gammas = std::lgamma(r + x) + std::lgamma(b + x) - std::lgamma(a + b + x);
  if (x > 0) t.log_odds = std::log(a / (b + x - 1));
  if (grad) {
    t.psi_rx = digamma(r + x);
    t.psi_bx = digamma(b + x);
    t.psi_abx = digamma(a + b + x);
  }
  return t;
}

/// The log-likelihood of the accounts in `groups` at p = (r, alpha, a, b) and, when `grad` is
/// not null, its gradient with respect to (ln r, ln alpha, ln a, ln b). One account's
/// likelihood is e^A (e^l1 + [x > 0] e^l2) with A = ln Gamma(r + x) - ln Gamma(r) + r ln alpha,
/// l1 = C + ln Gamma(b + x) - (r + x) ln(alpha + T), l2 = C + ln a + ln Gamma(b + x - 1) - (r +
/// x) ln(alpha + t_x) and C = ln Gamma(a + b) - ln Gamma(b) - ln Gamma(a + b + x) (the beta
/// functions of Fader, Hardie & Lee 2005, eq. 6, with ln Gamma(a) cancelled); ln(e^l1 + e^l2) =
/// l1 + ln(1 + e^D) with D = l2 - l1 = ln(a / (b + x - 1)) + (r + x) ln((alpha + T) / (alpha +
/// t_x)). The terms in x alone are computed once per frequency (the groups are sorted by it).
KAM_INLINE double bgnbd_log_likelihood_grad(const rfm_groups& groups, const bgnbd_values& p,
                                            bgnbd_values* grad) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double shared = std::lgamma(a + b) - std::lgamma(b) - std::lgamma(r) + r * std::log(al);
  const double psi_r = digamma(r), psi_ab = digamma(a + b), psi_b = digamma(b);
  double ll = 0;
  bgnbd_values g{0, 0, 0, 0};
  const shifted_logs by_age = shifted_logs_of(groups.ages, al);
  const shifted_logs by_recency = shifted_logs_of(groups.recencies, al);
  bgnbd_frequency_terms t;
  for (std::size_t i = 0; i < groups.x.size(); ++i) {
    const double x = groups.x[i], n = groups.count[i];
    if (i == 0 || x != groups.x[i - 1]) t = bgnbd_terms_of(p, x, grad != nullptr);
    const std::uint32_t ia = groups.age_index[i], ir = groups.recency_index[i];
    const double log_alpha_age = by_age.log[ia];
    const double log_ratio = x > 0 ? log_alpha_age - by_recency.log[ir] : 0.0;
    const mixture_weight m =
        x > 0 ? mixture_weight_of(t.log_odds + (r + x) * log_ratio) : mixture_weight{};
    ll += n * (shared + t.log_gammas - (r + x) * log_alpha_age + m.log_sum);
    if (grad == nullptr) continue;
    const double w2 = m.second;
    g[0] += n * (t.psi_rx - psi_r + std::log(al) - log_alpha_age + w2 * log_ratio);
    g[1] += n * (r / al - (r + x) * by_age.inverse[ia] +
                 w2 * (r + x) * (by_age.inverse[ia] - by_recency.inverse[ir]));
    g[2] += n * (psi_ab - t.psi_abx + w2 / a);
    g[3] += n * (t.psi_bx - t.psi_abx - psi_b + psi_ab - (x > 0 ? w2 / (b + x - 1) : 0.0));
  }
  if (grad != nullptr) {
    for (std::size_t k = 0; k < 4; ++k) (*grad)[k] = g[k] * p[k];  // d/d ln p = p d/dp
  }
  return ll;
}

KAM_INLINE double bgnbd_log_likelihood_of(const rfm_data& data, const bgnbd_values& p) {
  return bgnbd_log_likelihood_grad(group_rfm(data), p, nullptr);
}

KAM_INLINE bgnbd_estimate fit_bgnbd_data(const rfm_data& data, const bgnbd_options& options) {
  const rfm_groups groups = group_rfm(data);
  const log_likelihood_function f = [&](const std::vector<double>& u,
                                        std::vector<double>* gradient) {
    const bgnbd_values p{std::exp(u[0]), std::exp(u[1]), std::exp(u[2]), std::exp(u[3])};
    bgnbd_values g{};
    const double ll = bgnbd_log_likelihood_grad(groups, p, gradient != nullptr ? &g : nullptr);
    if (gradient != nullptr) *gradient = {g[0], g[1], g[2], g[3]};
    return ll;
  };
  const double tolerance = options.tolerance * static_cast<double>(data.x.size());
  const newton_search s =
      maximize_log_likelihood(f, std::vector<double>(4, 0.0), options.max_iterations, tolerance);
  return estimate_of<4>(s);
}

KAM_INLINE void check_bgnbd_options(const bgnbd_options& options, const char* fn) {
  check_search_options(options.max_iterations, std::numeric_limits<int>::max(), options.tolerance,
                       fn);
}

KAM_INLINE void check_rfm_account(double x, double t_x, double age, Eigen::Index i,
                                  const char* fn) {
  if (!std::isfinite(x)) throw non_finite_value({fn, "frequency", i}, cat({"frequency is ", x}));
  if (!std::isfinite(t_x)) throw non_finite_value({fn, "recency", i}, cat({"recency is ", t_x}));
  if (!std::isfinite(age)) throw non_finite_value({fn, "age", i}, cat({"age is ", age}));
  if (x < 0 || x != std::floor(x)) {
    throw invalid_input(
        {fn, "frequency", i},
        cat({"frequency ", x, " is not a whole number >= 0 (repeat transactions)"}));
  }
  if (t_x < 0) throw invalid_input({fn, "recency", i}, cat({"recency ", t_x, " is negative"}));
  if (x == 0 && t_x > 0) {
    throw invalid_input({fn, "recency", i}, cat({"recency ", t_x,
                                                 " with frequency 0: an account without a repeat "
                                                 "transaction has recency 0"}));
  }
  if (t_x > age) {
    throw invalid_input({fn, "recency", i},
                        cat({"recency ", t_x, " exceeds age ", age, " (the time observed)"}));
  }
}

KAM_INLINE double bgnbd_p_alive_of(const bgnbd_values& p, double x, double t_x, double age) {
  if (x == 0) return 1;
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double d = std::log(a / (b + x - 1)) + (r + x) * std::log((al + age) / (al + t_x));
  return 1 / (1 + std::exp(d));
}

KAM_INLINE void check_bgnbd_time(double t, const char* fn) {
  if (!(std::isfinite(t) && t >= 0)) {
    throw out_of_bounds({fn, "t", std::nullopt}, cat({"t is ", t, "; it must be finite and >= 0"}));
  }
}

KAM_INLINE void check_bgnbd_horizon(double t, const bgnbd_values& p, const char* fn) {
  check_bgnbd_time(t, fn);
  if (p[2] == 1) {
    throw out_of_bounds({fn, "a", std::nullopt},
                        "a is 1, where the expected transactions have a removable singularity "
                        "(a - 1 in the denominator); kam does not evaluate it there");
  }
}

KAM_INLINE double bgnbd_expected_of(const bgnbd_values& p, double t, const char* fn) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double z = t / (al + t);
  return (a + b - 1) / (a - 1) * (1 - std::pow(al / (al + t), r) * hyp2f1(r, b, a + b - 1, z, fn));
}

KAM_INLINE double bgnbd_conditional_of(const bgnbd_values& p, double t, double x, double t_x,
                                       double age, const char* fn) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double z = t / (al + age + t);
  const double f = hyp2f1(r + x, b + x, a + b + x - 1, z, fn);
  const double head =
      (a + b + x - 1) / (a - 1) * (1 - std::pow((al + age) / (al + age + t), r + x) * f);
  return head * bgnbd_p_alive_of(p, x, t_x, age);
}

KAM_INLINE double bgnbd_p_alive_ahead_of(const bgnbd_values& p, double t, double x, double t_x,
                                         double age, const char* fn) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  // Given active at T: lambda ~ Gamma(r + x, alpha + T), p ~ Beta(a, b + x); dropouts then come
  // at rate lambda p, so P(active at T + t) = E[exp(-lambda p t)] = E_p[((alpha + T) / (alpha + T
  // + p t))^(r + x)], which is the 2F1 below (Euler's integral, then Pfaff's transformation).
  const double stay = std::pow((al + age) / (al + age + t), r + x) *
                      hyp2f1(r + x, b + x, a + b + x, t / (al + age + t), fn);
  return bgnbd_p_alive_of(p, x, t_x, age) * stay;
}

KAM_INLINE std::vector<double> bgnbd_count_probabilities_of(const bgnbd_values& p, double t,
                                                            std::size_t count) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  std::vector<double> out(count, 0.0);
  if (t == 0) {  // nothing can have happened yet
    out[0] = 1;
    return out;
  }
  // nbd_k = P(k transactions in t while active) = Gamma(r + k) / (Gamma(r) k!) (alpha / (alpha +
  // t))^r (t / (alpha + t))^k; Fader, Hardie & Lee (2005), eq. 8, adds the accounts that dropped
  // out after their k-th transaction.
  // t / (alpha + t) underflows to 0 for a subnormal t: its log then from the parts, or the term
  // k = 0 would be 0 x -infinity = NaN.
  const double q = t / (al + t);
  const double log_active = r * std::log(al / (al + t));
  const double log_q = q > 0 ? std::log(q) : std::log(t) - std::log(al + t);
  const double log_beta_ab = log_beta(a, b);
  double below = 0;  // P(fewer than k transactions while active)
  for (std::size_t k = 0; k < count; ++k) {
    const double dk = static_cast<double>(k);
    const double nbd = std::exp(std::lgamma(r + dk) - std::lgamma(r) - std::lgamma(dk + 1) +
                                log_active + dk * log_q);
    out[k] = std::exp(log_beta(a, b + dk) - log_beta_ab) * nbd;
    if (k > 0) {
      out[k] += std::exp(log_beta(a + 1, b + dk - 1) - log_beta_ab) * std::max(0.0, 1 - below);
    }
    below += nbd;
  }
  return out;
}

KAM_INLINE count_check bgnbd_count_check_of(const bgnbd_values& p, const rfm_data& data,
                                            std::size_t buckets) {
  count_check out;
  out.actual.assign(buckets, 0.0);
  out.expected.assign(buckets, 0.0);
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    const double last = static_cast<double>(buckets - 1);
    out.actual[static_cast<std::size_t>(std::min(data.x[i], last))] += 1;
    const auto probabilities = bgnbd_count_probabilities_of(p, data.age[i], buckets - 1);
    for (std::size_t k = 0; k + 1 < buckets; ++k) out.expected[k] += probabilities[k];
  }
  double others = 0;
  for (std::size_t k = 0; k + 1 < buckets; ++k) others += out.expected[k];
  out.expected.back() = std::max(0.0, static_cast<double>(data.x.size()) - others);
  for (std::size_t k = 0; k < buckets; ++k) {
    const double gap = out.actual[k] - out.expected[k];
    if (out.expected[k] > 0) out.chi_square += gap * gap / out.expected[k];
  }
  if (buckets > 5) out.p_value = chi_square_upper_tail(out.chi_square, double(buckets - 5));
  return out;
}

KAM_INLINE void check_bgnbd_count(Eigen::Index count, Eigen::Index limit, const char* field,
                                  const char* fn) {
  if (count < 1 || count > limit) {
    throw out_of_bounds({fn, field}, cat({field, " is ", count, "; it must be 1 to ", limit}));
  }
}

}  // namespace detail

KAM_INLINE void validate(const bgnbd_options& options) {
  detail::check_bgnbd_options(options, "kam::validate");
}

}  // namespace kam
