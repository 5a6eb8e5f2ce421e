// Not API. From checked input to kam::cox_fit and back: the fit of kam/retention/cox.hpp in the
// caller's scalar type, and the partial hazards and survival curves of accounts under a fit.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/cox_fit.hpp>
#include <kam/retention/detail/cox.hpp>
#include <kam/retention/detail/survival.hpp>
#include <limits>
#include <optional>
#include <vector>

namespace kam {
namespace detail {

/// Returns the public fit of an estimate.
template <typename Scalar>
cox_fit<Scalar> to_cox_fit(const cox_estimate& e, Eigen::Index accounts,
                           const cox_options& options) {
  cox_fit<Scalar> out;
  const auto p = static_cast<Eigen::Index>(e.coefficients.size());
  const auto put = [](vector_of<Scalar>& v, const std::vector<double>& src) {
    v.resize(static_cast<Eigen::Index>(src.size()));
    for (std::size_t j = 0; j < src.size(); ++j)
      v(static_cast<Eigen::Index>(j)) = static_cast<Scalar>(src[j]);
  };
  put(out.coefficients, e.coefficients);
  put(out.std_error, e.std_error);
  put(out.z, e.z);
  put(out.p_value, e.p_value);
  put(out.lower, e.lower);
  put(out.upper, e.upper);
  put(out.hazard_ratio, e.hazard_ratio);
  out.covariance.resize(p, p);
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index l = 0; l < p; ++l)
      out.covariance(j, l) = static_cast<Scalar>(e.covariance[static_cast<std::size_t>(j * p + l)]);
  out.log_likelihood = static_cast<Scalar>(e.log_likelihood);
  out.log_likelihood_null = static_cast<Scalar>(e.log_likelihood_null);
  out.lr_chi_square = static_cast<Scalar>(e.lr_chi_square);
  out.lr_degrees_of_freedom = p;
  out.lr_p_value = static_cast<Scalar>(e.lr_p_value);
  out.concordance = static_cast<Scalar>(e.concordance);
  out.status = e.status;
  out.converged = e.status == fit_status::converged;
  out.iterations = e.iterations;
  out.accounts = accounts;
  out.events = static_cast<Scalar>(e.events);
  out.strata = static_cast<Eigen::Index>(e.strata);
  put(out.means, e.means);
  put(out.scales, e.scales);
  put(out.baseline_time, e.baseline_time);
  put(out.baseline_cumulative_hazard, e.baseline_hazard);
  out.baseline_stratum.resize(static_cast<Eigen::Index>(e.baseline_stratum.size()));
  for (std::size_t k = 0; k < e.baseline_stratum.size(); ++k)
    out.baseline_stratum(static_cast<Eigen::Index>(k)) =
        static_cast<Eigen::Index>(e.baseline_stratum[k]);
  out.options = options;
  return out;
}

/// Returns the fit of fit_cox with `weights` and `strata` (null: all 1, one stratum).
template <typename Times, typename Events, typename Covariates, typename Weights, typename Strata>
cox_fit<typename Times::Scalar> fit_cox_impl(const Eigen::MatrixBase<Times>& times,
                                             const Eigen::MatrixBase<Events>& events,
                                             const Eigen::MatrixBase<Covariates>& covariates,
                                             const Weights* weights, const Strata* strata,
                                             const cox_options& options, const char* fn) {
  check_cox_options(options, fn);
  cox_input in = read_cox_input(times, events, covariates, weights, fn);
  if (strata != nullptr) read_cox_strata(*strata, in, fn);
  const cox_estimate e = fit_cox_data(in, options, fn);
  return to_cox_fit<typename Times::Scalar>(e, times.size(), options);
}

/// Returns exp(((x - means) / scales)' beta) per row of `covariates` after checking its columns and
/// values. Each term is formed from halves, (x / 2 - mean / 2) / scale beta x 2 (exact scalings:
/// the same bits for normal values), so that x - mean of two values near the largest double does
/// not overflow when the term itself is in range; a zero coefficient adds nothing.
template <typename Scalar, typename Covariates>
vector_of<Scalar> cox_partial_hazards(const cox_fit<Scalar>& fit,
                                      const Eigen::MatrixBase<Covariates>& covariates,
                                      const char* fn) {
  const Eigen::Index p = fit.coefficients.size();
  if (covariates.cols() != p || fit.means.size() != p || fit.scales.size() != p) {
    throw shape_mismatch(
        {fn, "covariates", std::nullopt},
        cat({"expects ", p, " columns (one per coefficient), got ", covariates.cols()}));
  }
  vector_of<Scalar> out(covariates.rows());
  constexpr Scalar inf = std::numeric_limits<Scalar>::infinity();
  for (Eigen::Index i = 0; i < covariates.rows(); ++i) {
    Scalar eta = 0;
    bool plus = false, minus = false;  // a term of +infinity, of -infinity
    for (Eigen::Index j = 0; j < p; ++j) {
      const Scalar v = covariates.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "covariates", i, j}, cat({"covariate is ", v}));
      }
      if (fit.coefficients(j) == 0) continue;
      const Scalar term = (v / 2 - fit.means(j) / 2) / fit.scales(j) * fit.coefficients(j) * 2;
      plus = plus || term == inf;
      minus = minus || term == -inf;
      eta += term;
    }
    // Terms beyond the type of both signs: +infinity - infinity, tested on the terms (with the
    // sum contracted into fused multiply-adds, eta itself need not come out NaN).
    if ((plus && minus) || std::isnan(eta)) {
      throw invalid_input({fn, "covariates", i},
                          "the linear predictor has terms beyond the range of the type of both "
                          "signs, so its sum is unknown; rescale the covariates");
    }
    out(i) = std::exp(eta);
  }
  return out;
}

/// Returns H0(t) of stratum `label` from the fit's baseline: the entry at the last event time
/// <= t, 0 before the first. Throws kam::invalid_input naming `row` for an unknown label.
template <typename Scalar>
Scalar cox_baseline_at(const cox_fit<Scalar>& fit, Eigen::Index label, Scalar t, const char* fn,
                       Eigen::Index row) {
  const auto& s = fit.baseline_stratum;
  const auto* first = std::lower_bound(s.data(), s.data() + s.size(), label);
  const auto* last = std::upper_bound(first, s.data() + s.size(), label);
  if (first == last) {
    throw invalid_input({fn, "strata", row},
                        cat({"stratum ", label, " has no event time in the fit"}));
  }
  const auto lo = first - s.data(), hi = last - s.data();
  const Scalar* times = fit.baseline_time.data();
  const auto at = std::upper_bound(times + lo, times + hi, t) - times;
  return at == lo ? Scalar(0) : fit.baseline_cumulative_hazard(at - 1);
}

/// Returns exp(-h0 h), the survival of an account of partial hazard `h` where the baseline
/// cumulative hazard is `h0`: 1 where h0 is 0 (before the first event time, whatever h, even one
/// beyond double), 0 where h0 is beyond double (+infinity, a fit near separation) and h large
/// enough that h0 h surely is too (exp(-1000) is 0 in double); throws kam::invalid_input naming
/// account `row` where h0 is +infinity and h so small that the product could be anything.
template <typename Scalar>
Scalar survival_of(Scalar h0, Scalar h, const char* fn, Eigen::Index row, Scalar t) {
  if (h0 == 0) return Scalar(1);
  if (std::isinf(h0) && h < Scalar(1000) / std::numeric_limits<Scalar>::max()) {
    throw invalid_input({fn, "covariates", row},
                        cat({"at time ", t, " the baseline cumulative hazard is beyond the ",
                             "range of the type (a fit near separation) and the account's ",
                             "partial hazard, ", h, ", too small for their product to be known"}));
  }
  return std::exp(-h0 * h);
}

/// Returns the survival matrix of cox_survival, with each account's stratum label from
/// `strata` (null: the fit's only stratum).
template <typename Scalar, typename Covariates, typename Strata, typename Times>
matrix_of<Scalar> cox_survival_impl(const cox_fit<Scalar>& fit,
                                    const Eigen::MatrixBase<Covariates>& covariates,
                                    const Strata* strata, const Eigen::MatrixBase<Times>& times,
                                    const char* fn) {
  const vector_of<Scalar> hazard = cox_partial_hazards(fit, covariates, fn);
  const Eigen::Index n = covariates.rows();
  if (strata != nullptr) check_survival_vector(*strata, n, fn, "strata");
  if (strata == nullptr && fit.strata > 1) {
    throw invalid_input({fn, "strata", std::nullopt},
                        cat({"the fit has ", fit.strata,
                             " strata; pass each account's stratum (cox_survival with strata)"}));
  }
  check_survival_vector(times, times.size(), fn, "times");
  for (Eigen::Index k = 0; k < times.size(); ++k) {
    const Scalar t = times.coeff(k);
    if (!(std::isfinite(t) && t >= 0)) {
      throw invalid_input({fn, "times", std::nullopt, k},
                          cat({"time is ", t, "; it must be finite and >= 0"}));
    }
  }
  matrix_of<Scalar> out(n, times.size());
  const Eigen::Index only = fit.baseline_stratum.size() > 0 ? fit.baseline_stratum(0) : 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index label =
        strata != nullptr ? static_cast<Eigen::Index>(strata->coeff(i)) : only;
    for (Eigen::Index k = 0; k < times.size(); ++k) {
      const Scalar h0 = cox_baseline_at(fit, label, Scalar(times.coeff(k)), fn, i);
      out(i, k) = survival_of(h0, hazard(i), fn, i, times.coeff(k));
    }
  }
  return out;
}

}  // namespace detail
}  // namespace kam
