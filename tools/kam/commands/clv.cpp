// `kam clv`: from a transaction log (one row per order: account id, date, amount), every
// account's purchase summary, the probability that it is still active, the purchases and spend
// to expect from it and its lifetime value over the coming months (BG/NBD x Gamma-Gamma), with
// the time units stated.
#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <kam/retention.hpp>
#include <kam/version.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "command.hpp"
#include "csv.hpp"
#include "located_error.hpp"
#include "output.hpp"
#include "report.hpp"
#include "setup.hpp"
#include "svg.hpp"

namespace kam_tool {
namespace {

/// One account's row of `kam clv`.
struct clv_row {
  std::string id;
  double frequency = 0, recency = 0, age = 0, mean_spend = 0;
  double p_alive = 0, expected_purchases = 0, expected_spend = 0, clv = 0;
};
BOOST_DESCRIBE_STRUCT(clv_row, (),
                      (id, frequency, recency, age, mean_spend, p_alive, expected_purchases,
                       expected_spend, clv))

/// The log as kam::summarize_transactions reads it, with the account ids in order of first
/// appearance (account k is ids[k]).
struct transaction_log_columns {
  std::vector<std::string> ids;
  std::vector<std::int64_t> account;
  std::vector<double> day, amount;
};

/// Returns the days since 1970-01-01 of "YYYY-MM-DD", or nothing for other text.
std::optional<double> iso_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  for (std::size_t k = 0; k < 10; ++k) {
    if (k == 4 || k == 7) continue;
    if (text[k] < '0' || text[k] > '9') return std::nullopt;
    const auto digit = static_cast<unsigned>(text[k] - '0');
    if (k < 4)
      y = y * 10 + static_cast<int>(digit);
    else if (k < 7)
      m = m * 10 + digit;
    else
      d = d * 10 + digit;
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count());
}

/// Returns the position of column `name` of `t`; throws located_error at the header otherwise.
std::size_t column_of(const csv_table& t, const std::string& name, const char* option) {
  if (const auto c = t.find(name)) return *c;
  throw located_error("kam clv", name, {t.source, 1, 1},
                      fmt::format("no column '{}' (choose it with --{}); the columns are {}", name,
                                  option, quoted_list(t.header)));
}

transaction_log_columns read_log(const csv_table& t, const invocation& args) {
  const std::size_t id = column_of(t, args.get("id").value_or("id"), "id");
  const std::size_t date = column_of(t, args.get("date").value_or("date"), "date");
  const std::size_t amount = column_of(t, args.get("amount").value_or("amount"), "amount");
  transaction_log_columns log;
  std::unordered_map<std::string, std::int64_t> number_of;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string key = t.text(r, id);
    if (key.empty()) throw located_error("kam clv", t.header[id], t.position(r, id), "no id");
    const auto day = iso_day(t.text(r, date));
    if (!day) {
      throw located_error("kam clv", t.header[date], t.position(r, date),
                          fmt::format("'{}' is not a YYYY-MM-DD date", t.text(r, date)));
    }
    const double value = t.number(r, amount);
    if (!std::isfinite(value)) {
      throw located_error("kam clv", t.header[amount], t.position(r, amount), "no amount");
    }
    const auto [it, added] = number_of.emplace(key, static_cast<std::int64_t>(log.ids.size()));
    if (added) log.ids.push_back(key);
    log.account.push_back(it->second);
    log.day.push_back(*day);
    log.amount.push_back(value);
  }
  if (log.ids.empty()) throw located_error("kam clv", "", {t.source, 0, 0}, "no transactions");
  return log;
}

/// Returns the value of the number option `name` (default `fallback`); throws usage_error for
/// text that is not a finite number.
double number_option(const invocation& args, std::string_view name, double fallback) {
  const auto text = args.get(name);
  if (!text) return fallback;
  const auto v = parse_number(*text);
  if (!v) throw usage_error(fmt::format("--{} needs a number, not '{}'", name, *text));
  return *v;
}

/// Returns the calibration end: --calibration-end, or the last date of the log.
double calibration_end(const invocation& args, const transaction_log_columns& log) {
  const auto text = args.get("calibration-end");
  if (!text) return *std::max_element(log.day.begin(), log.day.end());
  const auto day = iso_day(*text);
  if (!day) throw usage_error(fmt::format("--calibration-end needs YYYY-MM-DD, not '{}'", *text));
  return *day;
}

/// Tells on standard error what was not valued or merged, so that nothing goes missing silently.
void report_gaps(const kam::transaction_summary& s, const transaction_log_columns& log) {
  if (!s.later_accounts.empty()) {
    std::vector<std::string> some;
    for (std::size_t k = 0; k < s.later_accounts.size() && k < 5; ++k)
      some.push_back(log.ids[static_cast<std::size_t>(s.later_accounts[k])]);
    std::cerr << fmt::format(
        "kam clv: {} account(s) first bought after the calibration end and are not valued "
        "(first: {})\n",
        s.later_accounts.size(), quoted_list(some));
  }
  if (s.rows_after_end > 0) {
    std::cerr << fmt::format("kam clv: {} order(s) after the calibration end were not used\n",
                             s.rows_after_end);
  }
}

/// Returns the forecast options from the flags; throws usage_error naming the flag for a value
/// kam::clv_forecast would refuse.
kam::clv_forecast_options forecast_options(const invocation& args) {
  kam::clv_forecast_options value;
  value.model_unit_days = number_option(args, "unit-days", 7);
  value.period_days = number_option(args, "month-days", 365.25 / 12);
  const long long months = integer_option(args, "months", 12, 1);
  if (months > kam::clv_forecast_max_periods) {
    throw usage_error(
        fmt::format("--months must be 1 to {}, not {}", kam::clv_forecast_max_periods, months));
  }
  value.periods = static_cast<int>(months);
  value.discount_rate = number_option(args, "discount", 0.01);
  value.margin = number_option(args, "margin", 1);
  try {
    kam::validate(value);
  } catch (const kam::invalid_input& e) {
    const std::unordered_map<std::string, std::string> flag{{"model_unit_days", "unit-days"},
                                                            {"period_days", "month-days"},
                                                            {"periods", "months"},
                                                            {"discount_rate", "discount"},
                                                            {"margin", "margin"}};
    const auto it = flag.find(e.field());
    throw usage_error(
        fmt::format("--{}: {}", it != flag.end() ? it->second : e.field(), e.reason()));
  }
  return value;
}

/// The models of one transaction log: the summary, both fits and the per-account predictions.
struct clv_models {
  transaction_log_columns log;
  kam::transaction_summary summary;
  kam::bgnbd_fit<double> bgnbd;
  kam::gamma_gamma_fit<double> gamma_gamma;
  Eigen::VectorXd p_alive;
  kam::clv_forecast_result<double> clv;
};

/// Reads the log at `path` and fits the models (calibration end and units from `args`).
clv_models fit_models(const std::string& path, const invocation& args,
                      const kam::clv_forecast_options& value) {
  clv_models m;
  m.log = read_log(read_csv_file(path), args);
  kam::transaction_summary_options summary_options;
  summary_options.unit = value.model_unit_days;
  m.summary = kam::summarize_transactions(m.log.account, m.log.day, m.log.amount,
                                          calibration_end(args, m.log), summary_options);
  report_gaps(m.summary, m.log);
  const auto& s = m.summary;
  m.bgnbd = kam::fit_bgnbd(s.frequency, s.recency, s.age);
  m.gamma_gamma = kam::fit_gamma_gamma(s.frequency, s.mean_spend);
  m.p_alive = kam::bgnbd_p_alive(m.bgnbd.params, s.frequency, s.recency, s.age);
  m.clv = kam::clv_forecast(m.bgnbd.params, m.gamma_gamma.params, s.frequency, s.recency, s.age,
                            s.mean_spend, value);
  return m;
}

int run_clv(const invocation& args) {
  if (args.positional.size() != 1)
    throw usage_error("expected exactly one transaction log (CSV: id, date, amount)");
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  const kam::clv_forecast_options value = forecast_options(args);
  const clv_models m = fit_models(args.positional[0], args, value);
  const auto& s = m.summary;
  output_file out(out_path, *args.out, {args.positional[0]});
  boost::json::object head;
  head["kam"] = kam::version_string;
  head["command"] = "clv";
  head["bgnbd"] = to_json(m.bgnbd);
  head["gamma_gamma"] = to_json(m.gamma_gamma);
  head["options"] = to_json(value);
  table_writer<clv_row> writer(out.stream(), format, "accounts", head);
  writer.set_precision(precision_of(args));
  for (std::size_t k = 0; k < s.account.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    writer.write({m.log.ids[static_cast<std::size_t>(s.account[k])], s.frequency(i), s.recency(i),
                  s.age(i), s.mean_spend(i), m.p_alive(i), m.clv.expected_transactions(i),
                  m.clv.expected_spend(i), m.clv.value(i)});
  }
  boost::json::object tail;
  tail["total_clv"] = m.clv.total_value;
  writer.finish(tail);
  out.commit();
  return 0;
}

/// The fit check: accounts with 0..6 and 7+ repeat purchases, counted and expected.
report_section fit_check_section(const clv_models& m) {
  const auto& s = m.summary;
  const auto check = kam::bgnbd_repeat_count_check(m.bgnbd.params, s.frequency, s.recency, s.age);
  table_chart t;
  t.header = {"repeat purchases", "accounts", "expected by the model"};
  for (Eigen::Index k = 0; k < check.actual.size(); ++k) {
    t.rows.push_back({k + 1 < check.actual.size() ? std::to_string(k) : std::to_string(k) + "+",
                      short_number(check.actual(k), 0), short_number(check.expected(k), 1)});
  }
  return {
      "repeat-buyers-fit", "Repeat buyers: the BG/NBD fit",
      fmt::format("Accounts by repeat purchases up to the calibration end, against the "
                  "BG/NBD model (Fader, Hardie & Lee 2005): r {}, alpha {}, a {}, b {}, {}; "
                  "Pearson chi-square {} on {} degrees of freedom (p {}).",
                  short_number(m.bgnbd.params.r, 3), short_number(m.bgnbd.params.alpha, 3),
                  short_number(m.bgnbd.params.a, 3), short_number(m.bgnbd.params.b, 3),
                  kam::enum_name(m.bgnbd.status), short_number(check.chi_square, 2),
                  check.degrees_of_freedom.value_or(0), short_number(check.p_value.value_or(1), 3)),
      std::move(t)};
}

/// The accounts whose value is most at risk: their lifetime value times the probability that,
/// active now, they drop out within the forecast horizon (1 - P(active at its end) / P(active
/// now), BG/NBD). An account that is almost surely gone already has little left to lose.
report_section at_risk_section(const clv_models& m, const kam::clv_forecast_options& value) {
  const auto n = static_cast<std::size_t>(m.p_alive.size());
  const double horizon = value.periods * value.period_days / value.model_unit_days;
  const Eigen::VectorXd later = kam::bgnbd_p_alive_ahead(
      m.bgnbd.params, horizon, m.summary.frequency, m.summary.recency, m.summary.age);
  std::vector<double> at_risk(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    const double drop_out = m.p_alive(i) > 0 ? 1 - later(i) / m.p_alive(i) : 0.0;
    at_risk[k] = m.clv.value(i) * drop_out;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = k;
  const std::size_t shown = std::min<std::size_t>(15, n);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](std::size_t a, std::size_t b) { return at_risk[a] > at_risk[b]; });
  table_chart t;
  t.header = {"account", "repeat purchases", "P(active)", "lifetime value", "value at risk"};
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t a = order[k];
    const auto i = static_cast<Eigen::Index>(a);
    t.rows.push_back({m.log.ids[static_cast<std::size_t>(m.summary.account[a])],
                      short_number(m.summary.frequency(i), 0), short_number(m.p_alive(i), 3),
                      short_number(m.clv.value(i), 2), short_number(at_risk[a], 2)});
  }
  return {"clv-at-risk", "Lifetime value at risk",
          fmt::format("The accounts whose value over the next {} months is most at risk: their "
                      "lifetime value (BG/NBD x Gamma-Gamma, {}% a month discount) times the "
                      "probability that, active now, they drop out within those months.",
                      value.periods, 100 * value.discount_rate),
          std::move(t), true};
}

/// Adds the repeat-buyer sections when the report is given --transactions.
void contribute_clv(const report_input& in, report& r) {
  const auto path = in.args.get("transactions");
  if (!path) return;
  const kam::clv_forecast_options value = forecast_options(in.args);
  const clv_models m = fit_models(*path, in.args, value);
  r.sections.push_back(fit_check_section(m));
  histogram_chart h;
  h.x_label = "P(active): the probability that an account is still a customer";
  h.counts.assign(10, 0.0);
  for (Eigen::Index i = 0; i < m.p_alive.size(); ++i)
    h.counts[std::min<std::size_t>(9, static_cast<std::size_t>(m.p_alive(i) * 10))] += 1;
  r.sections.push_back(
      {"p-alive", "Which accounts are still active",
       fmt::format("{} accounts by P(active) at the calibration end (BG/NBD).", m.p_alive.size()),
       std::move(h)});
  r.sections.push_back(at_risk_section(m, value));
  r.cards.push_back({"lifetime value, 12 months", short_number(m.clv.total_value, 0),
                     fmt::format("{} accounts, BG/NBD x Gamma-Gamma", m.p_alive.size())});
}

}  // namespace

namespace commands {

command clv() {
  return {
      .name = "clv",
      .summary = "P(active), expected purchases and lifetime value from a transaction log",
      .usage =
          "kam clv [options] TRANSACTIONS.csv\n\n"
          "Reads a transaction log (one row per order: account id, date YYYY-MM-DD, amount),\n"
          "summarises each account's repeat purchases (orders on one day are one purchase),\n"
          "fits BG/NBD (how often accounts buy and whether they are still active) and\n"
          "Gamma-Gamma (how much), and writes one row per account, in order of first\n"
          "appearance: frequency, recency and age (in units of --unit-days days), mean\n"
          "repeat spend, P(active), the purchases and spend per purchase expected over the\n"
          "next --months months, and the lifetime value over them, discounted monthly.\n"
          "JSON output adds both fits. Accounts first seen after --calibration-end are\n"
          "named on standard error, not valued.",
      .options = {{"output", "FILE", "where to write (default: standard output)", 'o'},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"id", "COLUMN", "the account id column (default id)"},
                  {"date", "COLUMN", "the order date column, YYYY-MM-DD (default date)"},
                  {"amount", "COLUMN", "the order amount column (default amount)"},
                  {"calibration-end", "DATE",
                   "the last date the models learn from (default: "
                   "the last date of the log)"},
                  {"unit-days", "N", "days in the models' time unit (default 7: weeks)"},
                  {"months", "N", "the horizon of the value, in months (default 12)"},
                  {"month-days", "N", "days in a month (default 30.4375)"},
                  {"discount", "R", "discount rate per month (default 0.01)"},
                  {"margin", "M", "share of spend that is value (default 1)"},
                  {"precision", "N", "write numbers with N significant digits"}},
      .section = "",
      .run = &run_clv,
      .contribute = &contribute_clv,
      .report_options = {{"transactions", "FILE",
                          "a transaction log (id, date, amount): the repeat-buyer sections"}},
  };
}

}  // namespace commands
}  // namespace kam_tool
