// Property entry points of the portfolio area's one-account helpers (each checked against the
// portfolio function that classifies many accounts: the same account must get the same answer),
// the merge tree and rank correlations of kam/core and the calendar dates of kam/plan.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <kam/core/merge_tree.hpp>
#include <kam/core/rank_correlation.hpp>
#include <kam/core/stats.hpp>
#include <kam/plan/dates.hpp>
#include <kam/portfolio/axis.hpp>
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

/// Returns a number of accounts: mostly 1 to 12, sometimes 0.
Eigen::Index accounts_of(draw& d) { return d.chance(0.05) ? 0 : d.between(1, 12); }

/// Returns a cut of an axis (adversarially a basis that is not an enumerator).
kam::axis_cut cut_of(draw& d, kam::on_cut_rule rule) {
  kam::axis_cut c;
  c.basis = static_cast<kam::cut_basis>(d.adversarial() && d.chance(0.03) ? 7 : d.between(0, 2));
  c.value = d.value_in(0, 1);
  c.on_cut = rule;
  return c;
}

/// Returns scores on the unit scale, some exactly on 0.5 (the midpoint cut) or repeated.
Eigen::VectorXd scores_of(draw& d, Eigen::Index n) {
  Eigen::VectorXd s = d.vector_in(n, 0, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (d.chance(0.1)) s(i) = 0.5;
    if (i > 0 && d.chance(0.1)) s(i) = s(i - 1);
  }
  return s;
}

const kam_property::registrar cut_entry("cut_point_is_high", [](draw& d) {
  const auto rule = d.chance(0.5) ? kam::on_cut_rule::high : kam::on_cut_rule::low;
  const Eigen::VectorXd s = scores_of(d, accounts_of(d));
  const auto scale =
      d.adversarial() && d.chance(0.05) ? static_cast<kam::score_scale>(3) : kam::score_scale::unit;
  const double cut = kam::cut_point(s, cut_of(d, rule), scale);
  if (!std::isfinite(cut) || cut < 0 || cut > 1) return false;
  // A score on the cut is high under the rule high and low under the rule low; high is
  // monotone: a higher score than a high one is high.
  if (kam::is_high(cut, cut, rule) != (rule == kam::on_cut_rule::high)) return false;
  const double a = d.value_in(0, 1), b = d.value_in(0, 1);
  const bool high_a = kam::is_high(a, cut, rule), high_b = kam::is_high(b, cut, rule);
  return !(a <= b && high_a && !high_b) && !(b <= a && high_b && !high_a);
});

const kam_property::registrar kraljic_one_entry("kraljic_quadrant_of", [](draw& d) {
  const auto rule = d.chance(0.5) ? kam::on_cut_rule::high : kam::on_cut_rule::low;
  const Eigen::Index n = accounts_of(d);
  const auto r =
      kam::kraljic_from_scores(scores_of(d, n), scores_of(d, n), cut_of(d, rule), cut_of(d, rule));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto q = kam::kraljic_quadrant_of(r.impact(i), r.risk(i), r.impact_cut, r.risk_cut, rule);
    if (q != r.quadrant[static_cast<std::size_t>(i)]) return false;
  }
  // One account off the scale or with special values: an error, never a quadrant.
  (void)kam::kraljic_quadrant_of(d.value_in(0, 1), d.value_in(0, 1), d.value_in(0, 1),
                                 d.value_in(0, 1), rule);
  return true;
});

const kam_property::registrar preferencing_one_entry("preferencing_quadrant_of", [](draw& d) {
  const Eigen::Index n = accounts_of(d);
  kam::preferencing_config c;
  c.attractiveness.cut = cut_of(d, d.chance(0.5) ? kam::on_cut_rule::high : kam::on_cut_rule::low);
  if (d.chance(0.3)) {
    const double lo = d.value_in(0, 0.3);
    c.value_edges = {lo, lo + d.value_in(0, 0.3), lo + d.value_in(0.3, 0.7)};
  }
  c.high_value_from = static_cast<kam::value_band>(d.between(0, 3));
  const Eigen::VectorXd revenue = d.vector_in(n, 0, 1e6);
  const auto r = kam::preferencing_from_scores(scores_of(d, n), revenue, c);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (kam::value_band_of(r.relative_value(i), c.value_edges) != r.band[k]) return false;
    const auto q = kam::preferencing_quadrant_of(r.attractiveness(i), r.attractiveness_cut,
                                                 static_cast<double>(r.relative_value(i)), c);
    if (q != r.quadrant[k]) return false;
  }
  (void)kam::value_band_of(d.value_in(0, 1), c.value_edges);
  return true;
});

const kam_property::registrar maturity_one_entry("maturity_stage_of", [](draw& d) {
  const Eigen::Index n = accounts_of(d);
  kam::maturity_config c;
  if (d.chance(0.3)) {
    const double e = d.value_in(1, 2.5);
    c.stage_edges = {e, e + d.value_in(0.1, 1), e + d.value_in(1.2, 2.4)};
  }
  Eigen::MatrixXd x(n, 5);
  for (Eigen::Index j = 0; j < 5; ++j)
    for (Eigen::Index i = 0; i < n; ++i) x(i, j) = static_cast<double>(d.between(1, 5));
  std::vector<kam::seller_role> served;
  for (Eigen::Index i = 0; i < n; ++i)
    served.push_back(static_cast<kam::seller_role>(d.between(0, 3)));
  const auto r = kam::maturity(x, c.dimensions.names(), served, c);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (kam::maturity_stage_of(r.index(i), c.stage_edges, c.scale_high - c.scale_low) != r.stage[k])
      return false;
    if (kam::matched_role(r.stage[k]) != r.matched[k] ||
        kam::role_fit_of(r.stage[k], served[k]) != r.fit[k] ||
        kam::role_gap(r.stage[k], served[k]) != r.gap[k])
      return false;
  }
  // Adversarially any index, edges, width and stage: a stage (a guide) or an error.
  if (d.adversarial()) {
    (void)kam::maturity_stage_of(d.value(), {d.value(), d.value(), d.value()}, d.value());
    (void)kam::maturity_guide(static_cast<kam::purchasing_stage>(d.between(0, 4)));
  }
  return true;
});

const kam_property::registrar focus_one_entry("focus_of", [](draw& d) {
  const Eigen::Index n = accounts_of(d);
  const Eigen::VectorXd wallet = d.vector_in(n, 1, 1e6);
  Eigen::VectorXd revenue(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    revenue(i) = wallet(i) * d.value_in(0, 1);
    if (i > 0 && d.chance(0.1)) revenue(i) = revenue(i - 1);  // a tie of revenue ranks
  }
  const Eigen::VectorXd growth = d.vector_in(n, 1, 5), churn = d.vector_in(n, 0, 1);
  kam::focus_config c;
  if (d.chance(0.3)) {
    c.large_share = d.value_in(0, 1);
    c.at_risk = d.value_in(0, 1);
  }
  const auto r = kam::focus(revenue, wallet, growth, churn, kam::index_vector(), c);
  // The large accounts are the r.large with the best revenue ranks (ties share the better rank,
  // so they are all in or all out).
  std::vector<Eigen::Index> ranks(r.revenue_rank.begin(), r.revenue_rank.end());
  std::sort(ranks.begin(), ranks.end());
  for (Eigen::Index i = 0; i < n; ++i) {
    const bool large =
        r.large > 0 && r.revenue_rank(i) <= ranks[static_cast<std::size_t>(r.large - 1)];
    const auto f = kam::focus_of(r.share_of_wallet(i), growth(i), churn(i), large, c);
    if (f != r.focus[static_cast<std::size_t>(i)]) return false;
  }
  (void)kam::focus_of(d.value_in(0, 1), d.value_in(1, 5), d.value_in(0, 1), d.chance(0.5), c);
  return true;
});

const kam_property::registrar position_one_entry("position_of", [](draw& d) {
  kam::position_table table = kam::default_position_table();
  if (d.adversarial() && d.chance(0.2)) {
    auto& rule = table.rules[static_cast<std::size_t>(d.between(0, 15))];
    if (d.chance(0.5))
      rule.kraljic = static_cast<kam::kraljic_quadrant>(d.between(0, 4));
    else
      rule.risk = static_cast<kam::relationship_risk>(d.between(0, 5));
  }
  const auto k =
      static_cast<kam::kraljic_quadrant>(d.adversarial() && d.chance(0.1) ? 4 : d.between(0, 3));
  const auto p = static_cast<kam::preferencing_quadrant>(
      d.adversarial() && d.chance(0.1) ? 4 : d.between(0, 3));
  const kam::position_rule one = kam::position_of(k, p, table);
  const kam::position_result many = kam::position({k}, {p}, table);
  (void)kam::kraljic_guide(k);
  (void)kam::preferencing_guide(p);
  return one.kraljic == k && one.preferencing == p && many.risk.front() == one.risk &&
         many.posture.front() == one.posture;
});

/// Statistics that record the order of their units: a merge tree must merge in unit order.
struct unit_order {
  std::vector<int> units;
  void merge(const unit_order& other) {
    units.insert(units.end(), other.units.begin(), other.units.end());
  }
};

const kam_property::registrar merge_tree_entry("merge_tree", [](draw& d) {
  const Eigen::Index cols = d.between(1, 3), unit_rows = d.between(1, 9);
  const int units = static_cast<int>(d.between(0, 40));
  const Eigen::MatrixXd x = d.matrix(units * unit_rows, cols);
  kam::merge_tree<kam::column_stats<double>> tree;
  kam::merge_tree<unit_order> order;
  for (int u = 0; u < units; ++u) {
    tree.add(kam::column_stats<double>::of(x.middleRows(u * unit_rows, unit_rows)));
    order.add(unit_order{{u}});
    if (tree.units() != static_cast<std::size_t>(u + 1)) return false;
  }
  const auto merged = tree.finish();
  const auto in_order = order.finish();
  if (units == 0) return !merged && !in_order && tree.units() == 0;
  if (!merged || !in_order || tree.units() != 0 || tree.finish()) return false;
  for (int u = 0; u < units; ++u)
    if (in_order->units[static_cast<std::size_t>(u)] != u) return false;
  // Counts, minima and maxima merge exactly.
  const auto whole = kam::column_stats<double>::of(x);
  if (merged->count != whole.count || merged->non_finite != whole.non_finite ||
      merged->min != whole.min || merged->max != whole.max)
    return false;
  // Means and M2 up to rounding, for ordinary values: with values of 1e300 and -1e300 in one
  // column the order of the sums moves the mean by more than any tolerance relative to it.
  if (d.adversarial()) return true;
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (const auto& [a, b] :
         {std::pair{merged->mean(j), whole.mean(j)}, std::pair{merged->m2(j), whole.m2(j)}}) {
      if (!(std::abs(a - b) <= 1e-9 * (1 + std::abs(b)))) return false;
    }
  }
  return true;
});

/// Returns Kendall's tau-b by its definition, over every pair (O(N^2)): (concordant -
/// discordant) / sqrt((n0 - n1)(n0 - n2)), n1 and n2 the pairs tied in a and in b.
double tau_b_by_pairs(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  double concordant = 0, discordant = 0, n0 = 0, n1 = 0, n2 = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    for (Eigen::Index j = i + 1; j < a.size(); ++j) {
      const int sa = (a(i) > a(j)) - (a(i) < a(j)), sb = (b(i) > b(j)) - (b(i) < b(j));
      n0 += 1;
      n1 += sa == 0 ? 1 : 0;
      n2 += sb == 0 ? 1 : 0;
      concordant += sa * sb > 0 ? 1 : 0;
      discordant += sa * sb < 0 ? 1 : 0;
    }
  }
  return (concordant - discordant) / std::sqrt((n0 - n1) * (n0 - n2));
}

const kam_property::registrar rank_correlation_entry("rank_correlation", [](draw& d) {
  const Eigen::Index n = d.chance(0.05) ? d.between(0, 1) : d.between(2, 30);
  Eigen::VectorXd a(n), b(n);
  for (Eigen::Index i = 0; i < n; ++i) {  // few distinct values: many ties
    a(i) = d.chance(0.5) ? static_cast<double>(d.between(0, 4)) : d.value();
    b(i) = d.chance(0.5) ? static_cast<double>(d.between(0, 4)) : d.value();
  }
  const Eigen::VectorXd other = d.adversarial() && d.chance(0.05) ? a.head(n / 2).eval() : b;
  const double rho = kam::spearman(a, other), tau = kam::kendall_tau_b(a, other);
  // Both in [-1, 1], symmetric, 1 for a ranking against itself; tau-b as its definition.
  if (!(std::abs(rho) <= 1 + 1e-12 && std::abs(tau) <= 1 + 1e-12)) return false;
  if (std::abs(kam::spearman(other, a) - rho) > 1e-12) return false;
  if (std::abs(kam::kendall_tau_b(other, a) - tau) > 1e-12) return false;
  if (std::abs(kam::kendall_tau_b(a, a) - 1) > 1e-12) return false;
  return std::abs(tau - tau_b_by_pairs(a, other)) <= 1e-12;
});

const kam_property::registrar dates_entry("parse_date", [](draw& d) {
  using std::chrono::days;
  using std::chrono::sys_days;
  // A day from year 1 to 9999 (days -719162 to 2932896 from 1970-01-01) prints and parses back.
  const sys_days day{days{d.between(-719162, 2932896)}};
  const std::string text = kam::format_date(day);
  if (text.size() != 10 || kam::parse_date(text) != day) return false;
  if (kam::days_between(day, sys_days{days{0}}) != -kam::days_between(sys_days{days{0}}, day))
    return false;
  // Any day a sys_days holds prints, and the calendar repeats every 400 years (146097 days):
  // the same month and day, the year 400 on.
  const std::int64_t far =
      d.adversarial() ? d.count() / 2 : d.between(-(std::int64_t{1} << 40), std::int64_t{1} << 40);
  const std::string now = kam::format_date(sys_days{days{far}});
  const std::string later = kam::format_date(sys_days{days{far + 146097}});
  const auto year_of = [](const std::string& t) { return std::stoll(t.substr(0, t.size() - 6)); };
  if (now.substr(now.size() - 6) != later.substr(later.size() - 6) ||
      year_of(later) != year_of(now) + 400)
    return false;
  // Any text: a date that prints back as the same text, or kam::invalid_input.
  std::string other = text;
  if (!d.adversarial()) {
    other[static_cast<std::size_t>(d.between(0, 9))] = static_cast<char>('0' + d.between(0, 9));
  } else if (d.chance(0.5)) {
    other[static_cast<std::size_t>(d.between(0, 9))] = static_cast<char>(d.between(0, 255));
  } else {
    other = d.text({"2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "-", "1", "12"},
                   d.between(1, 3));
  }
  const sys_days parsed = kam::parse_date(other, "date", 7);
  return kam::format_date(parsed) == other;
});

}  // namespace
