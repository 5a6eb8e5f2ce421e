// kam's half of the account-plan comparison with pandas/numpy (benchmarks/peers/plan_pandas.py):
// plan scoring (kam::score_plans) and whitespace (kam::whitespace_by_price), #15 item 7.
//
//   plan_peer write-plans <plans.bin> [--rows N] [--seed S]
//   plan_peer run-plans <plans.bin> [--repeat R] [--out <scores.bin>]
//   plan_peer write-whitespace <holdings.bin> [--rows N] [--offerings M] [--groups G] [--seed S]
//   plan_peer run-whitespace <holdings.bin> [--repeat R] [--threads T] [--out <whitespace.bin>]
//
// `write-plans` draws N account plans (seeded, deterministic): ids "AC-" and 9 digits in a
// shuffled order, each of the eight sections written with probability 0.7 (then owned with 0.8,
// dated 0-364 days before the as-of date 2026-06-30 with 0.95, undated otherwise), each
// stakeholder and team role present with probability 0.6, 0-3 objectives, a process step.
// Layout, little-endian: "KAMPLv1\0", int64 N, int64 as-of (days since 1970-01-01), N x 12 bytes
// of ids, N x 8 uint8 section flags (bit 0 content, bit 1 owner; account-major), N x 8 int32
// last-updated days (INT32_MIN: no date), N uint8 customer-role masks, N uint8 team-role masks,
// N int32 objective counts, N uint8 process steps.
//
// `write-whitespace` draws N accounts x M offerings (default 20) of holdings: each account in one
// of G (default 10) peer groups, whose ownership rates differ, cells owned / pipeline / open / not
// eligible, prices 1000 to 20000. Layout: "KAMWSv1\0", int64 N, M, G, M float64 prices, N x M
// uint8 cells (account-major, kam::cell_state codes), N int64 peer-group labels.
//
// `run-plans` / `run-whitespace` read the file into kam's tables (not timed), call
// kam::score_plans (default plan_config, so every check and a fresh result as a pandas call would
// allocate) / kam::whitespace_by_price (smoothing 2) R times and print one line
// "seconds=<fastest> ..." with checksums (17 significant digits). The timing covers the kam call
// only. Each also times the `_into` form with the result's storage reused ("seconds_into=", the
// form for scoring chunk after chunk): kam::score_plans_into, kam::whitespace_by_price_into.
// run-whitespace then times the fresh call with whitespace_options::threads = T (default 0: one
// per hardware thread; "threads=" prints the number, "seconds_threads=" the time) and checks that
// its result is the single-threaded one bit for bit.
// `--out` writes every result array for an element-by-element comparison:
//   plans: N float64 completeness, N float64 freshness, N uint8 each of missing_sections,
//     unowned_sections, stale_sections, missing_customer_roles, missing_team_roles,
//     missing_objectives, N x 8 int32 section_age_days, 4 int64 step counts;
//   whitespace: N int64 each of owned, pipeline, open, eligible; N float64 account penetration;
//     M int64 offering owners, M int64 offering eligible, M float64 offering penetration, M
//     float64 offering value; int64 G, G x M float64 group_propensity (column-major, NaN where
//     the group has no open cell); N float64 open value; N float64 expected expansion.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <kam/plan/account_plan.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/plan_scores.hpp>
#include <kam/plan/whitespace.hpp>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/peer_program.hpp"

namespace {

constexpr char plans_magic[8] = {'K', 'A', 'M', 'P', 'L', 'v', '1', '\0'};
constexpr char holdings_magic[8] = {'K', 'A', 'M', 'W', 'S', 'v', '1', '\0'};
constexpr std::size_t id_width = 12;  // "AC-" and 9 digits
constexpr std::size_t sections = kam::plan_section_count;

using kam_peer::best_seconds;
using kam_peer::get;
using kam_peer::option;
using kam_peer::put;

/// Returns the text after `name` among the options, or "" (kam_peer::text_option as a string).
std::string text_option(int argc, char** argv, const char* name) {
  const char* v = kam_peer::text_option(argc, argv, name);
  return v != nullptr ? v : "";
}

const auto as_of = kam::parse_date("2026-06-30");

int write_plans(const std::string& path, std::int64_t n, std::uint64_t seed) {
  if (n < 1 || n > 999'999'999) throw std::runtime_error("--rows must be 1 to 999999999");
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  const auto un = static_cast<std::size_t>(n);
  const auto today = static_cast<std::int32_t>(as_of.time_since_epoch().count());
  std::vector<std::int64_t> order(un);
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::shuffle(order.begin(), order.end(), rng);
  std::string ids(un * id_width, '\0');
  for (std::size_t i = 0; i < un; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "AC-%09lld", static_cast<long long>(order[i]));
    std::memcpy(&ids[i * id_width], buf, id_width);
  }
  std::vector<std::uint8_t> flags(un * sections), customer(un), team(un), step(un);
  std::vector<std::int32_t> updated(un * sections), objectives(un);
  for (std::size_t i = 0; i < un; ++i) {
    for (std::size_t s = 0; s < sections; ++s) {
      const bool written = uniform(rng) < 0.7;
      const bool owned = written && uniform(rng) < 0.8;
      const bool dated = written && uniform(rng) < 0.95;
      flags[i * sections + s] = static_cast<std::uint8_t>((written ? kam::section_has_content : 0) |
                                                          (owned ? kam::section_has_owner : 0));
      updated[i * sections + s] =
          dated ? today - static_cast<std::int32_t>(rng() % 365) : kam::plan_table::no_date;
    }
    unsigned c = 0, t = 0;
    for (unsigned r = 0; r < 6; ++r) {
      c |= uniform(rng) < 0.6 ? 1u << r : 0u;
      t |= uniform(rng) < 0.6 ? 1u << r : 0u;
    }
    customer[i] = static_cast<std::uint8_t>(c);
    team[i] = static_cast<std::uint8_t>(t);
    objectives[i] = static_cast<std::int32_t>(rng() % 4);
    step[i] = static_cast<std::uint8_t>(rng() % 4);
  }
  std::ofstream out(path, std::ios::binary);
  out.write(plans_magic, sizeof plans_magic);
  const std::int64_t day = today;
  put(out, &n, 1);
  put(out, &day, 1);
  put(out, ids.data(), ids.size());
  put(out, flags.data(), flags.size());
  put(out, updated.data(), updated.size());
  put(out, customer.data(), un);
  put(out, team.data(), un);
  put(out, objectives.data(), un);
  put(out, step.data(), un);
  if (!out) throw std::runtime_error("cannot write " + path);
  std::cout << "wrote " << path << ": " << n << " account plans\n";
  return 0;
}

int run_plans(const std::string& path, int repeat, const std::string& out_path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  std::int64_t n = 0, day = 0;
  in.read(head, sizeof head);
  get(in, &n, 1);
  get(in, &day, 1);
  if (!in || std::memcmp(head, plans_magic, sizeof plans_magic) != 0 || n < 1 || n > 999'999'999)
    throw std::runtime_error(path + " is not a plan_peer plans file");
  const auto un = static_cast<std::size_t>(n);
  std::string ids(un * id_width, '\0');
  get(in, ids.data(), ids.size());
  kam::plan_table t;
  t.reserve(un);
  for (std::size_t i = 0; i < un; ++i) t.account.emplace_back(&ids[i * id_width], id_width);
  t.section_flags.resize(un * sections);
  t.section_updated.resize(un * sections);
  t.customer_roles.resize(un);
  t.team_roles.resize(un);
  t.objectives.resize(un);
  t.step.resize(un);
  get(in, t.section_flags.data(), t.section_flags.size());
  get(in, t.section_updated.data(), t.section_updated.size());
  get(in, t.customer_roles.data(), un);
  get(in, t.team_roles.data(), un);
  get(in, t.objectives.data(), un);
  get(in, t.step.data(), un);  // process_step is a uint8 enum
  if (!in) throw std::runtime_error(path + " is truncated");
  const std::chrono::sys_days date{std::chrono::days{day}};
  kam::plan_scores r;
  const double seconds = best_seconds(repeat, [&] { r = kam::score_plans(t, date); });
  // The form for repeated scoring: storage reused (the untimed call above touched it already).
  kam::plan_scores reused = r;
  const double seconds_into = best_seconds(repeat, [&] { kam::score_plans_into(reused, t, date); });
  if (reused.completeness != r.completeness) throw std::runtime_error("score_plans_into differs");
  std::uint64_t masks = 0;
  for (std::size_t i = 0; i < un; ++i) {
    for (const auto* v : {&r.missing_sections, &r.unowned_sections, &r.stale_sections,
                          &r.missing_customer_roles, &r.missing_team_roles, &r.missing_objectives})
      masks += (*v)[i];
  }
  std::printf(
      "seconds=%.6f seconds_into=%.6f completeness=%.17g freshness=%.17g masks=%llu "
      "steps=%lld,%lld,%lld,%lld\n",
      seconds, seconds_into, r.completeness.sum(), r.freshness.sum(),
      static_cast<unsigned long long>(masks), static_cast<long long>(r.step_counts[0]),
      static_cast<long long>(r.step_counts[1]), static_cast<long long>(r.step_counts[2]),
      static_cast<long long>(r.step_counts[3]));
  if (!out_path.empty()) {
    std::ofstream out(out_path, std::ios::binary);
    put(out, r.completeness.data(), un);
    put(out, r.freshness.data(), un);
    for (const auto* v : {&r.missing_sections, &r.unowned_sections, &r.stale_sections,
                          &r.missing_customer_roles, &r.missing_team_roles, &r.missing_objectives})
      put(out, v->data(), un);
    put(out, r.section_age_days.data(), r.section_age_days.size());
    const std::int64_t steps[4] = {r.step_counts[0], r.step_counts[1], r.step_counts[2],
                                   r.step_counts[3]};
    put(out, steps, 4);
    if (!out) throw std::runtime_error("cannot write " + out_path);
  }
  return 0;
}

int write_whitespace(const std::string& path, std::int64_t n, std::int64_t m, std::int64_t g,
                     std::uint64_t seed) {
  if (n < 1 || m < 1 || m > 1000 || g < 1 || g > 1000)
    throw std::runtime_error("--rows, --offerings (<= 1000) and --groups (<= 1000) must be >= 1");
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  const auto un = static_cast<std::size_t>(n), um = static_cast<std::size_t>(m),
             ug = static_cast<std::size_t>(g);
  // Each group owns each offering at its own rate (0.05 to 0.6), so that peers tell something.
  std::vector<double> rate(ug * um);
  for (double& v : rate) v = 0.05 + 0.55 * uniform(rng);
  std::vector<double> price(um);
  for (std::size_t j = 0; j < um; ++j)
    price[j] = um > 1 ? 1000 + 19000 * static_cast<double>(j) / static_cast<double>(um - 1) : 1000;
  std::vector<std::uint8_t> cells(un * um);
  std::vector<std::int64_t> label(un);
  for (std::size_t i = 0; i < un; ++i) {
    const std::size_t k = rng() % ug;
    label[i] = static_cast<std::int64_t>(k);
    for (std::size_t j = 0; j < um; ++j) {
      kam::cell_state s = kam::cell_state::open;
      if (uniform(rng) < 0.1) {
        s = kam::cell_state::not_eligible;
      } else if (uniform(rng) < rate[k * um + j]) {
        s = kam::cell_state::owned;
      } else if (uniform(rng) < 0.15) {
        s = kam::cell_state::pipeline;
      }
      cells[i * um + j] = static_cast<std::uint8_t>(s);
    }
  }
  std::ofstream out(path, std::ios::binary);
  out.write(holdings_magic, sizeof holdings_magic);
  put(out, &n, 1);
  put(out, &m, 1);
  put(out, &g, 1);
  put(out, price.data(), um);
  put(out, cells.data(), cells.size());
  put(out, label.data(), un);
  if (!out) throw std::runtime_error("cannot write " + path);
  std::cout << "wrote " << path << ": " << n << " accounts x " << m << " offerings, " << g
            << " peer groups\n";
  return 0;
}

/// Returns whether two whitespace results hold the same numbers, bit for bit (NaN equal to NaN).
bool same_whitespace(const kam::whitespace_result& a, const kam::whitespace_result& b) {
  const auto same = [](const auto& x, const auto& y) {
    return x.size() == y.size() &&
           std::memcmp(x.data(), y.data(), static_cast<std::size_t>(x.size()) * sizeof *x.data()) ==
               0;
  };
  return same(a.owned, b.owned) && same(a.pipeline, b.pipeline) && same(a.open, b.open) &&
         same(a.eligible, b.eligible) && same(a.account_penetration, b.account_penetration) &&
         same(a.offering_owners, b.offering_owners) &&
         same(a.offering_eligible, b.offering_eligible) &&
         same(a.offering_penetration, b.offering_penetration) &&
         same(a.offering_value, b.offering_value) && same(a.group_propensity, b.group_propensity) &&
         same(a.open_value, b.open_value) && same(a.expected_expansion, b.expected_expansion);
}

int run_whitespace(const std::string& path, int repeat, unsigned threads,
                   const std::string& out_path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  std::int64_t n = 0, m = 0, g = 0;
  in.read(head, sizeof head);
  get(in, &n, 1);
  get(in, &m, 1);
  get(in, &g, 1);
  if (!in || std::memcmp(head, holdings_magic, sizeof holdings_magic) != 0 || n < 1 ||
      n > (std::int64_t{1} << 31) || m < 1 || m > 1000 || g < 1 || g > 1000)
    throw std::runtime_error(path + " is not a plan_peer holdings file");
  const auto un = static_cast<std::size_t>(n), um = static_cast<std::size_t>(m);
  kam::holdings_table h;
  for (std::int64_t j = 0; j < m; ++j) {
    std::string name = "offering-";  // appended: GCC 12 -O3 warns falsely on "..." + to_string
    name += std::to_string(j);
    h.offerings.push_back(name);
  }
  Eigen::VectorXd price(m);
  get(in, price.data(), um);
  h.cells.resize(un * um);
  get(in, h.cells.data(), h.cells.size());  // cell_state is a uint8 enum
  static_assert(sizeof(Eigen::Index) == sizeof(std::int64_t));
  kam::index_vector label(n);
  get(in, label.data(), un);
  if (!in) throw std::runtime_error(path + " is truncated");
  kam::whitespace_options options;
  options.smoothing = 2;
  options.groups = g;
  kam::whitespace_result r;
  const double seconds =
      best_seconds(repeat, [&] { r = kam::whitespace_by_price(h, label, price, options); });
  // The form for repeated runs: storage reused (the untimed call above touched it already).
  kam::whitespace_result reused = r;
  const double seconds_into = best_seconds(
      repeat, [&] { kam::whitespace_by_price_into(reused, h, label, price, options); });
  if (!same_whitespace(reused, r)) throw std::runtime_error("whitespace_by_price_into differs");
  // The same call on `threads` threads (fresh storage, like the first), which must give the same
  // bits.
  kam::whitespace_options spread = options;
  spread.threads = threads;
  kam::whitespace_result t;
  const double seconds_threads =
      best_seconds(repeat, [&] { t = kam::whitespace_by_price(h, label, price, spread); });
  if (!same_whitespace(t, r)) throw std::runtime_error("the threaded whitespace differs");
  std::printf(
      "seconds=%.6f seconds_into=%.6f threads=%u seconds_threads=%.6f owned=%lld open=%lld "
      "open_value=%.17g expected_expansion=%.17g penetration=%.17g\n",
      seconds, seconds_into, kam::resolve_threads(threads, "plan_peer"), seconds_threads,
      static_cast<long long>(r.owned.sum()), static_cast<long long>(r.open.sum()),
      r.open_value.sum(), r.expected_expansion.sum(), r.account_penetration.sum());
  if (!out_path.empty()) {
    std::ofstream out(out_path, std::ios::binary);
    for (const auto* v : {&r.owned, &r.pipeline, &r.open, &r.eligible}) put(out, v->data(), un);
    put(out, r.account_penetration.data(), un);
    put(out, r.offering_owners.data(), um);
    put(out, r.offering_eligible.data(), um);
    put(out, r.offering_penetration.data(), um);
    put(out, r.offering_value.data(), um);
    const std::int64_t groups = r.group_propensity.rows();
    put(out, &groups, 1);
    put(out, r.group_propensity.data(), static_cast<std::size_t>(r.group_propensity.size()));
    put(out, r.open_value.data(), un);
    put(out, r.expected_expansion.data(), un);
    if (!out) throw std::runtime_error("cannot write " + out_path);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: plan_peer write-plans <plans.bin> [--rows N] [--seed S]\n"
                 "       plan_peer run-plans <plans.bin> [--repeat R] [--out <scores.bin>]\n"
                 "       plan_peer write-whitespace <holdings.bin> [--rows N] [--offerings M]"
                 " [--groups G] [--seed S]\n"
                 "       plan_peer run-whitespace <holdings.bin> [--repeat R] [--threads T]"
                 " [--out <out.bin>]\n";
    return 2;
  }
  const std::string command = argv[1];
  const auto seed = static_cast<std::uint64_t>(option(argc, argv, "--seed", 2015));
  const auto repeat = static_cast<int>(option(argc, argv, "--repeat", 3));
  if (command == "write-plans")
    return write_plans(argv[2], option(argc, argv, "--rows", 100000), seed);
  if (command == "run-plans") return run_plans(argv[2], repeat, text_option(argc, argv, "--out"));
  if (command == "write-whitespace")
    return write_whitespace(argv[2], option(argc, argv, "--rows", 100000),
                            option(argc, argv, "--offerings", 20),
                            option(argc, argv, "--groups", 10), seed);
  if (command == "run-whitespace")
    return run_whitespace(argv[2], repeat,
                          static_cast<unsigned>(option(argc, argv, "--threads", 0)),
                          text_option(argc, argv, "--out"));
  std::cerr << "unknown command " << command << "\n";
  return 2;
} catch (const std::exception& e) {
  std::cerr << "plan_peer: " << e.what() << "\n";
  return 1;
}
