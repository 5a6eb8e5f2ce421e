// Tests of kam/retention/transaction_summary.hpp: a log summarised by hand, chunking and order
// that change nothing, and the CDNOW log against the published CDNOW summary.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <kam/retention/transaction_summary.hpp>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "catch.hpp"
#include "reference_data.hpp"

using Catch::Matchers::WithinAbs;

namespace {

/// A transaction log in three columns.
struct log_columns {
  std::vector<std::int64_t> account;
  std::vector<double> time, amount;
};

/// Days since 1970-01-01 of a yyyymmdd date.
double day_number(int yyyymmdd) {
  const std::chrono::year_month_day date{std::chrono::year{yyyymmdd / 10000},
                                         std::chrono::month{unsigned(yyyymmdd / 100 % 100)},
                                         std::chrono::day{unsigned(yyyymmdd % 100)}};
  return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count());
}

/// The 6,919 purchases of CDNOW_sample.txt (provenance in tests/data/PROVENANCE.md): account =
/// id_sample, time = day number, amount = dollar_value.
log_columns cdnow_log() {
  std::ifstream in(kam_test::reference_path("lifetimes/CDNOW_sample.txt"));
  REQUIRE(in.good());
  log_columns log;
  std::int64_t id_total = 0, id_sample = 0;
  int date = 0, cds = 0;
  double dollars = 0;
  while (in >> id_total >> id_sample >> date >> cds >> dollars) {
    log.account.push_back(id_sample);
    log.time.push_back(day_number(date));
    log.amount.push_back(dollars);
  }
  return log;
}

/// Fader, Hardie & Lee's summary of the same customers: ID, x, t_x, T, zbar.
kam_test::numeric_table cdnow_summary() {
  return kam_test::read_reference_csv("lifetimes/cdnow_customers_summary_with_transactions.csv");
}

/// A small log worked by hand (days; calibration to day 30, holdout to day 60, weeks out):
/// account 7 buys on days 0 (10 and 5: one transaction), 14 (20), 21 (30), 40 (8, holdout) and
/// 100 (after the holdout); account 9 on day 28 (12); account 3 first on day 35 (after the
/// calibration end). Rows deliberately unsorted.
log_columns hand_log() {
  return {{7, 3, 9, 7, 7, 7, 7, 7}, {21, 35, 28, 0, 40, 14, 100, 0}, {30, 4, 12, 10, 8, 20, 1, 5}};
}

}  // namespace

TEST_CASE("summarize_transactions: a log worked by hand", "[transaction_summary]") {
  const log_columns log = hand_log();
  kam::transaction_summary_options options;
  options.unit = 7;  // days in, weeks out
  options.holdout_end = 60;
  const kam::transaction_summary s =
      kam::summarize_transactions(log.account, log.time, log.amount, 30, options);
  REQUIRE(s.account == std::vector<std::int64_t>{7, 9});
  // Account 7: repeat periods 14 and 21 -> x = 2; recency (21 - 0) / 7 = 3 weeks; age
  // (30 - 0) / 7; mean repeat spend (20 + 30) / 2 = 25 (day 0's 15 is the first purchase);
  // holdout: day 40 -> 1 transaction of 8.
  CHECK(s.frequency(0) == 2);
  CHECK_THAT(s.recency(0), WithinAbs(3.0, 1e-15));
  CHECK_THAT(s.age(0), WithinAbs(30.0 / 7, 1e-15));
  CHECK(s.mean_spend(0) == 25);
  CHECK(s.holdout_frequency(0) == 1);
  CHECK(s.holdout_mean_spend(0) == 8);
  // Account 9: one purchase on day 28 -> x = 0, recency 0, age (30 - 28) / 7.
  CHECK(s.frequency(1) == 0);
  CHECK(s.recency(1) == 0);
  CHECK_THAT(s.age(1), WithinAbs(2.0 / 7, 1e-15));
  CHECK(s.mean_spend(1) == 0);
  CHECK(s.holdout_frequency(1) == 0);
  CHECK_THAT(s.holdout_duration, WithinAbs(30.0 / 7, 1e-15));  // (60 - 30) / 7
  CHECK(s.later_accounts == std::vector<std::int64_t>{3});
  CHECK(s.transactions == 8);
  CHECK(s.same_period_orders == 1);  // day 0's second order
  CHECK(s.rows_after_end == 1);      // day 100
}

TEST_CASE("summarize_transactions: weekly periods merge the orders of one week",
          "[transaction_summary]") {
  const log_columns log = hand_log();
  kam::transaction_summary_options options;
  options.period = 7;  // weeks 0 (days 0-6), 2 (14), 3 (21, 28), 4 (30-34), 5 (35), 14 (100)
  options.unit = 7;
  const kam::transaction_summary s =
      kam::summarize_transactions(log.account, log.time, log.amount, 30, options);
  // Calibration end 30 is in week 4. Account 7: weeks 0, 2, 3 -> x = 2, recency 3 weeks, age 4
  // weeks; account 9: week 4 only -> age 0; rows after week 4: days 40 and 100 of account 7.
  REQUIRE(s.account == std::vector<std::int64_t>{7, 9});
  CHECK(s.frequency(0) == 2);
  CHECK(s.recency(0) == 3);
  CHECK(s.age(0) == 4);
  CHECK(s.age(1) == 0);
  CHECK(s.rows_after_end == 2);
  CHECK(s.holdout_duration == 0);
}

TEST_CASE("transaction_log: any chunking and order give the same bits", "[transaction_summary]") {
  const log_columns log = cdnow_log();
  kam::transaction_summary_options options;
  options.unit = 7;
  options.holdout_end = day_number(19980630);
  const double end = day_number(19970930);
  const kam::transaction_summary whole =
      kam::summarize_transactions(log.account, log.time, log.amount, end, options);

  std::vector<std::size_t> order(log.account.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(20261206);
  std::shuffle(order.begin(), order.end(), rng);
  kam::transaction_log first, second;
  for (std::size_t begin = 0; begin < order.size(); begin += 1000) {  // chunks of 1000 rows
    log_columns chunk;
    for (std::size_t k = begin; k < std::min(order.size(), begin + 1000); ++k) {
      chunk.account.push_back(log.account[order[k]]);
      chunk.time.push_back(log.time[order[k]]);
      chunk.amount.push_back(log.amount[order[k]]);
    }
    (begin < 3000 ? first : second).add(chunk.account, chunk.time, chunk.amount);
  }
  first.merge(second);
  REQUIRE(first.rows() == static_cast<Eigen::Index>(log.account.size()));
  const kam::transaction_summary pieces = first.summarize(end, options);
  CHECK(pieces.account == whole.account);
  CHECK(pieces.frequency == whole.frequency);
  CHECK(pieces.recency == whole.recency);
  CHECK(pieces.age == whole.age);
  CHECK(pieces.mean_spend == whole.mean_spend);  // exact: the same sums in the same order
  CHECK(pieces.holdout_frequency == whole.holdout_frequency);
  CHECK(pieces.holdout_mean_spend == whole.holdout_mean_spend);
}

TEST_CASE("summarize_transactions: the CDNOW log gives the published CDNOW summary",
          "[transaction_summary]") {
  // Fader, Hardie & Lee's summary of the same customers (cdnow_customers_summary_with_
  // transactions.csv) counts purchase days, measures weeks as days / 7 and ends the calibration
  // on 1997-09-30; it is rounded to 2 decimals, hence the 0.005 tolerance.
  const log_columns log = cdnow_log();
  REQUIRE(log.account.size() == 6919);
  kam::transaction_summary_options options;
  options.unit = 7;
  options.holdout_end = day_number(19980630);
  const kam::transaction_summary s =
      kam::summarize_transactions(log.account, log.time, log.amount, day_number(19970930), options);
  const kam_test::numeric_table published = cdnow_summary();
  REQUIRE(static_cast<Eigen::Index>(s.account.size()) == published.rows());
  REQUIRE(published.rows() == 2357);
  const Eigen::VectorXd id = published.column("ID"), x = published.column("x"),
                        t_x = published.column("t_x"), age = published.column("T"),
                        zbar = published.column("zbar");
  double repeats = 0, holdout = 0, holdout_spend = 0;
  for (Eigen::Index k = 0; k < published.rows(); ++k) {
    INFO("customer " << id(k));
    REQUIRE(static_cast<double>(s.account[static_cast<std::size_t>(k)]) == id(k));
    CHECK(s.frequency(k) == x(k));
    CHECK_THAT(s.recency(k), WithinAbs(t_x(k), 0.005 + 1e-9));
    CHECK_THAT(s.age(k), WithinAbs(age(k), 0.005 + 1e-9));
    CHECK_THAT(s.mean_spend(k), WithinAbs(zbar(k), 0.005 + 1e-9));
    repeats += s.frequency(k);
    holdout += s.holdout_frequency(k);
    holdout_spend += s.holdout_frequency(k) * s.holdout_mean_spend(k);
  }
  // pandas 1.5.3 (groupby by customer and day on the same file, ../shared/tools/peer-python):
  // 2,457 repeat transactions in calibration, 146 same-day orders merged there and 77 in the
  // holdout, 1,882 holdout transactions worth 70,976.39 dollars, no row after 1998-06-30.
  CHECK(repeats == 2457);
  CHECK(holdout == 1882);
  CHECK_THAT(holdout_spend, WithinAbs(70976.39, 1e-6));
  CHECK(s.same_period_orders == 146 + 77);
  CHECK(s.rows_after_end == 0);
  CHECK(s.later_accounts.empty());
  CHECK_THAT(s.holdout_duration, WithinAbs(273.0 / 7, 1e-12));  // 1997-09-30 to 1998-06-30
}

TEST_CASE("summarize_transactions: bad input names the field and row", "[transaction_summary]") {
  const std::vector<std::int64_t> ids{1, 2};
  const std::vector<double> times{0, 1}, amounts{5, 6};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> short_times{0};
  CHECK_THROWS_AS(kam::summarize_transactions(ids, short_times, amounts, 1), kam::shape_mismatch);
  const std::vector<double> bad_time{0, nan};
  CHECK_THROWS_WITH(kam::summarize_transactions(ids, bad_time, amounts, 1),
                    "kam::summarize_transactions: 'time', row 1: time is nan");
  const std::vector<double> refund{5, -1};
  CHECK_THROWS_AS(kam::summarize_transactions(ids, times, refund, 1), kam::invalid_input);
  const std::vector<double> huge_time{0, 1e300};
  CHECK_THROWS_AS(kam::summarize_transactions(ids, huge_time, amounts, 1), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::summarize_transactions(ids, times, amounts, -1), kam::empty_input);
  CHECK_THROWS_AS(kam::summarize_transactions(ids, times, amounts, nan), kam::invalid_input);
  kam::transaction_summary_options options;
  options.holdout_end = 1;
  CHECK_THROWS_AS(kam::summarize_transactions(ids, times, amounts, 1, options), kam::invalid_input);
  options = {};
  options.period = 0;
  CHECK_THROWS_AS(kam::validate(options), kam::invalid_input);
  options = {};
  options.unit = -7;
  CHECK_THROWS_WITH(kam::validate(options),
                    "kam::validate: 'unit': unit is -7; it must be positive and finite");

  kam::transaction_log log;
  log.add(ids, times, amounts);
  // Row numbers continue over chunks; a failed chunk leaves the log as it was.
  CHECK_THROWS_WITH(log.add(ids, bad_time, amounts),
                    "kam::transaction_log::add: 'time', row 3: time is nan");
  CHECK(log.rows() == 2);
}
