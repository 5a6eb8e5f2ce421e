// Not API. The engine of kam/retention/bgnbd_covariates.hpp (definitions in
// bgnbd_covariates_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/newton.hpp>
#include <optional>
#include <vector>

namespace kam {
namespace detail {

/// Covariates row-major in double: rows x cols values.
struct covariate_rows {
  std::vector<double> values;
  std::size_t cols = 0;
  [[nodiscard]] const double* row(std::size_t i) const { return values.data() + i * cols; }
};

/// The parameters in double: (r, alpha, a, b) and the coefficients of the purchase covariates,
/// of the dropout covariates on a and on b.
struct bgnbd_covariate_values {
  bgnbd_values base{};
  std::vector<double> purchase, dropout_a, dropout_b;
};

/// A fit in double: the parameters, how the search ended and the standard errors (of r, alpha, a,
/// b, then the coefficients in order).
struct bgnbd_covariate_estimate {
  bgnbd_covariate_values params;
  double log_likelihood = 0;
  fit_status status = fit_status::converged;
  int iterations = 0;
  double gradient_norm = 0;
  std::optional<std::vector<double>> std_error;
};

/// One account's log-likelihood at its own (r, alpha, a, b) and, when `grad` is not null, its
/// derivatives with respect to (ln r, ln alpha, ln a, ln b).
double bgnbd_account_log_likelihood(const bgnbd_values& p, double x, double t_x, double age,
                                    bgnbd_values* grad);

/// Account i's own (r, alpha_i, a_i, b_i).
bgnbd_values bgnbd_account_values(const bgnbd_covariate_values& p, const covariate_rows& purchase,
                                  const covariate_rows& dropout, std::size_t i);

/// Account i's own (r, alpha_i, a_i, b_i), checked: throws kam::out_of_bounds naming `fn`, the
/// covariate matrix and the row when one is not positive and finite (covariates times
/// coefficients beyond the range of exp).
bgnbd_values checked_account_values(const bgnbd_covariate_values& p, const covariate_rows& purchase,
                                    const covariate_rows& dropout, std::size_t i, const char* fn);

/// The log-likelihood of the accounts at `p`.
double bgnbd_covariate_log_likelihood_of(const rfm_data& data, const covariate_rows& purchase,
                                         const covariate_rows& dropout,
                                         const bgnbd_covariate_values& p);

/// The maximum-likelihood fit.
bgnbd_covariate_estimate fit_bgnbd_covariates_data(const rfm_data& data,
                                                   const covariate_rows& purchase,
                                                   const covariate_rows& dropout,
                                                   const bgnbd_options& options);

/// Throws kam::invalid_input (naming `fn` and `field`) for more than bgnbd_max_covariates
/// columns, and kam::out_of_bounds for a coefficient that is not finite or whose count differs.
void check_covariate_count(std::size_t cols, const char* field, const char* fn);

/// Returns the covariates after checking the shape (`rows` rows) and that every value is
/// finite (kam::non_finite_value naming `field`, the row and the column).
template <typename Derived>
covariate_rows read_covariates(const Eigen::MatrixBase<Derived>& z, Eigen::Index rows,
                               const char* field, const char* fn) {
  if (z.rows() != rows) {
    throw shape_mismatch({fn, field},
                         cat({"has ", z.rows(), " rows; expects one per account (", rows, ")"}));
  }
  check_covariate_count(static_cast<std::size_t>(z.cols()), field, fn);
  covariate_rows out;
  out.cols = static_cast<std::size_t>(z.cols());
  out.values.reserve(static_cast<std::size_t>(rows) * out.cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
      const auto v = static_cast<double>(z.coeff(i, j));
      if (!std::isfinite(v)) throw non_finite_value({fn, field, i, j}, cat({"covariate is ", v}));
      out.values.push_back(v);
    }
  }
  return out;
}

/// The parameters in double after checking them (base as check_bgnbd_params; coefficients
/// finite and as many as the covariate columns).
template <typename Params>
bgnbd_covariate_values check_covariate_params(const Params& params, std::size_t kp, std::size_t kd,
                                              const char* fn) {
  bgnbd_covariate_values p;
  p.base = check_bgnbd_params(params.base, fn);
  const auto copy = [&](const auto& v, std::size_t n, const char* field) {
    if (static_cast<std::size_t>(v.size()) != n) {
      throw shape_mismatch({fn, field},
                           cat({"has ", v.size(), " coefficients for ", n, " covariate columns"}));
    }
    std::vector<double> out(n);
    for (std::size_t k = 0; k < n; ++k) {
      out[k] = static_cast<double>(v(static_cast<Eigen::Index>(k)));
      if (!std::isfinite(out[k])) {
        throw out_of_bounds({fn, field, std::nullopt, static_cast<std::ptrdiff_t>(k)},
                            cat({"coefficient is ", out[k], "; it must be finite"}));
      }
    }
    return out;
  };
  p.purchase = copy(params.purchase, kp, "purchase");
  p.dropout_a = copy(params.dropout_a, kd, "dropout_a");
  p.dropout_b = copy(params.dropout_b, kd, "dropout_b");
  return p;
}

}  // namespace detail
}  // namespace kam
