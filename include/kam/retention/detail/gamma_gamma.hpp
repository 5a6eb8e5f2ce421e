// Not API. The engine of kam/retention/gamma_gamma.hpp: the checked frequency and mean spend in
// double, and the likelihood, its maximisation and the predictions (in gamma_gamma_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>
#include <vector>

namespace kam {

struct gamma_gamma_options;  // kam/retention/gamma_gamma.hpp

namespace detail {

/// Accounts as the Gamma-Gamma model sees them, checked: frequency x and mean spend m, and how
/// many accounts with x = 0 were left out (when not kept).
struct spend_data {
  std::vector<double> x, m;
  Eigen::Index skipped = 0;
};

/// The parameters (p, q, gamma) in double.
using gamma_gamma_values = std::array<double, 3>;

/// A fit in double (see kam::gamma_gamma_fit), with the frequency-spend correlation.
struct gamma_gamma_estimate : model_estimate<3> {
  double correlation = 0;
};

/// Throws kam::invalid_input (naming `fn`) unless max_iterations >= 1, the tolerance is positive
/// and finite and correlation_warning is in [0, 1].
void check_gamma_gamma_options(const gamma_gamma_options& options, const char* fn);

/// The log-likelihood of `data` (accounts with x > 0) at `p`.
double gamma_gamma_log_likelihood_of(const spend_data& data, const gamma_gamma_values& p);

/// The maximum-likelihood fit of `data` (accounts with x > 0, at least one).
gamma_gamma_estimate fit_gamma_gamma_data(const spend_data& data,
                                          const gamma_gamma_options& options);

/// The expected value of a future transaction of an account with frequency x and mean spend m
/// (x = 0: the population mean). Throws kam::out_of_bounds naming `fn` (and `row` when given)
/// when p x + q <= 1.
double gamma_gamma_expected_of(const gamma_gamma_values& p, double x, double m, const char* fn,
                               std::optional<Eigen::Index> row = std::nullopt);

/// Throws unless account `i` has a whole frequency >= 0 and, when it is > 0, a finite positive
/// mean spend.
void check_spend_account(double x, double m, Eigen::Index i, const char* fn);

/// Returns the parameters in double after checking that each is positive and finite. Throws
/// kam::out_of_bounds naming `fn` and the parameter.
template <typename Params>
gamma_gamma_values check_gamma_gamma_params(const Params& params, const char* fn) {
  const gamma_gamma_values p{static_cast<double>(params.p), static_cast<double>(params.q),
                             static_cast<double>(params.gamma)};
  constexpr const char* names[3] = {"p", "q", "gamma"};
  for (std::size_t k = 0; k < 3; ++k) {
    if (!(std::isfinite(p[k]) && p[k] > 0)) {
      throw out_of_bounds({fn, names[k], std::nullopt},
                          cat({names[k], " is ", p[k], "; it must be positive and finite"}));
    }
  }
  return p;
}

/// Returns the accounts after checking the shapes (vectors of one length, not empty) and every
/// value: those with x > 0, or every account when `keep_all` (the mean spend of an account with
/// x = 0 is then 0, unread).
template <typename Frequency, typename Spend>
spend_data read_spend(const Eigen::MatrixBase<Frequency>& frequency,
                      const Eigen::MatrixBase<Spend>& mean_spend, const char* fn,
                      bool keep_all = false) {
  const Eigen::Index n = frequency.size();
  if (n == 0) throw empty_input({fn, "frequency", std::nullopt}, "no accounts");
  const auto check_shape = [&](Eigen::Index rows, Eigen::Index cols, const char* field) {
    if ((rows != 1 && cols != 1) || rows * cols != n) {
      throw shape_mismatch(
          {fn, field, std::nullopt},
          cat({"expects a vector of ", n, " values (one per account), got ", rows, " x ", cols}));
    }
  };
  check_shape(frequency.rows(), frequency.cols(), "frequency");
  check_shape(mean_spend.rows(), mean_spend.cols(), "mean_spend");
  const auto at = [](const auto& v, Eigen::Index i) {
    return static_cast<double>(v.cols() == 1 ? v.coeff(i, 0) : v.coeff(0, i));
  };
  spend_data d;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = at(frequency, i);
    const double m = x > 0 ? at(mean_spend, i) : 0.0;
    check_spend_account(x, m, i, fn);
    if (x == 0 && !keep_all) {
      ++d.skipped;
      continue;
    }
    d.x.push_back(x);
    d.m.push_back(m);
  }
  return d;
}

}  // namespace detail
}  // namespace kam
