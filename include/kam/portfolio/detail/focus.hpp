// Not API. The engine of kam/portfolio/focus.hpp: checks of the account vectors and the rules.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/error.hpp>
#include <kam/portfolio/focus.hpp>
#include <optional>

namespace kam::detail {

// The functions kam/portfolio/focus.hpp declares (and includes this header at its end for).

template <typename Scalar>
account_focus focus_rule(Scalar share_of_wallet, Scalar growth, Scalar churn_risk, bool large,
                         const focus_config& config) noexcept {
  // The thresholds are compared in Scalar, the type of the data: a float churn risk of 0.7f
  // reaches at_risk = 0.7 although 0.7f < 0.7 in double.
  const auto t = [](double threshold) { return static_cast<Scalar>(threshold); };
  const Scalar sow = share_of_wallet;
  if (large && churn_risk >= t(config.at_risk)) return account_focus::protect;
  if (sow < t(config.win_below_share) && growth >= t(config.win_growth)) return account_focus::win;
  if (sow >= t(config.win_below_share) && sow < t(config.expand_below_share) &&
      growth >= t(config.expand_growth))
    return account_focus::expand;
  return account_focus::maintain;
}

/// Throws unless `v` is a vector of `n` finite values.
template <typename V>
void check_account_vector(const Eigen::MatrixBase<V>& v, Eigen::Index n, const char* fn,
                          const char* field) {
  if ((v.cols() != 1 && v.rows() != 1) || v.size() != n) {
    throw shape_mismatch(
        {fn, field, std::nullopt},
        detail::cat({"expects a vector of ", n, " values, got ", v.rows(), " x ", v.cols()}));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isfinite(v.coeff(i))) {
      throw non_finite_value({fn, field, i}, detail::cat({"value is ", v.coeff(i)}));
    }
  }
}

template <typename Revenue, typename Wallet, typename Growth, typename Churn>
void check_focus_values(const Eigen::MatrixBase<Revenue>& revenue,
                        const Eigen::MatrixBase<Wallet>& wallet,
                        const Eigen::MatrixBase<Growth>& growth,
                        const Eigen::MatrixBase<Churn>& churn_risk, const focus_config& config,
                        const char* fn) {
  const Eigen::Index n = revenue.size();
  if (n == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  check_account_vector(revenue, n, fn, "revenue");
  check_account_vector(wallet, n, fn, "category_wallet");
  check_account_vector(growth, n, fn, "growth_potential");
  check_account_vector(churn_risk, n, fn, "churn_risk");
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto r = static_cast<double>(revenue.coeff(i));
    const auto w = static_cast<double>(wallet.coeff(i));
    const auto g = static_cast<double>(growth.coeff(i));
    const auto c = static_cast<double>(churn_risk.coeff(i));
    if (r < 0.0)
      throw invalid_input({fn, "revenue", i}, detail::cat({"revenue ", r, " is negative"}));
    if (!(w > 0.0)) {
      throw invalid_input({fn, "category_wallet", i},
                          detail::cat({"the category wallet ", w, " is not positive"}));
    }
    if (r > w) {
      throw out_of_bounds({fn, "revenue", i},
                          detail::cat({"revenue ", r, " exceeds the customer's category wallet ", w,
                                       " (share of wallet above 1)"}));
    }
    if (g < config.growth_low || g > config.growth_high) {
      throw out_of_bounds({fn, "growth_potential", i},
                          detail::cat({"value ", g, " is outside the scale [", config.growth_low,
                                       ", ", config.growth_high, "]"}));
    }
    if (c < 0.0 || c > 1.0) {
      throw out_of_bounds({fn, "churn_risk", i},
                          detail::cat({"value ", c, " is outside the scale [0, 1]"}));
    }
  }
}

}  // namespace kam::detail
