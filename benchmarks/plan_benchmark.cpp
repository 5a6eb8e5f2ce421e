// Plan scoring at portfolio scale: kam::score_plans_into (storage reused) over a flat plan_table of
// 10^4, 10^6 and 10^7 accounts (validation, duplicate-id check and the scoring pass), and the gaps
// of every plan put in words; health over 12 dates, the whitespace of 20 offerings and the next
// best play (#15 items 3-5) at 10^4 and 10^6 accounts.
//
//   build/release/benchmarks/plan_benchmark [--benchmark_filter=...]
//
// Items are accounts. The table is deterministic: account i's sections, dates and roles follow
// from a hash of i, about 70 % of the sections written and dated within a year of the as-of date.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <kam/plan.hpp>
#include <string>

namespace {

/// A 64-bit mix of `x` (splitmix64's finaliser): the table's only source of variety.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

const auto as_of = kam::parse_date("2026-06-30");

/// The plans of `rows` accounts, built once per process at the largest size asked for.
const kam::plan_table& plans(Eigen::Index rows) {
  static kam::plan_table t;
  if (t.size() >= rows) return t;
  t = kam::plan_table{};
  const auto n = static_cast<std::size_t>(rows);
  t.reserve(n);
  const auto today = static_cast<std::int32_t>(as_of.time_since_epoch().count());
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t h = mix(i);
    t.account.push_back("AC-" + std::to_string(i));
    for (std::size_t s = 0; s < kam::plan_section_count; ++s, h = mix(h)) {
      const bool written = h % 10 < 7;
      const bool owned = (h >> 8) % 10 < 8;
      t.section_flags.push_back(static_cast<std::uint8_t>((written ? kam::section_has_content : 0) |
                                                          (owned ? kam::section_has_owner : 0)));
      t.section_updated.push_back(written ? today - static_cast<std::int32_t>((h >> 16) % 365)
                                          : kam::plan_table::no_date);
    }
    t.customer_roles.push_back(static_cast<std::uint8_t>(h & 63u));
    t.team_roles.push_back(static_cast<std::uint8_t>((h >> 6) & 63u));
    t.objectives.push_back(static_cast<std::int32_t>((h >> 12) % 4));
    t.step.push_back(static_cast<kam::process_step>((h >> 14) % 4));
  }
  return t;
}

/// The first `rows` plans of the shared table (a copy, outside the timed loop).
kam::plan_table first(Eigen::Index rows) {
  const kam::plan_table& all = plans(rows);
  if (all.size() == rows) return all;
  const auto n = static_cast<std::size_t>(rows);
  const auto k = static_cast<std::ptrdiff_t>(n * kam::plan_section_count);
  const auto m = static_cast<std::ptrdiff_t>(n);
  kam::plan_table t;
  t.account.assign(all.account.begin(), all.account.begin() + m);
  t.section_flags.assign(all.section_flags.begin(), all.section_flags.begin() + k);
  t.section_updated.assign(all.section_updated.begin(), all.section_updated.begin() + k);
  t.customer_roles.assign(all.customer_roles.begin(), all.customer_roles.begin() + m);
  t.team_roles.assign(all.team_roles.begin(), all.team_roles.begin() + m);
  t.objectives.assign(all.objectives.begin(), all.objectives.begin() + m);
  t.step.assign(all.step.begin(), all.step.begin() + m);
  return t;
}

void BM_score_plans(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const kam::plan_table t = first(rows);
  kam::plan_scores r;  // reused, as a caller scoring chunk after chunk would
  for (auto _ : state) {
    kam::score_plans_into(r, t, as_of);
    benchmark::DoNotOptimize(r.completeness.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_plan_gaps(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  const auto scores = kam::score_plans(first(rows), as_of);
  for (auto _ : state) {
    std::size_t lines = 0;
    for (Eigen::Index i = 0; i < rows; ++i) lines += kam::plan_gaps(scores, i).size();
    benchmark::DoNotOptimize(lines);
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

/// A deterministic value in [0, 1) from `i` and `salt`.
double unit(std::uint64_t i, std::uint64_t salt) {
  return static_cast<double>(mix(i * 131 + salt) >> 11) * 0x1.0p-53;
}

void BM_track_health(benchmark::State& state) {
  const Eigen::Index rows = state.range(0), dates = 12;
  Eigen::MatrixXd scores(rows, dates);
  for (Eigen::Index t = 0; t < dates; ++t) {
    for (Eigen::Index i = 0; i < rows; ++i) {
      scores(i, t) = unit(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(t));
    }
  }
  for (auto _ : state) {
    const auto h = kam::track_health(scores);
    benchmark::DoNotOptimize(h.change.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_whitespace_by_price(benchmark::State& state) {
  const Eigen::Index rows = state.range(0), offerings = 20;
  kam::holdings_table h;
  for (Eigen::Index j = 0; j < offerings; ++j)
    h.offerings.push_back("offering-" + std::to_string(j));
  h.cells.resize(static_cast<std::size_t>(rows * offerings));
  for (std::size_t c = 0; c < h.cells.size(); ++c) {
    h.cells[c] = static_cast<kam::cell_state>(mix(c) % 4);
  }
  kam::index_vector group(rows);
  for (Eigen::Index i = 0; i < rows; ++i)
    group(i) = static_cast<Eigen::Index>(mix(~static_cast<std::uint64_t>(i)) % 10);
  const Eigen::VectorXd price = Eigen::VectorXd::LinSpaced(offerings, 1000, 20000);
  for (auto _ : state) {
    const auto w = kam::whitespace_by_price(h, group, price);
    benchmark::DoNotOptimize(w.expected_expansion.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_next_best_play(benchmark::State& state) {
  const Eigen::Index rows = state.range(0);
  Eigen::VectorXd churn(rows), clv(rows), expansion(rows), gap(rows), value(rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const auto u = static_cast<std::uint64_t>(i);
    churn(i) = unit(u, 1);
    clv(i) = 1e6 * unit(u, 2);
    expansion(i) = 1e5 * unit(u, 3);
    gap(i) = unit(u, 4);
    value(i) = 1e5 * unit(u, 5);
  }
  for (auto _ : state) {
    const auto r = kam::next_best_play(churn, clv, expansion, gap, value);
    benchmark::DoNotOptimize(r.value.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

}  // namespace

BENCHMARK(BM_track_health)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_whitespace_by_price)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_next_best_play)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_score_plans)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_plan_gaps)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
