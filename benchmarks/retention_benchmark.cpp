// Retention metrics at portfolio scale: 10^4 and 10^6 accounts x 36 months of revenue, float and
// double: period-on-period and quarterly GRR/NRR with their movements, movement codes per account,
// and the cohort table.
//
//   build/release/benchmarks/retention_benchmark [--benchmark_filter=...]
//
// Items are accounts; bytes are the size of the revenue matrix (each call reads it several times).
// The input is built once per process (kam_examples::sample_revenue); results are fresh per call,
// as a caller would get them.
#include <benchmark/benchmark.h>

#include <kam/kam.hpp>

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

#define KAM_SIZES ->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)
BENCHMARK_TEMPLATE(BM_revenue_retention_monthly, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_revenue_retention_monthly, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_revenue_retention_quarterly, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_revenue_retention_quarterly, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_movements, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_movements, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_cohorts, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_cohorts, float) KAM_SIZES;
