// The batch classifiers of portfolio position at portfolio scale: Kraljic (two axes of three
// sub-criteria, scored and cut), supplier preferencing (five sub-criteria and a revenue share),
// and the combined 4 x 4 position, for 10^4, 10^6 and 10^7 accounts.
//
//   build/release/benchmarks/portfolio_benchmark [--benchmark_filter=...]
//
// Items are accounts. The `_into` forms reuse the result's storage from one iteration to the
// next, as a caller classifying chunk after chunk would: on this machine the first touch of fresh
// memory costs about 11 us per 4 KiB page, which BM_kraljic_fresh shows (a new result per call).
// Bytes are the bytes of the sub-criteria read per pass.
#include <benchmark/benchmark.h>

#include <kam/kam.hpp>

#include "common/sample_portfolio.hpp"

namespace {

/// The sub-criteria of the sample accounts, `rows` of them: account i % 65536 in row i.
template <typename Scalar>
struct portfolio_data {
  kam::matrix_of<Scalar> impact, risk, attractiveness;
  kam::vector_of<Scalar> revenue;
};

template <typename Scalar>
const portfolio_data<Scalar>& portfolio(Eigen::Index rows) {
  // Built once per process at the largest size asked for; smaller runs use its top rows.
  static portfolio_data<Scalar> d;
  if (d.impact.rows() >= rows) return d;
  constexpr Eigen::Index distinct = 1 << 16;
  d.impact.resize(rows, 3);
  d.risk.resize(rows, 3);
  d.attractiveness.resize(rows, 5);
  d.revenue.resize(rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    if (i >= distinct) {
      const Eigen::Index s = i % distinct;
      d.impact.row(i) = d.impact.row(s);
      d.risk.row(i) = d.risk.row(s);
      d.attractiveness.row(i) = d.attractiveness.row(s);
      d.revenue(i) = d.revenue(s);
      continue;
    }
    const auto a =
        kam_examples::generate_account(kam_examples::default_seed, static_cast<std::uint64_t>(i));
    d.impact.row(i) << static_cast<Scalar>(a.strategic_importance),
        static_cast<Scalar>(a.share_of_their_cost), static_cast<Scalar>(a.quality_impact);
    d.risk.row(i) << static_cast<Scalar>(a.alternative_suppliers),
        static_cast<Scalar>(a.switching_cost), static_cast<Scalar>(a.substitutability);
    d.attractiveness.row(i) << static_cast<Scalar>(a.payment_reliability),
        static_cast<Scalar>(a.margin), static_cast<Scalar>(a.ease_of_business),
        static_cast<Scalar>(a.growth_potential), static_cast<Scalar>(a.logo_value);
    d.revenue(i) = static_cast<Scalar>(a.current_revenue);
  }
  return d;
}

template <typename Scalar>
void set_counters(benchmark::State& state, Eigen::Index rows, Eigen::Index columns) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * rows * columns *
                          static_cast<Eigen::Index>(sizeof(Scalar)));
}

// Kraljic: fit both axes' references, score them, resolve the midpoint cuts, classify.
template <typename Scalar>
void BM_kraljic(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto& d = portfolio<Scalar>(rows);
  const auto impact = d.impact.topRows(rows);
  const auto risk = d.risk.topRows(rows);
  kam::kraljic_result<Scalar> r;
  kam::kraljic_into(r, impact, risk);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::kraljic_into(r, impact, risk);
    benchmark::DoNotOptimize(r.quadrant.data());
  }
  set_counters<Scalar>(state, rows, 6);
}

// Kraljic returning a fresh result each call (page faults of the new storage included).
template <typename Scalar>
void BM_kraljic_fresh(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto& d = portfolio<Scalar>(rows);
  const auto impact = d.impact.topRows(rows);
  const auto risk = d.risk.topRows(rows);
  for (auto _ : state) {
    const auto r = kam::kraljic(impact, risk);
    benchmark::DoNotOptimize(r.quadrant.data());
  }
  set_counters<Scalar>(state, rows, 6);
}

// Supplier preferencing: attractiveness (fit + score + cut) and the revenue share bands.
template <typename Scalar>
void BM_preferencing(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto& d = portfolio<Scalar>(rows);
  const auto x = d.attractiveness.topRows(rows);
  const auto revenue = d.revenue.head(rows);
  kam::preferencing_config config;
  config.value_edges = {1e-9, 1e-7, 1e-6};  // shares of a portfolio of millions
  kam::preferencing_result<Scalar> r;
  kam::preferencing_into(r, x, revenue, config);  // untimed: allocates and first-touches
  for (auto _ : state) {
    kam::preferencing_into(r, x, revenue, config);
    benchmark::DoNotOptimize(r.quadrant.data());
  }
  set_counters<Scalar>(state, rows, 6);
}

// The combined position: one table lookup per account (the quadrants are 1 byte each).
template <typename Scalar>
void BM_position(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto& d = portfolio<Scalar>(rows);
  const auto k = kam::kraljic(d.impact.topRows(rows), d.risk.topRows(rows)).quadrant;
  kam::preferencing_config config;
  config.value_edges = {1e-9, 1e-7, 1e-6};
  const auto p =
      kam::preferencing(d.attractiveness.topRows(rows), d.revenue.head(rows), config).quadrant;
  const auto table = kam::default_position_table();
  kam::position_result r;
  kam::position_into(r, k, p, table);  // untimed: allocates and first-touches the result
  for (auto _ : state) {
    kam::position_into(r, k, p, table);
    benchmark::DoNotOptimize(r.risk.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * rows * 2);
}

}  // namespace

#define KAM_SIZES ->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)
BENCHMARK_TEMPLATE(BM_kraljic, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kraljic, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_kraljic_fresh, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_preferencing, double) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_preferencing, float) KAM_SIZES;
BENCHMARK_TEMPLATE(BM_position, double) KAM_SIZES;
