// Not API. The engine of kam/retention/pareto_nbd.hpp: the likelihood with its exact gradient,
// its maximisation and the predictions (in pareto_nbd_impl.hpp). Accounts are read and checked
// as for BG/NBD (detail/bgnbd.hpp).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <optional>

namespace kam {

struct pareto_nbd_options;  // kam/retention/pareto_nbd.hpp

namespace detail {

/// The parameters (r, alpha, s, beta) in double.
using pareto_nbd_values = std::array<double, 4>;

/// A fit in double (see kam::pareto_nbd_fit).
using pareto_nbd_estimate = model_estimate<4>;

/// One account's log-likelihood split as the predictions need it: ln L = head + ln(e^alive +
/// e^gone), where e^alive is the part of an account still active at T and e^gone of one that
/// dropped out between t_x and T (-infinity when t_x = T).
struct pareto_nbd_parts {
  double head = 0, alive = 0, gone = 0;
};

/// Throws kam::invalid_input (naming `fn`) unless max_iterations is 1 to
/// pareto_nbd_max_iterations and the tolerance is positive and finite.
void check_pareto_nbd_options(const pareto_nbd_options& options, const char* fn);

/// The most terms of one 2F1 series while fit_pareto_nbd searches: parameters whose series needs
/// more (z near 1) are not tried, rather than costing seconds per evaluation (an ordinary table
/// of six accounts once wandered there and took 29 s at -O2 before the series gave up).
inline constexpr long pareto_nbd_search_terms = 10'000;

/// The parts of one account's log-likelihood and, when `grad` is not null, the gradient of ln L
/// with respect to (r, alpha, s, beta); each 2F1 series sums at most `max_terms` terms.
pareto_nbd_parts pareto_nbd_account(const pareto_nbd_values& p, double x, double t_x, double age,
                                    pareto_nbd_values* grad, const char* fn,
                                    long max_terms = hyp2f1_max_terms);

/// The log-likelihood of the accounts at `p`.
double pareto_nbd_log_likelihood_of(const rfm_data& data, const pareto_nbd_values& p,
                                    const char* fn);

/// The maximum-likelihood fit of `data`.
pareto_nbd_estimate fit_pareto_nbd_data(const rfm_data& data, const pareto_nbd_options& options,
                                        const char* fn);

/// P(active at T) of one account.
double pareto_nbd_p_alive_of(const pareto_nbd_values& p, double x, double t_x, double age,
                             const char* fn);

/// E[Y(t) | x, t_x, T] of one account.
double pareto_nbd_conditional_of(const pareto_nbd_values& p, double t, double x, double t_x,
                                 double age, const char* fn);

/// (1 - (b / (b + t))^(s - 1)) / (s - 1), and its limit ln((b + t) / b) at s = 1.
double pareto_nbd_horizon_factor(double s, double b, double t);

/// Returns the parameters in double after checking that each is positive and finite. Throws
/// kam::out_of_bounds naming `fn` and the parameter.
template <typename Params>
pareto_nbd_values check_pareto_nbd_params(const Params& params, const char* fn) {
  const pareto_nbd_values p{static_cast<double>(params.r), static_cast<double>(params.alpha),
                            static_cast<double>(params.s), static_cast<double>(params.beta)};
  constexpr const char* names[4] = {"r", "alpha", "s", "beta"};
  for (std::size_t k = 0; k < 4; ++k) {
    if (!(std::isfinite(p[k]) && p[k] > 0)) {
      throw out_of_bounds({fn, names[k], std::nullopt},
                          cat({names[k], " is ", p[k], "; it must be positive and finite"}));
    }
  }
  return p;
}

}  // namespace detail
}  // namespace kam
