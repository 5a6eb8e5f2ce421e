// kam's half of the Cox comparison with statsmodels (benchmarks/peers/cox_statsmodels.py).
//
//   cox_peer write <data.bin> [--rows N] [--seed S]
//   cox_peer run <data.bin> [--repeat R]
//
// `write` simulates N accounts with 5 covariates (standard normal, and one 0/1) and a churn time
// from a proportional-hazards model with coefficients (0.5, -0.3, 0.2, 0, 0.8) and an exponential
// baseline of rate 0.02 per month, censored at 36 months and at a uniform random time; times are
// whole months, so churn times tie as in CRM data. Layout, little-endian: the 8 bytes
// "KAMCXv1\0", int64 N and P, then N doubles of time, N of event (0/1), N x P doubles of
// covariates (column by column).
//
// `run` reads the file, fits kam::fit_cox (Efron ties) R times and prints one line
// "seconds=<fastest> iterations=<n> coef=<c1>,...,<cP> ll=<>" (17 significant digits). The
// timing covers the fit_cox call only.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <kam/retention/cox.hpp>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/peer_program.hpp"

namespace {

constexpr char magic[8] = {'K', 'A', 'M', 'C', 'X', 'v', '1', '\0'};
constexpr std::int64_t covariates = 5;

int write(const std::string& path, std::int64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform(0, 1);
  const double beta[covariates] = {0.5, -0.3, 0.2, 0, 0.8};
  const auto un = static_cast<std::size_t>(n);
  std::vector<double> time(un), event(un), x(un * covariates);
  for (std::size_t i = 0; i < un; ++i) {
    double eta = 0;
    for (std::size_t j = 0; j < covariates; ++j) {
      const double v = j + 1 < covariates ? normal(rng) : (uniform(rng) < 0.3 ? 1.0 : 0.0);
      x[j * un + i] = v;
      eta += beta[j] * v;
    }
    const double churn = -std::log(uniform(rng)) / (0.02 * std::exp(eta));
    const double censor = std::min(36.0, 1 + 60 * uniform(rng));
    time[i] = std::ceil(std::min(churn, censor));
    event[i] = churn <= censor ? 1 : 0;
  }
  std::ofstream out(path, std::ios::binary);
  out.write(magic, sizeof magic);
  const std::int64_t p = covariates;
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(&p), sizeof p);
  for (const auto* v : {&time, &event, &x})
    out.write(reinterpret_cast<const char*>(v->data()),
              static_cast<std::streamsize>(v->size() * sizeof(double)));
  if (!out) throw std::runtime_error("cannot write " + path);
  std::cout << "wrote " << path << ": " << n << " accounts\n";
  return 0;
}

int run(const std::string& path, int repeat) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  std::int64_t n = 0, p = 0;
  in.read(head, sizeof head);
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  in.read(reinterpret_cast<char*>(&p), sizeof p);
  if (!in || std::memcmp(head, magic, sizeof magic) != 0 || n < 1 || n > (std::int64_t{1} << 31) ||
      p < 1 || p > 100)
    throw std::runtime_error(path + " is not a cox_peer data file");
  Eigen::VectorXd time(n), event(n);
  Eigen::MatrixXd x(n, p);
  in.read(reinterpret_cast<char*>(time.data()), static_cast<std::streamsize>(n * 8));
  in.read(reinterpret_cast<char*>(event.data()), static_cast<std::streamsize>(n * 8));
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(n * p * 8));
  if (!in) throw std::runtime_error(path + " is truncated");
  const Eigen::VectorXi events = event.cast<int>();
  kam::cox_fit<double> fit;
  const double best = kam_peer::best_seconds(repeat, [&] { fit = kam::fit_cox(time, events, x); });
  std::printf("seconds=%.6f iterations=%d coef=", best, fit.iterations);
  for (Eigen::Index j = 0; j < p; ++j) std::printf("%s%.17g", j ? "," : "", fit.coefficients(j));
  std::printf(" ll=%.17g\n", fit.log_likelihood);
  return fit.converged ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: cox_peer write <data.bin> [--rows N] [--seed S]\n"
                 "       cox_peer run <data.bin> [--repeat R]\n";
    return 2;
  }
  const std::string command = argv[1];
  if (command == "write")
    return write(argv[2], kam_peer::option(argc, argv, "--rows", 100000),
                 static_cast<std::uint64_t>(kam_peer::option(argc, argv, "--seed", 1972)));
  if (command == "run")
    return run(argv[2], static_cast<int>(kam_peer::option(argc, argv, "--repeat", 3)));
  std::cerr << "unknown command " << command << "\n";
  return 2;
} catch (const std::exception& e) {
  std::cerr << "cox_peer: " << e.what() << "\n";
  return 1;
}
