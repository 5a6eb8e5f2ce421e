// Not API. The engine of kam/retention/bgnbd.hpp: the checked frequency/recency/age data in
// double, and the likelihood, its maximisation and the predictions (in bgnbd_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>
#include <vector>

namespace kam {

struct bgnbd_options;  // kam/retention/bgnbd.hpp

namespace detail {

/// Returns the prediction `v`, or throws kam::out_of_bounds naming `fn`, 'params' and `row` when
/// it is not finite: parameters near the limit of double overflow the models' gamma functions
/// and sums (found by the property suite).
inline double finite_prediction(double v, const char* fn,
                                std::optional<std::ptrdiff_t> row = std::nullopt) {
  if (!std::isfinite(v)) {
    throw out_of_bounds({fn, "params", row},
                        "the prediction exceeds the range of double at "
                        "these parameters; they are too extreme to evaluate");
  }
  return v;
}

/// Accounts as the BG/NBD model sees them, checked: frequency x, recency t_x and age T.
struct rfm_data {
  std::vector<double> x, t_x, age;
};

/// Throws as check_fitted_log_likelihood unless `ll`, a fit's log-likelihood at its estimate, is
/// finite, naming the largest of `frequency`, `recency` and `age`.
template <typename Frequency, typename Recency, typename Age>
void check_rfm_fit(double ll, const Frequency& frequency, const Recency& recency, const Age& age,
                   const char* fn) {
  largest_datum largest;
  find_largest_datum(largest, frequency, "frequency");
  find_largest_datum(largest, recency, "recency");
  find_largest_datum(largest, age, "age");
  check_fitted_log_likelihood(ll, largest, false, fn);
}

/// Returns one value per account of `data`: `value(x, t_x, T, row)` as Scalar.
template <typename Scalar, typename Value>
vector_of<Scalar> per_rfm_account(const rfm_data& data, Value value) {
  vector_of<Scalar> out(static_cast<Eigen::Index>(data.x.size()));
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(
        value(data.x[i], data.t_x[i], data.age[i], static_cast<std::ptrdiff_t>(i)));
  }
  return out;
}

/// Accounts with equal (x, t_x, T) merged, with how many each stands for; sorted by x, t_x, T.
/// The likelihood of a portfolio has far fewer distinct accounts than accounts when recency and
/// age are whole days or weeks.
struct rfm_groups {
  std::vector<double> x, t_x, age, count;
  /// The distinct values of t_x and T, ascending, and each group's place among them: the
  /// likelihood takes ln(alpha + v) once per distinct value instead of once per group.
  std::vector<double> recencies, ages;
  std::vector<std::uint32_t> recency_index, age_index;
};

/// Returns the groups of `data`. O(accounts log accounts).
rfm_groups group_rfm(const rfm_data& data);

/// The parameters (r, alpha, a, b) in double.
using bgnbd_values = std::array<double, 4>;

/// A fit in double (see kam::bgnbd_fit).
using bgnbd_estimate = model_estimate<4>;

/// Throws kam::invalid_input (naming `fn`) unless max_iterations >= 1 and the tolerance is
/// positive and finite.
void check_bgnbd_options(const bgnbd_options& options, const char* fn);

/// The log-likelihood of `data` at `p`.
double bgnbd_log_likelihood_of(const rfm_data& data, const bgnbd_values& p);

/// The maximum-likelihood fit of `data`.
bgnbd_estimate fit_bgnbd_data(const rfm_data& data, const bgnbd_options& options);

/// P(active) of one account.
double bgnbd_p_alive_of(const bgnbd_values& p, double x, double t_x, double age);

/// Throws kam::out_of_bounds (naming `fn`) unless `t` is finite and >= 0.
void check_bgnbd_time(double t, const char* fn);

/// Throws kam::out_of_bounds (naming `fn`) unless `t` is finite and >= 0 and a != 1.
void check_bgnbd_horizon(double t, const bgnbd_values& p, const char* fn);

/// E[X(t)] of a new account.
double bgnbd_expected_of(const bgnbd_values& p, double t, const char* fn);

/// E[Y(t) | x, t_x, T] of one account.
double bgnbd_conditional_of(const bgnbd_values& p, double t, double x, double t_x, double age,
                            const char* fn);

/// P(still active t time units after the end of observation) of one account, whatever it buys
/// meanwhile.
double bgnbd_p_alive_ahead_of(const bgnbd_values& p, double t, double x, double t_x, double age,
                              const char* fn);

/// P(X(t) = k) of a new account for k = 0 .. count - 1.
std::vector<double> bgnbd_count_probabilities_of(const bgnbd_values& p, double t,
                                                 std::size_t count);

/// Throws kam::out_of_bounds (naming `fn` and `field`) unless `count` is 1 to `limit`.
void check_bgnbd_count(Eigen::Index count, Eigen::Index limit, const char* field, const char* fn);

/// The repeat-count histogram of accounts and the model's (see kam::bgnbd_count_check).
struct count_check {
  std::vector<double> actual, expected;
  double chi_square = 0, p_value = 1;
};

/// The histogram check of `data` in `buckets` buckets (>= 2).
count_check bgnbd_count_check_of(const bgnbd_values& p, const rfm_data& data, std::size_t buckets);

/// Returns `values` as a vector of Scalar.
template <real_scalar Scalar>
vector_of<Scalar> to_vector(const std::vector<double>& values) {
  vector_of<Scalar> out(static_cast<Eigen::Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(values[i]);
  }
  return out;
}

/// Returns the parameters in double after checking that each is positive and finite. Throws
/// kam::out_of_bounds naming `fn` and the parameter.
template <typename Params>
bgnbd_values check_bgnbd_params(const Params& params, const char* fn) {
  const bgnbd_values p{static_cast<double>(params.r), static_cast<double>(params.alpha),
                       static_cast<double>(params.a), static_cast<double>(params.b)};
  constexpr const char* names[4] = {"r", "alpha", "a", "b"};
  for (std::size_t k = 0; k < 4; ++k) {
    if (!(std::isfinite(p[k]) && p[k] > 0)) {
      throw out_of_bounds({fn, names[k], std::nullopt},
                          cat({names[k], " is ", p[k], "; it must be positive and finite"}));
    }
  }
  return p;
}

/// Returns element `i` of the vector `v`, which may be a row, a column or a block of either.
template <typename Derived>
double rfm_value(const Eigen::MatrixBase<Derived>& v, Eigen::Index i) {
  return static_cast<double>(v.cols() == 1 ? v.coeff(i, 0) : v.coeff(0, i));
}

/// Throws unless account `i` has a whole frequency >= 0, 0 <= recency <= age, recency 0 when
/// the frequency is, all finite.
void check_rfm_account(double x, double t_x, double age, Eigen::Index i, const char* fn);

/// Returns the accounts after checking the shapes (vectors of one length, not empty) and every
/// value.
template <typename Frequency, typename Recency, typename Age>
rfm_data read_rfm(const Eigen::MatrixBase<Frequency>& frequency,
                  const Eigen::MatrixBase<Recency>& recency, const Eigen::MatrixBase<Age>& age,
                  const char* fn) {
  const Eigen::Index n = frequency.size();
  const auto check_shape = [&](Eigen::Index rows, Eigen::Index cols, const char* field) {
    if ((rows != 1 && cols != 1) || rows * cols != n) {
      throw shape_mismatch(
          {fn, field, std::nullopt},
          cat({"expects a vector of ", n, " values (one per account), got ", rows, " x ", cols}));
    }
  };
  if (n == 0) throw empty_input({fn, "frequency", std::nullopt}, "no accounts");
  check_shape(frequency.rows(), frequency.cols(), "frequency");
  check_shape(recency.rows(), recency.cols(), "recency");
  check_shape(age.rows(), age.cols(), "age");
  rfm_data d;
  d.x.resize(static_cast<std::size_t>(n));
  d.t_x.resize(static_cast<std::size_t>(n));
  d.age.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto u = static_cast<std::size_t>(i);
    d.x[u] = rfm_value(frequency, i);
    d.t_x[u] = rfm_value(recency, i);
    d.age[u] = rfm_value(age, i);
    check_rfm_account(d.x[u], d.t_x[u], d.age[u], i, fn);
  }
  return d;
}

}  // namespace detail
}  // namespace kam
