// Not API. Maximum likelihood over log-parameters by damped Newton steps, shared by the retention
// models fitted that way (BG/NBD, Gamma-Gamma); definitions in newton_impl.hpp.
#pragma once

#include <Eigen/Core>
#include <functional>
#include <kam/retention/fit_status.hpp>
#include <optional>

namespace kam::detail {

/// A log-likelihood over log-parameters u: returns ln L at u and, when `gradient` is not null,
/// writes its gradient with respect to u there.
using log_likelihood_function =
    std::function<double(const Eigen::VectorXd& u, Eigen::VectorXd* gradient)>;

/// Where a search ended: the log-parameters, the log-likelihood, its gradient and Hessian there
/// (the Hessian from central differences of the exact gradient), why it stopped and how many
/// steps it took.
struct newton_search {
  Eigen::VectorXd u, gradient;
  Eigen::MatrixXd hessian;
  double log_likelihood = 0;
  fit_status status = fit_status::converged;
  int iterations = 0;
};

/// Maximises `f` from `start` by damped Newton steps (Levenberg-Marquardt: (-H + lambda D) s = g
/// with D = diag(max(1, |H_kk|)), lambda raised until a step of at most 5 log units improves the
/// likelihood). Converged when |g| <= `gradient_tolerance` and the last step is below 1e-9;
/// `boundary` when a log-parameter leaves [-15, 15]; `max_iterations` when the steps run out or
/// no step improves the likelihood while the gradient is still above the tolerance.
newton_search maximize_log_likelihood(const log_likelihood_function& f, Eigen::VectorXd start,
                                      int max_iterations, double gradient_tolerance);

/// The asymptotic standard errors of the parameters e^u of a converged search (inverse of the
/// observed information -H, delta method from u); empty unless converged with -H positive
/// definite.
std::optional<Eigen::VectorXd> standard_errors(const newton_search& s);

}  // namespace kam::detail
