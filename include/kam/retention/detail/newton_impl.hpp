// Not API. Definitions of kam/retention/detail/newton.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <kam/core/detail/config.hpp>
#include <kam/retention/detail/newton.hpp>
#include <utility>

namespace kam::detail {

/// |u_k| beyond this: the estimate is degenerate (fit_status::boundary).
inline constexpr double newton_edge = 15;

/// The log-likelihood and gradient of `f` at `u`, and the Hessian by central differences of the
/// exact gradient (step 1e-5 in log units), symmetrised.
KAM_INLINE double newton_evaluate(const log_likelihood_function& f, const Eigen::VectorXd& u,
                                  Eigen::VectorXd& g, Eigen::MatrixXd& h) {
  const Eigen::Index n = u.size();
  g.resize(n);
  const double ll = f(u, &g);
  h.resize(n, n);
  constexpr double step = 1e-5;
  Eigen::VectorXd gu(n), gd(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    Eigen::VectorXd up = u, down = u;
    up(j) += step;
    down(j) -= step;
    (void)f(up, &gu);
    (void)f(down, &gd);
    h.col(j) = (gu - gd) / (2 * step);
  }
  h = (0.5 * (h + h.transpose())).eval();
  return ll;
}

/// Takes one damped Newton step from `s`; returns false, leaving `s`, if no step improves the
/// likelihood in 60 tries. `lambda` is the damping, kept between calls.
KAM_INLINE bool newton_damped_step(const log_likelihood_function& f, newton_search& s,
                                   double& lambda, double& last_step) {
  const Eigen::Index n = s.u.size();
  for (int tries = 0; tries < 60; ++tries, lambda *= 10) {
    Eigen::MatrixXd m = -s.hessian;
    for (Eigen::Index k = 0; k < n; ++k)
      m(k, k) += lambda * std::max(1.0, std::abs(s.hessian(k, k)));
    const Eigen::LLT<Eigen::MatrixXd> llt(m);
    if (llt.info() != Eigen::Success) continue;
    Eigen::VectorXd step = llt.solve(s.gradient);
    if (!step.allFinite()) continue;
    if (step.norm() > 5) step *= 5 / step.norm();
    Eigen::VectorXd u = s.u + step, g;
    Eigen::MatrixXd h;
    const double ll = newton_evaluate(f, u, g, h);
    if (std::isfinite(ll) && ll >= s.log_likelihood && g.allFinite() && h.allFinite()) {
      last_step = step.norm();
      s.u = std::move(u);
      s.gradient = std::move(g);
      s.hessian = std::move(h);
      s.log_likelihood = ll;
      lambda = std::max(lambda / 10, 1e-12);
      return true;
    }
  }
  return false;
}

KAM_INLINE newton_search maximize_log_likelihood(const log_likelihood_function& f,
                                                 Eigen::VectorXd start, int max_iterations,
                                                 double gradient_tolerance) {
  newton_search s;
  s.u = std::move(start);
  s.log_likelihood = newton_evaluate(f, s.u, s.gradient, s.hessian);
  s.status = fit_status::max_iterations;
  double lambda = 1e-3, last_step = 1;
  int it = 0;
  for (; it < max_iterations; ++it) {
    const double gnorm = s.gradient.norm();
    if (gnorm <= gradient_tolerance && last_step <= 1e-9) {
      s.status = fit_status::converged;
      break;
    }
    if (s.u.cwiseAbs().maxCoeff() > newton_edge) {
      s.status = fit_status::boundary;
      break;
    }
    if (!newton_damped_step(f, s, lambda, last_step)) {
      if (gnorm <= gradient_tolerance) s.status = fit_status::converged;
      break;
    }
  }
  s.iterations = it;
  return s;
}

KAM_INLINE std::optional<Eigen::VectorXd> standard_errors(const newton_search& s) {
  if (s.status != fit_status::converged) return std::nullopt;
  const Eigen::LDLT<Eigen::MatrixXd> info(-s.hessian);
  if (info.info() != Eigen::Success || !info.isPositive() || !(info.vectorD().minCoeff() > 0)) {
    return std::nullopt;
  }
  const Eigen::Index n = s.u.size();
  const Eigen::MatrixXd cov = info.solve(Eigen::MatrixXd::Identity(n, n));
  Eigen::VectorXd se(n);
  for (Eigen::Index k = 0; k < n; ++k) se(k) = std::exp(s.u(k)) * std::sqrt(cov(k, k));
  return se;
}

}  // namespace kam::detail
