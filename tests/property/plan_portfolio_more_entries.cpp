// Property entry points of the plan and portfolio areas beyond the first file: plan scores,
// whitespace, KPI trends and series, objectives, health history, the self-assessment, Kraljic,
// supplier preferencing, the combined position, purchasing maturity and the account focus.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <kam/plan/account_plan.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/health_history.hpp>
#include <kam/plan/kpi_series.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <kam/plan/objectives.hpp>
#include <kam/plan/plan_scores.hpp>
#include <kam/plan/self_assessment.hpp>
#include <kam/plan/whitespace.hpp>
#include <kam/portfolio/focus.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <kam/portfolio/maturity.hpp>
#include <kam/portfolio/position.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <limits>
#include <string>
#include <vector>

#include "property.hpp"

namespace {

using kam_property::draw;
using kam_property::finite;
using kam_property::holdings_of;
using kam_property::labels_of;
using kam_property::maybe_off;
using std::chrono::days;
using std::chrono::sys_days;

/// Returns a small size for the plan area: mostly 1 to 12, sometimes 0 or 40.
Eigen::Index small(draw& d) {
  if (d.chance(0.05)) return 40;
  if (d.chance(0.1)) return 0;
  return d.between(1, 12);
}

/// Returns the as-of date: an ordinary day in 2026, or in adversarial cases a far one.
sys_days as_of_of(draw& d) {
  if (d.adversarial() && d.chance(0.1)) {
    const std::int64_t far[] = {0, -(std::int64_t{1} << 40), std::int64_t{1} << 40,
                                std::numeric_limits<std::int32_t>::min(),
                                std::numeric_limits<std::int32_t>::max()};
    return sys_days{days{far[d.between(0, 4)]}};
  }
  return sys_days{days{20'400 + d.between(0, 365)}};
}

/// Returns a value in [lo, hi] or, in adversarial cases, sometimes NaN, infinite or huge.
double rating(draw& d, double lo, double hi) { return d.value_in(lo, hi); }

/// Returns an n x k matrix of ratings in [lo, hi] (adversarially special values).
Eigen::MatrixXd ratings(draw& d, Eigen::Index n, Eigen::Index k, double lo, double hi) {
  Eigen::MatrixXd m(n, k);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = 0; i < n; ++i) m(i, j) = rating(d, lo, hi);
  return m;
}

// --- plan ---------------------------------------------------------------------------------

const kam_property::registrar plans_entry("score_plans", [](draw& d) {
  const Eigen::Index n = small(d);
  const sys_days as_of = as_of_of(d);
  const auto today = static_cast<std::int64_t>(as_of.time_since_epoch().count());
  const bool odd = d.adversarial();
  kam::plan_table t;
  const auto sections = static_cast<Eigen::Index>(kam::plan_section_count);
  for (Eigen::Index i = 0; i < maybe_off(d, n); ++i)
    t.account.push_back(odd && d.chance(0.05) ? std::string(d.chance(0.5) ? "" : "a0")
                                              : kam_property::numbered("a", i));
  for (Eigen::Index s = 0; s < maybe_off(d, n * sections); ++s) {
    t.section_flags.push_back(
        static_cast<std::uint8_t>(odd && d.chance(0.05) ? d.between(4, 255) : d.between(0, 3)));
    std::int64_t day = today - d.between(0, 400);
    if (d.chance(0.1)) day = kam::plan_table::no_date;
    if (odd && d.chance(0.05)) day = today + d.between(1, 10);  // in the future
    if (day < std::numeric_limits<std::int32_t>::min() + 1 ||
        day > std::numeric_limits<std::int32_t>::max())
      day = kam::plan_table::no_date;
    t.section_updated.push_back(static_cast<std::int32_t>(day));
  }
  for (Eigen::Index i = 0; i < maybe_off(d, n); ++i) {
    t.customer_roles.push_back(
        static_cast<std::uint8_t>(odd && d.chance(0.05) ? 255 : d.between(0, 63)));
    t.team_roles.push_back(
        static_cast<std::uint8_t>(odd && d.chance(0.05) ? 128 : d.between(0, 63)));
    t.objectives.push_back(static_cast<std::int32_t>(odd && d.chance(0.05) ? -1 : d.between(0, 3)));
    t.step.push_back(static_cast<kam::process_step>(odd && d.chance(0.05) ? 9 : d.between(0, 3)));
  }
  kam::plan_config c;
  if (odd && d.chance(0.3)) {
    c.section_weights[static_cast<std::size_t>(d.between(0, 7))] = d.value();
    c.objectives_weight = d.value_in(0, 1);
    c.review_interval_days = static_cast<std::int32_t>(d.between(-1, 400));
  }
  const auto r = kam::score_plans(t, as_of, c);
  if (r.completeness.size() != t.size() || r.freshness.size() != t.size()) return false;
  for (Eigen::Index i = 0; i < t.size(); ++i) (void)kam::plan_gaps(r, i);
  return finite(r.completeness) && finite(r.freshness) && (r.completeness.array() >= 0).all() &&
         (r.completeness.array() <= 1).all();
});

kam::whitespace_options whitespace_options_of(draw& d) {
  kam::whitespace_options o;
  o.smoothing = d.chance(0.8) ? d.value_in(0, 5) : d.value();
  if (d.chance(0.2)) o.groups = d.chance(0.5) ? d.between(0, 5) : d.count();
  return o;
}

/// Checks the whitespace result against its inputs and calls best_openings and
/// cell_propensity on it.
bool whitespace_ok(const kam::whitespace_result& r, const kam::holdings_table& h,
                   const kam::index_vector& g, draw& d) {
  const Eigen::Index n = h.account_count();
  if (r.open.size() != n || r.expected_expansion.size() != n ||
      r.offering_value.size() != h.offering_count())
    return false;
  // NaN in group_propensity marks a group without an open cell for the offering (documented).
  const bool ok = finite(r.account_penetration) && finite(r.offering_penetration) &&
                  finite(r.offering_value) && finite(r.open_value) &&
                  finite(r.expected_expansion) && !(r.group_propensity.array().isInf().any());
  for (Eigen::Index i = 0; i < n; ++i)
    (void)kam::best_openings(r, h, g, i, static_cast<std::size_t>(d.between(0, 4)));
  const Eigen::MatrixXd p = kam::cell_propensity(r, h, g);
  return ok && !p.array().isInf().any();
}

const kam_property::registrar ws_price_entry("whitespace_by_price", [](draw& d) {
  const Eigen::Index n = small(d), m = d.between(0, 6), g = d.between(1, 4);
  const kam::holdings_table h = holdings_of(d, n, m);
  const kam::index_vector labels = labels_of(d, n, g);
  const Eigen::VectorXd price = d.vector_in(maybe_off(d, m), 0, 1e4);
  const auto r = kam::whitespace_by_price(h, labels, price, whitespace_options_of(d));
  return whitespace_ok(r, h, labels, d);
});

const kam_property::registrar ws_revenue_entry("whitespace_by_peer_revenue", [](draw& d) {
  const Eigen::Index n = small(d), m = d.between(0, 6), g = d.between(1, 4);
  const kam::holdings_table h = holdings_of(d, n, m);
  const kam::index_vector labels = labels_of(d, n, g);
  Eigen::MatrixXd revenue(maybe_off(d, n), m);
  for (Eigen::Index j = 0; j < m; ++j)
    for (Eigen::Index i = 0; i < revenue.rows(); ++i) revenue(i, j) = d.value_in(0, 1e5);
  const auto r = kam::whitespace_by_peer_revenue(h, labels, revenue, whitespace_options_of(d));
  return whitespace_ok(r, h, labels, d);
});

const kam_property::registrar trend_entry("trend_builder", [](draw& d) {
  // Two builders merged must fit like one; a forecast of an ok fit is finite.
  kam::trend_builder a, b;
  const Eigen::Index n = small(d);
  const double origin = d.chance(0.5) ? 0.0 : 20'000.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = d.adversarial() && d.chance(0.1) ? d.value() : origin + d.value_in(0, 365);
    (d.chance(0.5) ? a : b).add(t, d.value());
  }
  a.merge(b);
  if (a.count() != n) return false;
  const kam::trend_fit f = a.fit();
  if (f.status != kam::trend_status::ok) return true;  // documented NaN fields
  if (!(std::isfinite(f.slope) && std::isfinite(f.intercept) && std::isfinite(f.slope_se) &&
        std::isfinite(f.residual_sd)))
    return false;
  const double level = d.chance(0.8) ? 0.95 : d.value();
  const kam::trend_forecast p = kam::forecast(f, origin + d.value_in(0, 730), level);
  return std::isfinite(p.value) && std::isfinite(p.low) && std::isfinite(p.high);
});

const kam_property::registrar trend_sums_entry("trend_builder::from_sums", [](draw& d) {
  // A builder's sums come back with the same bits; sums drawn at random are refused with a
  // kam::error or give a builder whose merge and fit keep the documented contract.
  kam::trend_builder a;
  const Eigen::Index n = small(d);
  for (Eigen::Index i = 0; i < n; ++i) a.add(d.value_in(0, 365), d.value());
  const kam::trend_sums s = a.sums();
  const kam::trend_sums back = kam::trend_builder::from_sums(s).sums();
  if (!(back.count == s.count && back.mean_time == s.mean_time && back.mean_value == s.mean_value &&
        back.time_ss == s.time_ss && back.value_ss == s.value_ss && back.cross == s.cross))
    return false;
  kam::trend_sums r{d.adversarial() ? d.between(-2, 9) : d.between(2, 9),
                    d.value(),
                    d.value(),
                    d.value(),
                    d.value(),
                    d.value()};
  kam::trend_builder b = kam::trend_builder::from_sums(r);
  b.merge(a);
  if (b.count() != r.count + n) return false;
  const kam::trend_fit f = b.fit();
  return f.status != kam::trend_status::ok ||
         (std::isfinite(f.slope) && std::isfinite(f.intercept) && std::isfinite(f.slope_se) &&
          std::isfinite(f.residual_sd));
});

const kam_property::registrar kpi_entry("review_kpi", [](draw& d) {
  const Eigen::Index n = small(d);
  const sys_days start{days{20'000}};
  std::vector<sys_days> dates;
  std::int64_t day = 0;
  for (Eigen::Index i = 0; i < maybe_off(d, n); ++i) {
    day += d.adversarial() && d.chance(0.05) ? d.between(-3, 0) : d.between(1, 60);
    dates.push_back(start + days{day});
  }
  const Eigen::VectorXd values = d.matrix(n, 1);
  kam::kpi_options o;
  if (d.adversarial() && d.chance(0.3)) {
    o.ewma_alpha = d.value_in(0, 1);
    o.level = d.value_in(0, 1);
  }
  const sys_days as_of = start + days{day + d.between(d.adversarial() ? -5 : 0, 30)};
  const auto r = kam::review_kpi(dates, values, as_of, as_of + days{d.between(-400, 400)}, o);
  if (r.ewma.size() != n || r.change.size() != n || r.relative_change.size() != n) return false;
  // Documented NaN: change and relative change of point 0, relative change after a zero or
  // where it exceeds double, the forecast unless the trend is ok.
  if (!finite(r.ewma) || !finite(r.change.tail(n - 1))) return false;
  for (Eigen::Index k = 1; k < n; ++k) {
    const double ratio = r.change(k) / std::abs(values(k - 1));
    if (values(k - 1) != 0 && std::isfinite(ratio) && !std::isfinite(r.relative_change(k)))
      return false;
  }
  if (r.trend.status == kam::trend_status::ok)
    return std::isfinite(r.forecast.value) && std::isfinite(r.forecast.low) &&
           std::isfinite(r.forecast.high);
  return true;
});

const kam_property::registrar objectives_entry("review_objectives", [](draw& d) {
  const Eigen::Index n = small(d);
  const sys_days as_of = as_of_of(d);
  const bool odd = d.adversarial();
  std::vector<kam::objective> objectives;
  for (Eigen::Index i = 0; i < n; ++i) {
    kam::objective o;
    o.id = odd && d.chance(0.03) ? "o0" : kam_property::numbered("o", i);
    o.account = odd && d.chance(0.03) ? "" : kam_property::numbered("a", d.between(0, 3));
    o.start_value = d.value();
    o.target = d.chance(0.03) ? o.start_value : d.value();
    o.start_date = as_of - days{d.between(-30, 400)};
    o.due_date = o.start_date + days{odd && d.chance(0.05) ? d.between(-5, 0) : d.between(1, 400)};
    o.weight = d.value_in(0.1, 5);
    // Actuals between the start and the as-of date (adversarially before or after them, or
    // two on one date).
    const std::int64_t span = kam::days_between(o.start_date, as_of);
    for (std::int64_t k = 0, a = span < 0 ? 0 : std::min<std::int64_t>(d.between(0, 4), span + 1);
         k < a; ++k) {
      const std::int64_t day = odd && d.chance(0.05) ? d.between(-3, span + 3) : d.between(0, span);
      o.actuals.push_back({o.start_date + days{day}, d.value()});
    }
    objectives.push_back(std::move(o));
  }
  kam::review_options ro;
  ro.curve = static_cast<kam::pace_curve>(odd && d.chance(0.05) ? 5 : d.between(0, 2));
  if (odd && d.chance(0.3)) {
    ro.at_risk_from = d.value_in(0, 1);
    ro.on_track_from = d.value_in(0, 1.5);
  }
  const auto r = kam::review_objectives(objectives, as_of, ro);
  if (r.attainment.size() != n || r.status.size() != static_cast<std::size_t>(n)) return false;
  if (!(finite(r.actual) && finite(r.attainment) && finite(r.elapsed) && finite(r.expected) &&
        finite(r.expected_value) && finite(r.pace_gap)))
    return false;
  const auto up = kam::roll_up(objectives, r);
  return finite(up.attainment) && finite(up.expected) && finite(up.weight) &&
         std::isfinite(up.portfolio_attainment) && std::isfinite(up.portfolio_expected);
});

/// Returns health options, adversarially broken.
kam::health_options health_options_of(draw& d) {
  kam::health_options o;
  if (d.adversarial() && d.chance(0.3)) {
    o.band_edges = {d.value_in(0, 1), d.value_in(0, 1)};
    o.dead_band = d.value_in(0, 0.1);
    o.window = d.count();
    o.fall_threshold = d.value_in(0, 0.5);
    o.churn_rise_threshold = d.value_in(0, 0.5);
    o.tolerance = d.value_in(0, 1e-6);
    if (d.chance(0.2)) o.band_names = {"red", "red", "green"};
  } else {
    o.window = d.between(1, 3);
  }
  return o;
}

const kam_property::registrar track_entry("track_health", [](draw& d) {
  const Eigen::MatrixXd scores = ratings(d, small(d), d.between(0, 5), 0, 1);
  const auto h = kam::track_health(scores, health_options_of(d));
  return h.change.rows() == scores.rows() && h.change.cols() == scores.cols() - 1 &&
         finite(h.change);
});

const kam_property::registrar explain_entry("explain_health_change", [](draw& d) {
  const Eigen::Index n = small(d), t = d.between(1, 4), k = d.between(0, 4);
  std::vector<Eigen::MatrixXd> parts;
  Eigen::MatrixXd scores(n, t);
  for (Eigen::Index date = 0; date < maybe_off(d, t); ++date) {
    Eigen::MatrixXd c = ratings(d, n, k, 0, 0.25);
    // Eigen's row sums of an n x 0 matrix offset its null data pointer (UBSan flags it)
    if (date < t && k > 0) scores.col(date) = c.rowwise().sum();
    if (date < t && k == 0) scores.col(date).setZero();
    if (d.adversarial() && d.chance(0.05) && c.size() > 0) c(0, 0) += 1;  // does not add up
    parts.push_back(c);
  }
  std::vector<std::string> names;
  for (Eigen::Index j = 0; j < k; ++j) names.push_back(kam_property::numbered("c", j));
  if (d.adversarial() && d.chance(0.05) && k > 1) names[1] = names[0];
  const Eigen::Index from = d.chance(0.9) ? 0 : d.count();
  const Eigen::Index to = d.chance(0.9) ? t - 1 : d.count();
  const auto c = kam::explain_health_change(scores, parts, names, from, to, health_options_of(d));
  for (Eigen::Index i = 0; i < n; ++i)
    (void)kam::health_change_words(c, i, static_cast<std::size_t>(d.between(0, 4)));
  return c.delta.rows() == n && finite(c.delta) && finite(c.change) && finite(c.score_from) &&
         finite(c.score_to);
});

const kam_property::registrar at_risk_entry("find_at_risk", [](draw& d) {
  const Eigen::Index n = small(d), t = d.between(0, 5);
  const Eigen::MatrixXd scores = ratings(d, n, t, 0, 1);
  const Eigen::VectorXd revenue = d.vector_in(maybe_off(d, n), 0, 1e6);
  const kam::health_options o = health_options_of(d);
  const auto list =
      d.chance(0.5) ? kam::find_at_risk(scores, revenue, o)
                    : kam::find_at_risk(scores, revenue, ratings(d, maybe_off(d, n), t, 0, 1), o);
  for (Eigen::Index k = 0; k < list.row.size(); ++k) (void)kam::at_risk_reason(list, k);
  // NaN churn marks "not given" (documented) when no churn matrix was passed.
  return finite(list.revenue) && finite(list.health_from) && finite(list.health_to) &&
         std::isfinite(list.revenue_at_stake) && list.row.size() <= n;
});

const kam_property::registrar assess_entry("assess_programme", [](draw& d) {
  kam::assessment_config c;
  if (d.adversarial() && d.chance(0.2)) {
    c.levels.resize(static_cast<std::size_t>(d.between(0, 3)), "x");
    c.weights[static_cast<std::size_t>(d.between(0, 7))] = d.value();
    c.weak_below = d.value_in(0, 1);
  }
  const auto levels = static_cast<std::int64_t>(c.levels.size());
  const Eigen::Index r = small(d);
  Eigen::MatrixXd answers(r, maybe_off(d, 8));
  for (Eigen::Index j = 0; j < answers.cols(); ++j)
    for (Eigen::Index i = 0; i < r; ++i)
      answers(i, j) = d.chance(0.1) ? std::nan("")
                      : d.adversarial() && d.chance(0.1)
                          ? d.value()
                          : static_cast<double>(d.between(0, levels - 1));
  const auto a = kam::assess_programme(answers, c);
  (void)kam::assessment_gaps(a);
  // NaN marks a practice nobody answered (documented), and the maturity when none was.
  for (Eigen::Index p = 0; p < a.score.size(); ++p)
    if (a.answered(p) > 0 && !(std::isfinite(a.score(p)) && std::isfinite(a.mean_level(p))))
      return false;
  return a.score.size() == 8 && (a.unanswered.size() == 8 || std::isfinite(a.maturity)) &&
         std::isfinite(a.coverage);
});

// --- portfolio ----------------------------------------------------------------------------

/// Returns an axis cut: mostly the midpoint, sometimes fixed or median, adversarially odd.
kam::axis_cut cut_of(draw& d) {
  kam::axis_cut c;
  c.basis = static_cast<kam::cut_basis>(d.adversarial() && d.chance(0.03) ? 7 : d.between(0, 2));
  c.value = d.value_in(0, 1);
  c.on_cut = d.chance(0.5) ? kam::on_cut_rule::high : kam::on_cut_rule::low;
  return c;
}

const kam_property::registrar kraljic_entry("kraljic", [](draw& d) {
  const Eigen::Index n = small(d);
  kam::kraljic_config c;
  c.impact.cut = cut_of(d);
  c.risk.cut = cut_of(d);
  const Eigen::MatrixXd impact = ratings(d, n, maybe_off(d, 3), 1, 5);
  Eigen::MatrixXd risk = ratings(d, maybe_off(d, n), 3, 1, 5);
  if (risk.rows() > 0) risk.col(0) = d.vector_in(risk.rows(), 0, 20);  // alternatives: a count
  const auto r = kam::kraljic(impact, risk, c);
  return r.quadrant.size() == static_cast<std::size_t>(n) && finite(r.impact) && finite(r.risk) &&
         std::isfinite(r.impact_cut) && std::isfinite(r.risk_cut);
});

const kam_property::registrar kraljic_scores_entry("kraljic_from_scores", [](draw& d) {
  const Eigen::Index n = small(d);
  const Eigen::VectorXd impact = d.vector_in(n, 0, 1), risk = d.vector_in(maybe_off(d, n), 0, 1);
  const auto r = kam::kraljic_from_scores(impact, risk, cut_of(d), cut_of(d));
  Eigen::Index total = 0;
  for (const auto c : r.counts) total += c;
  if (total != n) return false;
  return r.quadrant.size() == static_cast<std::size_t>(n) && std::isfinite(r.impact_cut) &&
         std::isfinite(r.risk_cut);
});

kam::preferencing_config preferencing_config_of(draw& d) {
  kam::preferencing_config c;
  c.attractiveness.cut = cut_of(d);
  if (d.adversarial() && d.chance(0.2)) {
    c.value_edges = {d.value_in(0, 0.01), d.value_in(0, 0.1), d.value_in(0, 1)};
    c.high_value_from = static_cast<kam::value_band>(d.between(0, 4));
  }
  if (d.chance(0.2)) c.our_revenue = d.value_in(1e3, 1e9);
  return c;
}

const kam_property::registrar preferencing_entry("preferencing", [](draw& d) {
  const Eigen::Index n = small(d);
  Eigen::MatrixXd x = ratings(d, n, maybe_off(d, 5), 1, 5);
  if (x.cols() > 1) x.col(1) = d.vector_in(n, -0.2, 0.6);  // margin: min-max
  const Eigen::VectorXd revenue = d.vector_in(maybe_off(d, n), 0, 1e6);
  const auto r = kam::preferencing(x, revenue, preferencing_config_of(d));
  return r.quadrant.size() == static_cast<std::size_t>(n) && finite(r.attractiveness) &&
         finite(r.relative_value) && std::isfinite(r.our_revenue) &&
         (r.relative_value.array() >= 0).all() && (r.relative_value.array() <= 1).all();
});

const kam_property::registrar preferencing_scores_entry("preferencing_from_scores", [](draw& d) {
  const Eigen::Index n = small(d);
  const Eigen::VectorXd a = d.vector_in(n, 0, 1);
  const Eigen::VectorXd revenue = d.vector_in(maybe_off(d, n), 0, 1e6);
  const auto r = kam::preferencing_from_scores(a, revenue, preferencing_config_of(d));
  return r.quadrant.size() == static_cast<std::size_t>(n) && finite(r.relative_value) &&
         std::isfinite(r.our_revenue);
});

const kam_property::registrar position_entry("position", [](draw& d) {
  const Eigen::Index n = small(d);
  std::vector<kam::kraljic_quadrant> k;
  std::vector<kam::preferencing_quadrant> p;
  for (Eigen::Index i = 0; i < n; ++i) {
    k.push_back(static_cast<kam::kraljic_quadrant>(
        d.adversarial() && d.chance(0.03) ? 4 : d.between(0, 3)));
    p.push_back(static_cast<kam::preferencing_quadrant>(
        d.adversarial() && d.chance(0.03) ? 9 : d.between(0, 3)));
  }
  if (d.adversarial() && d.chance(0.05) && !p.empty()) p.pop_back();
  kam::position_table table = kam::default_position_table();
  if (d.adversarial() && d.chance(0.1)) {
    auto& rule = table.rules[static_cast<std::size_t>(d.between(0, 15))];
    if (d.chance(0.5))
      rule.kraljic = static_cast<kam::kraljic_quadrant>(d.between(0, 4));
    else
      rule.posture = static_cast<kam::posture>(d.between(0, 20));
  }
  const auto r = kam::position(k, p, table);
  Eigen::Index total = 0;
  for (const auto c : r.risk_counts) total += c;
  return r.risk.size() == k.size() && r.posture.size() == k.size() &&
         total == static_cast<Eigen::Index>(k.size());
});

const kam_property::registrar maturity_entry("maturity", [](draw& d) {
  const Eigen::Index n = small(d);
  const kam::maturity_config c;
  std::vector<std::string> dims = c.dimensions.names();
  if (d.chance(0.5)) std::reverse(dims.begin(), dims.end());
  if (d.adversarial() && d.chance(0.05)) dims.back() = d.chance(0.5) ? dims.front() : "other";
  const Eigen::MatrixXd x =
      ratings(d, n, maybe_off(d, static_cast<Eigen::Index>(dims.size())), 1, 5);
  std::vector<kam::seller_role> served;
  if (d.chance(0.5))
    for (Eigen::Index i = 0; i < maybe_off(d, n); ++i)
      served.push_back(
          static_cast<kam::seller_role>(d.adversarial() && d.chance(0.03) ? 6 : d.between(0, 3)));
  kam::maturity_config config;
  if (d.adversarial() && d.chance(0.1))
    config.stage_edges = {d.value_in(1, 5), d.value_in(1, 5), d.value_in(1, 5)};
  const auto r = kam::maturity(x, dims, served, config);
  for (std::size_t i = 0; i < r.fit.size(); ++i) (void)r.mismatch(static_cast<Eigen::Index>(i));
  return r.stage.size() == static_cast<std::size_t>(n) && finite(r.index) &&
         (r.index.array() >= 1 - 1e-9).all() && (r.index.array() <= 5 + 1e-9).all();
});

const kam_property::registrar focus_entry("focus", [](draw& d) {
  const Eigen::Index n = small(d);
  const Eigen::VectorXd wallet = d.vector_in(n, 1, 1e6);
  Eigen::VectorXd revenue(n);
  for (Eigen::Index i = 0; i < n; ++i)
    revenue(i) = d.adversarial() && d.chance(0.1) ? d.value() : wallet(i) * d.value_in(0, 1);
  const Eigen::VectorXd growth = d.vector_in(maybe_off(d, n), 1, 5);
  const Eigen::VectorXd churn = d.vector_in(n, 0, 1);
  kam::index_vector key(d.between(0, 3));
  for (Eigen::Index k = 0; k < key.size(); ++k)
    key(k) = d.adversarial() && d.chance(0.1) ? d.count()
                                              : d.between(0, std::max<Eigen::Index>(n - 1, 0));
  kam::focus_config c;
  if (d.adversarial() && d.chance(0.2)) {
    c.large_share = d.value_in(0, 1);
    c.at_risk = d.value_in(0, 1);
    c.win_below_share = d.value_in(0, 1);
  }
  const auto r = kam::focus(revenue, wallet, growth, churn, key, c);
  return r.focus.size() == static_cast<std::size_t>(n) && finite(r.share_of_wallet) &&
         r.revenue_rank.size() == n;
});

}  // namespace
