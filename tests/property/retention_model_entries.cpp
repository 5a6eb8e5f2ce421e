// Property entry points of the retention area beyond the first file: BG/BB, Pareto/NBD,
// BG/NBD with covariates and its predictions, the CLV forecast, Gamma-Gamma spend, share of
// wallet and the Wallet Allocation Rule, revenue movements, CLV and retention economics, the
// sBG projections and the retention rates. Model fits are slow in a debug build: their tables
// are kept small (at most 12 rows).
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <kam/retention/bgbb.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/bgnbd_covariates.hpp>
#include <kam/retention/clv.hpp>
#include <kam/retention/clv_forecast.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/movements.hpp>
#include <kam/retention/pareto_nbd.hpp>
#include <kam/retention/rates.hpp>
#include <kam/retention/sbg.hpp>
#include <kam/retention/wallet.hpp>
#include <optional>
#include <vector>

#include "property.hpp"

namespace {

using kam_property::draw;
using kam_property::finite;

/// Returns a model parameter: ordinary in (0.2, 5), adversarially a special value.
double parameter(draw& d) { return d.value_in(0.2, 5); }

/// Returns a small table size: 1 to 12, sometimes 0.
Eigen::Index rows_of(draw& d) { return d.chance(0.05) ? 0 : d.between(1, 12); }

/// Returns the size of a table to fit a model to: 1 to 6, sometimes 0 (a debug build's fit of
/// Pareto/NBD sums its 2F1 series slowly).
Eigen::Index fit_rows_of(draw& d) { return d.chance(0.05) ? 0 : d.between(1, 6); }

/// The frequency x, recency t_x and age T of n accounts (as kam::summarize_transactions gives
/// them); adversarial cases break the rules now and then.
struct rfm {
  Eigen::VectorXd x, tx, age;
};

rfm rfm_of(draw& d, Eigen::Index n) {
  rfm r{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    r.age(i) = d.value_in(1, 52);
    r.x(i) = d.adversarial() && d.chance(0.1) ? d.value() : static_cast<double>(d.between(0, 10));
    r.tx(i) = r.x(i) > 0 ? d.value_in(0, std::isfinite(r.age(i)) ? r.age(i) : 1) : 0;
  }
  return r;
}

/// The BG/BB table: frequency, recency, opportunities and counts of n rows.
struct bgbb_table {
  Eigen::VectorXd x, tx, n, count;
};

bgbb_table bgbb_of(draw& d, Eigen::Index rows) {
  bgbb_table t{Eigen::VectorXd(rows), Eigen::VectorXd(rows), Eigen::VectorXd(rows),
               Eigen::VectorXd(rows)};
  for (Eigen::Index i = 0; i < rows; ++i) {
    const std::int64_t n = d.adversarial() && d.chance(0.05) ? d.count() : d.between(1, 6);
    const std::int64_t x = d.between(0, std::clamp<std::int64_t>(n, 0, 6));
    const std::int64_t tx = x == 0 ? 0 : d.between(x, std::clamp<std::int64_t>(n, x, 6));
    t.n(i) = static_cast<double>(n);
    t.x(i) = d.adversarial() && d.chance(0.05) ? d.value() : static_cast<double>(x);
    t.tx(i) = static_cast<double>(tx);
    t.count(i) =
        d.adversarial() && d.chance(0.05) ? d.value() : static_cast<double>(d.between(1, 200));
  }
  return t;
}

const kam_property::registrar bgbb_fit_entry("fit_bgbb", [](draw& d) {
  const bgbb_table t = bgbb_of(d, fit_rows_of(d));
  kam::bgbb_options o;
  o.max_iterations = d.chance(0.9) ? 100 : static_cast<int>(d.between(-1, 3));
  const auto f = kam::fit_bgbb(t.x, t.tx, t.n, t.count, o);
  const auto& p = f.params;
  if (!(std::isfinite(p.alpha) && std::isfinite(p.beta) && std::isfinite(p.gamma) &&
        std::isfinite(p.delta) && std::isfinite(f.log_likelihood)))
    return false;
  const Eigen::VectorXd alive = kam::bgbb_p_alive(p, t.x, t.tx, t.n);
  const Eigen::VectorXd ahead = kam::bgbb_conditional_expected_transactions(p, 3.0, t.x, t.tx, t.n);
  return alive.size() == t.x.size() && finite(alive) && finite(ahead);
});

const kam_property::registrar bgbb_predict_entry("bgbb_predictions", [](draw& d) {
  const bgbb_table t = bgbb_of(d, rows_of(d));
  const kam::bgbb_params<double> p{parameter(d), parameter(d), parameter(d), parameter(d)};
  const double future =
      d.adversarial() && d.chance(0.2) ? d.value() : static_cast<double>(d.between(0, 10));
  if (!std::isfinite(kam::bgbb_log_likelihood(p, t.x, t.tx, t.n, t.count))) return false;
  const Eigen::VectorXd alive = kam::bgbb_p_alive(p, t.x, t.tx, t.n);
  if (!finite(alive) || (alive.array() < 0).any() || (alive.array() > 1).any()) return false;
  const Eigen::VectorXd ahead =
      kam::bgbb_conditional_expected_transactions(p, future, t.x, t.tx, t.n);
  return finite(ahead) && std::isfinite(kam::bgbb_expected_transactions(p, future));
});

const kam_property::registrar pareto_fit_entry("fit_pareto_nbd", [](draw& d) {
  const rfm a = rfm_of(d, fit_rows_of(d));
  kam::pareto_nbd_options o;
  o.max_iterations = d.chance(0.9) ? 25 : static_cast<int>(d.between(-1, 3));
  const auto f = kam::fit_pareto_nbd(a.x, a.tx, a.age, o);
  const auto& p = f.params;
  if (!(std::isfinite(p.r) && std::isfinite(p.alpha) && std::isfinite(p.s) &&
        std::isfinite(p.beta) && std::isfinite(f.log_likelihood)))
    return false;
  return finite(kam::pareto_nbd_p_alive(p, a.x, a.tx, a.age));
});

const kam_property::registrar pareto_predict_entry("pareto_nbd_predictions", [](draw& d) {
  const rfm a = rfm_of(d, rows_of(d));
  const kam::pareto_nbd_params<double> p{parameter(d), parameter(d), parameter(d), parameter(d)};
  const double t = d.value_in(0, 52);
  if (!std::isfinite(kam::pareto_nbd_log_likelihood(p, a.x, a.tx, a.age))) return false;
  const Eigen::VectorXd alive = kam::pareto_nbd_p_alive(p, a.x, a.tx, a.age);
  if (!finite(alive) || (alive.array() < 0).any() || (alive.array() > 1).any()) return false;
  return finite(kam::pareto_nbd_conditional_expected_transactions(p, t, a.x, a.tx, a.age)) &&
         std::isfinite(kam::pareto_nbd_expected_transactions(p, t));
});

/// Returns an n x k covariate matrix: ordinary values around 0, adversarially special ones.
Eigen::MatrixXd covariates(draw& d, Eigen::Index n, Eigen::Index k) {
  Eigen::MatrixXd z(n, k);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = 0; i < n; ++i) z(i, j) = d.value_in(-1, 1);
  return z;
}

const kam_property::registrar covariate_fit_entry("fit_bgnbd_covariates", [](draw& d) {
  const Eigen::Index n = fit_rows_of(d);
  const rfm a = rfm_of(d, n);
  const Eigen::MatrixXd z = covariates(d, d.chance(0.95) ? n : n + 1, d.between(0, 2));
  const Eigen::MatrixXd w = covariates(d, n, d.between(0, 1));
  kam::bgnbd_options o;
  o.max_iterations = d.chance(0.9) ? 60 : static_cast<int>(d.between(-1, 3));
  const auto f = kam::fit_bgnbd(a.x, a.tx, a.age, z, w, o);
  const auto& b = f.params.base;
  if (!(std::isfinite(b.r) && std::isfinite(b.alpha) && std::isfinite(b.a) && std::isfinite(b.b) &&
        finite(f.params.purchase) && finite(f.params.dropout_a) && finite(f.params.dropout_b) &&
        std::isfinite(f.log_likelihood)))
    return false;
  return !f.std_error || finite(*f.std_error);
});

const kam_property::registrar covariate_params_entry("bgnbd_account_params", [](draw& d) {
  const Eigen::Index n = rows_of(d), kp = d.between(0, 2), kd = d.between(0, 2);
  const Eigen::MatrixXd z = covariates(d, n, kp), w = covariates(d, n, kd);
  kam::bgnbd_covariate_params<double> p;
  p.base = {parameter(d), parameter(d), parameter(d), parameter(d)};
  p.purchase = d.vector_in(d.chance(0.95) ? kp : kp + 1, -2, 2);
  p.dropout_a = d.vector_in(kd, -2, 2);
  p.dropout_b = d.vector_in(kd, -2, 2);
  const auto each = kam::bgnbd_account_params(p, z, w);
  if (each.size() != static_cast<std::size_t>(n)) return false;
  for (const auto& e : each)
    if (!(std::isfinite(e.r) && std::isfinite(e.alpha) && std::isfinite(e.a) &&
          std::isfinite(e.b) && e.alpha > 0 && e.a > 0 && e.b > 0))
      return false;
  const rfm a = rfm_of(d, n);
  return std::isfinite(kam::bgnbd_log_likelihood(p, a.x, a.tx, a.age, z, w));
});

const kam_property::registrar bgnbd_predict_entry("bgnbd_predictions", [](draw& d) {
  const rfm a = rfm_of(d, rows_of(d));
  const kam::bgnbd_params<double> p{parameter(d), parameter(d), parameter(d), parameter(d)};
  const double t = d.value_in(0, 52);
  const Eigen::Index count = d.chance(0.9) ? d.between(0, 20) : d.count();
  const Eigen::Index buckets = d.chance(0.9) ? d.between(2, 8) : d.count();
  if (!std::isfinite(kam::bgnbd_expected_transactions(p, t)) ||
      !std::isfinite(kam::bgnbd_probability_of_transactions(p, t, count)))
    return false;
  if (!finite(kam::bgnbd_conditional_expected_transactions(p, t, a.x, a.tx, a.age)) ||
      !finite(kam::bgnbd_p_alive_ahead(p, t, a.x, a.tx, a.age)))
    return false;
  const auto c = kam::bgnbd_repeat_count_check(p, a.x, a.tx, a.age, buckets);
  return finite(c.actual) && finite(c.expected) && std::isfinite(c.chi_square);
});

/// Returns CLV forecast options: ordinary units, adversarially anything.
kam::clv_forecast_options clv_options_of(draw& d) {
  kam::clv_forecast_options o;
  o.model_unit_days = d.chance(0.5) ? 7.0 : d.value_in(0.5, 30);
  o.period_days = d.chance(0.5) ? 30.0 : d.value_in(1, 365);
  // Ordinary horizons of up to a year; odd ones below 1 or above the limit (a valid horizon of
  // hundreds of periods is slow in a debug build: O(accounts x periods) 2F1 series).
  o.periods = d.chance(0.9)   ? static_cast<int>(d.between(1, 12))
              : d.chance(0.5) ? static_cast<int>(d.between(-1, 0))
                              : kam::clv_forecast_max_periods + 1;
  o.discount_rate = d.value_in(0, 0.05);
  o.margin = d.value_in(0, 1);
  return o;
}

const kam_property::registrar clv_forecast_entry("clv_forecast", [](draw& d) {
  const Eigen::Index n = fit_rows_of(d);
  const rfm a = rfm_of(d, n);
  const Eigen::VectorXd spend = d.vector_in(n, 1, 500);
  const kam::gamma_gamma_params<double> g{parameter(d) + 1, parameter(d) + 1, parameter(d)};
  const kam::clv_forecast_options o = clv_options_of(d);
  const auto r = d.chance(0.5)
                     ? kam::clv_forecast(kam::bgnbd_params<double>{parameter(d), parameter(d),
                                                                   parameter(d), parameter(d)},
                                         g, a.x, a.tx, a.age, spend, o)
                     : kam::clv_forecast(kam::pareto_nbd_params<double>{parameter(d), parameter(d),
                                                                        parameter(d), parameter(d)},
                                         g, a.x, a.tx, a.age, spend, o);
  return r.value.size() == n && finite(r.value) && finite(r.expected_transactions) &&
         finite(r.expected_spend) && std::isfinite(r.total_value);
});

const kam_property::registrar spend_entry("gamma_gamma_expected_spend", [](draw& d) {
  const Eigen::Index n = rows_of(d);
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i)
    x(i) = d.adversarial() && d.chance(0.1) ? d.value() : static_cast<double>(d.between(0, 10));
  const kam::gamma_gamma_params<double> g{parameter(d), parameter(d), parameter(d)};
  const Eigen::VectorXd s = kam::gamma_gamma_expected_spend(g, x, d.vector_in(n, 1, 500));
  const auto mean = g.q > 1 ? std::optional<double>(kam::gamma_gamma_mean_spend(g)) : std::nullopt;
  return s.size() == n && finite(s) && (!mean || std::isfinite(*mean));
});

const kam_property::registrar wallet_entry("share_of_wallet", [](draw& d) {
  const Eigen::Index n = d.size();
  const Eigen::VectorXd wallet = d.vector_in(n, 1, 1e6);
  Eigen::VectorXd revenue(d.adversarial() && d.chance(0.05) ? n + 1 : n);
  for (Eigen::Index i = 0; i < revenue.size(); ++i)
    revenue(i) =
        d.adversarial() && d.chance(0.1) ? d.value() : (i < n ? wallet(i) : 1.0) * d.value_in(0, 1);
  const Eigen::VectorXd s = kam::share_of_wallet(revenue, wallet);
  return s.size() == n && finite(s) && (s.array() >= 0).all() && (s.array() <= 1).all();
});

const kam_property::registrar allocation_entry("wallet_allocation", [](draw& d) {
  Eigen::MatrixXd scores = d.matrix(d.size(), d.between(0, 6));
  for (Eigen::Index i = 0; i < scores.size(); ++i)
    if (d.chance(0.2)) scores.data()[i] = std::nan("");  // a brand the customer does not use
  const Eigen::MatrixXd s = kam::wallet_allocation(scores);
  if (!finite(s) || s.rows() != scores.rows()) return false;
  const Eigen::Index brands = d.chance(0.9) ? d.between(1, 8) : d.count();
  return std::isfinite(kam::wallet_allocation_share(d.value_in(1, 8), brands));
});

const kam_property::registrar movements_entry("movements", [](draw& d) {
  Eigen::MatrixXd revenue = d.matrix(d.size(), d.between(0, 8));
  if (!d.adversarial()) revenue = revenue.cwiseAbs();
  for (Eigen::Index i = 0; i < revenue.size(); ++i)
    if (d.chance(0.2)) revenue.data()[i] = 0;  // no revenue: not a customer then
  const auto m = kam::movements(revenue);
  if (m.codes.rows() != revenue.rows() || m.codes.cols() != revenue.cols() - 1) return false;
  for (Eigen::Index i = 0; i < m.codes.rows(); ++i)
    for (Eigen::Index t = 1; t <= m.codes.cols(); ++t) (void)m.at(i, t);
  return (m.codes.array() >= 0).all() && (m.codes.array() <= 6).all();
});

const kam_property::registrar clv_entry("clv", [](draw& d) {
  const double m = d.value_in(0, 1e4), r = d.value_in(0, 0.99), disc = d.value_in(0, 0.2);
  const double v = d.chance(0.5)
                       ? kam::clv(m, r, disc)
                       : kam::clv(m, r, disc, d.chance(0.9) ? d.between(0, 50) : d.count());
  const std::optional<Eigen::Index> horizon =
      d.chance(0.5) ? std::optional<Eigen::Index>(d.between(0, 50)) : std::nullopt;
  return std::isfinite(v) && std::isfinite(kam::net_clv(m, r, disc, d.value_in(0, 1e4), horizon));
});

const kam_property::registrar uplift_entry("retention_improvement_value", [](draw& d) {
  kam::retention_scenario<double> s;
  const Eigen::Index t = d.chance(0.05) ? 0 : d.between(1, 20);
  s.margin = d.vector_in(t, 0, 1e4);
  s.retention = d.vector_in(d.chance(0.5) ? 1 : t, 0.3, 0.95);
  s.discount = d.value_in(0, 0.2);
  s.improvement = d.value_in(-0.05, 0.1);
  s.unit = d.chance(0.5) ? kam::improvement_unit::points : kam::improvement_unit::defection_share;
  s.perpetuity = d.chance(0.3);
  const auto u = kam::retention_improvement_value(s);
  return std::isfinite(u.base_value) && std::isfinite(u.improved_value) &&
         std::isfinite(u.uplift) && (!u.relative_uplift || std::isfinite(*u.relative_uplift)) &&
         finite(u.base_survival) && finite(u.improved_survival);
});

const kam_property::registrar compare_entry("compare_acquisition_retention", [](draw& d) {
  kam::acquisition_retention_inputs<double> in;
  in.acquisition_cost = d.value_in(0, 1e4);
  in.retention_cost = d.value_in(0, 1e3);
  in.save_rate = d.value_in(0.05, 1);
  in.retained_value = d.value_in(0, 1e5);
  in.new_value = d.value_in(0, 1e5);
  const auto c = kam::compare_acquisition_retention(in);
  return std::isfinite(c.cost_per_saved_account) &&
         (!c.cost_ratio || std::isfinite(*c.cost_ratio)) && std::isfinite(c.retain_net_value) &&
         std::isfinite(c.acquire_net_value) && std::isfinite(c.retention_advantage) &&
         (!c.break_even_save_rate || std::isfinite(*c.break_even_save_rate));
});

const kam_property::registrar sbg_entry("sbg_projections", [](draw& d) {
  const kam::sbg_params<double> p{parameter(d), parameter(d)};
  const Eigen::Index horizon = d.chance(0.9) ? d.between(0, 24) : d.count();
  const Eigen::VectorXd s = kam::sbg_survival(p, horizon);
  const Eigen::VectorXd r = kam::sbg_retention(p, horizon);
  if (!finite(s) || !finite(r) || s.size() != horizon + 1 || r.size() != horizon) return false;
  const auto mean = kam::sbg_mean_lifetime(p);
  if (mean && !std::isfinite(*mean)) return false;
  const double discount = d.value_in(0.001, 0.5);
  const Eigen::Index renewals = d.chance(0.9) ? d.between(0, 10) : d.count();
  return std::isfinite(kam::sbg_discounted_lifetime(p, discount)) &&
         std::isfinite(kam::sbg_discounted_residual_lifetime(p, discount, renewals));
});

const kam_property::registrar rates_entry("retention_rates", [](draw& d) {
  const Eigen::Index start = d.chance(0.8) ? d.between(0, 100) : d.count();
  const Eigen::Index end = d.chance(0.8) ? d.between(0, 100) : d.count();
  const Eigen::Index acquired = d.chance(0.8) ? d.between(0, 20) : d.count();
  const double crr = d.chance(0.5) ? kam::customer_retention_rate(start, end, acquired) : 0.5;
  return std::isfinite(crr) && crr >= 0 && crr <= 1 &&
         std::isfinite(kam::rescale_retention(d.value_in(0, 1), d.value_in(0, 24)));
});

}  // namespace
