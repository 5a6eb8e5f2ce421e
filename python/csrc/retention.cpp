// Retention models: the transaction summary, BG/NBD, Gamma-Gamma and their CLV forecast; Cox
// regression with its predictions, the log-rank test and Kaplan-Meier. The Python layer
// (src/kam/_retention.py) gives every vector one dtype per call (float32 or float64; group and
// stratum labels int64) and turns labels, DataFrames and Series into these arrays and back.
#include <cstdint>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/clv_forecast.hpp>
#include <kam/retention/cox.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/logrank.hpp>
#include <kam/retention/survival.hpp>
#include <kam/retention/transaction_summary.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

// --- the transaction summary -----------------------------------------------------------------

py::object summarize(const py::array_t<std::int64_t, py::array::c_style>& ids,
                     const py::array_t<double, py::array::c_style>& times,
                     const py::array_t<double, py::array::c_style>& amounts, double calibration_end,
                     double period, double unit, std::optional<double> holdout_end) {
  kam::transaction_summary_options o;
  o.period = period;
  o.unit = unit;
  o.holdout_end = holdout_end;
  const std::span<const std::int64_t> a(ids.data(), static_cast<std::size_t>(ids.size()));
  const std::span<const double> t(times.data(), static_cast<std::size_t>(times.size()));
  const std::span<const double> m(amounts.data(), static_cast<std::size_t>(amounts.size()));
  auto s = without_gil([&] { return kam::summarize_transactions(a, t, m, calibration_end, o); });
  py::dict out;
  out["id"] =
      py::array_t<std::int64_t>(static_cast<py::ssize_t>(s.account.size()), s.account.data());
  out["frequency"] = to_numpy(std::move(s.frequency));
  out["recency"] = to_numpy(std::move(s.recency));
  out["T"] = to_numpy(std::move(s.age));
  out["monetary_value"] = to_numpy(std::move(s.mean_spend));
  out["frequency_holdout"] = to_numpy(std::move(s.holdout_frequency));
  out["monetary_value_holdout"] = to_numpy(std::move(s.holdout_mean_spend));
  out["duration_holdout"] = s.holdout_duration;
  out["later_accounts"] = s.later_accounts;
  out["transactions"] = s.transactions;
  out["same_period_orders"] = s.same_period_orders;
  out["rows_after_end"] = s.rows_after_end;
  return out;
}

// --- BG/NBD, Gamma-Gamma, CLV ----------------------------------------------------------------

using bgnbd_tuple = std::tuple<double, double, double, double>;
using gamma_gamma_tuple = std::tuple<double, double, double>;

template <typename Scalar>
kam::bgnbd_params<Scalar> bgnbd_params(const bgnbd_tuple& p) {
  return {static_cast<Scalar>(std::get<0>(p)), static_cast<Scalar>(std::get<1>(p)),
          static_cast<Scalar>(std::get<2>(p)), static_cast<Scalar>(std::get<3>(p))};
}

template <typename Scalar>
kam::gamma_gamma_params<Scalar> gamma_gamma_params(const gamma_gamma_tuple& p) {
  return {static_cast<Scalar>(std::get<0>(p)), static_cast<Scalar>(std::get<1>(p)),
          static_cast<Scalar>(std::get<2>(p))};
}

py::object fit_bgnbd(const py::array& frequency, const py::array& recency, const py::array& age,
                     int max_iterations, double tolerance) {
  constexpr const char* fn = "kam::fit_bgnbd";
  const kam::bgnbd_options o{max_iterations, tolerance};
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto t = view<S>(age, fn, "age");
    const auto f = without_gil([&] { return kam::fit_bgnbd(x, t_x, t, o); });
    return fit_dict(f);
  });
}

/// The per-account BG/NBD functions: what = 0 p_alive, 1 conditional expected transactions over
/// t, 2 p_alive t ahead.
py::object bgnbd_per_account(int what, const bgnbd_tuple& params, double t,
                             const py::array& frequency, const py::array& recency,
                             const py::array& age) {
  const char* fn = what == 0   ? "kam::bgnbd_p_alive"
                   : what == 1 ? "kam::bgnbd_conditional_expected_transactions"
                               : "kam::bgnbd_p_alive_ahead";
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto p = bgnbd_params<S>(params);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto T = view<S>(age, fn, "age");
    return to_numpy(without_gil([&]() -> kam::vector_of<S> {
      if (what == 0) return kam::bgnbd_p_alive(p, x, t_x, T);
      if (what == 1) return kam::bgnbd_conditional_expected_transactions(p, S(t), x, t_x, T);
      return kam::bgnbd_p_alive_ahead(p, S(t), x, t_x, T);
    }));
  });
}

double bgnbd_expected(const bgnbd_tuple& params, double t) {
  return kam::bgnbd_expected_transactions(bgnbd_params<double>(params), t);
}

double bgnbd_log_likelihood(const bgnbd_tuple& params, const py::array& frequency,
                            const py::array& recency, const py::array& age) {
  constexpr const char* fn = "kam::bgnbd_log_likelihood";
  return by_dtype(frequency, fn, "frequency",
                  [&](auto zero) -> py::object {
                    using S = decltype(zero);
                    const auto x = view<S>(frequency, fn, "frequency");
                    const auto t_x = view<S>(recency, fn, "recency");
                    const auto T = view<S>(age, fn, "age");
                    return py::float_(static_cast<double>(without_gil([&] {
                      return kam::bgnbd_log_likelihood(bgnbd_params<S>(params), x, t_x, T);
                    })));
                  })
      .cast<double>();
}

py::object fit_gamma_gamma(const py::array& frequency, const py::array& spend, int max_iterations,
                           double tolerance, double correlation_warning) {
  constexpr const char* fn = "kam::fit_gamma_gamma";
  const kam::gamma_gamma_options o{max_iterations, tolerance, correlation_warning};
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto m = view<S>(spend, fn, "mean_spend");
    const auto f = without_gil([&] { return kam::fit_gamma_gamma(x, m, o); });
    return fit_dict(f);
  });
}

py::object gamma_gamma_expected_spend(const gamma_gamma_tuple& params, const py::array& frequency,
                                      const py::array& spend) {
  constexpr const char* fn = "kam::gamma_gamma_expected_spend";
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto m = view<S>(spend, fn, "mean_spend");
    return to_numpy(without_gil(
        [&] { return kam::gamma_gamma_expected_spend(gamma_gamma_params<S>(params), x, m); }));
  });
}

double gamma_gamma_mean(const gamma_gamma_tuple& params) {
  return kam::gamma_gamma_mean_spend(gamma_gamma_params<double>(params));
}

py::object clv(const bgnbd_tuple& transactions, const gamma_gamma_tuple& spend,
               const py::array& frequency, const py::array& recency, const py::array& age,
               const py::array& mean_spend, double model_unit_days, double period_days, int periods,
               double discount_rate, double margin) {
  constexpr const char* fn = "kam::clv_forecast";
  kam::clv_forecast_options o;
  o.model_unit_days = model_unit_days;
  o.period_days = period_days;
  o.periods = periods;
  o.discount_rate = discount_rate;
  o.margin = margin;
  return by_dtype(frequency, fn, "frequency", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto x = view<S>(frequency, fn, "frequency");
    const auto t_x = view<S>(recency, fn, "recency");
    const auto T = view<S>(age, fn, "age");
    const auto m = view<S>(mean_spend, fn, "mean_spend");
    auto r = without_gil([&] {
      return kam::clv_forecast(bgnbd_params<S>(transactions), gamma_gamma_params<S>(spend), x, t_x,
                               T, m, o);
    });
    py::dict out;
    out["value"] = to_numpy(std::move(r.value));
    out["expected_transactions"] = to_numpy(std::move(r.expected_transactions));
    out["expected_spend"] = to_numpy(std::move(r.expected_spend));
    out["total_value"] = static_cast<double>(r.total_value);
    return out;
  });
}

// --- Cox -------------------------------------------------------------------------------------

template <typename Scalar>
py::dict cox_dict(kam::cox_fit<Scalar>&& f) {
  py::dict out;
  out["coefficients"] = to_numpy(std::move(f.coefficients));
  out["std_error"] = to_numpy(std::move(f.std_error));
  out["z"] = to_numpy(std::move(f.z));
  out["p_value"] = to_numpy(std::move(f.p_value));
  out["lower"] = to_numpy(std::move(f.lower));
  out["upper"] = to_numpy(std::move(f.upper));
  out["hazard_ratio"] = to_numpy(std::move(f.hazard_ratio));
  out["covariance"] = to_numpy(std::move(f.covariance));
  out["log_likelihood"] = static_cast<double>(f.log_likelihood);
  out["log_likelihood_null"] = static_cast<double>(f.log_likelihood_null);
  out["lr_chi_square"] = static_cast<double>(f.lr_chi_square);
  out["lr_degrees_of_freedom"] = f.lr_degrees_of_freedom;
  out["lr_p_value"] = static_cast<double>(f.lr_p_value);
  out["concordance"] = static_cast<double>(f.concordance);
  out["status"] = status_name(f.status);
  out["converged"] = f.converged;
  out["iterations"] = f.iterations;
  out["accounts"] = f.accounts;
  out["events"] = static_cast<double>(f.events);
  out["strata"] = f.strata;
  out["means"] = to_numpy(std::move(f.means));
  out["scales"] = to_numpy(std::move(f.scales));
  out["baseline_stratum"] = to_numpy(std::move(f.baseline_stratum));
  out["baseline_time"] = to_numpy(std::move(f.baseline_time));
  out["baseline_cumulative_hazard"] = to_numpy(std::move(f.baseline_cumulative_hazard));
  return out;
}

py::object fit_cox(const py::array& times, const py::array& events, const py::array& covariates,
                   const std::optional<py::array>& weights, const std::optional<py::array>& strata,
                   const std::string& ties, bool standardize, int max_iterations, double tolerance,
                   double confidence) {
  const char* fn = strata ? "kam::fit_cox_stratified" : "kam::fit_cox";
  kam::cox_options o;
  o.ties = enum_arg<kam::cox_ties>(ties, "ties", fn);
  o.standardize = standardize;
  o.max_iterations = max_iterations;
  o.tolerance = tolerance;
  o.confidence = confidence;
  return with_matrix(covariates, fn, "covariates", [&](const auto& x) -> py::object {
    using S = typename std::remove_cvref_t<decltype(x)>::Scalar;
    const auto t = view<S>(times, fn, "times");
    const auto e = view<S>(events, fn, "events");
    if (strata) {
      const auto s = labels(*strata, fn, "strata");
      if (weights) {
        const auto w = view<S>(*weights, fn, "weights");
        return cox_dict(without_gil([&] { return kam::fit_cox_stratified(t, e, x, s, w, o); }));
      }
      return cox_dict(without_gil([&] { return kam::fit_cox_stratified(t, e, x, s, o); }));
    }
    if (weights) {
      const auto w = view<S>(*weights, fn, "weights");
      return cox_dict(without_gil([&] { return kam::fit_cox(t, e, x, w, o); }));
    }
    return cox_dict(without_gil([&] { return kam::fit_cox(t, e, x, o); }));
  });
}

template <typename Scalar>
kam::cox_fit<Scalar> cox_from(const py::dict& d) {
  kam::cox_fit<Scalar> f;
  const auto get = [&](const char* name, kam::vector_of<Scalar>& v) {
    const auto a = py::array_t<double, py::array::forcecast>::ensure(d[name]);
    if (!a || a.ndim() != 1) {
      throw kam::invalid_input({"kam::cox_fit", name}, "expected a 1-D array");
    }
    v.resize(a.shape(0));
    for (py::ssize_t i = 0; i < a.shape(0); ++i) v(i) = static_cast<Scalar>(a.at(i));
  };
  get("coefficients", f.coefficients);
  get("means", f.means);
  get("scales", f.scales);
  get("baseline_time", f.baseline_time);
  get("baseline_cumulative_hazard", f.baseline_cumulative_hazard);
  const auto s = py::array_t<std::int64_t, py::array::forcecast>::ensure(d["baseline_stratum"]);
  if (!s || s.ndim() != 1) {
    throw kam::invalid_input({"kam::cox_fit", "baseline_stratum"}, "expected a 1-D array");
  }
  f.baseline_stratum.resize(s.shape(0));
  for (py::ssize_t i = 0; i < s.shape(0); ++i) f.baseline_stratum(i) = s.at(i);
  f.strata = d["strata"].cast<Eigen::Index>();
  return f;
}

py::object cox_partial_hazard(const py::dict& model, const py::array& covariates) {
  constexpr const char* fn = "kam::cox_partial_hazard";
  return with_matrix(covariates, fn, "covariates", [&](const auto& x) -> py::object {
    using S = typename std::remove_cvref_t<decltype(x)>::Scalar;
    const auto f = cox_from<S>(model);
    return to_numpy(without_gil([&] { return kam::cox_partial_hazard(f, x); }));
  });
}

py::object cox_survival(const py::dict& model, const py::array& covariates, const py::array& times,
                        const std::optional<py::array>& strata) {
  constexpr const char* fn = "kam::cox_survival";
  return with_matrix(covariates, fn, "covariates", [&](const auto& x) -> py::object {
    using S = typename std::remove_cvref_t<decltype(x)>::Scalar;
    const auto f = cox_from<S>(model);
    const auto t = view<S>(times, fn, "times");
    if (strata) {
      const auto s = labels(*strata, fn, "strata");
      return to_numpy(without_gil([&] { return kam::cox_survival(f, x, s, t); }));
    }
    return to_numpy(without_gil([&] { return kam::cox_survival(f, x, t); }));
  });
}

// --- log-rank, Kaplan-Meier ------------------------------------------------------------------

py::object logrank(const py::array& times, const py::array& events, const py::array& groups,
                   const std::string& weighting, double rho) {
  constexpr const char* fn = "kam::logrank_test";
  kam::logrank_options o;
  o.weighting = enum_arg<kam::logrank_weighting>(weighting, "weighting", fn);
  o.fleming_harrington_rho = rho;
  return by_dtype(times, fn, "times", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto t = view<S>(times, fn, "times");
    const auto e = view<S>(events, fn, "events");
    const auto g = labels(groups, fn, "groups");
    auto r = without_gil([&] { return kam::logrank_test(t, e, g, o); });
    py::dict out;
    out["groups"] = to_numpy(std::move(r.groups));
    out["accounts"] = to_numpy(std::move(r.accounts));
    out["observed"] = to_numpy(std::move(r.observed));
    out["expected"] = to_numpy(std::move(r.expected));
    out["chi_square"] = static_cast<double>(r.chi_square);
    out["degrees_of_freedom"] = r.degrees_of_freedom;
    out["p_value"] = static_cast<double>(r.p_value);
    return out;
  });
}

py::object km(const py::array& times, const py::array& events,
              const std::optional<py::array>& weights, double confidence) {
  constexpr const char* fn = "kam::kaplan_meier";
  return by_dtype(times, fn, "times", [&](auto zero) -> py::object {
    using S = decltype(zero);
    const auto t = view<S>(times, fn, "times");
    const auto e = view<S>(events, fn, "events");
    kam::kaplan_meier_options<S> o;
    o.confidence = static_cast<S>(confidence);
    // The weights' view is made with the GIL held (reading a numpy array's dtype is Python).
    const std::optional<vector_view<S>> w =
        weights ? std::optional<vector_view<S>>(view<S>(*weights, fn, "weights")) : std::nullopt;
    auto r = without_gil([&] {
      if (w) return kam::kaplan_meier(t, e, *w, o);
      return kam::kaplan_meier(t, e, o);
    });
    py::dict out;
    out["time"] = to_numpy(std::move(r.time));
    out["at_risk"] = to_numpy(std::move(r.at_risk));
    out["events"] = to_numpy(std::move(r.events));
    out["survival"] = to_numpy(std::move(r.survival));
    out["std_error"] = to_numpy(std::move(r.std_error));
    out["lower"] = to_numpy(std::move(r.lower));
    out["upper"] = to_numpy(std::move(r.upper));
    out["median"] = optional_float(r.median);
    out["confidence"] = static_cast<double>(r.confidence);
    out["total"] = static_cast<double>(r.total);
    out["total_events"] = static_cast<double>(r.total_events);
    return out;
  });
}

}  // namespace

void bind_retention(py::module_& m) {
  using py::arg;
  m.def("summarize_transactions", &summarize, arg("ids"), arg("times"), arg("amounts"),
        arg("calibration_end"), arg("period"), arg("unit"), arg("holdout_end"),
        "kam::summarize_transactions: per account frequency, recency, T, monetary_value (and the "
        "holdout columns), accounts ascending.");
  m.def("fit_bgnbd", &fit_bgnbd, arg("frequency"), arg("recency"), arg("age"),
        arg("max_iterations"), arg("tolerance"), "kam::fit_bgnbd: BG/NBD maximum likelihood.");
  m.def("bgnbd_per_account", &bgnbd_per_account, arg("what"), arg("params"), arg("t"),
        arg("frequency"), arg("recency"), arg("age"),
        "what = 0: kam::bgnbd_p_alive; 1: kam::bgnbd_conditional_expected_transactions over t; "
        "2: kam::bgnbd_p_alive_ahead by t.");
  m.def("bgnbd_expected_transactions", &bgnbd_expected, arg("params"), arg("t"),
        "kam::bgnbd_expected_transactions: E[X(t)] of a new account.");
  m.def("bgnbd_log_likelihood", &bgnbd_log_likelihood, arg("params"), arg("frequency"),
        arg("recency"), arg("age"), "kam::bgnbd_log_likelihood at params.");
  m.def("fit_gamma_gamma", &fit_gamma_gamma, arg("frequency"), arg("mean_spend"),
        arg("max_iterations"), arg("tolerance"), arg("correlation_warning"),
        "kam::fit_gamma_gamma: Gamma-Gamma spend model, maximum likelihood.");
  m.def("gamma_gamma_expected_spend", &gamma_gamma_expected_spend, arg("params"), arg("frequency"),
        arg("mean_spend"), "kam::gamma_gamma_expected_spend per account.");
  m.def("gamma_gamma_mean_spend", &gamma_gamma_mean, arg("params"),
        "kam::gamma_gamma_mean_spend: p gamma / (q - 1).");
  m.def("clv_forecast", &clv, arg("transactions"), arg("spend"), arg("frequency"), arg("recency"),
        arg("age"), arg("mean_spend"), arg("model_unit_days"), arg("period_days"), arg("periods"),
        arg("discount_rate"), arg("margin"), "kam::clv_forecast with BG/NBD and Gamma-Gamma.");
  m.def("fit_cox", &fit_cox, arg("times"), arg("events"), arg("covariates"), arg("weights"),
        arg("strata"), arg("ties"), arg("standardize"), arg("max_iterations"), arg("tolerance"),
        arg("confidence"), "kam::fit_cox / kam::fit_cox_stratified; returns the fit as a dict.");
  m.def("cox_partial_hazard", &cox_partial_hazard, arg("model"), arg("covariates"),
        "kam::cox_partial_hazard of the rows under the fit dict `model`.");
  m.def("cox_survival", &cox_survival, arg("model"), arg("covariates"), arg("times"), arg("strata"),
        "kam::cox_survival: accounts x times.");
  m.def("logrank_test", &logrank, arg("times"), arg("events"), arg("groups"), arg("weighting"),
        arg("rho"), "kam::logrank_test over int64 group labels.");
  m.def("kaplan_meier", &km, arg("times"), arg("events"), arg("weights"), arg("confidence"),
        "kam::kaplan_meier, optionally weighted.");
}

}  // namespace kam_python
