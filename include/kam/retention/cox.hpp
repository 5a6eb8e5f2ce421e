// Cox proportional hazards regression: which account covariates (size, segment, kam's own scores)
// raise or lower the rate at which accounts churn, with standard errors and tests.
#pragma once

#include <Eigen/Core>
#include <concepts>
#include <kam/core/concepts.hpp>
#include <kam/retention/cox_fit.hpp>
#include <kam/retention/detail/cox_fit.hpp>
#include <type_traits>

namespace kam {

/// Returns, per row of `covariates` (new or fitted accounts, the fit's columns in its order),
/// the partial hazard exp(sum_j (x_j - means_j) / scales_j beta_j): the account's hazard relative
/// to an account at the fit's covariate means (lifelines' predict_partial_hazard): +infinity
/// where the linear predictor passes ln(largest value of the type) (~709.78 in double), 0 where
/// it is below the log of the smallest. Throws kam::shape_mismatch unless `covariates` has one
/// column per coefficient, kam::non_finite_value naming the row and column of a NaN or infinity,
/// and kam::invalid_input naming the row where terms of the linear predictor pass the range of
/// the type with both signs (their sum unknown).
template <real_scalar Scalar, typename Covariates>
requires std::same_as<Scalar, typename Covariates::Scalar>
[[nodiscard]] vector_of<Scalar> cox_partial_hazard(
    const cox_fit<Scalar>& fit, const Eigen::MatrixBase<Covariates>& covariates) {
  return detail::cox_partial_hazards(fit, covariates, "kam::cox_partial_hazard");
}

/// Returns the survival curves of accounts under a fit: S(t | x) = exp(-H0(t) h(x)), h(x) the
/// partial hazard of cox_partial_hazard, for each row of `covariates` (an account) and each of
/// `times` (a column), H0 being the fit's baseline cumulative hazard, a step function (0 before the
/// first event time, flat after the last). For a fit with one stratum. S is 1 where H0 is 0
/// (whatever h), 0 where H0 is +infinity (see cox_fit::baseline_cumulative_hazard) and h not
/// tiny. Throws as cox_partial_hazard, kam::invalid_input naming the element for a time that is
/// negative or not finite, kam::invalid_input naming the account where H0 is +infinity and h
/// below 1000 / the largest value of the type (their product unknown), and kam::invalid_input if
/// the fit has several strata (use the overload with strata).
/// Complexity O(accounts x times x log(event times)).
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
/// or no step improved the likelihood while the decrement was above 1e-6 x (1 + |log L|) (per
/// unit of case weight, as cox_options::tolerance);
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
/// account with a positive weight churned, and naming 'weights' when the information at the
/// estimate cannot be inverted in double (events of nearly zero weight in all, e.g. 1e-300) or
/// when weights below 1.5e-154 (e.g. subnormal) make the information overflow (multiply the
/// weights by a common factor).
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
