// Not API. The engine of kam/retention/bgbb.hpp: the checked table in double, and the
// likelihood, its maximisation and the predictions (in bgbb_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/newton.hpp>
#include <optional>
#include <vector>

namespace kam {

struct bgbb_options;  // kam/retention/bgbb.hpp

namespace detail {

/// Rows of the (frequency, recency, opportunities, count) table, checked.
struct bgbb_data {
  std::vector<double> x, t_x, n, count;
};

/// The parameters (alpha, beta, gamma, delta) in double.
using bgbb_values = std::array<double, 4>;

/// A fit in double (see kam::bgbb_fit).
using bgbb_estimate = model_estimate<4>;

/// Throws kam::invalid_input (naming `fn`) unless max_iterations is 1 to bgbb_max_iterations
/// and the tolerance is positive and finite.
void check_bgbb_options(const bgbb_options& options, const char* fn);

/// Throws unless row `i` has whole numbers 0 <= x <= t_x <= n, n >= 1, t_x = 0 when x = 0,
/// t_x >= x, n <= bgbb_max_opportunities, and (when given) a finite count >= 0.
void check_bgbb_row(double x, double t_x, double n, std::optional<double> count, Eigen::Index i,
                    const char* fn);

/// The log-likelihood of one row (Fader, Hardie & Shang 2010, eq. 5) and, when `grad` is not
/// null, its gradient with respect to (alpha, beta, gamma, delta).
double bgbb_row_log_likelihood(const bgbb_values& p, double x, double t_x, double n,
                               bgbb_values* grad);

/// The log-likelihood of `data` (rows weighted by their counts) at `p`.
double bgbb_log_likelihood_of(const bgbb_data& data, const bgbb_values& p);

/// The maximum-likelihood fit of `data`.
bgbb_estimate fit_bgbb_data(const bgbb_data& data, const bgbb_options& options);

/// P(active at opportunity n + 1) of one row.
double bgbb_p_alive_of(const bgbb_values& p, double x, double t_x, double n);

/// Throws kam::out_of_bounds (naming `fn`) unless `future` is a whole number 0 to
/// bgbb_max_opportunities and gamma != 1.
void check_bgbb_future(double future, const bgbb_values& p, const char* fn);

/// E[X(n)] of a new account over its first n opportunities.
double bgbb_expected_of(const bgbb_values& p, double n);

/// E[X(n, n + future) | x, t_x, n] of one row.
double bgbb_conditional_of(const bgbb_values& p, double future, double x, double t_x, double n);

/// Returns the parameters in double after checking that each is positive and finite. Throws
/// kam::out_of_bounds naming `fn` and the parameter.
template <typename Params>
bgbb_values check_bgbb_params(const Params& params, const char* fn) {
  const bgbb_values p{static_cast<double>(params.alpha), static_cast<double>(params.beta),
                      static_cast<double>(params.gamma), static_cast<double>(params.delta)};
  constexpr const char* names[4] = {"alpha", "beta", "gamma", "delta"};
  for (std::size_t k = 0; k < 4; ++k) {
    if (!(std::isfinite(p[k]) && p[k] > 0)) {
      throw out_of_bounds({fn, names[k], std::nullopt},
                          cat({names[k], " is ", p[k], "; it must be positive and finite"}));
    }
  }
  return p;
}

/// Returns the rows after checking the shapes (vectors of one length, not empty) and every
/// value; `count` may be null (each row one account).
template <typename Frequency, typename Recency, typename Opportunities, typename Count>
bgbb_data read_bgbb(const Eigen::MatrixBase<Frequency>& frequency,
                    const Eigen::MatrixBase<Recency>& recency,
                    const Eigen::MatrixBase<Opportunities>& opportunities,
                    const Eigen::MatrixBase<Count>* count, const char* fn) {
  const Eigen::Index rows = frequency.size();
  const auto check_shape = [&](Eigen::Index r, Eigen::Index c, const char* field) {
    if ((r != 1 && c != 1) || r * c != rows) {
      throw shape_mismatch(
          {fn, field, std::nullopt},
          cat({"expects a vector of ", rows, " values (one per row), got ", r, " x ", c}));
    }
  };
  if (rows == 0) throw empty_input({fn, "frequency", std::nullopt}, "no rows");
  check_shape(recency.rows(), recency.cols(), "recency");
  check_shape(opportunities.rows(), opportunities.cols(), "opportunities");
  if (count != nullptr) check_shape(count->rows(), count->cols(), "count");
  bgbb_data d;
  for (Eigen::Index i = 0; i < rows; ++i) {
    d.x.push_back(rfm_value(frequency, i));
    d.t_x.push_back(rfm_value(recency, i));
    d.n.push_back(rfm_value(opportunities, i));
    d.count.push_back(count != nullptr ? rfm_value(*count, i) : 1.0);
    check_bgbb_row(d.x.back(), d.t_x.back(), d.n.back(),
                   count != nullptr ? std::optional<double>(d.count.back()) : std::nullopt, i, fn);
  }
  return d;
}

}  // namespace detail
}  // namespace kam
