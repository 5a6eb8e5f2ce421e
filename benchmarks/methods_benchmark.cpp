// TOPSIS and the weighted product at portfolio scale: 10^4 (smoke), 10^6 and 10^7 accounts x 8
// criteria, float and double.
//
//   build/release/benchmarks/methods_benchmark [--benchmark_filter=...]
//
// Items are accounts; bytes are the bytes of the criteria matrix read per call. The functions
// that fit their reference on the matrix read it twice (column statistics, then scores); the
// `_against_reference` variants read it once, as a chunk scored against merged statistics would.
// The results are computed with the `_into` functions into storage reused across iterations: on
// this VM the first touch of fresh memory costs about 11 us per 4 KiB page, which would otherwise
// dominate (a fresh 10^7-account TOPSIS result is 240 MB): each benchmark fills its result once
// before timing. The matrix is built once per process.
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
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  kam::topsis_result<Scalar> r;
  kam::topsis_into(r, x, criteria);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::topsis_into(r, x, criteria);
    benchmark::DoNotOptimize(r.closeness.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

// TOPSIS against precomputed column statistics (one pass).
template <typename Scalar>
void BM_topsis_against_reference(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  const auto stats = kam::column_stats<Scalar>::of(x);
  kam::topsis_result<Scalar> r;
  kam::topsis_into(r, x, criteria, stats);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::topsis_into(r, x, criteria, stats);
    benchmark::DoNotOptimize(r.closeness.data());
  }
  set_counters<Scalar>(state, rows, 1);
}

// Weighted product, max normalisation (two passes: statistics, then scores).
template <typename Scalar>
void BM_weighted_product(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  kam::weighted_product_result<Scalar> r;
  kam::weighted_product_into(r, x, criteria);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::weighted_product_into(r, x, criteria);
    benchmark::DoNotOptimize(r.scores.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

// Weighted product against precomputed column statistics (one pass).
template <typename Scalar>
void BM_weighted_product_against_reference(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  const auto stats = kam::column_stats<Scalar>::of(x);
  kam::weighted_product_result<Scalar> r;
  kam::weighted_product_into(r, x, criteria,
                             stats);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::weighted_product_into(r, x, criteria, stats);
    benchmark::DoNotOptimize(r.scores.data());
  }
  set_counters<Scalar>(state, rows, 1);
}

}  // namespace

#define KAM_SIZES ->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)
BENCHMARK_TEMPLATE(BM_topsis, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_topsis, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_topsis_against_reference, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_topsis_against_reference, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product_against_reference, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_weighted_product_against_reference, float) KAM_SIZES;
