// Segmentation at portfolio scale: revenue-weighted k-means (k = 8) over the eight selection
// criteria of 10^4 and 10^6 accounts, its k-means++ seeding, and quantile bins (5 per field).
//
//   build/release/benchmarks/kmeans_benchmark [--benchmark_filter=...]
//
// BM_kmeans runs 20 Lloyd iterations from fixed k-means++ centres (tolerance 0), so its items
// are account-iterations: items/s is the Lloyd throughput, and time / 20 approximates the time
// per iteration (plus one validating pass and one final labelling pass per call). The second
// template argument is the thread count. Items of BM_kmeans_plus_plus and BM_quantile_bins are
// accounts. benchmarks/peers/kmeans_sklearn.py compares the time per iteration with
// scikit-learn's.
#include <benchmark/benchmark.h>

#include <kam/kam.hpp>

#include "common/sample_portfolio.hpp"

namespace {

constexpr Eigen::Index lloyd_iterations = 20;

template <typename Scalar>
const kam::matrix_of<Scalar>& portfolio(Eigen::Index rows) {
  // Built once per process at the largest size asked for; smaller runs use its top rows.
  static kam::matrix_of<Scalar> x;
  if (x.rows() < rows) x = kam_examples::sample_criteria<Scalar>(rows);
  return x;
}

template <typename Scalar>
kam::kmeans_options options(Eigen::Index threads) {
  kam::kmeans_options o;
  o.k = 8;
  o.seed = 1;
  o.standardize = true;
  o.threads = static_cast<unsigned>(threads);
  return o;
}

template <typename Scalar, int Threads>
void BM_kmeans(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const kam::vector_of<Scalar> revenue = x.col(0);  // revenue-weighted
  auto o = options<Scalar>(Threads);
  const kam::matrix_of<Scalar> init = kam::kmeans_plus_plus(x, revenue, o);
  o.max_iterations = lloyd_iterations;
  o.tolerance = 0;
  Eigen::Index done = 0;
  for (auto _ : state) {
    const auto r = kam::kmeans(x, revenue, init, o);
    benchmark::DoNotOptimize(r.labels.data());
    done += r.iterations;
  }
  state.SetItemsProcessed(done * rows);
  state.counters["lloyd_iterations"] =
      benchmark::Counter(static_cast<double>(done), benchmark::Counter::kAvgIterations);
}

template <typename Scalar>
void BM_kmeans_plus_plus(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const kam::vector_of<Scalar> revenue = x.col(0);
  const auto o = options<Scalar>(1);
  for (auto _ : state) {
    const auto c = kam::kmeans_plus_plus(x, revenue, o);
    benchmark::DoNotOptimize(c.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

template <typename Scalar>
void BM_quantile_bins(benchmark::State& state) {
  // Fit 5 bins on each of the 8 criteria, then code every account.
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const std::vector<kam::bin_field> fields{{"current_revenue", 5},
                                           {"growth_potential", 5},
                                           {"cross_up_sell", 5},
                                           {"win_expand", 5},
                                           {"effort", 5, kam::direction::cost},
                                           {"relationship", 5},
                                           {"fit", 5},
                                           {"logo_value", 5}};
  for (auto _ : state) {
    const auto bins = kam::fit_quantile_bins(x, fields);
    const auto codes = bins.assign(x);
    benchmark::DoNotOptimize(codes.codes.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * rows * 8 *
                          static_cast<Eigen::Index>(sizeof(Scalar)));
}

}  // namespace

#define KAM_SIZES ->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)
BENCHMARK_TEMPLATE(BM_kmeans, double, 1) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kmeans, float, 1) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kmeans, double, 2) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kmeans, float, 2) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kmeans_plus_plus, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kmeans_plus_plus, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_quantile_bins, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_quantile_bins, float) KAM_SIZES;
