// `kam retention` behind the command line: the "retention" configuration and one pass over an
// account x period revenue file that gives every account its revenue movements, and the whole
// file its revenue and logo retention by window (GRR, NRR), its cohort table and a shifted-beta-
// geometric fit with its projection.
//
// Every row holds all periods of one account, so movements are per row, and the window sums and
// cohort counts add up over accounts: they are computed per fixed unit of 4096 accounts
// (kam::revenue_retention, kam::cohorts) and added in a fixed tree, so the result does not depend
// on the chunk size, and memory is one chunk whatever the file's length. The rates are then taken
// from the sums exactly as the library takes them, and the sBG model (kam::fit_sbg) is fitted to
// the accounts still alive by age in the cohorts acquired after the first period (accounts
// already active then are of unknown age: left-censored).
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <functional>
#include <kam/kam.hpp>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "csv.hpp"
#include "progress.hpp"
#include "score_pipeline.hpp"
#include "setup.hpp"
#include "table.hpp"

namespace kam_cli {

/// The sBG fit and projection: kam::sbg_options, the projection horizon in periods (0: twice
/// the observed ages), whether the first period's cohort (left-censored) is fitted too, and a
/// discount rate per period for the discounted expected lifetime (null: none).
struct sbg_settings : kam::sbg_options {
  Eigen::Index horizon = 0;
  bool include_first_cohort = false;
  std::optional<double> discount;
};
BOOST_DESCRIBE_STRUCT(sbg_settings, (kam::sbg_options), (horizon, include_first_cohort, discount))

/// The "retention" section of the configuration: the period columns (empty: every column but
/// the id, in file order), the retention windows (kam::retention_options: step, first,
/// reactivation), periods per cohort period in the cohort table (e.g. 3: quarters of months),
/// and the sBG settings.
struct retention_settings {
  std::vector<std::string> periods;
  kam::retention_options windows{};
  Eigen::Index cohort_group = 1;
  sbg_settings sbg{};
};
BOOST_DESCRIBE_STRUCT(retention_settings, (), (periods, windows, cohort_group, sbg))

/// A validated "retention" section against the header of one revenue file.
struct retention_setup {
  retention_settings settings;
  table_layout layout;
  std::vector<std::string> periods;  ///< the period columns, in order
};

/// Reads and validates the "input" and "retention" sections against the header of `source`.
[[nodiscard]] inline retention_setup load_retention_setup(const configuration& cfg,
                                                          const accounts_source& source) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("retention");
  retention_setup s;
  s.settings = cfg.section<retention_settings>("retention");
  const auto& p = s.settings;
  const auto input = cfg.section<input_config>("input");
  if (input.id.empty()) doc.fail(json_path{}.key("input").key("id"), "the id column has no name");
  s.layout.id = input.id;
  if (p.periods.empty()) {
    const auto stream = source.open();
    const kam_examples::csv_reader reader(*stream, source.name());
    for (const auto& h : reader.header())
      if (h != input.id) s.periods.push_back(h);
    for (const auto& name : s.periods) s.layout.numeric.push_back({name, {}, "period"});
  } else {
    s.periods = p.periods;
    for (std::size_t j = 0; j < p.periods.size(); ++j) {
      for (std::size_t k = 0; k < j; ++k) {
        if (p.periods[k] == p.periods[j])
          doc.fail(base.key("periods").index(j), "period '" + p.periods[j] + "' is given twice");
      }
      s.layout.numeric.push_back(
          {p.periods[j], doc.position(base.key("periods").index(j).pointer), "period"});
    }
  }
  const auto n = static_cast<Eigen::Index>(s.periods.size());
  if (n < 2) {
    doc.fail(p.periods.empty() ? base : base.key("periods"),
             kam::detail::cat("retention needs at least 2 periods; ", source.name(), " has ", n,
                              " besides the id"));
  }
  // The windows, checked by the library on a placeholder account with these periods.
  try {
    (void)kam::revenue_retention(Eigen::MatrixXd::Zero(1, n), p.windows);
  } catch (const kam::error& e) {
    if (e.field() == "revenue") {
      doc.fail(base.key("windows"),
               kam::detail::cat(without_site(e), ": ", n, " periods have no window (first ",
                                p.windows.first, ", step ", p.windows.step, ")"));
    }
    fail_config_field(doc, base.key("windows"), e);
  }
  if (p.cohort_group < 1 || n % p.cohort_group != 0) {
    doc.fail(base.key("cohort_group"),
             kam::detail::cat("cohort_group ", p.cohort_group, " must be >= 1 and divide the ", n,
                              " periods"));
  }
  if (p.sbg.horizon < 0 || p.sbg.horizon > 100000)
    doc.fail(base.key("sbg").key("horizon"), "horizon must be between 0 and 100000 periods");
  if (p.sbg.max_iterations < 1)
    doc.fail(base.key("sbg").key("max_iterations"), "max_iterations must be >= 1");
  if (!(p.sbg.tolerance > 0)) doc.fail(base.key("sbg").key("tolerance"), "tolerance must be > 0");
  if (p.sbg.discount) {
    try {
      (void)kam::sbg_discounted_lifetime(kam::sbg_params<double>{}, *p.sbg.discount);
    } catch (const kam::error& e) {
      doc.fail(base.key("sbg").key("discount"), without_site(e));
    }
  }
  return s;
}

/// One account's row: its id, the period it became a customer (empty: never) and its movement
/// into every period after the first ("movements.<period>").
struct retention_row {
  std::string id;
  std::optional<std::string> cohort;
  std::vector<std::pair<std::string, kam::movement>> movements;
};
BOOST_DESCRIBE_STRUCT(retention_row, (), (id, cohort, movements))

/// One retention window: revenue and logo retention of the opening cohort (see
/// kam::retention_table). Rates are empty (null) when the opening cohort is empty.
struct window_row {
  std::string opening_period;
  std::string closing_period;
  double opening_revenue = 0, expansion = 0, contraction = 0, churned_revenue = 0, new_revenue = 0,
         reactivated_revenue = 0, closing_revenue = 0;
  Eigen::Index opening_accounts = 0, retained_accounts = 0, churned_accounts = 0, new_accounts = 0,
               reactivated_accounts = 0, closing_accounts = 0;
  double grr = 0, nrr = 0, customer_retention = 0, logo_churn = 0;
};
BOOST_DESCRIBE_STRUCT(window_row, (),
                      (opening_period, closing_period, opening_revenue, expansion, contraction,
                       churned_revenue, new_revenue, reactivated_revenue, closing_revenue,
                       opening_accounts, retained_accounts, churned_accounts, new_accounts,
                       reactivated_accounts, closing_accounts, grr, nrr, customer_retention,
                       logo_churn))

/// One cohort of the cohort table: acquired in `cohort` (the first period of a group of
/// `cohort_group` periods), its size and first revenue, and logo and revenue retention by age
/// ("+0", "+1", ...; empty beyond the data).
struct cohort_row {
  std::string cohort;
  Eigen::Index size = 0;
  double initial_revenue = 0;
  std::vector<std::pair<std::string, double>> logo_retention;
  std::vector<std::pair<std::string, double>> revenue_retention;
};
BOOST_DESCRIBE_STRUCT(cohort_row, (),
                      (cohort, size, initial_revenue, logo_retention, revenue_retention))

/// One period of the projection: the share of a new cohort still a customer after `age`
/// periods, observed (the product-limit estimate pooled over the fitted cohorts, see
/// retention_pipeline::fit; empty beyond the data) and under the sBG fit, and the fit's
/// retention rate into that period.
struct projection_row {
  Eigen::Index age = 0;
  double observed = 0;
  double survival = 0;
  double retention = 0;
};
BOOST_DESCRIBE_STRUCT(projection_row, (), (age, observed, survival, retention))

/// The sBG part of the results.
struct sbg_summary {
  bool fitted = false;
  std::string note;
  std::optional<kam::sbg_fit<double>> fit;
  std::optional<double> discount;
  std::optional<double> discounted_lifetime;  ///< DEL at `discount`, in periods
};
BOOST_DESCRIBE_STRUCT(sbg_summary, (), (fitted, note, fit, discount, discounted_lifetime))

/// The summary of a `kam retention` run.
struct retention_summary {
  std::string input;
  Eigen::Index accounts = 0;
  std::vector<std::string> periods;
  kam::retention_options windows{};
  Eigen::Index cohort_group = 1;
  Eigen::Index never_active = 0;
};
BOOST_DESCRIBE_STRUCT(retention_summary, (),
                      (input, accounts, periods, windows, cohort_group, never_active))

/// Additive results over accounts (per window and per cohort).
struct retention_sums {
  Eigen::Matrix<double, Eigen::Dynamic, 7> sum;
  Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 6> count;
  struct cohort {
    Eigen::Index size = 0;
    double initial_revenue = 0;
    Eigen::VectorXd active, survived, revenue;  ///< by age, NaN beyond the data
  };
  std::map<Eigen::Index, cohort> grouped;  ///< by acquisition period (grouped periods)
  std::map<Eigen::Index, cohort> single;   ///< by acquisition period (for the sBG fit)
  Eigen::Index never_active = 0;

  void merge(const retention_sums& other) {
    sum += other.sum;
    count += other.count;
    const auto add = [](std::map<Eigen::Index, cohort>& into,
                        const std::map<Eigen::Index, cohort>& from) {
      for (const auto& [period, c] : from) {
        auto [it, fresh] = into.emplace(period, c);
        if (fresh) continue;
        it->second.size += c.size;
        it->second.initial_revenue += c.initial_revenue;
        it->second.active += c.active;
        it->second.survived += c.survived;
        it->second.revenue += c.revenue;
      }
    };
    add(grouped, other.grouped);
    add(single, other.single);
    never_active += other.never_active;
  }
};

/// One pass of `kam retention` over a revenue file.
class retention_pipeline {
 public:
  retention_pipeline(const retention_setup& setup, accounts_source source, Eigen::Index chunk_rows,
                     progress& bar)
      : setup_(setup), table_(std::move(source), setup.layout, chunk_rows, bar) {}

  /// Reads the file; `sink(rows)` receives every chunk's rows in input order. Afterwards the
  /// windows, cohorts and fit are available.
  void run(const std::function<void(const std::vector<retention_row>&)>& sink) {
    const auto merge = [](retention_sums& a, const retention_sums& b) { a.merge(b); };
    merge_tree<retention_sums, decltype(merge)> tree(merge);
    std::vector<retention_row> rows;
    const auto& names = setup_.periods;
    const Eigen::Index p = static_cast<Eigen::Index>(names.size());
    table_.first_pass(
        "pass 1/1 (read)",
        [&](const table_chunk& c) {
          kam::movement_table m;
          try {
            m = kam::movements(c.values());
          } catch (const kam::error& e) {
            rethrow(e, c);
          }
          rows.resize(static_cast<std::size_t>(c.rows));
          for (Eigen::Index r = 0; r < c.rows; ++r) {
            auto& row = rows[static_cast<std::size_t>(r)];
            row.id = c.ids[static_cast<std::size_t>(r)];
            row.cohort.reset();
            for (Eigen::Index t = 0; t < p && !row.cohort; ++t)
              if (c.x(r, t) > 0) row.cohort = names[static_cast<std::size_t>(t)];
            row.movements.clear();
            for (Eigen::Index t = 1; t < p; ++t)
              row.movements.emplace_back(names[static_cast<std::size_t>(t)], m.at(r, t));
          }
          sink(rows);
        },
        [&](const table_chunk& unit) { tree.add(sums_of(unit)); });
    sums_ = std::move(*tree.finish());
    finish();
  }

  [[nodiscard]] retention_summary summary() const {
    return {table_.name(),
            table_.accounts(),
            setup_.periods,
            setup_.settings.windows,
            setup_.settings.cohort_group,
            sums_.never_active};
  }
  [[nodiscard]] const std::vector<window_row>& windows() const noexcept { return windows_; }
  [[nodiscard]] const std::vector<cohort_row>& cohorts() const noexcept { return cohorts_; }
  [[nodiscard]] const std::vector<projection_row>& projection() const noexcept {
    return projection_;
  }
  [[nodiscard]] const sbg_summary& sbg() const noexcept { return sbg_; }
  /// Returns the last observed age of the fitted cohorts (where the projection starts).
  [[nodiscard]] Eigen::Index observed_ages() const noexcept { return observed_ages_; }

 private:
  [[noreturn]] void rethrow(const kam::error& e, const table_chunk& c) const {
    // The library names the account (row) and, in the message, the period ("period 3: ...").
    const std::string d = without_site(e);
    const auto colon = d.find(": ");
    if (e.row() && *e.row() >= 0 && *e.row() < c.rows && d.starts_with("period ") &&
        colon != std::string::npos) {
      std::size_t t = 0;
      for (std::size_t i = 7; i < colon; ++i) t = t * 10 + static_cast<std::size_t>(d[i] - '0');
      if (t < setup_.periods.size()) {
        const std::size_t col = table_.numeric_column(t);
        const bool missing = std::isnan(c.x(*e.row(), static_cast<Eigen::Index>(t)));
        throw located_error(
            e.function(), e.field(), table_.position(c, *e.row(), col),
            kam::detail::cat("column '", setup_.periods[t], "': ",
                             missing ? std::string("the revenue is missing (write 0 for a period "
                                                   "without revenue)")
                                     : d.substr(colon + 2),
                             " (", e.function(), ")"));
      }
    }
    table_.rethrow_at(e, c, {});
  }

  static retention_sums::cohort cohort_of(const kam::cohort_table<double>& t, Eigen::Index r) {
    return {t.size(r), t.initial_revenue(r), t.active.row(r).transpose(),
            t.survived.row(r).transpose(), t.revenue.row(r).transpose()};
  }

  retention_sums sums_of(const table_chunk& unit) const {
    retention_sums s;
    const auto x = unit.values();
    try {
      const auto t = kam::revenue_retention(x, setup_.settings.windows);
      s.sum.resize(t.size(), 7);
      s.count.resize(t.size(), 6);
      s.sum << t.opening_revenue, t.expansion, t.contraction, t.churned_revenue, t.new_revenue,
          t.reactivated_revenue, t.closing_revenue;
      s.count << t.opening_accounts, t.retained_accounts, t.churned_accounts, t.new_accounts,
          t.reactivated_accounts, t.closing_accounts;
      const auto single = kam::cohorts(x);
      for (Eigen::Index r = 0; r < single.period.size(); ++r)
        s.single.emplace(single.period(r), cohort_of(single, r));
      s.never_active = single.never_active;
      const Eigen::Index g = setup_.settings.cohort_group;
      if (g == 1) {
        s.grouped = s.single;
      } else {
        Eigen::MatrixXd grouped(x.rows(), x.cols() / g);
        for (Eigen::Index k = 0; k < grouped.cols(); ++k)
          grouped.col(k) = x.middleCols(k * g, g).rowwise().sum();
        const auto t2 = kam::cohorts(grouped);
        for (Eigen::Index r = 0; r < t2.period.size(); ++r)
          s.grouped.emplace(t2.period(r), cohort_of(t2, r));
      }
    } catch (const kam::error& e) {
      rethrow(e, unit);
    }
    return s;
  }

  void finish() {
    const auto& names = setup_.periods;
    const auto& w = setup_.settings.windows;
    // Windows: the library's rates, from the sums over every account.
    windows_.clear();
    for (Eigen::Index k = 0; k < sums_.sum.rows(); ++k) {
      window_row row;
      const Eigen::Index open = w.first + k * w.step;
      row.opening_period = names[static_cast<std::size_t>(open)];
      row.closing_period = names[static_cast<std::size_t>(open + w.step)];
      const auto& s = sums_.sum;
      row.opening_revenue = s(k, 0);
      row.expansion = s(k, 1);
      row.contraction = s(k, 2);
      row.churned_revenue = s(k, 3);
      row.new_revenue = s(k, 4);
      row.reactivated_revenue = s(k, 5);
      row.closing_revenue = s(k, 6);
      const auto& c = sums_.count;
      row.opening_accounts = c(k, 0);
      row.retained_accounts = c(k, 1);
      row.churned_accounts = c(k, 2);
      row.new_accounts = c(k, 3);
      row.reactivated_accounts = c(k, 4);
      row.closing_accounts = c(k, 5);
      if (c(k, 0) == 0) {
        row.grr = row.nrr = row.customer_retention = row.logo_churn =
            std::numeric_limits<double>::quiet_NaN();
      } else {
        const double o = s(k, 0);
        row.grr = (o - s(k, 2) - s(k, 3)) / o;
        row.nrr = (o + s(k, 1) - s(k, 2) - s(k, 3)) / o;
        const double crr = static_cast<double>(c(k, 1)) / static_cast<double>(c(k, 0));
        row.customer_retention = crr;
        row.logo_churn = 1.0 - crr;
      }
      windows_.push_back(std::move(row));
    }
    // The cohort table (grouped periods).
    cohorts_.clear();
    const Eigen::Index g = setup_.settings.cohort_group;
    for (const auto& [period, c] : sums_.grouped) {
      cohort_row row;
      row.cohort = names[static_cast<std::size_t>(period * g)];
      row.size = c.size;
      row.initial_revenue = c.initial_revenue;
      for (Eigen::Index a = 0; a < c.active.size(); ++a) {
        const std::string age = "+" + std::to_string(a);
        row.logo_retention.emplace_back(age, c.active(a) / static_cast<double>(c.size));
        row.revenue_retention.emplace_back(age, c.revenue(a) / c.initial_revenue);
      }
      cohorts_.push_back(std::move(row));
    }
    fit();
  }

  void fit() {
    const auto& st = setup_.settings.sbg;
    const Eigen::Index p = static_cast<Eigen::Index>(setup_.periods.size());
    std::vector<const retention_sums::cohort*> used;
    std::vector<Eigen::Index> acquired;
    for (const auto& [period, c] : sums_.single) {
      if (period == 0 && !st.include_first_cohort) continue;
      used.push_back(&c);
      acquired.push_back(period);
    }
    Eigen::MatrixXd alive(static_cast<Eigen::Index>(used.size()), p);
    observed_ages_ = 0;
    for (std::size_t k = 0; k < used.size(); ++k) {
      alive.row(static_cast<Eigen::Index>(k)) = used[k]->survived.transpose();
      observed_ages_ = std::max(observed_ages_, p - 1 - acquired[k]);
    }
    // Pooled observed survival by age, the product-limit (actuarial) estimate for cohorts of
    // staggered entry: S(0) = 1, S(a) = S(a - 1) * (survivors at age a) / (survivors at age
    // a - 1), both summed over the cohorts observed at age a. Dividing survivors by cohort sizes
    // instead would mix cohorts of different ages and can rise with age when only a few small
    // cohorts are old enough; for one cohort the two agree. No one at risk: no estimate (NaN).
    std::vector<double> at_age(static_cast<std::size_t>(p), 0.0);
    std::vector<double> at_risk(static_cast<std::size_t>(p), 0.0);
    for (std::size_t k = 0; k < used.size(); ++k) {
      for (Eigen::Index a = 1; a < p - acquired[k]; ++a) {
        at_age[static_cast<std::size_t>(a)] += used[k]->survived(a);
        at_risk[static_cast<std::size_t>(a)] += used[k]->survived(a - 1);
      }
    }
    std::vector<double> observed(static_cast<std::size_t>(p),
                                 std::numeric_limits<double>::quiet_NaN());
    if (p > 0 && !used.empty()) observed[0] = 1;
    for (std::size_t a = 1; a < observed.size(); ++a)
      if (at_risk[a] > 0) observed[a] = observed[a - 1] * at_age[a] / at_risk[a];
    const Eigen::Index horizon =
        st.horizon > 0 ? st.horizon : 2 * std::max<Eigen::Index>(observed_ages_, 1);
    sbg_ = {};
    sbg_.discount = st.discount;
    std::optional<kam::sbg_fit<double>> fit;
    if (used.empty()) {
      sbg_.note =
          "no cohort acquired after the first period (accounts active in it are of "
          "unknown age); set retention.sbg.include_first_cohort to fit them";
    } else {
      try {
        fit = kam::fit_sbg(alive, st);
      } catch (const kam::error& e) {
        sbg_.note = kam::detail::cat("no fit: ", without_site(e));
      }
    }
    Eigen::VectorXd survival, retention;
    if (fit) {
      sbg_.fitted = fit->status != kam::fit_status::boundary;
      sbg_.note = sbg_.fitted ? kam::detail::cat("fitted to ", fit->cohorts, " cohorts, ",
                                                 fit->accounts, " accounts")
                              : "the likelihood has no finite maximum (see status): no projection";
      if (sbg_.fitted) {
        survival = kam::sbg_survival(fit->params, horizon);
        retention = kam::sbg_retention(fit->params, horizon);
        if (st.discount)
          sbg_.discounted_lifetime = kam::sbg_discounted_lifetime(fit->params, *st.discount);
      }
      sbg_.fit = fit;
    }
    projection_.clear();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Eigen::Index last = sbg_.fitted ? horizon : observed_ages_;
    for (Eigen::Index t = 0; t <= last && !used.empty(); ++t) {
      projection_row row;
      row.age = t;
      const auto ts = static_cast<std::size_t>(t);
      row.observed = t < p ? observed[ts] : nan;
      row.survival = sbg_.fitted ? survival(t) : nan;
      row.retention = sbg_.fitted && t > 0 ? retention(t - 1) : nan;
      projection_.push_back(row);
    }
  }

  const retention_setup& setup_;
  chunked_table table_;
  retention_sums sums_;
  std::vector<window_row> windows_;
  std::vector<cohort_row> cohorts_;
  std::vector<projection_row> projection_;
  sbg_summary sbg_;
  Eigen::Index observed_ages_ = 0;
};

}  // namespace kam_cli
