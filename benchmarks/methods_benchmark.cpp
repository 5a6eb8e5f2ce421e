// TOPSIS and the weighted product at portfolio scale: 10^4 (smoke), 10^6 and 10^7 accounts x 8
// criteria, float and double, on 1 and 2 threads.
//
//   build/release/benchmarks/methods_benchmark [--benchmark_filter=...]
//
// Items are accounts; bytes are the bytes of the criteria matrix read per call. The functions
// that fit their reference on the matrix read it twice (column statistics, then scores); the
// `_against_reference` variants read it once, as a chunk scored against merged statistics would.
// The results are computed with the `_into` functions into storage reused across iterations: on
// this VM the first touch of fresh memory costs about 11 us per 4 KiB page, which would otherwise
// dominate (a fresh 10^7-account TOPSIS result is 240 MB): each benchmark fills its result once
// before timing. The matrix is built once per process. The arguments are the threads
// (topsis_options::threads, weighted_product_options::threads), then the accounts: names end in
// the size, e.g. BM_topsis<double>/threads:2/10000000.
#include <benchmark/benchmark.h>

#include <kam/kam.hpp>

#include "common/sample_portfolio.hpp"

namespace {

template <typename Scalar>
const kam::matrix_of<Scalar>& portfolio(Eigen::Index rows) {
  // Built once per process at the largest size asked for; smaller runs use its top rows.
  static kam::matrix_of<Scalar> x;
  if (x.rows() < rows) x = kam_examples::sample_criteria<Scalar>(rows);
  return x;
}

template <typename Scalar>
void set_counters(benchmark::State& state, Eigen::Index rows, Eigen::Index passes) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * rows * 8 *
                          static_cast<Eigen::Index>(sizeof(Scalar)) * passes);
}

// TOPSIS, vector normalisation, the default catalogue's weights and directions (two passes).
template <typename Scalar>
void BM_topsis(benchmark::State& state) {
  const Eigen::Index rows = state.range(1);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  kam::topsis_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  kam::topsis_result<Scalar> r;
  kam::topsis_into(r, x, criteria, o);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::topsis_into(r, x, criteria, o);
    benchmark::DoNotOptimize(r.closeness.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

// TOPSIS against precomputed column statistics (one pass).
template <typename Scalar>
void BM_topsis_against_reference(benchmark::State& state) {
  const Eigen::Index rows = state.range(1);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  const auto stats = kam::column_stats<Scalar>::of(x);
  kam::topsis_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  kam::topsis_result<Scalar> r;
  kam::topsis_into(r, x, criteria, stats, o);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::topsis_into(r, x, criteria, stats, o);
    benchmark::DoNotOptimize(r.closeness.data());
  }
  set_counters<Scalar>(state, rows, 1);
}

// Weighted product, max normalisation (two passes: statistics, then scores).
template <typename Scalar>
void BM_weighted_product(benchmark::State& state) {
  const Eigen::Index rows = state.range(1);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  kam::weighted_product_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  kam::weighted_product_result<Scalar> r;
  kam::weighted_product_into(r, x, criteria, o);  // untimed: allocates and first-touches
  for (auto _ : state) {
    kam::weighted_product_into(r, x, criteria, o);
    benchmark::DoNotOptimize(r.scores.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

// Weighted product against precomputed column statistics (one pass).
template <typename Scalar>
void BM_weighted_product_against_reference(benchmark::State& state) {
  const Eigen::Index rows = state.range(1);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  const auto stats = kam::column_stats<Scalar>::of(x);
  kam::weighted_product_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  kam::weighted_product_result<Scalar> r;
  kam::weighted_product_into(r, x, criteria, stats, o);  // untimed: allocates and first-touches
  for (auto _ : state) {
    kam::weighted_product_into(r, x, criteria, stats, o);
    benchmark::DoNotOptimize(r.scores.data());
  }
  set_counters<Scalar>(state, rows, 1);
}

}  // namespace

// Threads first, accounts last (the smoke test runs every name ending in /10000).
#define KAM_SIZES                                          \
  ->ArgsProduct({{1, 2}, {10'000, 1'000'000, 10'000'000}}) \
      ->ArgNames({"threads", ""})                          \
      ->Unit(benchmark::kMillisecond)
BENCHMARK_TEMPLATE(BM_topsis, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_topsis, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_topsis_against_reference, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_topsis_against_reference, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product_against_reference, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product_against_reference, float) KAM_SIZES;
