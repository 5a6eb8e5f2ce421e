// From a transaction log to the value of a customer base: summarise each account's purchases
// (kam::summarize_transactions), fit BG/NBD for how often they buy and whether they are still
// active and Gamma-Gamma for how much (Fader, Hardie & Lee 2005), check the fit against the
// calibration histogram and the holdout period, and value every account over the next year with
// the time units said out loud (kam::clv_forecast); name the accounts most worth protecting
// (kam::next_best_play: P(churn) x CLV); then score the accounts on what the models say, as
// kam's scoring takes any criteria.
//
//   customer_base_value [log] [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD]
//                       [--discount R] [--margin M]
//
// The log is whitespace-separated `id id_sample yyyymmdd units amount` (the CDNOW format); without
// a file it reads the CDNOW log bundled for the tests (6,919 purchases of 2,357 customers,
// tests/data/PROVENANCE.md), calibrated to 1997-09-30 with a holdout to 1998-06-30.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <kam/plan/next_play.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/clv_forecast.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/transaction_summary.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/wsm.hpp>
#include <kam/version.hpp>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/example.hpp"

#ifndef KAM_CDNOW_LOG
#define KAM_CDNOW_LOG "tests/data/lifetimes/CDNOW_sample.txt"
#endif

namespace {

/// Days since 1970-01-01 of a yyyymmdd number; throws std::invalid_argument for no such date.
double day_number(long yyyymmdd) {
  const std::chrono::year_month_day date{
      std::chrono::year{static_cast<int>(yyyymmdd / 10000)},
      std::chrono::month{static_cast<unsigned>(yyyymmdd / 100 % 100)},
      std::chrono::day{static_cast<unsigned>(yyyymmdd % 100)}};
  if (!date.ok()) throw std::invalid_argument(std::to_string(yyyymmdd) + " is not a date");
  return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count());
}

/// Days since 1970-01-01 of "YYYY-MM-DD".
double iso_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    throw std::invalid_argument("'" + text + "' is not a YYYY-MM-DD date");
  return day_number(std::stol(text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2)));
}

/// The log's columns: account, day number, amount.
struct transaction_columns {
  std::vector<std::int64_t> account;
  std::vector<double> day, amount;
};

transaction_columns read_log(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read " + path);
  transaction_columns log;
  std::int64_t id = 0, sample_id = 0;
  long date = 0;
  double units = 0, amount = 0;
  while (in >> id >> sample_id >> date >> units >> amount) {
    log.account.push_back(sample_id);
    log.day.push_back(day_number(date));
    log.amount.push_back(amount);
  }
  if (!in.eof()) {
    throw std::invalid_argument(path + ": row " + std::to_string(log.account.size() + 1) +
                                " is not 'id id_sample yyyymmdd units amount'");
  }
  return log;
}

void print_fit_check(const kam::bgnbd_params<double>& p, const kam::transaction_summary& s) {
  const auto check = kam::bgnbd_repeat_count_check(p, s.frequency, s.recency, s.age);
  std::printf(
      "  repeat purchases   0      1      2      3      4      5      6     7+\n  actual   ");
  for (Eigen::Index k = 0; k < check.actual.size(); ++k) std::printf("%7.0f", check.actual(k));
  std::printf("\n  expected ");
  for (Eigen::Index k = 0; k < check.expected.size(); ++k) std::printf("%7.1f", check.expected(k));
  std::printf("\n  chi-square %.2f on %td degrees of freedom, p %.3f\n", check.chi_square,
              check.degrees_of_freedom.value_or(0), check.p_value.value_or(1));
  if (s.holdout_duration > 0) {
    const Eigen::VectorXd expected = kam::bgnbd_conditional_expected_transactions(
        p, s.holdout_duration, s.frequency, s.recency, s.age);
    std::printf("  holdout (%.1f weeks): %.0f purchases expected, %.0f made\n", s.holdout_duration,
                expected.sum(), s.holdout_frequency.sum());
  }
}

/// The retention models feeding the account-plan work: P(churn) = the probability that an
/// account active now drops out within the year (1 - P(active a year on) / P(active now)), and
/// kam::next_best_play's protect value P(churn) x CLV; expansion and the win gap are not known
/// here (NaN: not assessed). The five accounts most worth protecting, and why.
void print_protect_plays(const kam::bgnbd_params<double>& p, const kam::transaction_summary& s,
                         const Eigen::VectorXd& alive,
                         const kam::clv_forecast_result<double>& clv) {
  const Eigen::VectorXd later = kam::bgnbd_p_alive_ahead(p, 52.0, s.frequency, s.recency, s.age);
  const Eigen::VectorXd churn =
      (alive.array() > 0).select(1 - later.array() / alive.array(), 0.0).matrix();
  const Eigen::VectorXd unknown =
      Eigen::VectorXd::Constant(alive.size(), std::numeric_limits<double>::quiet_NaN());
  const kam::next_play_result plays =
      kam::next_best_play(churn, clv.value, unknown, unknown, unknown);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(alive.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  const auto protect = [&](Eigen::Index i) { return churn(i) * clv.value(i); };
  std::partial_sort(order.begin(), order.begin() + 5, order.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return protect(a) > protect(b); });
  std::printf("\naccounts most worth protecting (P(churn within a year) x CLV):\n");
  for (std::size_t k = 0; k < 5; ++k) {
    const Eigen::Index i = order[k];
    std::printf("%-8lld %s\n", static_cast<long long>(s.account[static_cast<std::size_t>(i)]),
                kam::play_reason(plays, i).c_str());
  }
}

/// The retention models' outputs as scoring criteria: the value over the next year (weight 2),
/// the probability of being still active and the mean repeat spend, min-max normalised; the five
/// accounts with the highest weighted score.
void print_value_scores(const kam::transaction_summary& s, const Eigen::VectorXd& alive,
                        const kam::clv_forecast_result<double>& clv) {
  Eigen::MatrixXd x(alive.size(), 3);
  x << clv.value, alive, s.mean_spend;
  const kam::criteria_set criteria{{"clv", 2.0}, {"p_active", 1.0}, {"mean_spend", 1.0}};
  const auto scored = kam::score(x, criteria);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(x.rows()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::partial_sort(
      order.begin(), order.begin() + 5, order.end(),
      [&](Eigen::Index a, Eigen::Index b) { return scored.scores(a) > scored.scores(b); });
  std::printf("\nscored on the models (CLV x2, P(active), mean spend):\n%-8s %6s %10s %9s %10s\n",
              "account", "score", "CLV 1 yr", "P(active)", "mean spend");
  for (std::size_t k = 0; k < 5; ++k) {
    const Eigen::Index i = order[k];
    std::printf("%-8lld %6.3f %10.2f %9.3f %10.2f\n",
                static_cast<long long>(s.account[static_cast<std::size_t>(i)]), scored.scores(i),
                clv.value(i), alive(i), s.mean_spend(i));
  }
}

int run(const std::string& path, const kam_examples::arguments& args) {
  const transaction_columns log = read_log(path);
  kam::transaction_summary_options options;
  options.unit = 7;  // days in, weeks out
  options.holdout_end = iso_day(args.text("holdout-end", "1998-06-30"));
  const double calibration_end = iso_day(args.text("calibration-end", "1997-09-30"));
  const kam::transaction_summary s =
      kam::summarize_transactions(log.account, log.day, log.amount, calibration_end, options);
  std::printf(
      "kam %s: %td purchases, %zu accounts (%zu first seen after the calibration end), "
      "%td same-day orders merged\n",
      kam::version_string, s.transactions, s.account.size(), s.later_accounts.size(),
      s.same_period_orders);

  const auto bg = kam::fit_bgnbd(s.frequency, s.recency, s.age);
  std::printf("BG/NBD (weeks): r %.4f  alpha %.4f  a %.4f  b %.4f  %s, log-likelihood %.2f\n",
              bg.params.r, bg.params.alpha, bg.params.a, bg.params.b,
              kam::enum_name(bg.status).data(), bg.log_likelihood);
  print_fit_check(bg.params, s);

  const auto gg = kam::fit_gamma_gamma(s.frequency, s.mean_spend);
  std::printf("Gamma-Gamma: p %.4f  q %.4f  gamma %.4f  %s; frequency-spend correlation %.3f%s\n",
              gg.params.p, gg.params.q, gg.params.gamma, kam::enum_name(gg.status).data(),
              gg.frequency_spend_correlation,
              gg.independence_doubtful ? " (too high: the model's assumption is doubtful)" : "");

  kam::clv_forecast_options value;
  value.model_unit_days = 7;  // the summary is in weeks
  value.period_days = 365.25 / 12;
  value.periods = 12;
  value.discount_rate = args.number("discount", 0.01);
  value.margin = args.number("margin", 1);
  const auto clv =
      kam::clv_forecast(bg.params, gg.params, s.frequency, s.recency, s.age, s.mean_spend, value);
  const Eigen::VectorXd alive = kam::bgnbd_p_alive(bg.params, s.frequency, s.recency, s.age);
  std::printf(
      "next 12 months, %.0f%% a month discount, margin %.2f: %.0f purchases expected, "
      "value %.2f\n",
      100 * value.discount_rate, value.margin, clv.expected_transactions.sum(), clv.total_value);
  print_protect_plays(bg.params, s, alive, clv);
  print_value_scores(s, alive, clv);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv,
        "customer_base_value [log] [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD] "
        "[--discount R] [--margin M]",
        {"calibration-end", "holdout-end", "discount", "margin"});
    return run(args.file(0, KAM_CDNOW_LOG), args);
  });
}
