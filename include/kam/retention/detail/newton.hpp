// Not API. Maximum likelihood over log-parameters by damped Newton steps, shared by the retention
// models fitted that way (BG/NBD, Gamma-Gamma); definitions in newton_impl.hpp. Plain vectors
// rather than Eigen types: a few parameters need no expression templates, and the definitions are
// compiled in every translation unit in header-only mode.
#pragma once

#include <functional>
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

/// The asymptotic standard errors of the parameters e^u of a converged search (inverse of the
/// observed information -H, delta method from u); empty unless converged with -H positive
/// definite.
std::optional<std::vector<double>> standard_errors(const newton_search& s);

/// The Euclidean norm of `v`.
double euclidean_norm(const std::vector<double>& v);

}  // namespace kam::detail
