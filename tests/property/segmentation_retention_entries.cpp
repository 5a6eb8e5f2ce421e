// Property entry points of the segmentation and retention areas: quantiles and bins, k-means,
// the rule parser, segment assignment by rules, revenue retention and cohorts, Kaplan-Meier, the
// log-rank test, Cox, sBG, BG/NBD, Gamma-Gamma and the transaction summary.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/cohorts.hpp>
#include <kam/retention/cox.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/logrank.hpp>
#include <kam/retention/rates.hpp>
#include <kam/retention/revenue_retention.hpp>
#include <kam/retention/sbg.hpp>
#include <kam/retention/survival.hpp>
#include <kam/retention/transaction_summary.hpp>
#include <kam/segmentation/condition.hpp>
#include <kam/segmentation/kmeans.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/rules.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "property.hpp"

namespace {

using kam_property::draw;
using kam_property::finite;

/// Returns `n` lifetimes: whole periods 1..24, or drawn values in adversarial cases.
Eigen::VectorXd lifetimes(draw& d, Eigen::Index n) {
  Eigen::VectorXd t(n);
  for (Eigen::Index i = 0; i < n; ++i)
    t(i) = d.adversarial() && d.chance(0.2) ? d.value() : static_cast<double>(d.between(1, 24));
  return t;
}

const kam_property::registrar quantiles_entry("quantiles", [](draw& d) {
  const Eigen::VectorXd v = d.matrix(d.size(), 1);
  std::vector<double> probs;
  for (Eigen::Index i = 0; i < d.between(0, 4); ++i) probs.push_back(d.value_in(0, 1));
  const auto m = static_cast<kam::quantile_method>(d.between(0, 4));
  return finite(kam::quantiles(v, probs, m));
});

const kam_property::registrar bins_entry("fit_quantile_bins", [](draw& d) {
  const Eigen::Index k = d.between(1, 3);
  const Eigen::MatrixXd x = d.matrix(d.size(), k);
  std::vector<kam::bin_field> fields;
  for (Eigen::Index j = 0; j < k; ++j)
    fields.push_back({kam_property::numbered("f", j), d.count()});
  const auto bins = kam::fit_quantile_bins(x, fields);
  (void)bins.assign(d.matrix(d.size(), k));
  return true;
});

const kam_property::registrar kmeans_entry("kmeans", [](draw& d) {
  const Eigen::Index n = d.size();
  const Eigen::MatrixXd x = d.matrix(n, d.between(1, 4));
  const Eigen::VectorXd w = d.vector_in(n, 0.1, 10);
  kam::kmeans_options o;
  o.k = d.count();
  o.restarts = d.chance(0.8) ? d.between(1, 3) : d.count();
  o.max_iterations = d.chance(0.8) ? 50 : d.count();
  o.standardize = d.chance(0.5);
  const auto r = kam::kmeans(x, w, o);
  return finite(r.centroids) && std::isfinite(r.inertia);
});

const kam_property::registrar condition_entry("parse_condition", [](draw& d) {
  // Ordinary cases: well-formed comparisons joined by and/or, some negated or grouped;
  // adversarial ones: any sequence of the tokens, or random bytes.
  if (d.adversarial()) {
    const std::vector<std::string> words{
        "revenue", ">=", "<", "==", "!=", "4",   "-1e308",  "and",   "or",  "not", "(",
        ")",       "in", "{", "}",  ",",  "'a'", "between", "1e999", "nan", "\"",  "industry"};
    (void)kam::parse_condition(d.text(words, d.between(0, 30)));
    return true;
  }
  const std::vector<std::string> fields{"revenue", "growth", "tier", "score"};
  const std::vector<std::string> ops{">=", "<=", ">", "<", "==", "!="};
  std::string text;
  for (std::int64_t i = 0, n = d.between(1, 6); i < n; ++i) {
    if (i > 0) text += d.chance(0.5) ? " and " : " or ";
    if (d.chance(0.2)) text += "not ";
    text += fields[static_cast<std::size_t>(d.between(0, 3))] + " " +
            ops[static_cast<std::size_t>(d.between(0, 5))] + " " +
            std::to_string(d.between(-100, 100));
  }
  (void)kam::parse_condition(d.chance(0.2) ? "(" + text + ")" : text);
  return true;
});

/// One drawn rule of the assign_segments entry: `field op value` on a numeric field, or
/// `tier in (...)` on the categorical one; `holds` evaluates it as the documentation says.
struct drawn_rule {
  int field = 0;  // 0 revenue, 1 growth, 2 tier
  int op = 0;     // >=, <=, >, <, ==, != for numbers; in for tier
  double value = 0;
  std::vector<int> tiers;

  [[nodiscard]] std::string text() const {
    static const char* const fields[] = {"revenue", "growth"};
    static const char* const ops[] = {">=", "<=", ">", "<", "==", "!="};
    if (field == 2) {
      std::string t = "tier in (";
      for (std::size_t k = 0; k < tiers.size(); ++k) {
        if (k > 0) t += ", ";
        t += static_cast<char>('a' + tiers[k]);
      }
      return t + ")";
    }
    std::string t = fields[field];
    t += ' ';
    t += ops[op];
    t += ' ';
    t += std::to_string(static_cast<int>(value));
    return t;
  }

  /// Whether the rule holds for numbers v (NaN missing) or tier code c (-1 missing); a missing
  /// value never matches (rule_missing::no_match).
  [[nodiscard]] bool holds(double v, int c) const {
    if (field == 2) return c >= 0 && std::find(tiers.begin(), tiers.end(), c) != tiers.end();
    if (std::isnan(v)) return false;
    switch (op) {
      case 0:
        return v >= value;
      case 1:
        return v <= value;
      case 2:
        return v > value;
      case 3:
        return v < value;
      case 4:
        return v == value;
      default:
        return v != value;
    }
  }
};

const kam_property::registrar segments_entry("assign_segments", [](draw& d) {
  const Eigen::Index n = d.chance(0.05) ? 0 : d.between(1, 30);
  Eigen::VectorXd revenue(n), growth(n);
  std::vector<std::optional<std::string>> tier;
  std::vector<int> code;
  for (Eigen::Index i = 0; i < n; ++i) {  // whole numbers: equality and ties are common
    revenue(i) = d.chance(0.1) ? std::nan("") : static_cast<double>(d.between(-5, 5));
    growth(i) =
        d.adversarial() && d.chance(0.1) ? d.value() : static_cast<double>(d.between(-5, 5));
    code.push_back(d.chance(0.1) ? -1 : static_cast<int>(d.between(0, 2)));
    tier.push_back(code.back() < 0 ? std::nullopt
                                   : std::optional<std::string>(
                                         std::string(1, static_cast<char>('a' + code.back()))));
  }
  kam::field_table table;
  table.add_numeric("revenue", revenue).add_numeric("growth", growth).add_categorical("tier", tier);
  std::vector<drawn_rule> drawn;
  std::vector<kam::segment_rule> rules;
  for (std::int64_t r = 0, m = d.between(0, 4); r < m; ++r) {
    drawn_rule x;
    x.field = static_cast<int>(d.between(0, 2));
    x.op = static_cast<int>(d.between(0, 5));
    x.value = static_cast<double>(d.between(-5, 5));
    for (int t = 0; t < 3; ++t)
      if (d.chance(0.5)) x.tiers.push_back(t);
    if (x.tiers.empty()) x.tiers.push_back(0);
    rules.push_back(
        {kam_property::numbered("s", d.between(0, 2)), kam::parse_condition(x.text()), ""});
    drawn.push_back(x);
  }
  const std::string fallback = d.chance(0.5) ? "other" : "";
  kam::rule_options o;
  o.missing = d.chance(0.7) ? kam::rule_missing::no_match : kam::rule_missing::reject;
  const auto a = kam::assign_segments(table, kam::segment_rules(rules, fallback), o);
  // Each account: the first rule that holds, else the fallback, else none; never dropped.
  Eigen::Index unmatched = 0, with_fallback = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::int64_t first = -1;
    for (std::size_t r = 0; r < drawn.size() && first < 0; ++r) {
      const double v = drawn[r].field == 0 ? revenue(i) : growth(i);
      if (drawn[r].holds(v, code[static_cast<std::size_t>(i)]))
        first = static_cast<std::int64_t>(r);
    }
    if (a.rule(i) != first) return false;
    const std::string_view want =
        first >= 0 ? std::string_view(rules[static_cast<std::size_t>(first)].segment)
                   : std::string_view(fallback);
    if (a.segment_of(i) != want) return false;
    if (first < 0 && fallback.empty()) ++unmatched;
    if (first < 0 && !fallback.empty()) ++with_fallback;
  }
  return a.unmatched == unmatched && a.fallback == with_fallback && a.counts.sum() + unmatched == n;
});

const kam_property::registrar retention_entry("revenue_retention", [](draw& d) {
  const Eigen::MatrixXd revenue = d.matrix(d.size(), d.between(0, 8)).cwiseAbs();
  kam::retention_options o;
  o.step = d.chance(0.8) ? d.between(1, 3) : d.count();
  o.first = d.chance(0.8) ? d.between(0, 2) : d.count();
  const auto t = kam::revenue_retention(revenue, o);
  for (Eigen::Index w = 0; w < t.grr.size(); ++w) {
    const bool undefined = std::find(t.undefined_windows.begin(), t.undefined_windows.end(), w) !=
                           t.undefined_windows.end();
    if (!undefined && !(std::isfinite(t.grr(w)) && std::isfinite(t.nrr(w)))) return false;
  }
  return finite(t.opening_revenue) && finite(t.closing_revenue);
});

const kam_property::registrar cohorts_entry("cohorts", [](draw& d) {
  const Eigen::MatrixXd revenue = d.matrix(d.size(), d.between(0, 8)).cwiseAbs();
  const auto c = kam::cohorts(revenue);
  // NaN marks ages not observed yet (documented): check the observed cells only.
  for (Eigen::Index r = 0; r < c.revenue.rows(); ++r) {
    for (Eigen::Index a = 0; a < revenue.cols() - c.period(r); ++a) {
      if (!std::isfinite(c.revenue(r, a)) || !std::isfinite(c.logo_retention(r, a))) return false;
    }
  }
  return true;
});

const kam_property::registrar km_entry("kaplan_meier", [](draw& d) {
  const Eigen::Index n = d.size();
  const auto km = d.chance(0.5)
                      ? kam::kaplan_meier(lifetimes(d, n), d.flags(n))
                      : kam::kaplan_meier(lifetimes(d, n), d.flags(n), d.vector_in(n, 0, 5));
  return finite(km.survival) && finite(km.std_error) && finite(km.lower) && finite(km.upper) &&
         finite(km.at_risk);
});

const kam_property::registrar logrank_entry("logrank_test", [](draw& d) {
  const Eigen::Index n = d.size();
  Eigen::VectorXi groups(n);
  for (Eigen::Index i = 0; i < n; ++i) groups(i) = static_cast<int>(d.between(0, 2));
  const auto r = kam::logrank_test(lifetimes(d, n), d.flags(n), groups);
  return std::isfinite(r.chi_square) && std::isfinite(r.p_value) && finite(r.expected);
});

const kam_property::registrar cox_entry("fit_cox", [](draw& d) {
  const Eigen::Index n = d.size();
  kam::cox_options o;
  o.ties = d.chance(0.5) ? kam::cox_ties::efron : kam::cox_ties::breslow;
  o.standardize = d.chance(0.3);
  const Eigen::MatrixXd x = d.matrix(n, d.between(1, 3));
  const auto f = kam::fit_cox(lifetimes(d, n), d.flags(n), x, o);
  // Documented: under status boundary the standard errors are NaN; the baseline at the means
  // may exceed double (+infinity) when the linear predictors span more than 700 (near
  // separation); the concordance is NaN when no pair is comparable.
  const bool boundary = f.status == kam::fit_status::boundary;
  const Eigen::VectorXd eta =
      ((x.rowwise() - f.means.transpose()).array().rowwise() / f.scales.transpose().array())
          .matrix() *
      f.coefficients;
  const bool wide = eta.size() > 0 && eta.maxCoeff() - eta.minCoeff() > 700;
  const bool baseline_ok = boundary || wide ? !f.baseline_cumulative_hazard.array().isNaN().any()
                                            : finite(f.baseline_cumulative_hazard);
  return finite(f.coefficients) && std::isfinite(f.log_likelihood) &&
         (boundary || finite(f.std_error)) && baseline_ok;
});

const kam_property::registrar sbg_entry("fit_sbg", [](draw& d) {
  const Eigen::Index periods = d.between(0, 8);
  Eigen::MatrixXd alive(d.between(0, 3), periods);
  for (Eigen::Index r = 0; r < alive.rows(); ++r) {
    double left = d.adversarial() ? d.value() : static_cast<double>(d.between(1, 1000));
    for (Eigen::Index a = 0; a < periods; ++a) {
      alive(r, a) = left;
      left = std::floor(left * d.value_in(0.5, 1));
    }
  }
  const auto f = kam::fit_sbg(alive);
  return std::isfinite(f.params.alpha) && std::isfinite(f.params.beta) &&
         std::isfinite(f.log_likelihood);
});

const kam_property::registrar bgnbd_entry("fit_bgnbd", [](draw& d) {
  const Eigen::Index n = d.size();
  Eigen::VectorXd x(n), tx(n), age(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    age(i) = d.value_in(1, 52);
    x(i) = d.adversarial() && d.chance(0.1) ? d.value() : static_cast<double>(d.between(0, 10));
    tx(i) = x(i) > 0 ? d.value_in(0, age(i)) : 0;
  }
  const auto f = kam::fit_bgnbd(x, tx, age);
  if (!(std::isfinite(f.params.r) && std::isfinite(f.params.alpha) && std::isfinite(f.params.a) &&
        std::isfinite(f.params.b) && std::isfinite(f.log_likelihood)))
    return false;
  return finite(kam::bgnbd_p_alive(f.params, x, tx, age));
});

const kam_property::registrar gamma_gamma_entry("fit_gamma_gamma", [](draw& d) {
  const Eigen::Index n = d.size();
  Eigen::VectorXd x(n), spend(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i) = static_cast<double>(d.between(1, 10));
    spend(i) = d.value_in(1, 500);
  }
  const auto f = kam::fit_gamma_gamma(x, spend);
  return std::isfinite(f.params.p) && std::isfinite(f.params.q) && std::isfinite(f.params.gamma) &&
         std::isfinite(f.log_likelihood);
});

const kam_property::registrar summary_entry("summarize_transactions", [](draw& d) {
  const Eigen::Index n = d.size();
  std::vector<std::int64_t> ids(static_cast<std::size_t>(n));
  std::vector<double> times(ids.size()), amounts(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ids[i] = d.between(0, 9);
    times[i] = d.value_in(0, 365);
    amounts[i] = d.value_in(0, 100);
  }
  const auto s = kam::summarize_transactions(ids, times, amounts, d.value_in(100, 400));
  return finite(s.frequency) && finite(s.recency) && finite(s.age) && finite(s.mean_spend);
});

const kam_property::registrar rates_entry("rescale_churn", [](draw& d) {
  return std::isfinite(kam::rescale_churn(d.value_in(0, 1), d.value_in(0, 24)));
});

}  // namespace
