// BG/NBD with time-invariant account covariates (segment, size, kam's own scores): each account's
// transaction rate and dropout probability move with its covariates through log-linear links.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/bgnbd_covariates.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>
#include <vector>

namespace kam {

/// The most covariate columns (each of the purchase and the dropout matrix) kam fits.
inline constexpr Eigen::Index bgnbd_max_covariates = 50;

/// The parameters of BG/NBD with covariates. Account i with purchase covariates z_i and dropout
/// covariates w_i has its own alpha_i = alpha e^(-purchase . z_i) (a positive coefficient means
/// more frequent purchases: the mean rate is r / alpha_i), a_i = a e^(dropout_a . w_i) and b_i = b
/// e^(dropout_b . w_i) (the mean dropout probability is a_i / (a_i + b_i)), and r shared; the
/// log-linear links of Fader & Hardie's covariate extensions and R's CLVTools. With all
/// covariates 0 (or all coefficients 0) every account has (r, alpha, a, b): the plain model.
/// Centre the covariates (or code them 0 for a reference level) so that `base` describes a
/// typical account.
template <real_scalar Scalar>
struct bgnbd_covariate_params {
  bgnbd_params<Scalar> base;    ///< r, alpha, a, b of an account whose covariates are all 0
  vector_of<Scalar> purchase;   ///< one coefficient per purchase covariate
  vector_of<Scalar> dropout_a;  ///< one coefficient per dropout covariate, on a
  vector_of<Scalar> dropout_b;  ///< one coefficient per dropout covariate, on b
  BOOST_DESCRIBE_CLASS(bgnbd_covariate_params, (), (base, purchase, dropout_a, dropout_b), (), ())
};

/// A fitted BG/NBD model with covariates.
template <real_scalar Scalar>
struct bgnbd_covariate_fit {
  bgnbd_covariate_params<Scalar> params;  ///< the maximum-likelihood estimates (see status)
  Scalar log_likelihood = 0;              ///< at `params`
  /// Why the fit stopped; the estimates are maximum-likelihood only when converged.
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< damped Newton iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in the search variables at the end
  /// Standard errors of r, alpha, a, b (delta method), then of the coefficients in the order
  /// purchase, dropout_a, dropout_b; empty unless converged with a positive definite
  /// information (a constant or collinear covariate leaves it singular).
  std::optional<vector_of<Scalar>> std_error;
  Eigen::Index accounts = 0;  ///< accounts fitted
  BOOST_DESCRIBE_CLASS(bgnbd_covariate_fit, (),
                       (params, log_likelihood, status, converged, iterations, gradient_norm,
                        std_error, accounts),
                       (), ())
};

/// Returns the maximum-likelihood fit of BG/NBD with covariates: `purchase_covariates` (accounts
/// x kp) move the transaction rate, `dropout_covariates` (accounts x kd; may be the same matrix)
/// the dropout probability, as bgnbd_covariate_params describes. The search starts from the
/// plain model's start (all log-parameters and coefficients 0) with the damped Newton steps of
/// fit_bgnbd on the exact gradient. Throws as fit_bgnbd, kam::shape_mismatch for a covariate
/// matrix without one row per account, kam::non_finite_value naming the row and column of a
/// covariate that is not finite, kam::invalid_input for more than bgnbd_max_covariates
/// columns, and kam::out_of_bounds naming a covariate matrix when its values are so large that
/// the log-likelihood is not finite even at the start of the search (centre and scale them).
/// O(accounts x (kp + kd)) per likelihood.
template <typename Frequency, typename Recency, typename Age, typename Purchase, typename Dropout>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] bgnbd_covariate_fit<typename Frequency::Scalar> fit_bgnbd(
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, const Eigen::MatrixBase<Purchase>& purchase_covariates,
    const Eigen::MatrixBase<Dropout>& dropout_covariates, const bgnbd_options& options = {}) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::fit_bgnbd";
  detail::check_bgnbd_options(options, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  const auto n = static_cast<Eigen::Index>(data.x.size());
  const auto z = detail::read_covariates(purchase_covariates, n, "purchase_covariates", fn);
  const auto w = detail::read_covariates(dropout_covariates, n, "dropout_covariates", fn);
  const detail::bgnbd_covariate_estimate e = detail::fit_bgnbd_covariates_data(data, z, w, options);
  bgnbd_covariate_fit<Scalar> out;
  out.params.base = {static_cast<Scalar>(e.params.base[0]), static_cast<Scalar>(e.params.base[1]),
                     static_cast<Scalar>(e.params.base[2]), static_cast<Scalar>(e.params.base[3])};
  out.params.purchase = detail::to_vector<Scalar>(e.params.purchase);
  out.params.dropout_a = detail::to_vector<Scalar>(e.params.dropout_a);
  out.params.dropout_b = detail::to_vector<Scalar>(e.params.dropout_b);
  out.log_likelihood = static_cast<Scalar>(e.log_likelihood);
  if (!std::isfinite(out.log_likelihood)) {
    // Covariates so large that even the start (every coefficient 0) or its neighbourhood
    // overflows: name the matrix with the larger value.
    const double zmax =
        z.values.empty()
            ? 0
            : std::abs(*std::max_element(z.values.begin(), z.values.end(), [](double a, double b) {
                return std::abs(a) < std::abs(b);
              }));
    const double wmax =
        w.values.empty()
            ? 0
            : std::abs(*std::max_element(w.values.begin(), w.values.end(), [](double a, double b) {
                return std::abs(a) < std::abs(b);
              }));
    throw out_of_bounds(
        {fn, zmax >= wmax ? "purchase_covariates" : "dropout_covariates", std::nullopt},
        "the log-likelihood is not finite at the start of the search; centre and "
        "scale the covariates");
  }
  out.status = e.status;
  out.converged = e.status == fit_status::converged;
  out.iterations = e.iterations;
  out.gradient_norm = static_cast<Scalar>(e.gradient_norm);
  if (e.std_error) out.std_error = detail::to_vector<Scalar>(*e.std_error);
  out.accounts = n;
  return out;
}

/// Returns the log-likelihood of the accounts at `params` (the sum fit_bgnbd maximises). Throws
/// as fit_bgnbd, kam::out_of_bounds for a base parameter that is not positive and finite or a
/// coefficient that is not finite, kam::shape_mismatch for coefficients that do not match
/// the covariate columns, and kam::out_of_bounds naming the covariate matrix and the row when an
/// account's own alpha_i, a_i or b_i is not positive and finite (covariates times coefficients
/// beyond the range of exp), or naming 'params' when the log-likelihood itself is not finite.
template <typename Frequency, typename Recency, typename Age, typename Purchase, typename Dropout>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] typename Frequency::Scalar bgnbd_log_likelihood(
    const bgnbd_covariate_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, const Eigen::MatrixBase<Purchase>& purchase_covariates,
    const Eigen::MatrixBase<Dropout>& dropout_covariates) {
  constexpr const char* fn = "kam::bgnbd_log_likelihood";
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  const auto n = static_cast<Eigen::Index>(data.x.size());
  const auto z = detail::read_covariates(purchase_covariates, n, "purchase_covariates", fn);
  const auto w = detail::read_covariates(dropout_covariates, n, "dropout_covariates", fn);
  const auto p = detail::check_covariate_params(params, z.cols, w.cols, fn);
  for (std::size_t i = 0; i < data.x.size(); ++i)
    (void)detail::checked_account_values(p, z, w, i, fn);
  const double ll = detail::bgnbd_covariate_log_likelihood_of(data, z, w, p);
  if (!std::isfinite(ll)) {
    throw out_of_bounds({fn, "params", std::nullopt},
                        "the log-likelihood exceeds the range of double at these parameters "
                        "and covariates");
  }
  return static_cast<typename Frequency::Scalar>(ll);
}

/// Returns each account's own BG/NBD parameters (r, alpha_i, a_i, b_i), one row per account:
/// with them every plain BG/NBD prediction (bgnbd_p_alive, the expected transactions, P(X(t) =
/// n), clv_forecast) applies to the account. Throws as bgnbd_log_likelihood.
template <typename Purchase, typename Dropout>
requires real_scalar<typename Purchase::Scalar>
[[nodiscard]] std::vector<bgnbd_params<typename Purchase::Scalar>> bgnbd_account_params(
    const bgnbd_covariate_params<typename Purchase::Scalar>& params,
    const Eigen::MatrixBase<Purchase>& purchase_covariates,
    const Eigen::MatrixBase<Dropout>& dropout_covariates) {
  using Scalar = typename Purchase::Scalar;
  constexpr const char* fn = "kam::bgnbd_account_params";
  const Eigen::Index n = purchase_covariates.rows();
  const auto z = detail::read_covariates(purchase_covariates, n, "purchase_covariates", fn);
  const auto w = detail::read_covariates(dropout_covariates, n, "dropout_covariates", fn);
  const auto p = detail::check_covariate_params(params, z.cols, w.cols, fn);
  std::vector<bgnbd_params<Scalar>> out(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto v = detail::checked_account_values(p, z, w, i, fn);
    out[i] = {static_cast<Scalar>(v[0]), static_cast<Scalar>(v[1]), static_cast<Scalar>(v[2]),
              static_cast<Scalar>(v[3])};
  }
  return out;
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/bgnbd_covariates_impl.hpp>
#endif
