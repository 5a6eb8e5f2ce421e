// kam's half of the BG/NBD comparison with scipy (benchmarks/peers/bgnbd_scipy.py).
//
//   bgnbd_peer write <data.bin> [--rows N] [--seed S]
//   bgnbd_peer run <data.bin> [--repeat R]
//
// `write` simulates N accounts of one acquisition year from the BG/NBD model itself (r 0.243,
// alpha 4.414 weeks, a 0.793, b 2.426: Fader, Hardie & Lee's CDNOW estimates): first purchase on
// a day drawn uniformly from 0..364, observation to day 546, purchase days whole (floor), times
// written in weeks as CRM data summarised by kam::summarize_transactions would be. Layout,
// little-endian: the 8 bytes "KAMBGv1\0", int64 N, then N doubles of frequency, N of recency, N
// of age.
//
// `run` reads the file, fits kam::fit_bgnbd R times and prints one line "seconds=<fastest>
// iterations=<n> r=<> alpha=<> a=<> b=<> ll=<>" (17 significant digits). The timing covers the
// fit_bgnbd call only.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <kam/retention/bgnbd.hpp>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/peer_program.hpp"

namespace {

constexpr char magic[8] = {'K', 'A', 'M', 'B', 'G', 'v', '1', '\0'};

/// One simulated account: repeat purchases, last purchase and observed time, in weeks.
struct simulated_account {
  double x = 0, t_x = 0, age = 0;
};

simulated_account simulate(std::mt19937_64& rng) {
  const double r = 0.243, alpha_days = 4.414 * 7, a = 0.793, b = 2.426;
  const double first = std::floor(std::uniform_real_distribution<double>(0, 365)(rng));
  const double age_days = 546 - first;
  const double lambda = std::gamma_distribution<double>(r, 1 / alpha_days)(rng);
  const double ga = std::gamma_distribution<double>(a, 1)(rng);
  const double p = ga / (ga + std::gamma_distribution<double>(b, 1)(rng));
  simulated_account out;
  out.age = age_days / 7;
  double t = 0, last_day = 0;
  std::exponential_distribution<double> wait(std::max(lambda, 1e-300));
  for (;;) {
    t += wait(rng);
    if (t > age_days) break;
    if (std::floor(t) > last_day) {  // one purchase a day at most
      out.x += 1;
      last_day = std::floor(t);
    }
    if (std::uniform_real_distribution<double>(0, 1)(rng) < p) break;
  }
  out.t_x = last_day / 7;
  return out;
}

int write(const std::string& path, std::int64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> columns(static_cast<std::size_t>(3 * n));
  const auto un = static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < un; ++i) {
    const simulated_account s = simulate(rng);
    columns[i] = s.x;
    columns[un + i] = s.t_x;
    columns[2 * un + i] = s.age;
  }
  std::ofstream out(path, std::ios::binary);
  out.write(magic, sizeof magic);
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(columns.data()),
            static_cast<std::streamsize>(columns.size() * sizeof(double)));
  if (!out) throw std::runtime_error("cannot write " + path);
  std::cout << "wrote " << path << ": " << n << " accounts\n";
  return 0;
}

int run(const std::string& path, int repeat) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  std::int64_t n = 0;
  in.read(head, sizeof head);
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  if (!in || std::memcmp(head, magic, sizeof magic) != 0 || n < 1 || n > (std::int64_t{1} << 31))
    throw std::runtime_error(path + " is not a bgnbd_peer data file");
  Eigen::VectorXd x(n), t_x(n), age(n);
  for (Eigen::VectorXd* v : {&x, &t_x, &age}) {
    in.read(reinterpret_cast<char*>(v->data()), static_cast<std::streamsize>(n * 8));
  }
  if (!in) throw std::runtime_error(path + " is truncated");
  kam::bgnbd_fit<double> fit;
  const double best = kam_peer::best_seconds(repeat, [&] { fit = kam::fit_bgnbd(x, t_x, age); });
  std::printf("seconds=%.6f iterations=%d r=%.17g alpha=%.17g a=%.17g b=%.17g ll=%.17g\n", best,
              fit.iterations, fit.params.r, fit.params.alpha, fit.params.a, fit.params.b,
              fit.log_likelihood);
  return fit.converged ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: bgnbd_peer write <data.bin> [--rows N] [--seed S]\n"
                 "       bgnbd_peer run <data.bin> [--repeat R]\n";
    return 2;
  }
  const std::string command = argv[1];
  if (command == "write")
    return write(argv[2], kam_peer::option(argc, argv, "--rows", 100000),
                 static_cast<std::uint64_t>(kam_peer::option(argc, argv, "--seed", 2005)));
  if (command == "run")
    return run(argv[2], static_cast<int>(kam_peer::option(argc, argv, "--repeat", 3)));
  std::cerr << "unknown command " << command << "\n";
  return 2;
} catch (const std::exception& e) {
  std::cerr << "bgnbd_peer: " << e.what() << "\n";
  return 1;
}
