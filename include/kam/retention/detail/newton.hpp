// Not API. Maximum likelihood over log-parameters by damped Newton steps, shared by the retention
// models fitted that way (BG/NBD, Gamma-Gamma), and the check of a fitted log-likelihood shared
// with sBG; definitions in newton_impl.hpp. Plain vectors
// rather than Eigen types: a few parameters need no expression templates, and the definitions are
// compiled in every translation unit in header-only mode.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <kam/core/error.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>
#include <vector>

namespace kam::detail {

/// A log-likelihood over log-parameters u: returns ln L at u and, when `gradient` is not null,
/// writes its gradient with respect to u there (as many values as u).
using log_likelihood_function =
    std::function<double(const std::vector<double>& u, std::vector<double>* gradient)>;

/// Where a search ended: the log-parameters, the log-likelihood, its gradient and Hessian there
/// (row-major; from central differences of the exact gradient), why it stopped and how many
/// steps it took.
struct newton_search {
  std::vector<double> u, gradient, hessian;
  double log_likelihood = 0;
  fit_status status = fit_status::converged;
  int iterations = 0;
};

/// Maximises `f` from `start` by damped Newton steps (Levenberg-Marquardt: (-H + lambda D) s = g
/// with D = diag(max(1, |H_kk|)), lambda raised until a step of at most 5 log units improves the
/// likelihood, or keeps it and shrinks the gradient). Converged when |g| <= `gradient_tolerance`
/// and the last step is below 1e-9; `boundary` when a log-parameter leaves [-15, 15];
/// `max_iterations` when the steps run out or no step improves the likelihood while the gradient
/// is still above the tolerance.
newton_search maximize_log_likelihood(const log_likelihood_function& f, std::vector<double> start,
                                      int max_iterations, double gradient_tolerance);

/// The asymptotic standard errors of the search's own variables u (the square roots of the
/// diagonal of (-H)^-1); empty unless converged with -H positive definite.
std::optional<std::vector<double>> log_standard_errors(const newton_search& s);

/// The asymptotic standard errors of the parameters e^u of a converged search (inverse of the
/// observed information -H, delta method from u); empty unless converged with -H positive
/// definite.
std::optional<std::vector<double>> standard_errors(const newton_search& s);

/// The Euclidean norm of `v`.
double euclidean_norm(const std::vector<double>& v);

/// A maximum-likelihood estimate of N parameters in double: e^u of the search, how it ended,
/// and the standard errors when it converged.
template <std::size_t N>
struct model_estimate {
  std::array<double, N> params{};
  double log_likelihood = 0;
  fit_status status = fit_status::converged;
  int iterations = 0;
  double gradient_norm = 0;
  std::optional<std::array<double, N>> std_error;
};

/// Returns the estimate where search `s` over N log-parameters ended.
template <std::size_t N>
model_estimate<N> estimate_of(const newton_search& s) {
  model_estimate<N> out;
  for (std::size_t k = 0; k < N; ++k) out.params[k] = std::exp(s.u[k]);
  out.log_likelihood = s.log_likelihood;
  out.status = s.status;
  out.iterations = s.iterations;
  out.gradient_norm = euclidean_norm(s.gradient);
  if (const auto se = standard_errors(s)) {
    out.std_error.emplace();
    for (std::size_t k = 0; k < N; ++k) (*out.std_error)[k] = (*se)[k];
  }
  return out;
}

/// Copies what every fitted model reports alike (log-likelihood, status, iterations, gradient
/// norm) from `e` into the public fit `out` (kam::bgnbd_fit, kam::gamma_gamma_fit).
template <std::size_t N, typename Fit>
void copy_search_outcome(const model_estimate<N>& e, Fit& out) {
  using Scalar = decltype(out.log_likelihood);
  out.log_likelihood = static_cast<Scalar>(e.log_likelihood);
  out.status = e.status;
  out.converged = e.status == fit_status::converged;
  out.iterations = e.iterations;
  out.gradient_norm = static_cast<Scalar>(e.gradient_norm);
}

/// Where the largest magnitude among a fit's data lies (a field, its row and its column): what
/// check_fitted_log_likelihood names.
struct largest_datum {
  const char* field = nullptr;
  std::ptrdiff_t row = 0, column = 0;
  double magnitude = -1;
};

/// Updates `out` with the entries of `m` (a vector or matrix of the fit's data, named `field`)
/// whose magnitude exceeds the largest so far and where `keep(k)` holds, k the element of a
/// vector (then the row; column 0) or the row of a matrix; NaN entries (periods not observed)
/// are skipped.
template <typename Matrix, typename Keep>
void find_largest_datum(largest_datum& out, const Matrix& m, const char* field, Keep keep) {
  const bool vector = m.rows() == 1 || m.cols() == 1;
  for (std::ptrdiff_t j = 0; j < m.cols(); ++j) {
    for (std::ptrdiff_t i = 0; i < m.rows(); ++i) {
      const std::ptrdiff_t row = vector ? i + j : i;
      const double v = std::abs(static_cast<double>(m.coeff(i, j)));
      if (v > out.magnitude && keep(row)) out = {field, row, vector ? 0 : j, v};
    }
  }
}

/// As above, for every entry.
template <typename Matrix>
void find_largest_datum(largest_datum& out, const Matrix& m, const char* field) {
  find_largest_datum(out, m, field, [](std::ptrdiff_t) { return true; });
}

/// Throws kam::out_of_bounds naming `fn` and the field, row (and, with `with_column`, column) of
/// `largest` unless `log_likelihood`, a fit's at its estimate, is finite: data so large that the
/// likelihood passes the range of double already at the start of the search (where the search
/// then stays, reporting max_iterations).
void check_fitted_log_likelihood(double log_likelihood, const largest_datum& largest,
                                 bool with_column, const char* fn);

/// Throws kam::invalid_input naming `fn` unless 1 <= max_iterations <= most (the message says
/// ">= 1" when `most` is the largest int) and the tolerance is positive and finite: the options
/// every damped Newton fit takes.
void check_search_options(int max_iterations, int most, double tolerance, const char* fn);

/// Returns `ll`, a model's log-likelihood at the caller's parameters, or throws
/// kam::out_of_bounds naming `fn` and 'params' when it is not finite; `data` names what the
/// likelihood sums over ("accounts", "mean spends").
template <typename Scalar>
Scalar finite_log_likelihood(Scalar ll, const char* data, const char* fn) {
  if (!std::isfinite(ll)) {
    throw out_of_bounds({fn, "params", std::nullopt},
                        cat({"the log-likelihood is ", ll,
                             ": beyond the range of the type at these parameters and ", data}));
  }
  return ll;
}

}  // namespace kam::detail
