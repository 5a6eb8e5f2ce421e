// Not API. Definitions of kam/retention/cox.hpp (compiled once in compiled mode): the log partial
// likelihood with its gradient and information in one backward pass, Newton-Raphson with step
// halving, the statistics of the estimate and Harrell's concordance.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/cox.hpp>
#include <kam/retention/detail/cholesky.hpp>
#include <kam/retention/detail/cholesky_impl.hpp>
#include <kam/retention/detail/cox.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <kam/retention/detail/survival.hpp>
#include <kam/retention/detail/survival_impl.hpp>
#include <limits>
#include <numeric>
#include <vector>

namespace kam::detail {

KAM_INLINE void check_cox_options(const cox_options& options, const char* fn) {
  if (!is_enumerator(options.ties)) throw invalid_input({fn, "ties"}, "not a cox_ties");
  if (options.max_iterations < 1 || options.max_iterations > cox_max_iterations) {
    throw invalid_input({fn, "max_iterations"},
                        cat({"max_iterations is ", options.max_iterations, "; it must be in [1, ",
                             cox_max_iterations, "]"}));
  }
  if (!(std::isfinite(options.tolerance) && options.tolerance > 0)) {
    throw invalid_input({fn, "tolerance"},
                        cat({"tolerance is ", options.tolerance, "; it must be positive"}));
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw invalid_input({fn, "confidence"},
                        cat({"confidence is ", options.confidence, "; it must be in (0, 1)"}));
  }
}

/// The accounts sorted by (stratum, time), their covariates centred at the weighted column means
/// (which leaves the partial likelihood unchanged and keeps the linear predictor small), and where
/// each stratum's block of accounts starts (with n at the end). `floor` holds, per column, the
/// diagonal information at or below which the column counts as not varying in the risk sets:
/// 1e-12 x (the weight of the events) x (the mean square of the centred column), far above the
/// rounding left by a column that is constant inside every risk set.
struct cox_data {
  std::vector<double> times, weights, x;
  std::vector<unsigned char> events;
  std::vector<std::size_t> block;
  std::size_t n = 0, p = 0;
  std::vector<double> floor, mean;
  std::vector<long long> label;  // the stratum label of each block
};

/// Sets `d.floor` (see cox_data) from the centred covariates, weights and events.
KAM_INLINE void set_column_floor(cox_data& d) {
  double events = 0;
  for (std::size_t i = 0; i < d.n; ++i) events += d.events[i] * d.weights[i];
  d.floor.assign(d.p, 0.0);
  for (std::size_t i = 0; i < d.n; ++i)
    for (std::size_t j = 0; j < d.p; ++j) d.floor[j] += d.x[i * d.p + j] * d.x[i * d.p + j];
  for (double& f : d.floor) f *= 1e-12 * events / static_cast<double>(d.n);
}

/// Returns the accounts of `in` sorted by (stratum, time), with centred covariates.
KAM_INLINE cox_data sort_cox_input(const cox_input& in) {
  const std::size_t n = in.times.size(), p = in.p;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (in.stratum[a] != in.stratum[b]) return in.stratum[a] < in.stratum[b];
    return in.times[a] < in.times[b];
  });
  std::vector<double> mean(p, 0.0);  // weighted by the case weights, as R's coxph
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += in.weights[i];
    for (std::size_t j = 0; j < p; ++j) mean[j] += in.weights[i] * in.x[i * p + j];
  }
  for (double& m : mean) m /= total;
  cox_data d;
  d.times.resize(n);
  d.weights.resize(n);
  d.x.resize(n * p);
  d.events.resize(n);
  d.n = n;
  d.p = p;
  d.mean = mean;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t i = order[r];
    d.times[r] = in.times[i];
    d.weights[r] = in.weights[i];
    d.events[r] = in.events[i];
    for (std::size_t j = 0; j < p; ++j) d.x[r * p + j] = in.x[i * p + j] - mean[j];
    if (r == 0 || in.stratum[i] != in.stratum[order[r - 1]]) {
      d.block.push_back(r);
      d.label.push_back(in.labels[in.stratum[i]]);
    }
  }
  d.block.push_back(n);
  set_column_floor(d);
  return d;
}

/// The log partial likelihood at some coefficients and, when asked for, its gradient and the
/// information (minus the Hessian; p x p, row-major).
struct cox_point {
  double log_likelihood = 0;
  std::vector<double> gradient, information;
};

/// Sums over a set of accounts of r, r x and r x x' (lower triangle), r = w exp(eta - shift).
struct risk_sums {
  double s0 = 0;
  std::vector<double> s1, s2;
  std::size_t p;

  explicit risk_sums(std::size_t columns)
      : s1(columns, 0.0), s2(columns * columns, 0.0), p(columns) {}
  void reset() {
    s0 = 0;
    std::fill(s1.begin(), s1.end(), 0.0);
    std::fill(s2.begin(), s2.end(), 0.0);
  }
  void scale(double f) {
    s0 *= f;
    for (double& v : s1) v *= f;
    for (double& v : s2) v *= f;
  }
  void add(const double* x, double r, bool second) {
    s0 += r;
    for (std::size_t j = 0; j < p; ++j) s1[j] += r * x[j];
    if (!second) return;
    for (std::size_t j = 0; j < p; ++j) {
      const double rx = r * x[j];
      for (std::size_t k = 0; k <= j; ++k) s2[j * p + k] += rx * x[k];
    }
  }
};

/// Subtracts the denominator terms of one event time from `pt`: with Breslow's method
/// W log S0 once; with Efron's, for k = 0..d-1, (W / d) log(S0 - (k / d) S0_dead) (R's coxph
/// weighting, W the weight of the d events), and the matching gradient and information terms.
KAM_INLINE void subtract_event_time(const risk_sums& at_risk, const risk_sums& dead, double shift,
                                    double dead_weight, std::size_t d, bool efron, bool derivatives,
                                    cox_point& pt, std::vector<double>& a) {
  const std::size_t p = at_risk.p;
  const std::size_t terms = efron ? d : 1;
  const double weight = efron ? dead_weight / static_cast<double>(d) : dead_weight;
  for (std::size_t k = 0; k < terms; ++k) {
    const double f = efron ? static_cast<double>(k) / static_cast<double>(d) : 0.0;
    const double phi = at_risk.s0 - f * dead.s0;
    pt.log_likelihood -= weight * (std::log(phi) + shift);
    if (!derivatives) continue;
    for (std::size_t j = 0; j < p; ++j) {
      a[j] = (at_risk.s1[j] - f * dead.s1[j]) / phi;
      pt.gradient[j] -= weight * a[j];
    }
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t l = 0; l <= j; ++l) {
        const double c = (at_risk.s2[j * p + l] - f * dead.s2[j * p + l]) / phi;
        pt.information[j * p + l] += weight * (c - a[j] * a[l]);
      }
    }
  }
}

/// Returns the linear predictors x beta of the sorted accounts.
KAM_INLINE std::vector<double> linear_predictor(const cox_data& data,
                                                const std::vector<double>& beta) {
  std::vector<double> eta(data.n, 0.0);
  for (std::size_t i = 0; i < data.n; ++i)
    for (std::size_t j = 0; j < data.p; ++j) eta[i] += data.x[i * data.p + j] * beta[j];
  return eta;
}

/// Returns the largest linear predictor of the accounts [start, end) with a positive weight (the
/// lowest double if none): the shift that keeps their exp() from overflowing or all underflowing.
KAM_INLINE double weighted_max(const cox_data& data, const std::vector<double>& eta,
                               std::size_t start, std::size_t end) {
  double top = std::numeric_limits<double>::lowest();
  for (std::size_t i = start; i < end; ++i)
    if (data.weights[i] > 0) top = std::max(top, eta[i]);
  return top;
}

/// Adds one stratum's accounts [lo, hi) to `pt`: a backward pass over its distinct times, the
/// risk-set sums rescaled whenever a larger linear predictor enters (log-sum-exp style).
KAM_INLINE void add_cox_stratum(const cox_data& data, const std::vector<double>& eta,
                                std::size_t lo, std::size_t hi, bool efron, bool derivatives,
                                cox_point& pt) {
  const std::size_t p = data.p;
  risk_sums at_risk(p), dead(p);
  std::vector<double> a(p);
  double shift = std::numeric_limits<double>::lowest();
  for (std::size_t end = hi; end > lo;) {
    std::size_t start = end - 1;
    while (start > lo && data.times[start - 1] == data.times[end - 1]) --start;
    const double top = weighted_max(data, eta, start, end);
    if (top > shift) {
      at_risk.scale(std::exp(shift - top));
      shift = top;
    }
    dead.reset();
    double dead_weight = 0;
    std::size_t d = 0;
    for (std::size_t i = start; i < end; ++i) {
      const double* xi = &data.x[i * p];
      const double r = data.weights[i] > 0 ? data.weights[i] * std::exp(eta[i] - shift) : 0.0;
      at_risk.add(xi, r, derivatives);
      if (!data.events[i]) continue;
      dead.add(xi, r, derivatives && efron);
      dead_weight += data.weights[i];
      ++d;
      pt.log_likelihood += data.weights[i] * eta[i];
      if (derivatives)
        for (std::size_t j = 0; j < p; ++j) pt.gradient[j] += data.weights[i] * xi[j];
    }
    if (dead_weight > 0) {
      subtract_event_time(at_risk, dead, shift, dead_weight, d, efron, derivatives, pt, a);
    }
    end = start;
  }
}

/// Returns the log partial likelihood at `beta` and, if `derivatives`, its gradient and the
/// information. O(n p^2) with derivatives, O(n p) without.
KAM_INLINE cox_point evaluate_cox(const cox_data& data, const std::vector<double>& beta, bool efron,
                                  bool derivatives) {
  const std::size_t p = data.p;
  cox_point pt{0, std::vector<double>(p, 0.0), std::vector<double>(p * p, 0.0)};
  const std::vector<double> eta = linear_predictor(data, beta);
  for (std::size_t b = 0; b + 1 < data.block.size(); ++b) {
    add_cox_stratum(data, eta, data.block[b], data.block[b + 1], efron, derivatives, pt);
  }
  for (std::size_t j = 0; j < p; ++j)
    for (std::size_t l = 0; l < j; ++l) pt.information[l * p + j] = pt.information[j * p + l];
  return pt;
}

/// The Cholesky factor of an information matrix scaled to unit diagonal, and the scale.
struct scaled_factor {
  std::vector<double> l, scale;
  std::size_t p = 0;
};

/// The smallest pivot of the scaled information below which kam calls it singular: a column
/// whose squared multiple correlation with the columns before it (among the accounts at risk)
/// exceeds 1 - 1e-10.
inline constexpr double cox_pivot_floor = 1e-10;

/// Factors the leading k x k block of the p x p `information`. Returns false if a diagonal entry
/// is not above its `floor` or the scaled block is not positive definite to cox_pivot_floor.
KAM_INLINE bool factor_information(const std::vector<double>& information,
                                   const std::vector<double>& floor, std::size_t k,
                                   scaled_factor& f) {
  const std::size_t p = floor.size();
  f.p = k;
  f.scale.assign(k, 0.0);
  f.l.assign(k * k, 0.0);
  for (std::size_t j = 0; j < k; ++j) {
    const double v = information[j * p + j];
    if (!(std::isfinite(v) && v > floor[j])) return false;
    f.scale[j] = 1 / std::sqrt(v);
  }
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t l = 0; l < k; ++l)
      f.l[j * k + l] = information[j * p + l] * f.scale[j] * f.scale[l];
  return cholesky_factor(f.l, k, cox_pivot_floor);
}

/// Returns information^-1 b for a factor of the whole information.
KAM_INLINE std::vector<double> solve_information(const scaled_factor& f, std::vector<double> b) {
  for (std::size_t j = 0; j < f.p; ++j) b[j] *= f.scale[j];
  cholesky_solve(f.l, f.p, b);
  for (std::size_t j = 0; j < f.p; ++j) b[j] *= f.scale[j];
  return b;
}

/// Throws kam::invalid_input naming the first covariate column that the information at zero
/// cannot identify: one that does not vary among the accounts at risk at the event times, or
/// one that is a linear combination of the columns before it there.
[[noreturn]] KAM_INLINE void throw_unidentified_column(const cox_data& data,
                                                       const std::vector<double>& information,
                                                       const char* fn) {
  const std::size_t p = data.p;
  scaled_factor f;
  for (std::size_t j = 0; j < p; ++j) {
    const auto col = static_cast<std::ptrdiff_t>(j);
    if (!(information[j * p + j] > data.floor[j])) {
      throw invalid_input({fn, "covariates", std::nullopt, col},
                          cat({"column ", j,
                               " does not vary among the accounts at risk at any event time; its "
                               "coefficient cannot be estimated"}));
    }
    if (!factor_information(information, data.floor, j + 1, f)) {
      throw invalid_input({fn, "covariates", std::nullopt, col},
                          cat({"column ", j,
                               " is collinear: among the accounts at risk it is a linear "
                               "combination of the columns before it; drop it"}));
    }
  }
  throw invalid_input({fn, "covariates", std::nullopt},
                      "the information matrix at zero is singular");
}

/// Where the Newton-Raphson search ended.
struct cox_search {
  std::vector<double> beta;
  cox_point at;
  double log_likelihood_null = 0;
  fit_status status = fit_status::max_iterations;
  int iterations = 0;
};

/// Returns x' a x for the p x p matrix `a`.
KAM_INLINE double quadratic_form(const std::vector<double>& a, const std::vector<double>& x) {
  const std::size_t p = x.size();
  double q = 0;
  for (std::size_t j = 0; j < p; ++j)
    for (std::size_t l = 0; l < p; ++l) q += x[j] * a[j * p + l] * x[l];
  return q;
}

/// Returns the Newton decrement g' I^-1 g at `pt`, or infinity if its information cannot be
/// factored.
KAM_INLINE double newton_decrement(const cox_point& pt, const std::vector<double>& floor) {
  scaled_factor f;
  if (!factor_information(pt.information, floor, floor.size(), f)) {
    return std::numeric_limits<double>::infinity();
  }
  const std::vector<double> step = solve_information(f, pt.gradient);
  return std::inner_product(step.begin(), step.end(), pt.gradient.begin(), 0.0);
}

/// Returns the accepted step from `s.beta` along `step` (halved up to 40 times until the log
/// partial likelihood does not decrease by more than 64 ulps of it) and the point there; an
/// empty step if none was found. Near the maximum the likelihood is flat to the rounding of its
/// terms, which can exceed 64 ulps of the sum (terms of hundreds summing to a few units): there
/// a full Newton step that leaves the likelihood within 1e-9 of itself and lowers the Newton
/// decrement `decrement` is progress too.
KAM_INLINE std::vector<double> halve_step(const cox_data& data, const cox_search& s,
                                          std::vector<double> step, double decrement, bool efron,
                                          cox_point& next) {
  const std::size_t p = step.size();
  const double ll = s.at.log_likelihood;
  const double slack = 64 * std::numeric_limits<double>::epsilon() * (1 + std::abs(ll));
  std::vector<double> trial(p);
  for (int h = 0; h < 40; ++h) {
    for (std::size_t j = 0; j < p; ++j) trial[j] = s.beta[j] + step[j];
    next = evaluate_cox(data, trial, efron, true);
    const double gain = next.log_likelihood - ll;
    if (std::isfinite(gain) && gain >= -slack) return step;
    if (h == 0 && std::isfinite(gain) && gain >= -1e-9 * (1 + std::abs(ll)) &&
        newton_decrement(next, data.floor) < decrement) {
      return step;
    }
    for (double& v : step) v *= 0.5;
  }
  return {};
}

/// The ratio below which the curvature along the last step, relative to the curvature along it
/// at zero, says the likelihood flattens out towards infinity (separation).
inline constexpr double cox_flat_ratio = 1e-8;

/// Returns the Newton-Raphson search from beta = 0. Throws (via throw_unidentified_column) when
/// the information at zero is singular.
KAM_INLINE cox_search newton_cox(const cox_data& data, const cox_options& options, const char* fn) {
  const std::size_t p = data.p;
  const bool efron = options.ties == cox_ties::efron;
  cox_search s{std::vector<double>(p, 0.0), {}, 0, fit_status::max_iterations, 0};
  s.at = evaluate_cox(data, s.beta, efron, true);
  s.log_likelihood_null = s.at.log_likelihood;
  const std::vector<double> information_null = s.at.information;
  scaled_factor f;
  if (!factor_information(s.at.information, data.floor, p, f)) {
    throw_unidentified_column(data, s.at.information, fn);
  }
  std::vector<double> last(p, 0.0);
  for (int it = 1; it <= options.max_iterations; ++it) {
    if (it > 1 && !factor_information(s.at.information, data.floor, p, f)) {
      s.status = fit_status::boundary;  // the information collapsed away from zero
      return s;
    }
    const std::vector<double> newton = solve_information(f, s.at.gradient);
    const double decrement =
        std::inner_product(newton.begin(), newton.end(), s.at.gradient.begin(), 0.0);
    const double scale = 1 + std::abs(s.at.log_likelihood);
    cox_point next;
    const std::vector<double> step = halve_step(data, s, newton, decrement, efron, next);
    if (step.empty()) {  // no step improves: the likelihood is flat to rounding here
      s.status = decrement <= 1e-6 * scale ? fit_status::converged : fit_status::max_iterations;
      break;
    }
    for (std::size_t j = 0; j < p; ++j) s.beta[j] += step[j];
    s.at = std::move(next);
    s.iterations = it;
    last = step;
    if (decrement <= options.tolerance * scale) {
      s.status = fit_status::converged;
      break;
    }
  }
  const double null_curvature = quadratic_form(information_null, last);
  if (null_curvature > 0 &&
      quadratic_form(s.at.information, last) < cox_flat_ratio * null_curvature) {
    s.status = fit_status::boundary;
  }
  return s;
}

/// A Fenwick tree of counts over ranks 0..size-1.
struct rank_counts {
  std::vector<double> tree;
  explicit rank_counts(std::size_t size) : tree(size + 1, 0.0) {}
  void add(std::size_t rank, double v) {
    for (std::size_t i = rank + 1; i < tree.size(); i += i & (~i + 1)) tree[i] += v;
  }
  /// Returns the count of ranks below `rank`.
  [[nodiscard]] double below(std::size_t rank) const {
    double c = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) c += tree[i];
    return c;
  }
};

/// Returns Harrell's concordance of the sorted accounts with linear predictors `eta` (the rule
/// of kam::cox_fit::concordance), within strata; NaN when no pair is comparable. O(n log n):
/// a backward pass per stratum over a tree of the ranks of later accounts' predictors.
KAM_INLINE double cox_concordance(const cox_data& data, const std::vector<double>& eta) {
  std::vector<double> levels = eta;
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::vector<std::size_t> rank(data.n);
  for (std::size_t i = 0; i < data.n; ++i) {
    rank[i] = static_cast<std::size_t>(std::lower_bound(levels.begin(), levels.end(), eta[i]) -
                                       levels.begin());
  }
  rank_counts later(levels.size());
  double pairs = 0, score = 0;
  for (std::size_t b = 0; b + 1 < data.block.size(); ++b) {
    const std::size_t lo = data.block[b], hi = data.block[b + 1];
    double inside = 0;  // accounts of this stratum in the tree
    for (std::size_t end = hi; end > lo;) {
      std::size_t start = end - 1;
      while (start > lo && data.times[start - 1] == data.times[end - 1]) --start;
      for (std::size_t i = start; i < end; ++i) {
        if (data.events[i]) continue;
        later.add(rank[i], 1);
        inside += 1;
      }
      for (std::size_t i = start; i < end; ++i) {
        if (!data.events[i]) continue;
        const double lower = later.below(rank[i]);
        const double tied = later.below(rank[i] + 1) - lower;
        pairs += inside;
        score += lower + 0.5 * tied;
      }
      for (std::size_t i = start; i < end; ++i) {
        if (!data.events[i]) continue;
        later.add(rank[i], 1);
        inside += 1;
      }
      end = start;
    }
    for (std::size_t i = lo; i < hi; ++i) later.add(rank[i], -1);
  }
  return pairs > 0 ? score / pairs : std::numeric_limits<double>::quiet_NaN();
}

/// Appends to `e` Breslow's baseline cumulative hazard at the covariate means of the sorted
/// accounts [lo, hi) of stratum `label`: at each event time t, the sum over event times up to t
/// of (weight of the events) / (sum over the risk set of w exp(eta)).
KAM_INLINE void add_baseline(const cox_data& data, const std::vector<double>& eta, std::size_t lo,
                             std::size_t hi, long long label, cox_estimate& e) {
  std::vector<double> time, increment;
  double at_risk = 0, shift = std::numeric_limits<double>::lowest();
  for (std::size_t end = hi; end > lo;) {
    std::size_t start = end - 1;
    while (start > lo && data.times[start - 1] == data.times[end - 1]) --start;
    const double top = weighted_max(data, eta, start, end);
    if (top > shift) {
      at_risk *= std::exp(shift - top);
      shift = top;
    }
    double dead = 0;
    for (std::size_t i = start; i < end; ++i) {
      if (data.weights[i] > 0) at_risk += data.weights[i] * std::exp(eta[i] - shift);
      if (data.events[i]) dead += data.weights[i];
    }
    if (dead > 0) {
      time.push_back(data.times[start]);
      increment.push_back(dead / at_risk * std::exp(-shift));
    }
    end = start;
  }
  double cumulative = 0;
  for (std::size_t k = time.size(); k-- > 0;) {
    cumulative += increment[k];
    e.baseline_time.push_back(time[k]);
    e.baseline_hazard.push_back(cumulative);
    e.baseline_stratum.push_back(label);
  }
}

/// Fills the statistics of `e` from the search: covariance, standard errors, z, p, the
/// confidence interval and hazard ratios (NaN where the information is singular or the status
/// is boundary), and the likelihood-ratio test.
KAM_INLINE void summarize_cox(const cox_data& data, const cox_search& s, const cox_options& options,
                              cox_estimate& e) {
  const std::size_t p = s.beta.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  e.coefficients = s.beta;
  e.covariance.assign(p * p, nan);
  scaled_factor f;
  if (s.status != fit_status::boundary && factor_information(s.at.information, data.floor, p, f)) {
    for (std::size_t j = 0; j < p; ++j) {
      std::vector<double> unit(p, 0.0);
      unit[j] = 1;
      const std::vector<double> column = solve_information(f, unit);
      for (std::size_t l = 0; l < p; ++l) e.covariance[l * p + j] = column[l];
    }
  }
  const double q = normal_upper_quantile((1 - options.confidence) / 2);
  for (std::size_t j = 0; j < p; ++j) {
    const double b = s.beta[j], se = std::sqrt(e.covariance[j * p + j]);
    e.std_error.push_back(se);
    e.z.push_back(b / se);
    e.p_value.push_back(std::erfc(std::abs(b / se) / std::sqrt(2.0)));
    e.lower.push_back(b - q * se);
    e.upper.push_back(b + q * se);
    e.hazard_ratio.push_back(std::exp(b));
  }
  e.log_likelihood = s.at.log_likelihood;
  e.log_likelihood_null = s.log_likelihood_null;
  e.lr_chi_square = std::max(0.0, 2 * (s.at.log_likelihood - s.log_likelihood_null));
  e.lr_p_value = chi_square_upper_tail(e.lr_chi_square, static_cast<double>(p));
  e.status = s.status;
  e.iterations = s.iterations;
}

KAM_INLINE cox_estimate fit_cox_data(const cox_input& in, const cox_options& options,
                                     const char* fn) {
  double events = 0;
  for (std::size_t i = 0; i < in.times.size(); ++i) events += in.events[i] * in.weights[i];
  if (!(events > 0)) {
    throw invalid_input({fn, "events", std::nullopt},
                        "no account (with a positive weight) churned; a Cox fit needs events");
  }
  const cox_data data = sort_cox_input(in);
  const cox_search s = newton_cox(data, options, fn);
  cox_estimate e;
  summarize_cox(data, s, options, e);
  const std::vector<double> eta = linear_predictor(data, s.beta);
  e.concordance = cox_concordance(data, eta);
  e.events = events;
  e.strata = in.labels.size();
  e.means = data.mean;
  for (std::size_t b = 0; b + 1 < data.block.size(); ++b) {
    add_baseline(data, eta, data.block[b], data.block[b + 1], data.label[b], e);
  }
  return e;
}

}  // namespace kam::detail

namespace kam {

KAM_INLINE void validate(const cox_options& options) {
  detail::check_cox_options(options, "kam::validate");
}

}  // namespace kam
