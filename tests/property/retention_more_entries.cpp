// Property entry points of the retention area not driven by the other files: the stratified
// and weighted Cox fits, the Cox predictions (partial hazards, survival curves with and without
// strata) and the plain log-likelihoods of sBG, BG/NBD and Gamma-Gamma, each checked against the
// fit that produced its parameters.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/cox.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/sbg.hpp>
#include <limits>

#include "property.hpp"

namespace {

using kam_property::draw;
using kam_property::finite;

/// Returns `n` lifetimes: whole periods 1..24, or drawn values in adversarial cases.
Eigen::VectorXd lifetimes_of(draw& d, Eigen::Index n) {
  Eigen::VectorXd t(n);
  for (Eigen::Index i = 0; i < n; ++i)
    t(i) = d.adversarial() && d.chance(0.2) ? d.value() : static_cast<double>(d.between(1, 24));
  return t;
}

/// Returns `n` stratum labels 0..2, adversarially the limits of int64 now and then.
kam::index_vector strata_of(draw& d, Eigen::Index n) {
  kam::index_vector s(n);
  for (Eigen::Index i = 0; i < n; ++i)
    s(i) = d.adversarial() && d.chance(0.05) ? d.count() : d.between(0, 2);
  return s;
}

/// Returns whether the fit's numbers are finite or explained (as the fit_cox entry: standard
/// errors NaN under status boundary, baseline entries of +infinity where the linear predictors
/// span more than ~700), and its baseline is sorted by stratum, then time.
bool cox_fit_ok(const kam::cox_fit<double>& f, const Eigen::MatrixXd& x) {
  const bool boundary = f.status == kam::fit_status::boundary;
  const Eigen::VectorXd eta =
      ((x.rowwise() - f.means.transpose()).array().rowwise() / f.scales.transpose().array())
          .matrix() *
      f.coefficients;
  const bool wide = eta.size() > 0 && eta.maxCoeff() - eta.minCoeff() > 700;
  const bool baseline_ok = boundary || wide ? !f.baseline_cumulative_hazard.array().isNaN().any()
                                            : finite(f.baseline_cumulative_hazard);
  for (Eigen::Index k = 1; k < f.baseline_stratum.size(); ++k) {
    const bool later_stratum = f.baseline_stratum(k) > f.baseline_stratum(k - 1);
    const bool same_stratum = f.baseline_stratum(k) == f.baseline_stratum(k - 1);
    if (!later_stratum && !(same_stratum && f.baseline_time(k) > f.baseline_time(k - 1)))
      return false;
    // H0 is a cumulative hazard: it does not fall within a stratum.
    if (same_stratum && f.baseline_cumulative_hazard(k) < f.baseline_cumulative_hazard(k - 1))
      return false;
  }
  return finite(f.coefficients) && std::isfinite(f.log_likelihood) &&
         (boundary || finite(f.std_error)) && baseline_ok;
}

/// An ordinary Cox fit to predict from: n accounts, 1 to 3 covariates, strata or not.
struct cox_case {
  Eigen::MatrixXd x;
  kam::index_vector strata;
  kam::cox_fit<double> fit;
};

cox_case cox_case_of(draw& d, bool stratified) {
  const Eigen::Index n = d.between(4, 30);
  cox_case c{Eigen::MatrixXd(n, d.between(1, 3)), kam::index_vector(n), {}};
  for (Eigen::Index j = 0; j < c.x.cols(); ++j)
    for (Eigen::Index i = 0; i < n; ++i) c.x(i, j) = d.value_in(-2, 2);
  Eigen::VectorXd t(n);
  Eigen::VectorXi e(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    t(i) = static_cast<double>(d.between(1, 24));
    e(i) = static_cast<int>(d.between(0, 1));
    c.strata(i) = d.between(0, 1);
  }
  kam::cox_options o;
  o.standardize = d.chance(0.3);  // scales below 1: terms that overflow sooner
  c.fit = stratified ? kam::fit_cox_stratified(t, e, c.x, c.strata, o) : kam::fit_cox(t, e, c.x, o);
  return c;
}

/// The linear predictor ((x - means) / scales)' beta of row i, in long double: where it exceeds
/// ln(largest double) a partial hazard of +infinity is the right answer, not a silent one.
long double linear_predictor(const kam::cox_fit<double>& f, const Eigen::MatrixXd& x,
                             Eigen::Index i) {
  long double eta = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    eta += (static_cast<long double>(x(i, j)) - f.means(j)) / f.scales(j) * f.coefficients(j);
  return eta;
}

/// Returns covariates of m new accounts for a fit with p columns: ordinary ones near the fitted
/// data, adversarially any value (the limits of double among them) or a column too many.
Eigen::MatrixXd new_covariates(draw& d, Eigen::Index m, Eigen::Index p) {
  const Eigen::Index cols = d.adversarial() && d.chance(0.05) ? p + 1 : p;
  Eigen::MatrixXd x(m, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < m; ++i) x(i, j) = d.adversarial() ? d.value() : d.value_in(-3, 3);
  return x;
}

const kam_property::registrar stratified_entry("fit_cox_stratified", [](draw& d) {
  const Eigen::Index n = d.size();
  kam::cox_options o;
  o.ties = d.chance(0.5) ? kam::cox_ties::efron : kam::cox_ties::breslow;
  o.standardize = d.chance(0.3);
  const Eigen::MatrixXd x = d.matrix(n, d.between(1, 3));
  const Eigen::VectorXd t = lifetimes_of(d, n);
  const Eigen::VectorXi e = d.flags(n);
  const kam::index_vector s = strata_of(d, d.adversarial() && d.chance(0.05) ? n + 1 : n);
  const auto f = d.chance(0.5) ? kam::fit_cox_stratified(t, e, x, s, o)
                               : kam::fit_cox_stratified(t, e, x, s, d.vector_in(n, 0, 5), o);
  Eigen::Index labels = 0;  // the distinct labels of s: the fit's strata
  kam::index_vector sorted = s;
  std::sort(sorted.begin(), sorted.end());
  labels = std::unique(sorted.begin(), sorted.end()) - sorted.begin();
  return f.strata == labels && cox_fit_ok(f, x);
});

const kam_property::registrar weighted_entry("fit_cox_weighted", [](draw& d) {
  const Eigen::Index n = d.size();
  kam::cox_options o;
  o.ties = d.chance(0.5) ? kam::cox_ties::efron : kam::cox_ties::breslow;
  const Eigen::MatrixXd x = d.matrix(n, d.between(1, 3));
  // One weight short (none short of no accounts: a length of -1 is the suite's bug, not kam's).
  const Eigen::VectorXd w =
      d.vector_in(d.adversarial() && d.chance(0.05) ? std::max<Eigen::Index>(n - 1, 0) : n, 0, 5);
  const auto f = kam::fit_cox(lifetimes_of(d, n), d.flags(n), x, w, o);
  return cox_fit_ok(f, x);
});

const kam_property::registrar partial_hazard_entry("cox_partial_hazard", [](draw& d) {
  const cox_case c = cox_case_of(d, d.chance(0.3));
  const Eigen::MatrixXd x = new_covariates(d, d.between(0, 12), c.x.cols());
  const Eigen::VectorXd h = kam::cox_partial_hazard(c.fit, x);
  if (h.size() != x.rows()) return false;
  for (Eigen::Index i = 0; i < h.size(); ++i) {
    // exp() of the linear predictor: >= 0, +infinity only where the predictor passes
    // ln(largest double) = 709.78 (the hazard is then beyond double, as it should say).
    if (std::isnan(h(i)) || h(i) < 0) return false;
    if (std::isinf(h(i)) && linear_predictor(c.fit, x, i) < 709) return false;
  }
  return true;
});

const kam_property::registrar survival_entry("cox_survival", [](draw& d) {
  const bool stratified = d.chance(0.4);
  const cox_case c = cox_case_of(d, stratified);
  const Eigen::Index m = d.between(0, 8);
  const Eigen::MatrixXd x = new_covariates(d, m, c.x.cols());
  Eigen::VectorXd times = d.vector_in(d.between(0, 6), 0, 30);
  if (times.allFinite()) std::sort(times.begin(), times.end());  // else an error anyway
  Eigen::MatrixXd s;
  if (stratified || d.chance(0.1)) {
    kam::index_vector labels(d.adversarial() && d.chance(0.05) ? m + 1 : m);
    for (Eigen::Index i = 0; i < labels.size(); ++i)
      labels(i) = d.adversarial() && d.chance(0.1) ? d.count() : d.between(0, 1);
    s = kam::cox_survival(c.fit, x, labels, times);
  } else {
    s = kam::cox_survival(c.fit, x, times);
  }
  if (s.rows() != m || s.cols() != times.size()) return false;
  // A survival probability: in [0, 1] and not rising with time (the times are sorted).
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    for (Eigen::Index k = 0; k < s.cols(); ++k) {
      if (!(s(i, k) >= 0 && s(i, k) <= 1)) return false;
      if (k > 0 && s(i, k) > s(i, k - 1)) return false;
    }
  }
  return true;
});

const kam_property::registrar sbg_likelihood_entry("sbg_log_likelihood", [](draw& d) {
  const Eigen::Index periods = d.between(1, 8);
  Eigen::MatrixXd alive(d.between(1, 3), periods);
  for (Eigen::Index r = 0; r < alive.rows(); ++r) {
    double left =
        d.adversarial() && d.chance(0.3) ? d.value() : static_cast<double>(d.between(1, 1000));
    for (Eigen::Index a = 0; a < periods; ++a) {
      alive(r, a) = left;
      left = std::floor(left * d.value_in(0.5, 1));
    }
  }
  kam::sbg_params<double> p{d.value_in(0.05, 20), d.value_in(0.05, 20)};
  if (d.chance(0.5)) {
    // At the fit's parameters the function gives the fit's log-likelihood.
    const auto f = kam::fit_sbg(alive);
    if (!std::isfinite(f.log_likelihood)) return false;
    const double at_fit = kam::sbg_log_likelihood(alive, f.params);
    if (std::abs(at_fit - f.log_likelihood) > 1e-9 * (1 + std::abs(f.log_likelihood))) return false;
    p = f.params;
  }
  // A sum of counts x log-probabilities: finite and never above 0.
  const double ll = kam::sbg_log_likelihood(alive, p);
  return std::isfinite(ll) && ll <= 0;
});

const kam_property::registrar bgnbd_likelihood_entry("bgnbd_log_likelihood", [](draw& d) {
  const Eigen::Index n = d.between(0, 12);
  Eigen::VectorXd x(n), tx(n), age(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    age(i) = d.value_in(1, 52);
    x(i) = d.adversarial() && d.chance(0.1) ? d.value() : static_cast<double>(d.between(0, 10));
    tx(i) = x(i) > 0 ? d.value_in(0, std::isfinite(age(i)) ? age(i) : 1) : 0;
  }
  kam::bgnbd_params<double> p{d.value_in(0.05, 5), d.value_in(0.05, 50), d.value_in(0.05, 5),
                              d.value_in(0.05, 5)};
  if (d.chance(0.3)) {
    const auto f = kam::fit_bgnbd(x, tx, age);
    if (!std::isfinite(f.log_likelihood)) return false;
    const double at_fit = kam::bgnbd_log_likelihood(f.params, x, tx, age);
    if (std::abs(at_fit - f.log_likelihood) > 1e-9 * (1 + std::abs(f.log_likelihood))) return false;
    p = f.params;
  }
  return std::isfinite(kam::bgnbd_log_likelihood(p, x, tx, age));
});

const kam_property::registrar gamma_gamma_likelihood_entry("gamma_gamma_log_likelihood", [](draw&
                                                                                                d) {
  const Eigen::Index n = d.between(0, 12);
  Eigen::VectorXd x(n), spend(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i) = d.adversarial() && d.chance(0.1) ? d.value() : static_cast<double>(d.between(0, 10));
    spend(i) = d.value_in(1, 500);
  }
  kam::gamma_gamma_params<double> p{d.value_in(0.1, 20), d.value_in(0.1, 20), d.value_in(0.1, 100)};
  if (d.chance(0.3)) {
    const auto f = kam::fit_gamma_gamma(x, spend);
    if (!std::isfinite(f.log_likelihood)) return false;
    const double at_fit = kam::gamma_gamma_log_likelihood(f.params, x, spend);
    if (std::abs(at_fit - f.log_likelihood) > 1e-9 * (1 + std::abs(f.log_likelihood))) return false;
    p = f.params;
  }
  return std::isfinite(kam::gamma_gamma_log_likelihood(p, x, spend));
});

}  // namespace
