// `kam retention` behind the command line (see retention.hpp).
#include "retention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <kam/core.hpp>
#include <limits>

#include "csv.hpp"
#include "setup.hpp"

namespace kam_tool {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The period columns: configured, or every column of the file but the id, in file order; with
// fewer than 2 of the latter the file's header is at fault, and the error points there.
void load_periods(const json_document& doc, const json_path& base, const accounts_source& source,
                  retention_setup& s) {
  const auto& periods = s.settings.periods;
  if (periods.empty()) {
    const auto stream = source.open();
    const csv_reader reader(*stream, source.name());
    for (const auto& h : reader.header())
      if (h != s.layout.id) s.periods.push_back(h);
    if (s.periods.size() < 2) {
      throw located_error("kam_tool::load_retention_setup", "periods",
                          {source.name(), reader.header_line(), 1},
                          fmt::format("retention needs at least 2 period columns besides the id "
                                      "column '{}'; the file has {}",
                                      s.layout.id, s.periods.size()));
    }
    for (const auto& name : s.periods) s.layout.numeric.push_back({name, {}, "period"});
    return;
  }
  s.periods = periods;
  for (std::size_t j = 0; j < periods.size(); ++j) {
    if (std::find(periods.begin(), periods.begin() + static_cast<std::ptrdiff_t>(j), periods[j]) !=
        periods.begin() + static_cast<std::ptrdiff_t>(j))
      doc.fail(base.key("periods").index(j), fmt::format("period '{}' is given twice", periods[j]));
    s.layout.numeric.push_back(
        {periods[j], doc.position(base.key("periods").index(j).pointer), "period"});
  }
}

void check_sbg(const json_document& doc, const json_path& base, const sbg_settings& sbg) {
  const json_path at = base.key("sbg");
  if (sbg.horizon < 0 || sbg.horizon > 100000)
    doc.fail(at.key("horizon"), "horizon must be between 0 and 100000 periods");
  if (sbg.max_iterations < 1) doc.fail(at.key("max_iterations"), "max_iterations must be >= 1");
  if (!(sbg.tolerance > 0)) doc.fail(at.key("tolerance"), "tolerance must be > 0");
  if (!sbg.discount) return;
  try {
    kam::validate_lifetime_discount(*sbg.discount);
  } catch (const kam::error& e) {
    doc.fail(at.key("discount"), e.reason());
  }
}

retention_sums::cohort cohort_of(const kam::cohort_table<double>& t, Eigen::Index r) {
  return {t.size(r), t.initial_revenue(r), t.active.row(r).transpose(),
          t.survived.row(r).transpose(), t.revenue.row(r).transpose()};
}

std::map<Eigen::Index, retention_sums::cohort> cohorts_of(const kam::cohort_table<double>& t) {
  std::map<Eigen::Index, retention_sums::cohort> out;
  for (Eigen::Index r = 0; r < t.period.size(); ++r) out.emplace(t.period(r), cohort_of(t, r));
  return out;
}

void add_cohorts(std::map<Eigen::Index, retention_sums::cohort>& into,
                 const std::map<Eigen::Index, retention_sums::cohort>& from) {
  for (const auto& [period, c] : from) {
    auto [it, fresh] = into.emplace(period, c);
    if (fresh) continue;
    it->second.size += c.size;
    it->second.initial_revenue += c.initial_revenue;
    it->second.active += c.active;
    it->second.survived += c.survived;
    it->second.revenue += c.revenue;
  }
}

// Pooled observed survival by age, the product-limit (actuarial) estimate for cohorts of
// staggered entry: S(0) = 1, S(a) = S(a - 1) * (survivors at age a) / (survivors at age a - 1),
// both summed over the cohorts observed at age a. Dividing survivors by cohort sizes instead
// would mix cohorts of different ages and can rise with age when only a few small cohorts are
// old enough; for one cohort the two agree. No one at risk: no estimate (NaN).
std::vector<double> observed_survival(const std::vector<const retention_sums::cohort*>& used,
                                      const std::vector<Eigen::Index>& acquired, Eigen::Index p) {
  const auto n = static_cast<std::size_t>(p);
  std::vector<double> at_age(n, 0.0);
  std::vector<double> at_risk(n, 0.0);
  for (std::size_t k = 0; k < used.size(); ++k) {
    for (Eigen::Index a = 1; a < p - acquired[k]; ++a) {
      at_age[static_cast<std::size_t>(a)] += used[k]->survived(a);
      at_risk[static_cast<std::size_t>(a)] += used[k]->survived(a - 1);
    }
  }
  std::vector<double> observed(n, nan);
  if (p > 0 && !used.empty()) observed[0] = 1;
  for (std::size_t a = 1; a < n; ++a)
    if (at_risk[a] > 0) observed[a] = observed[a - 1] * at_age[a] / at_risk[a];
  return observed;
}

}  // namespace

void retention_sums::merge(const retention_sums& other) {
  sum += other.sum;
  count += other.count;
  add_cohorts(grouped, other.grouped);
  add_cohorts(single, other.single);
  never_active += other.never_active;
}

retention_setup load_retention_setup(const configuration& cfg, const accounts_source& source) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("retention");
  retention_setup s;
  s.settings = cfg.section<retention_settings>("retention");
  const auto& p = s.settings;
  s.layout.id = id_column(cfg);
  load_periods(doc, base, source, s);
  const auto n = static_cast<Eigen::Index>(s.periods.size());
  if (n < 2) doc.fail(base.key("periods"), "retention needs at least 2 periods");
  try {
    kam::validate(p.windows, n);
  } catch (const kam::error& e) {
    // No window fits in the periods: the windows as a whole are at fault.
    if (e.field() == "periods") doc.fail(base.key("windows"), e.reason());
    fail_at_member(doc, base.key("windows"), e);
  }
  if (p.cohort_group < 1 || n % p.cohort_group != 0) {
    doc.fail(
        base.key("cohort_group"),
        fmt::format("cohort_group {} must be >= 1 and divide the {} periods", p.cohort_group, n));
  }
  check_sbg(doc, base, p.sbg);
  return s;
}

retention_pipeline::retention_pipeline(const retention_setup& setup, accounts_source source,
                                       Eigen::Index chunk_rows, progress& bar)
    : setup_(setup), table_(std::move(source), setup.layout, chunk_rows, bar) {}

void retention_pipeline::run(const std::function<void(const std::vector<retention_row>&)>& sink) {
  kam::merge_tree<retention_sums> tree;
  std::vector<retention_row> rows;
  table_.first_pass(
      "pass 1/1 (read)",
      [&](const table_chunk& c) {
        check_revenue(c);
        rows_of(c, rows);
        sink(rows);
      },
      [&](const table_chunk& unit) { tree.add(sums_of(unit)); });
  sums_ = std::move(*tree.finish());
  windows_from_sums();
  cohorts_from_sums();
  fit();
}

// Every revenue must be given and >= 0 (0: not a customer then): checked here, where the file
// position of the value is known, before the library sees the chunk.
void retention_pipeline::check_revenue(const table_chunk& c) const {
  for (Eigen::Index t = 0; t < c.x.cols(); ++t) {
    for (Eigen::Index r = 0; r < c.rows; ++r) {
      const double v = c.x(r, t);
      if (std::isnan(v)) {
        table_.fail_at(c, r, table_.numeric_column(t),
                       "the revenue is missing (write 0 for a period without revenue)");
      }
      if (v < 0) {
        table_.fail_at(c, r, table_.numeric_column(t), fmt::format("revenue {} is negative", v));
      }
    }
  }
}

// The accounts' rows: id, first period with revenue, and the movement into every later period.
void retention_pipeline::rows_of(const table_chunk& c, std::vector<retention_row>& rows) const {
  kam::movement_table m;
  try {
    m = kam::movements(c.values());
  } catch (const kam::error& e) {
    table_.rethrow_at(e, c, {});
  }
  const auto& names = setup_.periods;
  const auto p = static_cast<Eigen::Index>(names.size());
  rows.resize(static_cast<std::size_t>(c.rows));
  for (Eigen::Index r = 0; r < c.rows; ++r) {
    auto& row = rows[static_cast<std::size_t>(r)];
    row.id = c.id(r);
    row.cohort.reset();
    for (Eigen::Index t = 0; t < p && !row.cohort; ++t)
      if (c.x(r, t) > 0) row.cohort = names[static_cast<std::size_t>(t)];
    row.movements.clear();
    for (Eigen::Index t = 1; t < p; ++t)
      row.movements.emplace_back(names[static_cast<std::size_t>(t)], m.at(r, t));
  }
}

retention_sums retention_pipeline::sums_of(const table_chunk& unit) const {
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
    s.single = cohorts_of(single);
    s.never_active = single.never_active;
    const Eigen::Index g = setup_.settings.cohort_group;
    if (g == 1) {
      s.grouped = s.single;
      return s;
    }
    Eigen::MatrixXd grouped(x.rows(), x.cols() / g);
    for (Eigen::Index k = 0; k < grouped.cols(); ++k)
      grouped.col(k) = x.middleCols(k * g, g).rowwise().sum();
    s.grouped = cohorts_of(kam::cohorts(grouped));
  } catch (const kam::error& e) {
    table_.rethrow_at(e, unit, {});
  }
  return s;
}

// Windows: the library's rates, from the sums over every account.
void retention_pipeline::windows_from_sums() {
  const auto& names = setup_.periods;
  const auto& w = setup_.settings.windows;
  const auto& s = sums_.sum;
  const auto& c = sums_.count;
  windows_.clear();
  for (Eigen::Index k = 0; k < s.rows(); ++k) {
    window_row row;
    const Eigen::Index open = w.first + k * w.step;
    row.opening_period = names[static_cast<std::size_t>(open)];
    row.closing_period = names[static_cast<std::size_t>(open + w.step)];
    row.opening_revenue = s(k, 0);
    row.expansion = s(k, 1);
    row.contraction = s(k, 2);
    row.churned_revenue = s(k, 3);
    row.new_revenue = s(k, 4);
    row.reactivated_revenue = s(k, 5);
    row.closing_revenue = s(k, 6);
    row.opening_accounts = c(k, 0);
    row.retained_accounts = c(k, 1);
    row.churned_accounts = c(k, 2);
    row.new_accounts = c(k, 3);
    row.reactivated_accounts = c(k, 4);
    row.closing_accounts = c(k, 5);
    row.grr = row.nrr = row.customer_retention = row.logo_churn = nan;
    if (c(k, 0) != 0) {
      const double o = s(k, 0);
      row.grr = (o - s(k, 2) - s(k, 3)) / o;
      row.nrr = (o + s(k, 1) - s(k, 2) - s(k, 3)) / o;
      row.customer_retention = static_cast<double>(c(k, 1)) / static_cast<double>(c(k, 0));
      row.logo_churn = 1.0 - row.customer_retention;
    }
    windows_.push_back(std::move(row));
  }
}

// The cohort table (grouped periods).
void retention_pipeline::cohorts_from_sums() {
  const auto& names = setup_.periods;
  const Eigen::Index g = setup_.settings.cohort_group;
  cohorts_.clear();
  for (const auto& [period, c] : sums_.grouped) {
    cohort_row row;
    row.cohort = names[static_cast<std::size_t>(period * g)];
    row.size = c.size;
    row.initial_revenue = c.initial_revenue;
    for (Eigen::Index a = 0; a < c.active.size(); ++a) {
      const std::string age = fmt::format("+{}", a);
      row.logo_retention.emplace_back(age, c.active(a) / static_cast<double>(c.size));
      row.revenue_retention.emplace_back(age, c.revenue(a) / c.initial_revenue);
    }
    cohorts_.push_back(std::move(row));
  }
}

// The sBG fit to the survivors by age of the cohorts acquired after the first period (or all,
// with include_first_cohort), and its projection against the observed survival.
void retention_pipeline::fit() {
  const auto& st = setup_.settings.sbg;
  const auto p = static_cast<Eigen::Index>(setup_.periods.size());
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
  const auto observed = observed_survival(used, acquired, p);
  const Eigen::Index horizon =
      st.horizon > 0 ? st.horizon : 2 * std::max<Eigen::Index>(observed_ages_, 1);
  sbg_ = {};
  sbg_.discount = st.discount;
  if (used.empty()) {
    sbg_.note =
        "no cohort acquired after the first period (accounts active in it are of "
        "unknown age); set retention.sbg.include_first_cohort to fit them";
  } else {
    sbg_.fit = fit_cohorts(alive);
  }
  project(observed, horizon, !used.empty());
}

// Fits the sBG model; a fit the library rejects, or one without a finite maximum, is noted.
std::optional<kam::sbg_fit<double>> retention_pipeline::fit_cohorts(const Eigen::MatrixXd& alive) {
  const auto& st = setup_.settings.sbg;
  std::optional<kam::sbg_fit<double>> fit;
  try {
    fit = kam::fit_sbg(alive, st);
  } catch (const kam::error& e) {
    sbg_.note = fmt::format("no fit: {}", e.reason());
    return fit;
  }
  sbg_.fitted = fit->status != kam::fit_status::boundary;
  sbg_.note = sbg_.fitted
                  ? fmt::format("fitted to {} cohorts, {} accounts", fit->cohorts, fit->accounts)
                  : "the likelihood has no finite maximum (see status): no projection";
  if (sbg_.fitted && st.discount)
    sbg_.discounted_lifetime = kam::sbg_discounted_lifetime(fit->params, *st.discount);
  return fit;
}

// The projection table: observed survival by age, and the fit's survival and retention.
void retention_pipeline::project(const std::vector<double>& observed, Eigen::Index horizon,
                                 bool any) {
  Eigen::VectorXd survival;
  Eigen::VectorXd retention;
  if (sbg_.fitted) {
    survival = kam::sbg_survival(sbg_.fit->params, horizon);
    retention = kam::sbg_retention(sbg_.fit->params, horizon);
  }
  projection_.clear();
  const auto p = static_cast<Eigen::Index>(observed.size());
  const Eigen::Index last = sbg_.fitted ? horizon : observed_ages_;
  for (Eigen::Index t = 0; t <= last && any; ++t) {
    projection_row row;
    row.age = t;
    row.observed = t < p ? observed[static_cast<std::size_t>(t)] : nan;
    row.survival = sbg_.fitted ? survival(t) : nan;
    row.retention = sbg_.fitted && t > 0 ? retention(t - 1) : nan;
    projection_.push_back(row);
  }
}

retention_summary retention_pipeline::summary() const {
  return {table_.name(),
          table_.accounts(),
          setup_.periods,
          setup_.settings.windows,
          setup_.settings.cohort_group,
          sums_.never_active};
}

}  // namespace kam_tool
