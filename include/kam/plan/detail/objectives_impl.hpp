// Not API. Definitions of kam/plan/objectives.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/objectives.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kam {

KAM_INLINE double expected_progress(double elapsed, pace_curve curve) {
  if (std::isnan(elapsed)) {  // std::clamp passes NaN through: NaN would be the expected share
    throw non_finite_value({"kam::expected_progress", "elapsed"}, "elapsed is NaN");
  }
  const double f = std::clamp(elapsed, 0.0, 1.0);
  switch (curve) {
    case pace_curve::linear:
      return f;
    case pace_curve::back_loaded:
      return f * f;
    case pace_curve::front_loaded:
      return 1 - (1 - f) * (1 - f);
  }
  throw invalid_input({"kam::expected_progress", "curve"},
                      detail::cat({"value ", static_cast<int>(curve), " is not a pace_curve"}));
}

namespace detail {

/// Returns the status of status_of for checked options and values (the reviews' loops).
KAM_INLINE objective_status status_unchecked(double attainment, double expected,
                                             const review_options& options) {
  if (attainment >= options.on_track_from * expected) return objective_status::on_track;
  if (attainment >= options.at_risk_from * expected) return objective_status::at_risk;
  return objective_status::off_track;
}

KAM_INLINE void check_review_options(const review_options& o, const char* fn);

}  // namespace detail

KAM_INLINE objective_status status_of(double attainment, double expected,
                                      const review_options& options) {
  constexpr const char* fn = "kam::status_of";
  // NaN compares false with every threshold: it would be off track without a word.
  if (!std::isfinite(attainment)) {
    throw non_finite_value({fn, "attainment"}, detail::cat({"attainment is ", attainment}));
  }
  if (!std::isfinite(expected)) {
    throw non_finite_value({fn, "expected"}, detail::cat({"expected is ", expected}));
  }
  detail::check_review_options(options, fn);
  return detail::status_unchecked(attainment, expected, options);
}

namespace detail {

KAM_INLINE void check_review_options(const review_options& o, const char* fn) {
  if (!is_enumerator(o.curve)) {
    throw invalid_input({fn, "curve"},
                        cat({"value ", static_cast<int>(o.curve), " is not a pace_curve"}));
  }
  if (!std::isfinite(o.on_track_from)) {
    throw non_finite_value({fn, "on_track_from"}, "the threshold must be finite");
  }
  if (!std::isfinite(o.at_risk_from)) {
    throw non_finite_value({fn, "at_risk_from"}, "the threshold must be finite");
  }
  if (!(0 <= o.at_risk_from && o.at_risk_from <= o.on_track_from)) {
    throw invalid_input({fn, "at_risk_from"},
                        cat({"thresholds at_risk_from ", o.at_risk_from, " and on_track_from ",
                             o.on_track_from, " must satisfy 0 <= at_risk_from <= on_track_from"}));
  }
}

/// Throws unless `v` is finite.
KAM_INLINE void check_finite_field(double v, const char* field, std::ptrdiff_t row,
                                   const char* fn) {
  if (!std::isfinite(v)) {
    throw non_finite_value({fn, field, row}, cat({"value ", v, " is not finite"}));
  }
}

/// Checks one objective's own fields (not its actuals).
KAM_INLINE void check_objective(const objective& o, std::ptrdiff_t row, const char* fn) {
  if (o.id.empty()) throw invalid_input({fn, "id", row}, "the objective id is empty");
  if (o.account.empty()) throw invalid_input({fn, "account", row}, "the account id is empty");
  check_finite_field(o.start_value, "start_value", row, fn);
  check_finite_field(o.target, "target", row, fn);
  check_finite_field(o.weight, "weight", row, fn);
  if (o.target == o.start_value) {
    throw invalid_input({fn, "target", row},
                        cat({"the target equals the start value ", o.start_value,
                             ": there is no way to measure attainment along"}));
  }
  if (o.due_date <= o.start_date) {
    throw invalid_input({fn, "due_date", row},
                        cat({"the due date ", format_date(o.due_date),
                             " is not after the start date ", format_date(o.start_date)}));
  }
  if (o.weight <= 0) {
    throw out_of_bounds({fn, "weight", row}, cat({"weight ", o.weight, " must be positive"}));
  }
}

/// Returns the position of the latest actual of `o` after checking every actual against the
/// start date and `as_of`; nullopt when there is none.
KAM_INLINE std::optional<std::size_t> latest_actual(const objective& o, std::chrono::sys_days as_of,
                                                    std::ptrdiff_t row, const char* fn) {
  std::optional<std::size_t> latest;
  for (std::size_t k = 0; k < o.actuals.size(); ++k) {
    const dated_value& a = o.actuals[k];
    const error_site site{fn, "actuals", row, static_cast<std::ptrdiff_t>(k)};
    if (!std::isfinite(a.value)) {
      throw non_finite_value(site, cat({"value ", a.value, " is not finite"}));
    }
    if (a.date > as_of) {
      throw out_of_bounds(site, cat({"the actual is dated ", format_date(a.date),
                                     ", after the as-of date ", format_date(as_of)}));
    }
    if (a.date < o.start_date) {
      throw invalid_input(site,
                          cat({"the actual is dated ", format_date(a.date),
                               ", before the objective's start date ", format_date(o.start_date)}));
    }
    if (!latest || a.date > o.actuals[*latest].date) latest = k;
  }
  if (o.actuals.size() > 1) {
    std::vector<std::chrono::sys_days> dates;
    dates.reserve(o.actuals.size());
    for (const dated_value& a : o.actuals) dates.push_back(a.date);
    std::sort(dates.begin(), dates.end());
    const auto twice = std::adjacent_find(dates.begin(), dates.end());
    if (twice != dates.end()) {
      throw invalid_input({fn, "actuals", row},
                          cat({"two actuals are dated ", format_date(*twice)}));
    }
  }
  return latest;
}

/// Throws unless the ids of `objectives` are unique.
KAM_INLINE void check_objective_ids(const std::vector<objective>& objectives, const char* fn) {
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(objectives.size());
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    const auto [at, fresh] = seen.emplace(objectives[i].id, i);
    if (!fresh) {
      throw duplicate_name({fn, "id", static_cast<std::ptrdiff_t>(i)},
                           cat({"objective '", objectives[i].id, "' is also row ", at->second}));
    }
  }
}

}  // namespace detail

KAM_INLINE objective_review review_objectives(const std::vector<objective>& objectives,
                                              std::chrono::sys_days as_of,
                                              const review_options& options) {
  constexpr const char* fn = "kam::review_objectives";
  detail::check_review_options(options, fn);
  if (objectives.empty()) throw empty_input({fn, "objectives"}, "no objectives to review");
  const auto n = static_cast<Eigen::Index>(objectives.size());
  objective_review r;
  for (Eigen::VectorXd* v :
       {&r.actual, &r.attainment, &r.elapsed, &r.expected, &r.expected_value, &r.pace_gap}) {
    v->resize(n);
  }
  r.status.resize(objectives.size());
  r.measured.resize(objectives.size());
  r.options = options;
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    detail::check_objective(objectives[i], static_cast<std::ptrdiff_t>(i), fn);
  }
  detail::check_objective_ids(objectives, fn);
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    const objective& o = objectives[i];
    const auto row = static_cast<std::ptrdiff_t>(i);
    const auto latest = detail::latest_actual(o, as_of, row, fn);
    const double actual = latest ? o.actuals[*latest].value : o.start_value;
    const double span = static_cast<double>(days_between(o.start_date, o.due_date));
    const double elapsed =
        std::clamp(static_cast<double>(days_between(o.start_date, as_of)) / span, 0.0, 1.0);
    const double attainment = (actual - o.start_value) / (o.target - o.start_value);
    const double expected = expected_progress(elapsed, options.curve);
    r.actual(row) = actual;
    r.attainment(row) = attainment;
    r.elapsed(row) = elapsed;
    r.expected(row) = expected;
    r.expected_value(row) = o.start_value + (o.target - o.start_value) * expected;
    r.pace_gap(row) = attainment - expected;
    if (!(std::isfinite(attainment) && std::isfinite(r.expected_value(row)) &&
          std::isfinite(r.pace_gap(row)))) {
      // The KPI's distances (actual - start, target - start) or their ratio exceed double.
      throw out_of_bounds(
          {fn, std::isfinite(o.target - o.start_value) ? "actuals" : "target", row},
          detail::cat({"the attainment (", actual, " - ", o.start_value, ") / (", o.target, " - ",
                       o.start_value, ") exceeds the range of ", "double; rescale the KPI"}));
    }
    r.status[i] = detail::status_unchecked(attainment, expected, options);
    r.measured[i] = latest ? 1 : 0;
    ++r.status_counts[static_cast<std::size_t>(r.status[i])];
  }
  return r;
}

KAM_INLINE objective_rollup roll_up(const std::vector<objective>& objectives,
                                    const objective_review& review) {
  constexpr const char* fn = "kam::roll_up";
  const auto n = static_cast<Eigen::Index>(objectives.size());
  if (review.attainment.size() != n || review.expected.size() != n) {
    throw shape_mismatch({fn, "review"}, detail::cat({"a review of ", review.attainment.size(),
                                                      " objectives for ", n, " objectives"}));
  }
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<std::size_t> of(objectives.size());
  objective_rollup r;
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    const auto [at, fresh] = index.emplace(objectives[i].account, r.account.size());
    if (fresh) r.account.push_back(objectives[i].account);
    of[i] = at->second;
  }
  const auto m = static_cast<Eigen::Index>(r.account.size());
  r.objectives = index_vector::Zero(m);
  r.weight = Eigen::VectorXd::Zero(m);
  r.attainment = Eigen::VectorXd::Zero(m);
  r.expected = Eigen::VectorXd::Zero(m);
  double total = 0;
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    const auto a = static_cast<Eigen::Index>(of[i]);
    const auto e = static_cast<Eigen::Index>(i);
    const double w = objectives[i].weight;
    if (!(std::isfinite(w) && w > 0)) {
      throw out_of_bounds({fn, "weight", e}, detail::cat({"weight ", w, " must be positive"}));
    }
    r.objectives(a) += 1;
    r.weight(a) += w;
    r.attainment(a) += w * review.attainment(e);
    r.expected(a) += w * review.expected(e);
    r.portfolio_attainment += w * review.attainment(e);
    r.portfolio_expected += w * review.expected(e);
    total += w;
  }
  r.status.resize(r.account.size());
  for (Eigen::Index a = 0; a < m; ++a) {
    r.attainment(a) /= r.weight(a);
    r.expected(a) /= r.weight(a);
    r.status[static_cast<std::size_t>(a)] =
        detail::status_unchecked(r.attainment(a), r.expected(a), review.options);
  }
  if (total > 0) {
    r.portfolio_attainment /= total;
    r.portfolio_expected /= total;
  }
  // Weights near the limit of double, or attainments near it times their weights, overflow.
  if (!(std::isfinite(total) && std::isfinite(r.portfolio_attainment) &&
        std::isfinite(r.portfolio_expected) && r.weight.allFinite() && r.attainment.allFinite() &&
        r.expected.allFinite())) {
    throw out_of_bounds({fn, "weight"},
                        "the weighted sums of the roll-up exceed the range of "
                        "double; rescale the weights");
  }
  r.portfolio_status =
      detail::status_unchecked(r.portfolio_attainment, r.portfolio_expected, review.options);
  return r;
}

KAM_INLINE void validate(const review_options& options) {
  detail::check_review_options(options, "kam::validate");
}

}  // namespace kam
