// The review step of account plans: objectives (attainment, pace, status, roll-up, and the
// one-objective helpers expected_progress and status_of), one KPI series (EWMA, changes, trend,
// forecast; a trend of any points and its forecast), health over time (change, bands, transitions,
// why it changed, accounts at risk, the band of a score) and the programme's self-assessment. The
// Python layer (src/kam/_plan.py) passes dates as days since 1970-01-01 and builds DataFrames from
// the dicts returned here.
#include <pybind11/eigen.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/health_history.hpp>
#include <kam/plan/kpi_series.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <kam/plan/objectives.hpp>
#include <kam/plan/self_assessment.hpp>
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

/// Throws kam::non_finite_value naming `fn`, `field` and the row of the first NaN in `v`.
void reject_nan(const Eigen::Ref<const Eigen::VectorXd>& v, const char* fn, const char* field) {
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (std::isnan(v(i))) throw kam::non_finite_value({fn, field, i}, "the value is NaN");
  }
}

/// kam::expected_progress of every element of `elapsed` under `curve`.
py::array expected_progress(const Eigen::Ref<const Eigen::VectorXd>& elapsed,
                            const std::string& curve) {
  constexpr const char* fn = "kam::expected_progress";
  const auto c = enum_arg<kam::pace_curve>(curve, "curve", fn);
  reject_nan(elapsed, fn, "elapsed");
  return to_numpy(without_gil([&] {
    Eigen::VectorXd out(elapsed.size());
    for (Eigen::Index i = 0; i < out.size(); ++i) out(i) = kam::expected_progress(elapsed(i), c);
    return out;
  }));
}

/// kam::status_of of every (attainment, expected) pair, after validate(review_options).
std::vector<std::string> status_of(const Eigen::Ref<const Eigen::VectorXd>& attainment,
                                   const Eigen::Ref<const Eigen::VectorXd>& expected,
                                   double on_track_from, double at_risk_from) {
  constexpr const char* fn = "kam::status_of";
  const kam::review_options o{kam::pace_curve::linear, on_track_from, at_risk_from};
  kam::validate(o);
  if (expected.size() != attainment.size()) {
    throw kam::shape_mismatch(
        {fn, "expected"},
        kam::detail::cat({expected.size(), " values for ", attainment.size(), " attainments"}));
  }
  reject_nan(attainment, fn, "attainment");
  reject_nan(expected, fn, "expected");
  const auto status = without_gil([&] {
    std::vector<kam::objective_status> s(static_cast<std::size_t>(attainment.size()));
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      s[i] = kam::status_of(attainment(k), expected(k), o);
    }
    return s;
  });
  return names_of(status);
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

/// kam::trend_fit in its member order, the status by name.
using trend_tuple =
    std::tuple<Eigen::Index, double, double, double, double, double, double, double, std::string>;

/// kam::trend_sums in its member order.
using sums_tuple = std::tuple<Eigen::Index, double, double, double, double, double>;

/// kam::trend_fit's members of the builder `b`'s fit, and its sums as "sums" (a sums_tuple).
py::dict trend_dict(const kam::trend_builder& b) {
  py::dict out;
  add_members(out, b.fit());
  const kam::trend_sums s = b.sums();
  out["sums"] = sums_tuple{s.count, s.mean_time, s.mean_value, s.time_ss, s.value_ss, s.cross};
  return out;
}

/// The least-squares line of the points (times[i], values[i]), added in order to a
/// kam::trend_builder, as a dict of kam::trend_fit's members.
py::dict fit_trend(const Eigen::Ref<const Eigen::VectorXd>& times,
                   const Eigen::Ref<const Eigen::VectorXd>& values) {
  if (values.size() != times.size()) {
    throw kam::shape_mismatch(
        {"kam.fit_trend", "values"},
        kam::detail::cat({values.size(), " values for ", times.size(), " times"}));
  }
  const auto b = without_gil([&] {
    kam::trend_builder out;
    for (Eigen::Index i = 0; i < times.size(); ++i) out.add(times(i), values(i));
    return out;
  });
  return trend_dict(b);
}

/// The fit of the builders whose sums are `parts` (kam::trend_builder::from_sums of each,
/// merged left to right), as fit_trend returns it.
py::dict merge_trends(const std::vector<sums_tuple>& parts) {
  kam::trend_builder b;
  for (const auto& [count, mean_time, mean_value, time_ss, value_ss, cross] : parts)
    b.merge(
        kam::trend_builder::from_sums({count, mean_time, mean_value, time_ss, value_ss, cross}));
  return trend_dict(b);
}

/// kam::forecast of the fit `t` at `time`, as a dict of kam::trend_forecast's members.
py::dict forecast(const trend_tuple& t, double time, double level) {
  const auto& [count, slope, intercept, slope_se, intercept_se, residual_sd, mean_time, time_ss,
               status] = t;
  const kam::trend_fit fit{
      count,     slope,        intercept,
      slope_se,  intercept_se, residual_sd,
      mean_time, time_ss,      enum_arg<kam::trend_status>(status, "status", "kam::forecast")};
  py::dict out;
  add_members(out, kam::forecast(fit, time, level));
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

/// kam::health_band of every score, after validate(health_options).
py::array health_band(const Eigen::Ref<const Eigen::VectorXd>& scores, const health_tuple& o) {
  const auto options = health(o);
  kam::validate(options);
  reject_nan(scores, "kam::health_band", "score");
  return to_numpy(without_gil([&] {
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1> out(scores.size());
    for (Eigen::Index i = 0; i < out.size(); ++i) out(i) = kam::health_band(scores(i), options);
    return out;
  }));
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

// --- self-assessment -------------------------------------------------------------------------

/// kam::assess_programme of the R x 8 level indices, with kam::assessment_gaps in words.
py::object assess_programme(const Eigen::Ref<const Eigen::MatrixXd>& answers,
                            std::vector<std::string> levels,
                            const std::array<double, kam::kam_practice_count>& weights,
                            double weak_below) {
  const kam::assessment_config config{std::move(levels), weights, weak_below};
  auto [r, gaps] = without_gil([&] {
    auto result = kam::assess_programme(answers, config);
    auto words = kam::assessment_gaps(result);
    return std::pair{std::move(result), std::move(words)};
  });
  py::dict out;
  out["level"] = r.level;
  out["maturity"] = r.maturity;
  out["coverage"] = r.coverage;
  out["maturity_level"] = r.maturity_level;
  out["weakest"] = names_of(r.weakest);
  out["weak"] = names_of(r.weak);
  out["unanswered"] = names_of(r.unanswered);
  out["gaps"] = gaps;
  out["score"] = to_numpy(std::move(r.score));
  out["mean_level"] = to_numpy(std::move(r.mean_level));
  out["answered"] = to_numpy(std::move(r.answered));
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
  m.def("fit_trend", &fit_trend, arg("times"), arg("values"),
        "kam::trend_builder over the points, fitted (kam::trend_fit).");
  m.def("merge_trends", &merge_trends, arg("parts"),
        "kam::trend_builder::from_sums of each part, merged in order, fitted (as fit_trend).");
  m.def("forecast", &forecast, arg("fit"), arg("time"), arg("level"),
        "kam::forecast of a kam::trend_fit given as a tuple in its member order.");
  m.def("expected_progress", &expected_progress, arg("elapsed"), arg("curve"),
        "kam::expected_progress of every element.");
  m.def("status_of", &status_of, arg("attainment"), arg("expected"), arg("on_track_from"),
        arg("at_risk_from"), "kam::status_of of every pair, thresholds validated.");
  m.def("health_band", &health_band, arg("scores"), arg("options"),
        "kam::health_band of every score, options validated.");
  m.def("assess_programme", &assess_programme, arg("answers"), arg("levels"), arg("weights"),
        arg("weak_below"), "kam::assess_programme with kam::assessment_gaps.");
  m.def(
      "practice_text",
      [](const std::string& p) {
        return std::string(
            kam::practice_text(enum_arg<kam::kam_practice>(p, "practice", "kam::practice_text")));
      },
      arg("practice"), "kam::practice_text: the deck's wording of a practice.");
}

}  // namespace kam_python
