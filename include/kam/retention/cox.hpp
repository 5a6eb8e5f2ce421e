// Cox proportional hazards regression: which account covariates (size, segment, kam's own scores)
// raise or lower the rate at which accounts churn, with standard errors and tests.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/cox.hpp>
#include <kam/retention/fit_status.hpp>
#include <type_traits>
#include <vector>

namespace kam {

/// How the partial likelihood treats accounts that churn at the same time (Kalbfleisch &
/// Prentice 2002, "The Statistical Analysis of Failure Time Data", section 4.2.3):
/// - `efron` (Efron 1977): the d tied events leave the risk set a fraction 1/d at a time; close
///   to the exact partial likelihood. The default of lifelines and R's coxph.
/// - `breslow` (Breslow 1974): every tied event sees the whole risk set; simpler, and biased
///   towards zero when ties are many. The default of statsmodels' PHReg.
enum class cox_ties { efron, breslow };
BOOST_DESCRIBE_ENUM(cox_ties, efron, breslow)

/// The largest max_iterations fit_cox accepts.
inline constexpr int cox_max_iterations = 10000;

/// Options of fit_cox.
struct cox_options {
  cox_ties ties = cox_ties::efron;  ///< see cox_ties
  int max_iterations = 100;         ///< Newton-Raphson iterations, in [1, cox_max_iterations]
  /// Convergence: the Newton decrement g' I^-1 g (twice the log partial likelihood still to
  /// gain, to second order) is at most tolerance x (1 + |log partial likelihood|); one more step
  /// is then taken. Positive and finite.
  double tolerance = 1e-12;
  double confidence = 0.95;  ///< level of the confidence intervals, in (0, 1)
};
BOOST_DESCRIBE_STRUCT(cox_options, (), (ties, max_iterations, tolerance, confidence))

/// A fitted Cox model: per covariate column (in the order of the columns) the coefficient, its
/// statistics and hazard ratio; the fit's log partial likelihoods, likelihood-ratio test and
/// concordance.
template <real_scalar Scalar>
struct cox_fit {
  vector_of<Scalar> coefficients;  ///< beta: the log hazard ratio per unit of the covariate
  vector_of<Scalar> std_error;     ///< from the inverse information at beta (NaN if boundary)
  vector_of<Scalar> z;             ///< coefficient / std_error (Wald)
  vector_of<Scalar> p_value;       ///< two-sided, from the standard normal: P(|Z| >= |z|)
  vector_of<Scalar> lower;         ///< lower end of the confidence interval of beta
  vector_of<Scalar> upper;         ///< upper end; exp() of either end bounds the hazard ratio
  vector_of<Scalar> hazard_ratio;  ///< exp(beta)
  matrix_of<Scalar> covariance;    ///< the inverse information at beta, p x p (NaN if boundary)
  Scalar log_likelihood = 0;       ///< the log partial likelihood at beta
  Scalar log_likelihood_null = 0;  ///< ... at beta = 0
  Scalar lr_chi_square = 0;        ///< likelihood-ratio statistic 2 (log_likelihood - null)
  Eigen::Index lr_degrees_of_freedom = 0;  ///< its degrees of freedom: the number of covariates
  Scalar lr_p_value = 1;                   ///< P(chi-square(df) >= lr_chi_square)
  /// Harrell's C: among comparable pairs, the share where the account with the higher linear
  /// predictor churned first. A pair is comparable when the account with the shorter lifetime
  /// churned, or when both have the same lifetime and exactly the first churned (the censored
  /// one counts as lasting longer); two events at the same time are not comparable. Tied
  /// predictors count 1/2. Pairs are within a stratum; weights are ignored. The rule of
  /// lifelines' concordance_index and R's survival::concordance. NaN when no pair is comparable.
  Scalar concordance = 0;
  fit_status status = fit_status::converged;  ///< why the search stopped (see fit_cox)
  bool converged = false;                     ///< status == converged
  int iterations = 0;                         ///< Newton-Raphson iterations used
  Eigen::Index accounts = 0;                  ///< accounts fitted
  Scalar events = 0;                          ///< churned accounts (sum of their weights)
  Eigen::Index strata = 1;                    ///< strata (1 without)
  /// The covariate column means, weighted by the case weights (R's coxph): the baseline is that
  /// of an account with them.
  vector_of<Scalar> means;
  /// Breslow's estimate of the baseline cumulative hazard H0(t) = sum over event times t_k <= t
  /// of (weight of the events at t_k) / (sum over the accounts at risk at t_k of w exp((x -
  /// means)' beta)), whatever the ties method (as lifelines; R's survfit adjusts it for Efron's
  /// ties). One entry per stratum and event time: the stratum's label (0 without strata), the
  /// time and H0 there; strata in increasing label order, times increasing within one.
  index_vector baseline_stratum;
  vector_of<Scalar> baseline_time;               ///< see baseline_stratum
  vector_of<Scalar> baseline_cumulative_hazard;  ///< see baseline_stratum
  cox_options options;                           ///< as given
  BOOST_DESCRIBE_CLASS(cox_fit, (),
                       (coefficients, std_error, z, p_value, lower, upper, hazard_ratio, covariance,
                        log_likelihood, log_likelihood_null, lr_chi_square, lr_degrees_of_freedom,
                        lr_p_value, concordance, status, converged, iterations, accounts, events,
                        strata, means, baseline_stratum, baseline_time, baseline_cumulative_hazard,
                        options),
                       (), ())
};

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

/// Returns exp((x - means)' beta) per row of `covariates` after checking its columns and values.
template <typename Scalar, typename Covariates>
vector_of<Scalar> cox_partial_hazards(const cox_fit<Scalar>& fit,
                                      const Eigen::MatrixBase<Covariates>& covariates,
                                      const char* fn) {
  const Eigen::Index p = fit.coefficients.size();
  if (covariates.cols() != p || fit.means.size() != p) {
    throw shape_mismatch(
        {fn, "covariates", std::nullopt},
        cat({"expects ", p, " columns (one per coefficient), got ", covariates.cols()}));
  }
  vector_of<Scalar> out(covariates.rows());
  for (Eigen::Index i = 0; i < covariates.rows(); ++i) {
    Scalar eta = 0;
    for (Eigen::Index j = 0; j < p; ++j) {
      const Scalar v = covariates.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "covariates", i, j}, cat({"covariate is ", v}));
      }
      eta += (v - fit.means(j)) * fit.coefficients(j);
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
      out(i, k) = std::exp(-cox_baseline_at(fit, label, Scalar(times.coeff(k)), fn, i) * hazard(i));
    }
  }
  return out;
}

}  // namespace detail

/// Returns, per row of `covariates` (new or fitted accounts, the fit's columns in its order),
/// the partial hazard exp((x - means)' beta): the account's hazard relative to an account at the
/// fit's covariate means (lifelines' predict_partial_hazard). Throws kam::shape_mismatch unless
/// `covariates` has one column per coefficient, kam::non_finite_value naming the row and column
/// of a NaN or infinity.
template <real_scalar Scalar, typename Covariates>
requires std::same_as<Scalar, typename Covariates::Scalar>
[[nodiscard]] vector_of<Scalar> cox_partial_hazard(
    const cox_fit<Scalar>& fit, const Eigen::MatrixBase<Covariates>& covariates) {
  return detail::cox_partial_hazards(fit, covariates, "kam::cox_partial_hazard");
}

/// Returns the survival curves of accounts under a fit: S(t | x) = exp(-H0(t) exp((x - means)'
/// beta)) for each row of `covariates` (an account) and each of `times` (a column), H0 being
/// the fit's baseline cumulative hazard, a step function (0 before the first event time, flat
/// after the last). For a fit with one stratum. Throws as cox_partial_hazard, kam::invalid_input
/// naming the element for a time that is negative or not finite, and kam::invalid_input if the
/// fit has several strata (use the overload with strata). Complexity O(accounts x times x
/// log(event times)).
template <real_scalar Scalar, typename Covariates, typename Times>
requires std::same_as<Scalar, typename Covariates::Scalar> &&
    std::same_as<Scalar, typename Times::Scalar>
[[nodiscard]] matrix_of<Scalar> cox_survival(const cox_fit<Scalar>& fit,
                                             const Eigen::MatrixBase<Covariates>& covariates,
                                             const Eigen::MatrixBase<Times>& times) {
  return detail::cox_survival_impl(fit, covariates, static_cast<const Times*>(nullptr), times,
                                   "kam::cox_survival");
}

/// As cox_survival above, for a stratified fit: account i follows the baseline of stratum
/// `strata(i)`. Throws as above, kam::shape_mismatch unless `strata` has one label per account,
/// and kam::invalid_input naming the account for a label that is not one of the fit's strata.
template <real_scalar Scalar, typename Covariates, typename Strata, typename Times>
requires std::same_as<Scalar, typename Covariates::Scalar> &&
    std::integral<typename Strata::Scalar> && std::same_as<Scalar, typename Times::Scalar>
[[nodiscard]] matrix_of<Scalar> cox_survival(const cox_fit<Scalar>& fit,
                                             const Eigen::MatrixBase<Covariates>& covariates,
                                             const Eigen::MatrixBase<Strata>& strata,
                                             const Eigen::MatrixBase<Times>& times) {
  return detail::cox_survival_impl(fit, covariates, &strata.derived(), times, "kam::cox_survival");
}

/// Returns the Cox proportional hazards fit of accounts with lifetimes `times(i)` (tenure in any
/// unit, > 0), event flags `events(i)` (1 = churned at that time, 0 = still a customer when last
/// seen: right-censored) and covariates in the rows of `covariates` (accounts x p): the hazard
/// of account i is h0(t) exp(x_i' beta). beta maximises the log partial likelihood (Cox 1972),
/// with ties per `options.ties`; an account censored at an event time is at risk at it. The
/// search is Newton-Raphson from beta = 0 on the analytic gradient and information, halving a
/// step until the likelihood does not fall; the covariates are centred first (which changes
/// nothing but rounding), the sums over each risk set are built in one backward pass over the
/// sorted times and rescaled as the largest linear predictor grows, so no exp() overflows.
/// Standard errors come from the inverse information at beta; z and p are Wald's, the interval
/// beta -/+ z_(1 - (1 - confidence) / 2) se. The same estimates as R's coxph, lifelines'
/// CoxPHFitter (Efron) and statsmodels' PHReg (either method).
///
/// Outcomes, not errors (see `status`): `converged`; `max_iterations` when the limit came first
/// or no step improved the likelihood while the decrement was above 1e-6 x (1 + |log L|);
/// `boundary` on separation: the likelihood keeps rising as some coefficients run off to
/// infinity (e.g. every account with a covariate of 1 churned before every other one), detected
/// when the curvature along the last step falls below 1e-8 of its value at beta = 0 or the
/// information becomes singular; the coefficients are then where the search stopped, and the
/// standard errors, z, p, intervals and covariance are NaN.
///
/// Throws kam::empty_input without accounts or covariate columns; kam::shape_mismatch if
/// `events` is not a vector of as many values or `covariates` has another number of rows;
/// kam::non_finite_value or kam::invalid_input naming the account (and column) for a NaN,
/// infinite, negative or zero time, an event flag that is not 0 or 1, or a covariate that is not
/// finite; kam::invalid_input when no account churned, and naming the column for a covariate
/// that is constant, does not vary among the accounts at risk at any event time, or is collinear
/// with the columns before it there (its squared multiple correlation with them, in the
/// information at beta = 0, exceeds 1 - 1e-10); and for a bad `options` (see validate).
/// Complexity O(n log n + iterations n p^2).
template <typename Times, typename Events, typename Covariates>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar> &&
    std::same_as<typename Times::Scalar, typename Covariates::Scalar>
[[nodiscard]] cox_fit<typename Times::Scalar> fit_cox(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const Eigen::MatrixBase<Covariates>& covariates, const cox_options& options = {}) {
  return detail::fit_cox_impl(times, events, covariates, static_cast<const Times*>(nullptr),
                              static_cast<const Eigen::MatrixBase<Events>*>(nullptr), options,
                              "kam::fit_cox");
}

/// As fit_cox above, with a case weight per account (e.g. a count of identical accounts, or a
/// sampling weight): each account's terms in the partial likelihood count `weights(i)` times;
/// with Efron's method the d tied events share their mean weight as in R's coxph, so integer
/// weights equal repeated accounts exactly with Breslow's method (and with Efron's where no
/// weighted event is tied). Throws as above, and kam::non_finite_value or kam::invalid_input
/// naming the account for a NaN, infinite or negative weight; kam::invalid_input when no
/// account with a positive weight churned.
template <typename Times, typename Events, typename Covariates, typename Weights>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar> &&
    std::same_as<typename Times::Scalar, typename Covariates::Scalar> &&
    std::same_as<typename Times::Scalar, typename Weights::Scalar>
[[nodiscard]] cox_fit<typename Times::Scalar> fit_cox(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const Eigen::MatrixBase<Covariates>& covariates, const Eigen::MatrixBase<Weights>& weights,
    const cox_options& options = {}) {
  return detail::fit_cox_impl(times, events, covariates, &weights.derived(),
                              static_cast<const Eigen::MatrixBase<Events>*>(nullptr), options,
                              "kam::fit_cox");
}

/// As fit_cox above, stratified: each distinct label of `strata` (any integers: segment codes,
/// regions) has its own baseline hazard h0_s(t), and the coefficients are shared (R's
/// coxph(... + strata(s)), statsmodels' PHReg(strata=...)). The partial likelihood is the sum
/// over strata of each one's, with risk sets inside the stratum; concordance compares pairs
/// inside a stratum. Throws as fit_cox, naming kam::fit_cox_stratified, and kam::shape_mismatch
/// unless `strata` is a vector with one label per account; a covariate constant inside every
/// stratum (the stratum variable itself, say) is reported as not varying among the accounts at
/// risk.
template <typename Times, typename Events, typename Covariates, typename Strata>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar> &&
    std::same_as<typename Times::Scalar, typename Covariates::Scalar> &&
    std::integral<typename Strata::Scalar>
[[nodiscard]] cox_fit<typename Times::Scalar> fit_cox_stratified(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const Eigen::MatrixBase<Covariates>& covariates, const Eigen::MatrixBase<Strata>& strata,
    const cox_options& options = {}) {
  return detail::fit_cox_impl(times, events, covariates, static_cast<const Times*>(nullptr),
                              &strata, options, "kam::fit_cox_stratified");
}

/// As fit_cox_stratified above, with a case weight per account (see fit_cox with weights).
template <typename Times, typename Events, typename Covariates, typename Strata, typename Weights>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar> &&
    std::same_as<typename Times::Scalar, typename Covariates::Scalar> &&
    std::integral<typename Strata::Scalar> &&
    std::same_as<typename Times::Scalar, typename Weights::Scalar>
[[nodiscard]] cox_fit<typename Times::Scalar> fit_cox_stratified(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const Eigen::MatrixBase<Covariates>& covariates, const Eigen::MatrixBase<Strata>& strata,
    const Eigen::MatrixBase<Weights>& weights, const cox_options& options = {}) {
  return detail::fit_cox_impl(times, events, covariates, &weights.derived(), &strata, options,
                              "kam::fit_cox_stratified");
}

/// Checks `options` as fit_cox would, without data: a known ties method, max_iterations in
/// [1, cox_max_iterations], a positive finite tolerance and a confidence in (0, 1). Throws
/// kam::invalid_input naming kam::validate and the field.
void validate(const cox_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/cox_impl.hpp>
#endif
