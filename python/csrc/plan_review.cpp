// The review step of account plans: objectives (attainment, pace, status, roll-up), one KPI
// series (EWMA, changes, trend, forecast) and health over time (change, bands, transitions, why
// it changed, accounts at risk). The Python layer (src/kam/_plan.py) passes dates as days since
// 1970-01-01 and builds DataFrames from the dicts returned here.
#include <pybind11/eigen.h>

#include <chrono>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/health_history.hpp>
#include <kam/plan/kpi_series.hpp>
#include <kam/plan/objectives.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

/// Returns the day `days` after 1970-01-01.
std::chrono::sys_days day(std::int64_t days) {
  return std::chrono::sys_days{std::chrono::days{days}};
}

/// Returns the names of the enumerators of `v`.
template <typename E>
std::vector<std::string> names_of(const std::vector<E>& v) {
  std::vector<std::string> out;
  for (const auto e : v) out.emplace_back(kam::enum_name(e));
  return out;
}

// --- objectives ------------------------------------------------------------------------------

/// The objectives as columns; actuals per objective as (day, value) pairs.
struct objective_columns {
  std::vector<std::string> id, account;
  std::vector<double> start_value, target;
  std::vector<std::int64_t> start_day, due_day;
  std::vector<double> weight;
  std::vector<std::vector<std::pair<std::int64_t, double>>> actuals;
};

/// Returns the objectives of `c` (the Python layer gives columns of one length).
std::vector<kam::objective> make_objectives(const objective_columns& c) {
  std::vector<kam::objective> out(c.id.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& o = out[i];
    o = {c.id[i],
         c.account[i],
         c.start_value[i],
         c.target[i],
         day(c.start_day[i]),
         day(c.due_day[i]),
         c.weight[i],
         {}};
    for (const auto& [d, v] : c.actuals[i]) o.actuals.push_back({day(d), v});
  }
  return out;
}

/// Returns the review `r` and its roll-up `u` as a dict.
py::dict review_dict(kam::objective_review&& r, kam::objective_rollup&& u) {
  py::dict out;
  out["status"] = names_of(r.status);
  out["measured"] = r.measured;
  out["actual"] = to_numpy(std::move(r.actual));
  out["attainment"] = to_numpy(std::move(r.attainment));
  out["elapsed"] = to_numpy(std::move(r.elapsed));
  out["expected"] = to_numpy(std::move(r.expected));
  out["expected_value"] = to_numpy(std::move(r.expected_value));
  out["pace_gap"] = to_numpy(std::move(r.pace_gap));
  out["account"] = u.account;
  out["account_objectives"] = to_numpy(std::move(u.objectives));
  out["account_weight"] = to_numpy(std::move(u.weight));
  out["account_attainment"] = to_numpy(std::move(u.attainment));
  out["account_expected"] = to_numpy(std::move(u.expected));
  out["account_status"] = names_of(u.status);
  out["portfolio"] = py::make_tuple(u.portfolio_attainment, u.portfolio_expected,
                                    std::string(kam::enum_name(u.portfolio_status)));
  return out;
}

/// kam::review_objectives as of `as_of` and kam::roll_up of the review.
py::object review_objectives(const objective_columns& columns, std::int64_t as_of,
                             const std::string& curve, double on_track_from, double at_risk_from) {
  constexpr const char* fn = "kam::review_objectives";
  const kam::review_options o{enum_arg<kam::pace_curve>(curve, "curve", fn), on_track_from,
                              at_risk_from};
  const auto objectives = make_objectives(columns);
  auto [r, u] = without_gil([&] {
    auto review = kam::review_objectives(objectives, day(as_of), o);
    auto rollup = kam::roll_up(objectives, review);
    return std::pair{std::move(review), std::move(rollup)};
  });
  return review_dict(std::move(r), std::move(u));
}

// --- KPI series ------------------------------------------------------------------------------

/// kam::review_kpi of `values` on `days`, as of `as_of`, forecast at `due`.
py::object review_kpi(const std::vector<std::int64_t>& days,
                      const Eigen::Ref<const Eigen::VectorXd>& values, std::int64_t as_of,
                      std::int64_t due, double alpha, double level) {
  std::vector<std::chrono::sys_days> dates;
  dates.reserve(days.size());
  for (const auto d : days) dates.push_back(day(d));
  auto r = without_gil([&] {
    return kam::review_kpi(dates, values, day(as_of), day(due), {alpha, level});
  });
  const auto& t = r.trend;
  const auto& f = r.forecast;
  py::dict trend;
  trend["count"] = t.count;
  trend["slope"] = t.slope;
  trend["intercept"] = t.intercept;
  trend["slope_se"] = t.slope_se;
  trend["intercept_se"] = t.intercept_se;
  trend["residual_sd"] = t.residual_sd;
  trend["status"] = std::string(kam::enum_name(t.status));
  py::dict out;
  out["trend"] = trend;
  out["forecast"] = py::make_tuple(f.time, f.value, f.standard_error, f.low, f.high, f.level);
  out["ewma"] = to_numpy(std::move(r.ewma));
  out["change"] = to_numpy(std::move(r.change));
  out["relative_change"] = to_numpy(std::move(r.relative_change));
  return out;
}

// --- health ----------------------------------------------------------------------------------

/// kam::health_options in its member order.
using health_tuple = std::tuple<std::vector<double>, std::vector<std::string>, double, Eigen::Index,
                                double, double, double>;

kam::health_options health(const health_tuple& t) {
  const auto& [edges, names, dead_band, window, fall, churn_rise, tolerance] = t;
  return {edges, names, dead_band, window, fall, churn_rise, tolerance};
}

/// kam::track_health of the N x T scores.
py::object track_health(const Eigen::Ref<const Eigen::MatrixXd>& scores, const health_tuple& o) {
  const auto options = health(o);
  auto h = without_gil([&] { return kam::track_health(scores, options); });
  py::list transitions;
  for (auto& m : h.transitions) transitions.append(to_numpy(std::move(m)));
  py::dict out;
  out["transitions"] = transitions;
  out["change"] = to_numpy(std::move(h.change));
  out["direction"] = to_numpy(std::move(h.direction));
  out["band"] = to_numpy(std::move(h.band));
  out["rose"] = to_numpy(std::move(h.rose));
  out["flat"] = to_numpy(std::move(h.flat));
  out["fell"] = to_numpy(std::move(h.fell));
  out["band_changes"] = to_numpy(std::move(h.band_changes));
  return out;
}

/// kam::explain_health_change from date `from` to `to`, with every account's change in words.
py::object explain_change(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                          const std::vector<Eigen::MatrixXd>& contributions,
                          const std::vector<std::string>& criteria, Eigen::Index from,
                          Eigen::Index to, std::size_t top, const health_tuple& o) {
  const auto options = health(o);
  auto [c, words] = without_gil([&] {
    auto change = kam::explain_health_change(scores, contributions, criteria, from, to, options);
    std::vector<std::string> w(static_cast<std::size_t>(change.change.size()));
    for (std::size_t i = 0; i < w.size(); ++i) {
      w[i] = kam::health_change_words(change, static_cast<Eigen::Index>(i), top);
    }
    return std::pair{std::move(change), std::move(w)};
  });
  py::dict out;
  out["words"] = words;
  out["band_from"] = c.band_from;
  out["band_to"] = c.band_to;
  out["delta"] = to_numpy(std::move(c.delta));
  out["change"] = to_numpy(std::move(c.change));
  out["score_from"] = to_numpy(std::move(c.score_from));
  out["score_to"] = to_numpy(std::move(c.score_to));
  return out;
}

/// kam::find_at_risk (an N x 0 churn matrix: by health alone), with every entry's reason.
py::object find_at_risk(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                        const Eigen::Ref<const Eigen::VectorXd>& revenue,
                        const Eigen::Ref<const Eigen::MatrixXd>& churn, const health_tuple& o) {
  const auto options = health(o);
  auto [l, words] = without_gil([&] {
    auto list = kam::find_at_risk(scores, revenue, churn, options);
    std::vector<std::string> w(static_cast<std::size_t>(list.row.size()));
    for (std::size_t k = 0; k < w.size(); ++k) {
      w[k] = kam::at_risk_reason(list, static_cast<Eigen::Index>(k));
    }
    return std::pair{std::move(list), std::move(w)};
  });
  py::dict out;
  out["reason"] = words;
  out["from"] = l.from;
  out["to"] = l.to;
  out["band_from"] = l.band_from;
  out["band_to"] = l.band_to;
  out["reasons"] = l.reasons;
  out["revenue_at_stake"] = l.revenue_at_stake;
  out["row"] = to_numpy(std::move(l.row));
  out["revenue"] = to_numpy(std::move(l.revenue));
  out["health_from"] = to_numpy(std::move(l.health_from));
  out["health_to"] = to_numpy(std::move(l.health_to));
  out["churn_from"] = to_numpy(std::move(l.churn_from));
  out["churn_to"] = to_numpy(std::move(l.churn_to));
  return out;
}

}  // namespace

void bind_plan_review(py::module_& m) {
  using py::arg;
  py::class_<objective_columns>(m, "ObjectiveColumns", "Objectives as columns (opaque).")
      .def(py::init([](std::vector<std::string> id, std::vector<std::string> account,
                       std::vector<double> start, std::vector<double> target,
                       std::vector<std::int64_t> start_day, std::vector<std::int64_t> due_day,
                       std::vector<double> weight,
                       std::vector<std::vector<std::pair<std::int64_t, double>>> actuals) {
             return objective_columns{std::move(id),     std::move(account),   std::move(start),
                                      std::move(target), std::move(start_day), std::move(due_day),
                                      std::move(weight), std::move(actuals)};
           }),
           arg("id"), arg("account"), arg("start_value"), arg("target"), arg("start_day"),
           arg("due_day"), arg("weight"), arg("actuals"));
  m.def("review_objectives", &review_objectives, arg("objectives"), arg("as_of"), arg("curve"),
        arg("on_track_from"), arg("at_risk_from"),
        "kam::review_objectives and kam::roll_up; dates in days since 1970-01-01.");
  m.def("review_kpi", &review_kpi, arg("days"), arg("values"), arg("as_of"), arg("due"),
        arg("ewma_alpha"), arg("level"), "kam::review_kpi; dates in days since 1970-01-01.");
  m.def("track_health", &track_health, arg("scores"), arg("options"), "kam::track_health.");
  m.def("explain_health_change", &explain_change, arg("scores"), arg("contributions"),
        arg("criteria"), arg("start"), arg("end"), arg("top"), arg("options"),
        "kam::explain_health_change with kam::health_change_words of every account.");
  m.def("find_at_risk", &find_at_risk, arg("scores"), arg("revenue"), arg("churn"), arg("options"),
        "kam::find_at_risk with kam::at_risk_reason of every entry.");
}

}  // namespace kam_python
