// Not API. Definitions of kam/retention/cox.hpp (compiled once in compiled mode): the log partial
// likelihood with its gradient and information in one backward pass, Newton-Raphson with step
// halving, the statistics of the estimate and Harrell's concordance.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/detail/radix_sort.hpp>
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
#include <string_view>
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
/// (which leaves the partial likelihood unchanged and keeps the linear predictor small) and
/// divided by `scale` (1, or the standard deviation with cox_options::standardize), and where
/// each stratum's block of accounts starts (with n at the end). `floor` holds, per column, the
/// diagonal information at or below which the column counts as not varying in the risk sets:
/// 1e-12 x (the weight of the events) x (the mean square of the centred column), far above the
/// rounding left by a column that is constant inside every risk set.
struct cox_data {
  std::vector<double> times, weights, x;
  std::vector<unsigned char> events;
  std::vector<std::size_t> block;
  std::size_t n = 0, p = 0;
  std::vector<double> floor, mean, scale;
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

/// Returns the rows of `in` in (stratum, time) order, equal keys in input order: a radix sort
/// by time, then a stable counting pass by stratum.
KAM_INLINE std::vector<std::size_t> cox_order(const cox_input& in) {
  const std::size_t n = in.times.size();
  std::vector<keyed_row> by_time(n);
  for (std::size_t i = 0; i < n; ++i) by_time[i] = {ordered_bits(in.times[i]), i};
  radix_sort(by_time);
  std::vector<std::size_t> next(in.labels.size() + 1, 0);  // where each stratum's rows go next
  for (std::size_t i = 0; i < n; ++i) ++next[in.stratum[i] + 1];
  for (std::size_t s = 1; s < next.size(); ++s) next[s] += next[s - 1];
  std::vector<std::size_t> order(n);
  for (const keyed_row& item : by_time) order[next[in.stratum[item.row]]++] = item.row;
  return order;
}

/// Returns the weighted mean of each covariate column of `in` (as R's coxph).
KAM_INLINE std::vector<double> cox_column_means(const cox_input& in) {
  const std::size_t n = in.times.size(), p = in.p;
  std::vector<double> mean(p, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += in.weights[i];
    for (std::size_t j = 0; j < p; ++j) mean[j] += in.weights[i] * in.x[i * p + j];
  }
  for (double& m : mean) m /= total;
  return mean;
}

/// Returns the weighted sample standard deviation of each covariate column of `in` about
/// `mean` (see cox_options::standardize), the squares taken relative to the largest deviation so
/// that they cannot overflow. Throws kam::invalid_input naming the column for one that does not
/// vary among the accounts with a positive weight (or fewer than two such accounts).
KAM_INLINE std::vector<double> cox_column_sds(const cox_input& in, const std::vector<double>& mean,
                                              const char* fn) {
  const std::size_t n = in.times.size(), p = in.p;
  double total = 0, positive = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += in.weights[i];
    positive += in.weights[i] > 0 ? 1 : 0;
  }
  std::vector<double> sd(p, 0.0);
  for (std::size_t j = 0; j < p; ++j) {
    double largest = 0, squares = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (in.weights[i] > 0) largest = std::max(largest, std::abs(in.x[i * p + j] - mean[j]));
    for (std::size_t i = 0; i < n; ++i) {
      if (!(in.weights[i] > 0 && largest > 0)) continue;
      const double u = (in.x[i * p + j] - mean[j]) / largest;
      squares += in.weights[i] * u * u;
    }
    sd[j] = largest * std::sqrt(squares / total * positive / (positive - 1));
    if (!(positive > 1 && std::isfinite(sd[j]) && sd[j] > 0)) {
      throw invalid_input({fn, "covariates", std::nullopt, static_cast<std::ptrdiff_t>(j)},
                          cat({"column ", j,
                               " has no standard deviation among the accounts with a positive "
                               "weight; it cannot be standardised"}));
    }
  }
  return sd;
}

/// Returns the accounts of `in` sorted by (stratum, time), with centred covariates divided by
/// their standard deviations if `standardize` (see cox_column_sds for what throws).
KAM_INLINE cox_data sort_cox_input(const cox_input& in, bool standardize, const char* fn) {
  const std::size_t n = in.times.size(), p = in.p;
  const std::vector<std::size_t> order = cox_order(in);
  cox_data d;
  d.mean = cox_column_means(in);
  d.scale = standardize ? cox_column_sds(in, d.mean, fn) : std::vector<double>(p, 1.0);
  d.times.resize(n);
  d.weights.resize(n);
  d.x.resize(n * p);
  d.events.resize(n);
  d.n = n;
  d.p = p;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t i = order[r];
    d.times[r] = in.times[i];
    d.weights[r] = in.weights[i];
    d.events[r] = in.events[i];
    for (std::size_t j = 0; j < p; ++j) d.x[r * p + j] = (in.x[i * p + j] - d.mean[j]) / d.scale[j];
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
  void add(const risk_sums& other) {
    s0 += other.s0;
    for (std::size_t j = 0; j < p; ++j) s1[j] += other.s1[j];
    for (std::size_t j = 0; j < p * p; ++j) s2[j] += other.s2[j];
  }
};

/// Subtracts the denominator terms of one event time from `pt`. `survivors` holds the sums over
/// the risk set without the d accounts churning at this time, `dead` over those (total weight
/// W). Breslow's method: W log(R0 + D0) once. Efron's: for k = 0..d-1, with g = 1 - k/d,
/// (W / d) log(R0 + g D0) (R's coxph weighting). Each term's gradient and information involve
/// the k-th denominator only through the scalars w/phi, w g/phi, w/phi^2, w g/phi^2 and w
/// g^2/phi^2, so the terms are summed as scalars first and the p x p work is done once per time:
/// O(d + p^2) instead of O(d p^2). The parts are sums of positive weights (survivors and the
/// dead apart), so nothing cancels that the per-term form would not.
KAM_INLINE void subtract_event_time(const risk_sums& survivors, const risk_sums& dead, double shift,
                                    double dead_weight, std::size_t d, bool efron, bool derivatives,
                                    cox_point& pt) {
  const std::size_t p = survivors.p;
  const std::size_t terms = efron ? d : 1;
  const double weight = efron ? dead_weight / static_cast<double>(d) : dead_weight;
  double a0 = 0, a1 = 0, b0 = 0, b1 = 0, b2 = 0;
  for (std::size_t k = 0; k < terms; ++k) {
    const double g = 1 - static_cast<double>(k) / static_cast<double>(terms);
    const double phi = survivors.s0 + g * dead.s0;
    pt.log_likelihood -= weight * (std::log(phi) + shift);
    const double r = weight / phi, r2 = r / phi;
    a0 += r;
    a1 += g * r;
    b0 += r2;
    b1 += g * r2;
    b2 += g * g * r2;
  }
  if (!derivatives) return;
  const std::vector<double>&r1 = survivors.s1, &d1 = dead.s1;
  for (std::size_t j = 0; j < p; ++j) pt.gradient[j] -= r1[j] * a0 + d1[j] * a1;
  for (std::size_t j = 0; j < p; ++j) {
    for (std::size_t l = 0; l <= j; ++l) {
      const double second = survivors.s2[j * p + l] * a0 + dead.s2[j * p + l] * a1;
      // Each product pairs a sum with a ratio first: weights of 1e-300 (or 1e300) make r1 r1
      // underflow (overflow) where r1 (r1 b0) is in range.
      const double outer =
          r1[j] * (r1[l] * b0) + r1[j] * (d1[l] * b1) + d1[j] * (r1[l] * b1) + d1[j] * (d1[l] * b2);
      pt.information[j * p + l] += second - outer;
    }
  }
}

/// Sets `eta` to the linear predictors x beta of the sorted accounts (reusing its memory: the
/// search evaluates the likelihood several times).
KAM_INLINE void set_linear_predictor(const cox_data& data, const std::vector<double>& beta,
                                     std::vector<double>& eta) {
  eta.assign(data.n, 0.0);
  for (std::size_t i = 0; i < data.n; ++i)
    for (std::size_t j = 0; j < data.p; ++j) eta[i] += data.x[i * data.p + j] * beta[j];
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
  risk_sums at_risk(p), dead(p);  // at_risk: the accounts after this time, then also at it
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
      if (!data.events[i]) {
        at_risk.add(xi, r, derivatives);
        continue;
      }
      dead.add(xi, r, derivatives);
      dead_weight += data.weights[i];
      ++d;
      pt.log_likelihood += data.weights[i] * eta[i];
      if (derivatives)
        for (std::size_t j = 0; j < p; ++j) pt.gradient[j] += data.weights[i] * xi[j];
    }
    if (dead_weight > 0) {
      subtract_event_time(at_risk, dead, shift, dead_weight, d, efron, derivatives, pt);
    }
    at_risk.add(dead);
    end = start;
  }
}

/// Returns the log partial likelihood at `beta` and, if `derivatives`, its gradient and the
/// information. O(n p^2) with derivatives, O(n p) without. `eta` is scratch memory.
KAM_INLINE cox_point evaluate_cox(const cox_data& data, const std::vector<double>& beta, bool efron,
                                  bool derivatives, std::vector<double>& eta) {
  const std::size_t p = data.p;
  cox_point pt{0, std::vector<double>(p, 0.0), std::vector<double>(p * p, 0.0)};
  set_linear_predictor(data, beta, eta);
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

/// Throws kam::invalid_input naming 'weights' when every positive weight is below the square
/// root of the smallest normal double (1.5e-154): the information's ratios w / phi^2, phi the
/// weighted sum of exp(eta) over a risk set, then pass the largest double whatever the
/// covariates. Returns otherwise.
KAM_INLINE void throw_weights_too_small(const cox_data& data, const char* fn) {
  double largest = 0;
  for (const double w : data.weights) largest = std::max(largest, w);
  if (largest >= std::sqrt(std::numeric_limits<double>::min())) return;
  throw invalid_input({fn, "weights"},
                      cat({"the largest weight is ", largest,
                           ", too small for the information (its ratios of a weight to the "
                           "squared weighted sum of a risk set overflow); multiply the weights "
                           "by a common factor (the coefficients do not change)"}));
}

/// Throws kam::invalid_input naming the first covariate column that the information at zero
/// cannot identify: one whose information overflows, one that does not vary among the accounts
/// at risk at the event times, or one that is a linear combination of the columns before it.
[[noreturn]] KAM_INLINE void throw_unidentified_column(const cox_data& data,
                                                       const std::vector<double>& information,
                                                       const char* fn) {
  const std::size_t p = data.p;
  scaled_factor f;
  for (std::size_t j = 0; j < p; ++j) {
    const auto col = static_cast<std::ptrdiff_t>(j);
    if (!std::isfinite(information[j * p + j]) || !std::isfinite(data.floor[j])) {
      throw_weights_too_small(data, fn);
      throw invalid_input({fn, "covariates", std::nullopt, col},
                          cat({"the information of column ", j, " is beyond the range of ",
                               "double (the weights times its squared centred values overflow); ",
                               "divide the column or the weights by a common factor"}));
    }
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

/// The unit of the case weights: multiplying every weight by c multiplies the log partial
/// likelihood by c and adds -c ln(c) (the events' weight), its gradient, information and Newton
/// decrement by c, and leaves the coefficients. The search's tests of progress and convergence
/// are taken in this unit, so that they do not depend on c: `weight` is the mean weight of the
/// events with a positive weight (1 for unit weights), `events` their count.
struct cox_weight_unit {
  double weight = 1, events = 0;

  /// Returns (1 + |ll / weight + events ln(weight)|) x weight: the scale of log-likelihood
  /// `ll` against which a change or a decrement is measured (1 + |ll| for unit weights).
  [[nodiscard]] double scale(double ll) const {
    return (1 + std::abs(ll / weight + events * std::log(weight))) * weight;
  }
};

/// Returns the weight unit of `data` (see cox_weight_unit).
KAM_INLINE cox_weight_unit weight_unit_of(const cox_data& data) {
  double total = 0, count = 0;
  for (std::size_t i = 0; i < data.n; ++i) {
    if (data.events[i] && data.weights[i] > 0) {
      total += data.weights[i];
      count += 1;
    }
  }
  return {count > 0 ? total / count : 1.0, count};
}

/// Returns the accepted step from `s.beta` along `step` (halved up to 40 times until the log
/// partial likelihood does not decrease by more than 64 ulps of its scale in `unit`) and the
/// point there; an empty step if none was found. Near the maximum the likelihood is flat to the
/// rounding of its terms, which can exceed 64 ulps of the sum (terms of hundreds summing to a
/// few units): there a full Newton step that leaves the likelihood within 1e-9 of its scale and
/// lowers the Newton decrement `decrement` is progress too. `eta` is scratch memory.
KAM_INLINE std::vector<double> halve_step(const cox_data& data, const cox_search& s,
                                          std::vector<double> step, double decrement,
                                          const cox_weight_unit& unit, bool efron, cox_point& next,
                                          std::vector<double>& eta) {
  const std::size_t p = step.size();
  const double ll = s.at.log_likelihood, scale = unit.scale(ll);
  const double slack = 64 * std::numeric_limits<double>::epsilon() * scale;
  std::vector<double> trial(p);
  for (int h = 0; h < 40; ++h) {
    for (std::size_t j = 0; j < p; ++j) trial[j] = s.beta[j] + step[j];
    next = evaluate_cox(data, trial, efron, true, eta);
    const double gain = next.log_likelihood - ll;
    if (std::isfinite(gain) && gain >= -slack) return step;
    if (h == 0 && std::isfinite(gain) && gain >= -1e-9 * scale &&
        newton_decrement(next, data.floor) < decrement) {
      return step;
    }
    for (double& v : step) v *= 0.5;
  }
  return {};
}

/// Throws kam::invalid_input naming the weights: the log partial likelihood at zero, `s.at`, is
/// not finite (weights of 1e307 make it about -2e310: c ln c overflows).
[[noreturn]] KAM_INLINE void throw_weights_beyond_double(const cox_data& data, const cox_search& s,
                                                         const char* fn) {
  double events = 0;
  for (std::size_t i = 0; i < data.n; ++i) events += data.events[i] * data.weights[i];
  constexpr std::string_view advice =
      " in all); divide the weights by a common factor (the coefficients do not change)";
  throw invalid_input({fn, "weights", std::nullopt},
                      cat({"the log partial likelihood at zero is ", s.at.log_likelihood,
                           ", beyond the range of double (the events weigh ", events, advice}));
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
  std::vector<double> eta;
  s.at = evaluate_cox(data, s.beta, efron, true, eta);
  s.log_likelihood_null = s.at.log_likelihood;
  if (!std::isfinite(s.log_likelihood_null)) throw_weights_beyond_double(data, s, fn);
  const std::vector<double> information_null = s.at.information;
  scaled_factor f;
  if (!factor_information(s.at.information, data.floor, p, f)) {
    throw_unidentified_column(data, s.at.information, fn);
  }
  std::vector<double> last(p, 0.0);
  const cox_weight_unit unit = weight_unit_of(data);
  for (int it = 1; it <= options.max_iterations; ++it) {
    if (it > 1 && !factor_information(s.at.information, data.floor, p, f)) {
      s.status = fit_status::boundary;  // the information collapsed away from zero
      return s;
    }
    const std::vector<double> newton = solve_information(f, s.at.gradient);
    const double decrement =
        std::inner_product(newton.begin(), newton.end(), s.at.gradient.begin(), 0.0);
    const double scale = unit.scale(s.at.log_likelihood);
    cox_point next;
    const std::vector<double> step = halve_step(data, s, newton, decrement, unit, efron, next, eta);
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

/// A Fenwick tree of counts over keys 0..size-1.
struct key_counts {
  std::vector<std::size_t> tree;
  std::size_t total = 0;
  explicit key_counts(std::size_t size) : tree(size + 1, 0) {}
  void add(std::size_t key) {
    ++total;
    for (std::size_t i = key + 1; i < tree.size(); i += i & (~i + 1)) ++tree[i];
  }
  /// Returns the count of keys above `key`.
  [[nodiscard]] std::size_t above(std::size_t key) const {
    std::size_t at_or_below = 0;
    for (std::size_t i = key + 1; i > 0; i -= i & (~i + 1)) at_or_below += tree[i];
    return total - at_or_below;
  }
};

/// Returns the time keys of the sorted accounts [lo, hi) of one stratum, in their order: 2 r for
/// an event and 2 r + 1 for a censored account at the r-th distinct time. Account j is comparable
/// with an event i exactly when key(j) > key(i): j lasted longer, or as long but censored.
KAM_INLINE std::vector<std::size_t> concordance_keys(const cox_data& data, std::size_t lo,
                                                     std::size_t hi) {
  std::vector<std::size_t> key(hi - lo);
  std::size_t r = 0;
  for (std::size_t i = lo; i < hi; ++i) {
    if (i > lo && data.times[i] != data.times[i - 1]) ++r;
    key[i - lo] = 2 * r + (data.events[i] ? 0 : 1);
  }
  return key;
}

/// Returns, per key 0..slots-1, how many of `keys` are above it.
KAM_INLINE std::vector<std::size_t> counts_above(const std::vector<std::size_t>& keys,
                                                 std::size_t slots) {
  std::vector<std::size_t> at(slots, 0), above(slots, 0);
  if (slots == 0) return above;
  for (std::size_t k : keys) ++at[k];
  for (std::size_t k = slots - 1; k-- > 0;) above[k] = above[k + 1] + at[k + 1];
  return above;
}

/// Adds to `pairs` and `score` the comparable pairs of one stratum's sorted accounts [lo, hi)
/// and their concordance credit. The accounts are taken in increasing linear predictor, a group
/// of equal predictors at a time, over a tree of the time keys of those already taken (all lower
/// predictors): an event's concordant pairs are the taken accounts with a higher key, its tied
/// pairs (1/2 each) the members of its group with a higher key. The tree has two slots per
/// distinct time, so it stays in cache when times are whole days or months. O(n log n).
KAM_INLINE void add_stratum_concordance(const cox_data& data, const std::vector<double>& eta,
                                        std::size_t lo, std::size_t hi, double& pairs,
                                        double& score) {
  const std::vector<std::size_t> key = concordance_keys(data, lo, hi);
  const std::size_t slots = key.empty() ? 0 : key.back() / 2 * 2 + 2;
  const std::vector<std::size_t> higher = counts_above(key, slots);
  std::vector<keyed_row> by_eta(hi - lo);  // row: the time key
  for (std::size_t i = lo; i < hi; ++i) by_eta[i - lo] = {ordered_bits(eta[i]), key[i - lo]};
  radix_sort(by_eta);
  const auto by_key = [](const keyed_row& a, const keyed_row& b) { return a.row < b.row; };
  key_counts taken(slots);
  for (std::size_t first = 0; first < by_eta.size();) {
    std::size_t last = first + 1;
    while (last < by_eta.size() && by_eta[last].key == by_eta[first].key) ++last;
    const auto group = by_eta.begin() + static_cast<std::ptrdiff_t>(first);
    const auto group_end = by_eta.begin() + static_cast<std::ptrdiff_t>(last);
    if (last - first > 1) std::sort(group, group_end, by_key);
    for (auto it = group; it != group_end; ++it) {
      const std::size_t k = it->row;
      if (k % 2 != 0) continue;  // censored: no pairs of its own
      const auto tied_above = group_end - std::upper_bound(it, group_end, *it, by_key);
      pairs += static_cast<double>(higher[k]);
      score += static_cast<double>(taken.above(k)) + 0.5 * static_cast<double>(tied_above);
    }
    for (auto it = group; it != group_end; ++it) taken.add(it->row);
    first = last;
  }
}

/// Returns Harrell's concordance of the sorted accounts with linear predictors `eta` (the rule
/// of kam::cox_fit::concordance), within strata; NaN when no pair is comparable or a predictor
/// is NaN.
KAM_INLINE double cox_concordance(const cox_data& data, const std::vector<double>& eta) {
  for (double v : eta)
    if (std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
  double pairs = 0, score = 0;
  for (std::size_t b = 0; b + 1 < data.block.size(); ++b) {
    add_stratum_concordance(data, eta, data.block[b], data.block[b + 1], pairs, score);
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
  const cox_data data = sort_cox_input(in, options.standardize, fn);
  const cox_search s = newton_cox(data, options, fn);
  cox_estimate e;
  summarize_cox(data, s, options, e);
  // The information was invertible at zero (the search checks it) but not at the estimate,
  // although the search did not end on the boundary: events of nearly zero weight in all (one
  // event of weight 1e-300), whose information double cannot invert. Not a silent NaN.
  const bool unit_weights =
      std::all_of(in.weights.begin(), in.weights.end(), [](double w) { return w == 1; });
  if (s.status != fit_status::boundary && !std::all_of(e.std_error.begin(), e.std_error.end(),
                                                       [](double v) { return std::isfinite(v); })) {
    throw invalid_input(
        {fn, unit_weights ? "covariates" : "weights", std::nullopt},
        cat({"the information at the estimate cannot be inverted in double (the events weigh ",
             events, " in all)", unit_weights ? "" : "; multiply the weights by a common factor"}));
  }
  std::vector<double> eta;
  set_linear_predictor(data, s.beta, eta);
  e.concordance = cox_concordance(data, eta);
  e.events = events;
  e.strata = in.labels.size();
  e.means = data.mean;
  e.scales = data.scale;
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
