// kam_property: runs every registered entry point (tests/property/*_entries.cpp) on `--cases`
// seeded cases and classifies each call:
//   ok      returned, every number finite or explained (a documented NaN, an "undefined" list)
//   error   threw a kam::error (bad input, said clearly)
//   leak    threw anything else (std::bad_alloc, std::length_error, ...)
//   silent  returned an infinity or a NaN that nothing explains
//   slow    took more than --slow seconds of CPU time (a hang in the making; a real hang meets
//           the CTest timeout, a crash ends the process: both fail the run). CPU time, the
//           process's (std::clock, every thread), not wall time: a loaded machine does not make
//           a case slow.
// Exits 1 if any call is a leak, silent or slow. `--only NAME` runs one entry point, `--verbose`
// prints each case before it runs (to find the case that crashes), `--case C` runs case C alone
// (the one a long run reported first), `--list` prints the entry points' names, one a line (for
// scripts/fuzz, which gives each its own count).
//   kam_property [--cases N] [--seed S] [--slow SECONDS] [--only NAME] [--case C] [--verbose]
//   kam_property --list
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <kam/core/error.hpp>
#include <limits>
#include <string>
#include <vector>

#include "property.hpp"

namespace kam_property {

namespace {

/// The special values an adversarial case draws from.
const double special_values[] = {0.0,
                                 -0.0,
                                 1.0,
                                 -1.0,
                                 0.5,
                                 2.0,
                                 100.0,
                                 1e-300,
                                 std::numeric_limits<double>::denorm_min(),
                                 -std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::min(),
                                 1e300,
                                 -1e300,
                                 1e308,
                                 -1e308,
                                 std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::lowest(),
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN()};

/// FNV-1a of a name: each entry point gets its own stream of cases.
std::uint64_t hash(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

}  // namespace

draw::draw(std::uint64_t seed, const std::string& name, std::uint64_t index)
    : rng_(seed ^ hash(name) ^ (index * 0x9E3779B97F4A7C15ULL)) {
  adversarial_ = chance(0.4);
}

bool draw::chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

std::int64_t draw::between(std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
}

Eigen::Index draw::size() {
  if (chance(0.05)) return 200;
  if (chance(0.1)) return between(0, 1);
  return between(2, 40);
}

std::int64_t draw::count() {
  if (adversarial_ && chance(0.5)) {
    const std::int64_t odd[] = {-1,
                                0,
                                std::int64_t{1} << 31,
                                std::numeric_limits<std::int64_t>::max(),
                                std::numeric_limits<std::int64_t>::min(),
                                1000000000};
    return odd[between(0, 5)];
  }
  return between(1, 8);
}

double draw::value() {
  if (adversarial_ && chance(0.3)) return special_values[between(0, std::size(special_values) - 1)];
  return std::normal_distribution<double>(0, chance(0.5) ? 1 : 1000)(rng_);
}

double draw::value_in(double lo, double hi) {
  if (adversarial_ && chance(0.2)) return special_values[between(0, std::size(special_values) - 1)];
  return std::uniform_real_distribution<double>(lo, hi)(rng_);
}

Eigen::MatrixXd draw::matrix(Eigen::Index rows, Eigen::Index cols) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = value();
  return m;
}

Eigen::VectorXd draw::vector_in(Eigen::Index n, double lo, double hi) {
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) v(i) = value_in(lo, hi);
  return v;
}

Eigen::VectorXi draw::flags(Eigen::Index n) {
  Eigen::VectorXi v(n);
  for (Eigen::Index i = 0; i < n; ++i)
    v(i) = adversarial_ && chance(0.05) ? static_cast<int>(between(-1, 2))
                                        : static_cast<int>(between(0, 1));
  return v;
}

std::string draw::text(const std::vector<std::string>& vocabulary, Eigen::Index tokens) {
  std::string out;
  if (adversarial_ && chance(0.3)) {
    for (Eigen::Index i = 0; i < tokens * 3; ++i) out.push_back(static_cast<char>(between(0, 255)));
    return out;
  }
  for (Eigen::Index i = 0; i < tokens; ++i) {
    if (i > 0) out.push_back(' ');
    out += vocabulary[static_cast<std::size_t>(between(0, std::ssize(vocabulary) - 1))];
  }
  return out;
}

std::vector<entry>& registry() {
  static std::vector<entry> entries;
  return entries;
}

registrar::registrar(std::string name, std::function<bool(draw&)> call) {
  registry().push_back({std::move(name), std::move(call)});
}

}  // namespace kam_property

namespace {

/// The counts of one entry point's outcomes, and the first case of each bad kind.
struct tally {
  long ok = 0, error = 0, leak = 0, silent = 0, slow = 0;
  std::string first_bad;
};

/// The command line.
struct settings {
  long cases = 200;
  std::uint64_t seed = 20;
  double slow = 5.0;
  std::string only;
  long single = -1;  ///< --case: the one case to run, or -1
  bool verbose = false;
  bool list = false;  ///< --list: print the names and run nothing
};

settings parse(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--cases" && has_value) {
      s.cases = std::stol(argv[++i]);
    } else if (a == "--seed" && has_value) {
      s.seed = std::stoull(argv[++i]);
    } else if (a == "--slow" && has_value) {
      s.slow = std::stod(argv[++i]);
    } else if (a == "--only" && has_value) {
      s.only = argv[++i];
    } else if (a == "--case" && has_value) {
      s.single = std::stol(argv[++i]);
    } else if (a == "--verbose") {
      s.verbose = true;
    } else if (a == "--list") {
      s.list = true;
    } else {
      std::fprintf(stderr,
                   "usage: kam_property [--cases N] [--seed S] [--slow SECONDS] "
                   "[--only NAME] [--case C] [--verbose] | --list\n");
      std::exit(2);
    }
  }
  return s;
}

/// Runs case `c` of `e` and adds its outcome to `t`.
void run_case(const kam_property::entry& e, const settings& s, long c, tally& t) {
  const auto note = [&](const char* kind, const std::string& what) {
    if (t.first_bad.empty())
      t.first_bad = std::string(kind) + " in case " + std::to_string(c) + ": " + what;
  };
  kam_property::draw d(s.seed, e.name, static_cast<std::uint64_t>(c));
  const std::clock_t start = std::clock();
  try {
    if (e.call(d)) {
      ++t.ok;
    } else {
      ++t.silent;
      note("silent", "an infinity or NaN that nothing explains");
    }
  } catch (const kam::error&) {
    ++t.error;
  } catch (const std::exception& x) {
    ++t.leak;
    note("leak", x.what());
  } catch (...) {
    ++t.leak;
    note("leak", "an exception that is not a std::exception");
  }
  const double took = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  if (took > s.slow) {
    ++t.slow;
    note("slow", std::to_string(took) + " s of CPU time");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const settings s = parse(argc, argv);
  if (s.list) {
    for (const auto& e : kam_property::registry()) std::printf("%s\n", e.name.c_str());
    return 0;
  }
  long bad = 0, calls = 0;
  std::printf("%-34s %8s %8s %8s %6s %6s %6s\n", "entry point", "cases", "ok", "error", "leak",
              "silent", "slow");
  for (const auto& e : kam_property::registry()) {
    if (!s.only.empty() && e.name != s.only) continue;
    tally t;
    const long first = s.single >= 0 ? s.single : 0;
    const long end = s.single >= 0 ? s.single + 1 : s.cases;
    for (long c = first; c < end; ++c) {
      if (s.verbose) std::fprintf(stderr, "%s case %ld\n", e.name.c_str(), c);
      run_case(e, s, c, t);
    }
    calls += end - first;
    bad += t.leak + t.silent + t.slow;
    std::printf("%-34s %8ld %8ld %8ld %6ld %6ld %6ld\n", e.name.c_str(), end - first, t.ok, t.error,
                t.leak, t.silent, t.slow);
    if (!t.first_bad.empty()) std::printf("    first: %s\n", t.first_bad.c_str());
  }
  std::printf("%ld entry points, %ld calls, %ld leak/silent/slow (seed %llu)\n",
              static_cast<long>(kam_property::registry().size()), calls, bad,
              static_cast<unsigned long long>(s.seed));
  return bad == 0 ? 0 : 1;
}
