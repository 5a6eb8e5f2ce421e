// kam's half of the k-means comparison with scikit-learn (benchmarks/peers/kmeans_sklearn.py).
//
//   kmeans_peer write <data.bin> [--rows N] [--k K] [--seed S]
//   kmeans_peer run <data.bin> --iterations M [--repeat R] [--threads T] [--float]
//                   [--labels <labels.bin>]
//
// `write` builds the data both sides cluster and stores it in one binary file: N synthetic
// accounts from the sample generator (every row distinct), 8 features (the six needs and
// behaviour ratings, log10 revenue, log10 employees), revenue as the sample weight, and K initial
// centres chosen by kam's k-means++ (seed S). Layout, little-endian: the 8 bytes "KAMKMv1\0",
// int64 N, D, K, then N x D doubles (row-major), N doubles (weights), K x D doubles (centres).
//
// `run` reads the file, runs kam::kmeans from those centres for exactly M Lloyd iterations
// (tolerance 0) R times, and prints one line "seconds=<fastest> iterations=<n> inertia=<x>"; with
// --labels it writes the labels of the last run as N int64. --float converts the data to float
// first (outside the timing). The timing covers the kam::kmeans call only.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <kam/kam.hpp>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/peer_program.hpp"
#include "common/sample_portfolio.hpp"

namespace {

constexpr char magic[8] = {'K', 'A', 'M', 'K', 'M', 'v', '1', '\0'};

struct dataset {
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x;
  Eigen::VectorXd w;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> init;
};

int write(const std::string& path, Eigen::Index n, Eigen::Index k, std::uint64_t seed) {
  dataset d;
  d.x.resize(n, 8);
  d.w.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto a =
        kam_examples::generate_account(kam_examples::default_seed, static_cast<std::uint64_t>(i));
    d.x.row(i) << a.price_focus, a.technology_focus, a.service_focus, a.responsiveness, a.loyalty,
        a.innovation_openness, std::log10(a.current_revenue),
        std::log10(static_cast<double>(a.employees));
    d.w(i) = a.current_revenue;
  }
  kam::kmeans_options o;
  o.k = k;
  o.seed = seed;
  d.init = kam::kmeans_plus_plus(d.x, d.w, o);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out.write(magic, sizeof magic);
  const std::int64_t shape[3] = {n, 8, k};
  kam_peer::put(out, shape, 3);
  kam_peer::put(out, d.x.data(), static_cast<std::size_t>(d.x.size()));
  kam_peer::put(out, d.w.data(), static_cast<std::size_t>(d.w.size()));
  kam_peer::put(out, d.init.data(), static_cast<std::size_t>(d.init.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
  std::printf("wrote %s: %td accounts x 8 features, %td initial centres (k-means++, seed %llu)\n",
              path.c_str(), n, k, static_cast<unsigned long long>(seed));
  return 0;
}

dataset read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  char m[8];
  in.read(m, sizeof m);
  if (!in || std::memcmp(m, magic, sizeof m) != 0)
    throw std::runtime_error(path + " is not a kmeans_peer data file");
  std::int64_t shape[3];
  kam_peer::get(in, shape, 3);
  dataset d;
  d.x.resize(shape[0], shape[1]);
  d.w.resize(shape[0]);
  d.init.resize(shape[2], shape[1]);
  kam_peer::get(in, d.x.data(), static_cast<std::size_t>(d.x.size()));
  kam_peer::get(in, d.w.data(), static_cast<std::size_t>(d.w.size()));
  kam_peer::get(in, d.init.data(), static_cast<std::size_t>(d.init.size()));
  return d;
}

template <typename Scalar>
int run(const dataset& d, Eigen::Index iterations, int repeat, Eigen::Index threads,
        const char* labels_path) {
  // Column-major copies in the scalar under test, made before timing.
  const kam::matrix_of<Scalar> x = d.x.cast<Scalar>();
  const kam::vector_of<Scalar> w = d.w.cast<Scalar>();
  const kam::matrix_of<Scalar> init = d.init.cast<Scalar>();
  kam::kmeans_options o;
  o.max_iterations = iterations;
  o.tolerance = 0;
  o.threads = static_cast<unsigned>(threads);
  kam::kmeans_result<Scalar> r;
  const double best = kam_peer::best_seconds(repeat, [&] { r = kam::kmeans(x, w, init, o); });
  std::printf("seconds=%.6f iterations=%td inertia=%.17g\n", best, r.iterations,
              static_cast<double>(r.inertia));
  if (labels_path != nullptr) {
    std::ofstream out(labels_path, std::ios::binary);
    std::vector<std::int64_t> l(r.labels.begin(), r.labels.end());
    kam_peer::put(out, l.data(), l.size());
    if (!out) throw std::runtime_error(std::string("cannot write ") + labels_path);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: kmeans_peer write <data.bin> [--rows N] [--k K] [--seed S]\n"
                 "       kmeans_peer run <data.bin> --iterations M [--repeat R] [--threads T] "
                 "[--float] [--labels <labels.bin>]\n";
    return 2;
  }
  const std::string mode = argv[1];
  const std::string path = argv[2];
  if (mode == "write") {
    return write(path, kam_peer::option(argc, argv, "--rows", 1'000'000),
                 kam_peer::option(argc, argv, "--k", 8),
                 static_cast<std::uint64_t>(kam_peer::option(argc, argv, "--seed", 1)));
  }
  if (mode == "run") {
    const dataset d = read(path);
    const Eigen::Index iterations = kam_peer::option(argc, argv, "--iterations", 10);
    const auto repeat = static_cast<int>(kam_peer::option(argc, argv, "--repeat", 3));
    const Eigen::Index threads = kam_peer::option(argc, argv, "--threads", 1);
    const char* labels = kam_peer::text_option(argc, argv, "--labels");
    return kam_peer::flag(argc, argv, "--float")
               ? run<float>(d, iterations, repeat, threads, labels)
               : run<double>(d, iterations, repeat, threads, labels);
  }
  std::cerr << "unknown mode " << mode << '\n';
  return 2;
} catch (const kam::error& e) {
  std::cerr << "error: " << e.what() << '\n';
  return 1;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << '\n';
  return 1;
}
