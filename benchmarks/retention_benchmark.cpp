// Retention metrics at portfolio scale: 10^4 and 10^6 accounts x 36 months of revenue, float and
// double: period-on-period and quarterly GRR/NRR with their movements, movement codes per account,
// the cohort table, and the summary of a transaction log (10^4 and 10^7 orders).
//
//   build/release/benchmarks/retention_benchmark [--benchmark_filter=...]
//
// Items are accounts; bytes are the size of the revenue matrix (each call reads it several times).
// The input is built once per process (kam_examples::sample_revenue); results are fresh per call,
// as a caller would get them.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <kam/kam.hpp>
#include <random>
#include <vector>

#include "common/sample_revenue.hpp"

namespace {

template <typename Scalar>
const kam::matrix_of<Scalar>& revenue(Eigen::Index rows) {
  // Built once per process at the largest size asked for; smaller runs use its top rows.
  static kam::matrix_of<Scalar> x;
  if (x.rows() < rows) x = kam_examples::sample_revenue<Scalar>(rows);
  return x;
}

template <typename Scalar>
void set_counters(benchmark::State& state, Eigen::Index rows) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * rows * kam_examples::revenue_months *
                          static_cast<Eigen::Index>(sizeof(Scalar)));
}

// GRR, NRR, CRR and the revenue movements of every month (35 one-month windows).
template <typename Scalar>
void BM_revenue_retention_monthly(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = revenue<Scalar>(rows).topRows(rows);
  for (auto _ : state) {
    const auto t = kam::revenue_retention(x);
    benchmark::DoNotOptimize(t.nrr.data());
  }
  set_counters<Scalar>(state, rows);
}

// The same by quarter (11 windows of three months; gaps inside a quarter break membership).
template <typename Scalar>
void BM_revenue_retention_quarterly(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = revenue<Scalar>(rows).topRows(rows);
  kam::retention_options o;
  o.step = 3;
  o.first = 2;
  for (auto _ : state) {
    const auto t = kam::revenue_retention(x, o);
    benchmark::DoNotOptimize(t.nrr.data());
  }
  set_counters<Scalar>(state, rows);
}

// The movement of every account in every month (an accounts x 35 matrix of codes).
template <typename Scalar>
void BM_movements(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = revenue<Scalar>(rows).topRows(rows);
  for (auto _ : state) {
    const auto m = kam::movements(x);
    benchmark::DoNotOptimize(m.codes.data());
  }
  set_counters<Scalar>(state, rows);
}

// The cohort table: accounts by month of first revenue, active, survived and revenue by age.
template <typename Scalar>
void BM_cohorts(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = revenue<Scalar>(rows).topRows(rows);
  for (auto _ : state) {
    const auto c = kam::cohorts(x);
    benchmark::DoNotOptimize(c.logo_retention.data());
  }
  set_counters<Scalar>(state, rows);
}

}  // namespace

// A transaction log of `rows` orders (10 per account on average, whole days over two years,
// in random order) summarised per account (kam::summarize_transactions, calibration to day 546,
// holdout to day 729, weeks out). Items are orders. Built once per process per size.
void BM_summarize_transactions(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  static std::size_t built = 0;
  static std::vector<std::int64_t> account;
  static std::vector<double> day, amount;
  if (built != rows) {
    std::mt19937_64 rng(16);
    std::uniform_int_distribution<std::int64_t> who(0, static_cast<std::int64_t>(rows / 10));
    std::uniform_int_distribution<int> when(0, 729);
    account.resize(rows);
    day.resize(rows);
    amount.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      account[i] = who(rng);
      day[i] = when(rng);
      amount[i] = 10 + static_cast<double>(i % 97);
    }
    built = rows;
  }
  kam::transaction_summary_options options;
  options.unit = 7;
  options.holdout_end = 729;
  for (auto _ : state) {
    const auto s = kam::summarize_transactions(account, day, amount, 546, options);
    benchmark::DoNotOptimize(s.frequency.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}

#define KAM_SIZES ->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_summarize_transactions)->Arg(10'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_revenue_retention_monthly, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_revenue_retention_monthly, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_revenue_retention_quarterly, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_revenue_retention_quarterly, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_movements, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_movements, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_cohorts, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_cohorts, float) KAM_SIZES;
