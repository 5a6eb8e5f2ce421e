// Retention models beyond retention.cpp's: the shifted-beta-geometric model (sBG), BG/BB,
// Pareto/NBD, the revenue tables (cohorts, revenue retention per window, movements, rates) and
// share of wallet.
// The Python layer (src/kam/_retention_models.py) gives the vectors of a call one dtype and turns
// DataFrames into these arrays and the dicts returned here back into DataFrames.
#include <kam/retention/bgbb.hpp>
// For the definition of detail::check_bgnbd_time, which pareto_nbd.hpp uses but, in header-only
// mode, does not bring in (its impl includes only detail/bgnbd.hpp): without it the module does
// not load (undefined symbol).
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/cohorts.hpp>
#include <kam/retention/movements.hpp>
#include <kam/retention/pareto_nbd.hpp>
#include <kam/retention/rates.hpp>
#include <kam/retention/revenue_retention.hpp>
#include <kam/retention/sbg.hpp>
#include <kam/retention/wallet.hpp>
#include <string>
#include <tuple>
#include <utility>

#include "common.hpp"

namespace kam_python {

namespace {

/// Model parameters as the Python layer passes them: sBG (alpha, beta); BG/BB (alpha, beta,
/// gamma, delta); Pareto/NBD (r, alpha, s, beta).
using pair_tuple = std::tuple<double, double>;
using quad_tuple = std::tuple<double, double, double, double>;

/// Returns the view `a` copied into a plain column-major matrix.
template <typename View>
kam::matrix_of<typename View::Scalar> plain(const View& a) {
  return a;
}

// --- sBG -------------------------------------------------------------------------------------

/// Returns the sBG parameters (alpha, beta) in Scalar.
template <typename Scalar>
kam::sbg_params<Scalar> sbg_params(const pair_tuple& p) {
  return {static_cast<Scalar>(std::get<0>(p)), static_cast<Scalar>(std::get<1>(p))};
}

/// kam::fit_sbg of `alive` (a vector: one cohort; a matrix: one cohort per row).
py::object fit_sbg(const py::array& alive, int max_iterations, double tolerance) {
  constexpr const char* fn = "kam::fit_sbg";
  const kam::sbg_options o{max_iterations, tolerance};
  return with_matrix(alive, fn, "alive", [&](const auto& a) -> py::object {
    // A copy: kam's cohort reader needs linear access, which a strided view lacks (and cohort
    // tables are small).
    const auto n = plain(a);
    const auto f = without_gil([&] { return kam::fit_sbg(n, o); });
    return fit_dict(f);
  });
}

/// kam::sbg_log_likelihood of `alive` at `params`.
double sbg_log_likelihood(const pair_tuple& params, const py::array& alive) {
  constexpr const char* fn = "kam::sbg_log_likelihood";
  return with_matrix(alive, fn, "alive",
                     [&](const auto& a) -> py::object {
                       using S = typename std::remove_cvref_t<decltype(a)>::Scalar;
                       const auto n = plain(a);
                       return py::float_(static_cast<double>(without_gil(
                           [&] { return kam::sbg_log_likelihood(n, sbg_params<S>(params)); })));
                     })
      .cast<double>();
}

/// what = 0: kam::sbg_survival, S(0..horizon); 1: kam::sbg_retention, r_1..r_horizon.
py::array sbg_curve(int what, const pair_tuple& params, Eigen::Index horizon) {
  const auto p = sbg_params<double>(params);
  return to_numpy(what == 0 ? kam::sbg_survival(p, horizon) : kam::sbg_retention(p, horizon));
}

/// kam::sbg_discounted_lifetime (renewals < 0) or kam::sbg_discounted_residual_lifetime.
double sbg_lifetime(const pair_tuple& params, double discount, Eigen::Index renewals,
                    bool residual) {
  const auto p = sbg_params<double>(params);
  if (!residual) return kam::sbg_discounted_lifetime(p, discount);
  return kam::sbg_discounted_residual_lifetime(p, discount, renewals);
}

// --- BG/BB -----------------------------------------------------------------------------------

/// Returns the BG/BB parameters (alpha, beta, gamma, delta) in Scalar.
template <typename Scalar>
kam::bgbb_params<Scalar> bgbb_params(const quad_tuple& p) {
  return {static_cast<Scalar>(std::get<0>(p)), static_cast<Scalar>(std::get<1>(p)),
          static_cast<Scalar>(std::get<2>(p)), static_cast<Scalar>(std::get<3>(p))};
}

/// kam::fit_bgbb of the (frequency, recency, opportunities, count) table.
py::object fit_bgbb(const py::array& frequency, const py::array& recency,
                    const py::array& opportunities, const py::array& count, int max_iterations,
                    double tolerance) {
  constexpr const char* fn = "kam::fit_bgbb";
  const kam::bgbb_options o{max_iterations, tolerance};
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto n = view<S>(opportunities, fn, "opportunities");
    const auto c = view<S>(count, fn, "count");
    const auto f = without_gil([&] { return kam::fit_bgbb(x, t_x, n, c, o); });
    return fit_dict(f);
  });
}

/// Per row: what = 0 kam::bgbb_p_alive; 1 kam::bgbb_conditional_expected_transactions over
/// `future` opportunities.
py::object bgbb_per_row(int what, const quad_tuple& params, double future,
                        const py::array& frequency, const py::array& recency,
                        const py::array& opportunities) {
  const char* fn = what == 0 ? "kam::bgbb_p_alive" : "kam::bgbb_conditional_expected_transactions";
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto p = bgbb_params<S>(params);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto n = view<S>(opportunities, fn, "opportunities");
    return to_numpy(without_gil([&]() -> kam::vector_of<S> {
      if (what == 0) return kam::bgbb_p_alive(p, x, t_x, n);
      return kam::bgbb_conditional_expected_transactions(p, S(future), x, t_x, n);
    }));
  });
}

/// kam::bgbb_log_likelihood of the table at `params`.
double bgbb_log_likelihood(const quad_tuple& params, const py::array& frequency,
                           const py::array& recency, const py::array& opportunities,
                           const py::array& count) {
  constexpr const char* fn = "kam::bgbb_log_likelihood";
  return by_dtype(frequency, fn, "frequency",
                  [&](auto zero) -> py::object {
                    using S = decltype(zero);
                    const auto x = view<S>(frequency, fn, "frequency");
                    const auto t_x = view<S>(recency, fn, "recency");
                    const auto n = view<S>(opportunities, fn, "opportunities");
                    const auto c = view<S>(count, fn, "count");
                    return py::float_(static_cast<double>(without_gil([&] {
                      return kam::bgbb_log_likelihood(bgbb_params<S>(params), x, t_x, n, c);
                    })));
                  })
      .cast<double>();
}

// --- Pareto/NBD ------------------------------------------------------------------------------

/// Returns the Pareto/NBD parameters (r, alpha, s, beta) in Scalar.
template <typename Scalar>
kam::pareto_nbd_params<Scalar> pnbd_params(const quad_tuple& p) {
  return {static_cast<Scalar>(std::get<0>(p)), static_cast<Scalar>(std::get<1>(p)),
          static_cast<Scalar>(std::get<2>(p)), static_cast<Scalar>(std::get<3>(p))};
}

/// kam::fit_pareto_nbd of accounts' frequency, recency and age.
py::object fit_pareto_nbd(const py::array& frequency, const py::array& recency,
                          const py::array& age, int max_iterations, double tolerance) {
  constexpr const char* fn = "kam::fit_pareto_nbd";
  const kam::pareto_nbd_options o{max_iterations, tolerance};
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto t = view<S>(age, fn, "age");
    const auto f = without_gil([&] { return kam::fit_pareto_nbd(x, t_x, t, o); });
    return fit_dict(f);
  });
}

/// Per account: what = 0 kam::pareto_nbd_p_alive; 1 the conditional expected transactions over
/// t; 2 kam::pareto_nbd_log_likelihood (a 1-element array).
py::object pnbd_per_account(int what, const quad_tuple& params, double t,
                            const py::array& frequency, const py::array& recency,
                            const py::array& age) {
  const char* fn = what == 0   ? "kam::pareto_nbd_p_alive"
                   : what == 1 ? "kam::pareto_nbd_conditional_expected_transactions"
                               : "kam::pareto_nbd_log_likelihood";
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto p = pnbd_params<S>(params);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto T = view<S>(age, fn, "age");
    return to_numpy(without_gil([&]() -> kam::vector_of<S> {
      if (what == 0) return kam::pareto_nbd_p_alive(p, x, t_x, T);
      if (what == 1) return kam::pareto_nbd_conditional_expected_transactions(p, S(t), x, t_x, T);
      return kam::vector_of<S>::Constant(1, kam::pareto_nbd_log_likelihood(p, x, t_x, T));
    }));
  });
}

// --- cohorts, revenue retention, movements ---------------------------------------------------

/// kam::cohorts of the accounts x periods revenue matrix.
py::object cohorts(const py::array& revenue) {
  return with_matrix(revenue, "kam::cohorts", "revenue", [&](const auto& r) -> py::object {
    auto c = without_gil([&] { return kam::cohorts(r); });
    py::dict out;
    out["period"] = to_numpy(std::move(c.period));
    out["size"] = to_numpy(std::move(c.size));
    out["initial_revenue"] = to_numpy(std::move(c.initial_revenue));
    out["active"] = to_numpy(std::move(c.active));
    out["survived"] = to_numpy(std::move(c.survived));
    out["revenue"] = to_numpy(std::move(c.revenue));
    out["logo_retention"] = to_numpy(std::move(c.logo_retention));
    out["revenue_retention"] = to_numpy(std::move(c.revenue_retention));
    out["never_active"] = c.never_active;
    return out;
  });
}

/// Returns the columns of the retention table `t` by name.
template <typename Scalar>
py::dict retention_dict(kam::retention_table<Scalar>&& t) {
  py::dict out;
  out["undefined_windows"] = t.undefined_windows;
  out["opening_period"] = to_numpy(std::move(t.opening_period));
  out["closing_period"] = to_numpy(std::move(t.closing_period));
  out["opening_revenue"] = to_numpy(std::move(t.opening_revenue));
  out["expansion"] = to_numpy(std::move(t.expansion));
  out["contraction"] = to_numpy(std::move(t.contraction));
  out["churned_revenue"] = to_numpy(std::move(t.churned_revenue));
  out["new_revenue"] = to_numpy(std::move(t.new_revenue));
  out["reactivated_revenue"] = to_numpy(std::move(t.reactivated_revenue));
  out["closing_revenue"] = to_numpy(std::move(t.closing_revenue));
  out["opening_accounts"] = to_numpy(std::move(t.opening_accounts));
  out["retained_accounts"] = to_numpy(std::move(t.retained_accounts));
  out["churned_accounts"] = to_numpy(std::move(t.churned_accounts));
  out["new_accounts"] = to_numpy(std::move(t.new_accounts));
  out["reactivated_accounts"] = to_numpy(std::move(t.reactivated_accounts));
  out["closing_accounts"] = to_numpy(std::move(t.closing_accounts));
  out["grr"] = to_numpy(std::move(t.grr));
  out["nrr"] = to_numpy(std::move(t.nrr));
  out["customer_retention"] = to_numpy(std::move(t.customer_retention));
  out["logo_churn"] = to_numpy(std::move(t.logo_churn));
  return out;
}

/// kam::revenue_retention of the accounts x periods revenue matrix.
py::object revenue_retention(const py::array& revenue, Eigen::Index step, Eigen::Index first,
                             const std::string& reactivation) {
  constexpr const char* fn = "kam::revenue_retention";
  kam::retention_options o;
  o.step = step;
  o.first = first;
  o.reactivation = enum_arg<kam::reactivation_rule>(reactivation, "reactivation", fn);
  return with_matrix(revenue, fn, "revenue", [&](const auto& r) -> py::object {
    return retention_dict(without_gil([&] { return kam::revenue_retention(r, o); }));
  });
}

/// kam::movements: accounts x (periods - 1) int8 codes of kam::movement.
py::object movements(const py::array& revenue) {
  return with_matrix(revenue, "kam::movements", "revenue", [&](const auto& r) -> py::object {
    return to_numpy(without_gil([&] { return kam::movements(r).codes; }));
  });
}

// --- share of wallet -------------------------------------------------------------------------

/// kam::share_of_wallet: revenue / wallet per account.
py::object share_of_wallet(const py::array& revenue, const py::array& wallet) {
  constexpr const char* fn = "kam::share_of_wallet";
  return by_dtype(revenue, fn, "revenue", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto r = view<S>(revenue, fn, "revenue");
    const auto w = view<S>(wallet, fn, "wallet");
    return to_numpy(without_gil([&] { return kam::share_of_wallet(r, w); }));
  });
}

/// kam::wallet_allocation: the Wallet Allocation Rule's share per customer and brand.
py::object wallet_allocation(const py::array& scores) {
  return with_matrix(scores, "kam::wallet_allocation", "scores", [&](const auto& s) -> py::object {
    return to_numpy(without_gil([&] { return kam::wallet_allocation(s); }));
  });
}

}  // namespace

void bind_retention_models(py::module_& m) {
  using py::arg;
  m.def("fit_sbg", &fit_sbg, arg("alive"), arg("max_iterations"), arg("tolerance"),
        "kam::fit_sbg: the sBG model by maximum likelihood.");
  m.def("sbg_log_likelihood", &sbg_log_likelihood, arg("params"), arg("alive"),
        "kam::sbg_log_likelihood at (alpha, beta).");
  m.def("sbg_curve", &sbg_curve, arg("what"), arg("params"), arg("horizon"),
        "what = 0: kam::sbg_survival; 1: kam::sbg_retention.");
  m.def("sbg_lifetime", &sbg_lifetime, arg("params"), arg("discount"), arg("renewals"),
        arg("residual"), "kam::sbg_discounted_lifetime / kam::sbg_discounted_residual_lifetime.");
  m.def("fit_bgbb", &fit_bgbb, arg("frequency"), arg("recency"), arg("opportunities"), arg("count"),
        arg("max_iterations"), arg("tolerance"), "kam::fit_bgbb.");
  m.def("bgbb_per_row", &bgbb_per_row, arg("what"), arg("params"), arg("future"), arg("frequency"),
        arg("recency"), arg("opportunities"),
        "what = 0: kam::bgbb_p_alive; 1: kam::bgbb_conditional_expected_transactions.");
  m.def(
      "bgbb_expected_transactions",
      [](const quad_tuple& p, double n) {
        return kam::bgbb_expected_transactions(bgbb_params<double>(p), n);
      },
      arg("params"), arg("n"), "kam::bgbb_expected_transactions: E[X(n)].");
  m.def("bgbb_log_likelihood", &bgbb_log_likelihood, arg("params"), arg("frequency"),
        arg("recency"), arg("opportunities"), arg("count"), "kam::bgbb_log_likelihood.");
  m.def("fit_pareto_nbd", &fit_pareto_nbd, arg("frequency"), arg("recency"), arg("age"),
        arg("max_iterations"), arg("tolerance"), "kam::fit_pareto_nbd.");
  m.def("pareto_nbd_per_account", &pnbd_per_account, arg("what"), arg("params"), arg("t"),
        arg("frequency"), arg("recency"), arg("age"),
        "what = 0: p_alive; 1: conditional expected transactions; 2: the log-likelihood.");
  m.def(
      "pareto_nbd_expected_transactions",
      [](const quad_tuple& p, double t) {
        return kam::pareto_nbd_expected_transactions(pnbd_params<double>(p), t);
      },
      arg("params"), arg("t"), "kam::pareto_nbd_expected_transactions: E[X(t)].");
  m.def("cohorts", &cohorts, arg("revenue"), "kam::cohorts: the cohort table.");
  m.def("revenue_retention", &revenue_retention, arg("revenue"), arg("step"), arg("first"),
        arg("reactivation"), "kam::revenue_retention: GRR, NRR, CRR per window.");
  m.def("movements", &movements, arg("revenue"), "kam::movements: int8 codes.");
  m.def("customer_retention_rate", &kam::customer_retention_rate<double>, arg("start"), arg("end"),
        arg("acquired"), "kam::customer_retention_rate: (E - N) / S.");
  m.def("rescale_churn", &kam::rescale_churn<double>, arg("churn"), arg("periods"),
        "kam::rescale_churn: 1 - (1 - churn)^periods.");
  m.def("rescale_retention", &kam::rescale_retention<double>, arg("retention"), arg("periods"),
        "kam::rescale_retention: retention^periods.");
  m.def("share_of_wallet", &share_of_wallet, arg("revenue"), arg("wallet"),
        "kam::share_of_wallet: revenue / wallet per account.");
  m.def("wallet_allocation_share", &kam::wallet_allocation_share<double>, arg("rank"),
        arg("brands"), "kam::wallet_allocation_share: (1 - rank / (brands + 1)) 2 / brands.");
  m.def("wallet_allocation", &wallet_allocation, arg("scores"),
        "kam::wallet_allocation: customers x brands expected shares.");
}

}  // namespace kam_python
