// The key-account selection pipeline at portfolio scale: column statistics, min-max
// normalisation, weighted sum and the top 1000, for 10^4 to 10^7 accounts x 8 criteria.
//
//   build/release/benchmarks/scoring_benchmark [--benchmark_filter=...]
//
// Items are accounts; bytes are the bytes of the criteria matrix read per pass.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <kam/kam.hpp>

#include "common/sample_portfolio.hpp"

namespace {

kam::criteria_set min_max_catalogue() {
  // The default catalogue's names, directions and weights, all with min-max normalisation:
  // the workload of the numpy comparison (benchmarks/README.md).
  std::vector<kam::criterion> items = kam::selection_catalogue().items();
  for (auto& c : items) c.normalization = kam::normalization::min_max;
  return kam::criteria_set(std::move(items));
}

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

// The whole pipeline: fit (statistics), score (normalise + weighted sum), top 1000, with the
// score storage reused from one run to the next (kam::score_into), as a long-running service or
// a chunked file scan would. BM_pipeline_fresh allocates the scores anew every time instead.
template <typename Scalar>
void BM_pipeline(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto& all = portfolio<Scalar>(rows);
  const auto x = all.topRows(rows);
  const auto criteria = min_max_catalogue();
  kam::score_options options;
  options.threads = static_cast<unsigned>(state.range(1));
  kam::score_result<Scalar> scored;
  // Untimed: allocates and first-touches the scores (on this VM a fresh page costs ~11 us).
  kam::score_into(scored, x, criteria, kam::fit_reference(x, criteria, options), options);
  for (auto _ : state) {
    const auto reference = kam::fit_reference(x, criteria, options);
    kam::score_into(scored, x, criteria, reference, options);
    const auto top = kam::top_k(scored.scores, 1000);
    benchmark::DoNotOptimize(top.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

template <typename Scalar>
void BM_pipeline_fresh(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = min_max_catalogue();
  for (auto _ : state) {
    const auto reference = kam::fit_reference(x, criteria);
    const auto scored = kam::score(x, criteria, reference);
    const auto top = kam::top_k(scored.scores, 1000);
    benchmark::DoNotOptimize(top.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

// Column statistics alone (one pass).
template <typename Scalar>
void BM_column_stats(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  for (auto _ : state) {
    const auto s = kam::column_stats<Scalar>::of(x);
    benchmark::DoNotOptimize(s.mean.data());
  }
  set_counters<Scalar>(state, rows, 1);
}

// Scoring against a known reference alone (one pass, kam::score_into with a reference fitted
// once): normalisation and weighted sum under `criteria`.
template <typename Scalar>
void score_repeatedly(benchmark::State& state, const kam::criteria_set& criteria) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto reference = kam::fit_reference(x, criteria);
  kam::score_result<Scalar> scored;
  kam::score_into(scored, x, criteria, reference);  // untimed: allocates and first-touches
  for (auto _ : state) {
    kam::score_into(scored, x, criteria, reference);
    benchmark::DoNotOptimize(scored.scores.data());
  }
  set_counters<Scalar>(state, rows, 1);
}

// The min-max catalogue of the numpy comparison.
template <typename Scalar>
void BM_score(benchmark::State& state) {
  score_repeatedly<Scalar>(state, min_max_catalogue());
}

// The default catalogue's normalisations, where current_revenue is a percentile rank: each
// account's revenue placed among the N sorted reference values.
template <typename Scalar>
void BM_score_catalogue(benchmark::State& state) {
  score_repeatedly<Scalar>(state, kam::selection_catalogue());
}

// Normalisation alone, materialised (kam::normalize: the N x K matrix of directed, normalised
// values, as an analyst inspecting it would ask for). Two reads of the input (the value check,
// then the transform) and one write of a fresh N x K result, whose first touch of fresh pages
// dominates at 10^7 on this machine (see benchmarks/README.md); kam::score never materialises it.
template <typename Scalar>
void BM_normalize(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = min_max_catalogue();
  const auto reference = kam::fit_reference(x, criteria);
  for (auto _ : state) {
    const auto v = kam::normalize(x, criteria, reference);
    benchmark::DoNotOptimize(v.data());
  }
  set_counters<Scalar>(state, rows, 3);
}

// The bandwidth probe: one plain streaming read of the same bytes (eight independent sums, so
// the compiler vectorises it), the bound every one-pass kernel above is measured against.
template <typename Scalar>
void BM_stream_read(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  for (auto _ : state) {
    Scalar s[8] = {};
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const Scalar* p = x.col(j).data();
      Eigen::Index i = 0;
      for (; i + 8 <= rows; i += 8)
        for (std::size_t l = 0; l < 8; ++l) s[l] += p[i + static_cast<Eigen::Index>(l)];
      for (; i < rows; ++i) s[0] += p[i];
    }
    benchmark::DoNotOptimize(s);
  }
  set_counters<Scalar>(state, rows, 1);
}

// The top 1000 of a score vector alone.
template <typename Scalar>
void BM_top_k(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto scores = kam::score(x, min_max_catalogue()).scores;
  for (auto _ : state) {
    const auto top = kam::top_k(scores, 1000);
    benchmark::DoNotOptimize(top.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

// kam::ranks of the scores: the best-first order of every account, then one pass.
template <typename Scalar>
void BM_ranks(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto scores = kam::score(x, min_max_catalogue()).scores;
  for (auto _ : state) {
    const auto r = kam::ranks(scores);
    benchmark::DoNotOptimize(r.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

// kam::fit_reference under the default catalogue: the statistics, plus the sorted values of the
// percentile-rank criterion (current_revenue).
template <typename Scalar>
void BM_fit_reference_catalogue(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  for (auto _ : state) {
    const auto reference = kam::fit_reference(x, criteria);
    benchmark::DoNotOptimize(reference.samples.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

// kam::contributions under the default catalogue (what `kam score` writes per account): the
// score's checks and coverage, then each criterion's share, the percentile-rank criterion
// placed among the N sorted reference values.
template <typename Scalar>
void BM_contributions_catalogue(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto x = portfolio<Scalar>(rows).topRows(rows);
  const auto criteria = kam::selection_catalogue();
  const auto reference = kam::fit_reference(x, criteria);
  for (auto _ : state) {
    const auto c = kam::contributions(x, criteria, reference);
    benchmark::DoNotOptimize(c.data());
  }
  set_counters<Scalar>(state, rows, 2);
}

}  // namespace

#define KAM_SIZES ->RangeMultiplier(10)->Range(10'000, 10'000'000)->Unit(benchmark::kMillisecond)
// Second argument: threads.
#define KAM_SIZES_THREADS                                           \
  ->ArgsProduct({{10'000, 100'000, 1'000'000, 10'000'000}, {1, 2}}) \
      ->ArgNames({"", "threads"})                                   \
      ->Unit(benchmark::kMillisecond)
BENCHMARK_TEMPLATE(BM_pipeline, double) KAM_SIZES_THREADS;
BENCHMARK_TEMPLATE(BM_pipeline, float) KAM_SIZES_THREADS;
BENCHMARK_TEMPLATE(BM_pipeline_fresh, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_column_stats, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_column_stats, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_score, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_score, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_score_catalogue, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_normalize, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_normalize, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_stream_read, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_stream_read, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_top_k, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_top_k, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_ranks, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_fit_reference_catalogue, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_contributions_catalogue, double) KAM_SIZES;
