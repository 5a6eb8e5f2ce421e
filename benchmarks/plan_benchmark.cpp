// Plan scoring at portfolio scale: kam::score_plans_into (storage reused) over a flat plan_table of
// 10^4, 10^6 and 10^7 accounts (validation, duplicate-id check and the scoring pass), and the gaps
// of every plan put in words.
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

}  // namespace

BENCHMARK(BM_score_plans)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_plan_gaps)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
