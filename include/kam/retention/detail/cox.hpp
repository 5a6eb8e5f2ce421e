// Not API. The engine of kam/retention/cox.hpp: the checked accounts of a Cox fit in double, and
// the fit itself (Newton-Raphson on the log partial likelihood, in cox_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/retention/detail/survival.hpp>
#include <kam/retention/fit_status.hpp>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam {

struct cox_options;  // kam/retention/cox.hpp

namespace detail {

/// The accounts of a Cox fit, checked: lifetimes (> 0), event flags (1 = churned), case weights
/// (1 without weights), covariates (row-major, accounts x p) and each account's stratum as an
/// index into `labels` (the distinct labels, increasing; {0} without strata).
struct cox_input {
  std::vector<double> times;
  std::vector<unsigned char> events;
  std::vector<double> weights;
  std::vector<double> x;
  std::size_t p = 0;
  std::vector<std::size_t> stratum;
  std::vector<long long> labels{0};
};

/// A Cox fit in double: the estimates and their statistics, per covariate; `covariance` is the
/// inverse information (p x p, row-major); the covariate means and scales, and Breslow's baseline
/// cumulative hazard at them per stratum label and event time.
struct cox_estimate {
  std::vector<double> coefficients, std_error, z, p_value, lower, upper, hazard_ratio;
  std::vector<double> covariance;
  double log_likelihood = 0, log_likelihood_null = 0;
  double lr_chi_square = 0, lr_p_value = 1;
  double concordance = 0;
  double events = 0;
  std::size_t strata = 1;
  std::vector<double> means, scales, baseline_time, baseline_hazard;
  std::vector<long long> baseline_stratum;
  fit_status status = fit_status::converged;
  int iterations = 0;
};

/// Throws kam::invalid_input (naming `fn` and the field) unless `options` holds a known ties
/// method, 1 <= max_iterations <= cox_max_iterations, a positive finite tolerance and a
/// confidence in (0, 1).
void check_cox_options(const cox_options& options, const char* fn);

/// Returns the fit of checked accounts. Throws kam::invalid_input (naming `fn`) when no account
/// with a positive weight churned, and (naming the column) for a covariate that does not vary
/// among the accounts at risk or is a linear combination of the columns before it.
cox_estimate fit_cox_data(const cox_input& in, const cox_options& options, const char* fn);

/// Stores the covariates of `x` (accounts in rows) in `in` after checking its shape and values:
/// throws kam::shape_mismatch unless it has `n` rows, kam::empty_input without columns,
/// kam::non_finite_value naming the row and column for a NaN or infinity, and kam::invalid_input
/// naming the column for a constant one.
template <typename Covariates>
void read_cox_covariates(const Eigen::MatrixBase<Covariates>& x, Eigen::Index n, cox_input& in,
                         const char* fn) {
  if (x.rows() != n) {
    throw shape_mismatch({fn, "covariates", std::nullopt},
                         cat({"expects ", n, " rows (one per account), got ", x.rows()}));
  }
  if (x.cols() == 0) throw empty_input({fn, "covariates", std::nullopt}, "no covariate columns");
  const Eigen::Index p = x.cols();
  in.p = static_cast<std::size_t>(p);
  in.x.resize(static_cast<std::size_t>(n) * in.p);
  for (Eigen::Index j = 0; j < p; ++j) {
    bool constant = true;
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto v = x.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "covariates", i, j}, cat({"covariate is ", v}));
      }
      constant = constant && v == x.coeff(0, j);
      in.x[static_cast<std::size_t>(i) * in.p + static_cast<std::size_t>(j)] =
          static_cast<double>(v);
    }
    if (constant) {
      throw invalid_input({fn, "covariates", std::nullopt, j},
                          cat({"column ", j, " is constant (every account has ", x.coeff(0, j),
                               "); its coefficient cannot be estimated"}));
    }
  }
}

/// Returns the accounts of `times`, `events`, `covariates` and `weights` (null: all 1) after
/// checking their shapes and every value (the checks of kam::kaplan_meier, times > 0, and the
/// covariates).
template <typename Times, typename Events, typename Covariates, typename Weights>
cox_input read_cox_input(const Eigen::MatrixBase<Times>& times,
                         const Eigen::MatrixBase<Events>& events,
                         const Eigen::MatrixBase<Covariates>& covariates, const Weights* weights,
                         const char* fn) {
  km_input km =
      read_km_input(times.derived(), events.derived(), weights, typename Times::Scalar(0.5), fn);
  double total = 0;
  for (std::size_t i = 0; i < km.times.size(); ++i) {
    if (km.times[i] == 0) {
      throw invalid_input({fn, "times", static_cast<std::ptrdiff_t>(i)},
                          "time is 0; a Cox fit needs lifetimes > 0");
    }
    total += km.weights[i];
    if (!std::isfinite(total)) {
      throw invalid_input({fn, "weights", static_cast<std::ptrdiff_t>(i)},
                          "the weights up to this account sum beyond the largest double; divide "
                          "them by a common factor (the coefficients do not change)");
    }
  }
  cox_input in;
  read_cox_covariates(covariates, times.size(), in, fn);
  in.times = std::move(km.times);
  in.events = std::move(km.events);
  in.weights = std::move(km.weights);
  in.stratum.assign(in.times.size(), 0);
  return in;
}

/// Stores each account's stratum in `in` as an index into the sorted distinct labels of
/// `strata` after checking its shape. Throws kam::shape_mismatch unless it is a vector of one
/// label per account, and kam::invalid_input naming the account for a label beyond long long.
template <typename Strata>
void read_cox_strata(const Eigen::MatrixBase<Strata>& strata, cox_input& in, const char* fn) {
  const auto n = static_cast<Eigen::Index>(in.times.size());
  check_survival_vector(strata, n, fn, "strata");
  std::vector<long long> label(in.times.size());
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto g = strata.coeff(i);
    using G = typename Strata::Scalar;
    if constexpr (std::is_unsigned_v<G> && sizeof(G) >= sizeof(long long)) {
      if (g > static_cast<G>(std::numeric_limits<long long>::max())) {
        throw invalid_input({fn, "strata", i}, "stratum label is beyond the range of long long");
      }
    }
    label[static_cast<std::size_t>(i)] = static_cast<long long>(g);
  }
  std::vector<long long> distinct = label;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (std::size_t i = 0; i < label.size(); ++i) {
    in.stratum[i] = static_cast<std::size_t>(
        std::lower_bound(distinct.begin(), distinct.end(), label[i]) - distinct.begin());
  }
  in.labels = std::move(distinct);
}

}  // namespace detail
}  // namespace kam
