// Options of weighted k-means (kam::kmeans, kam::kmeans_plus_plus): clusters, restarts,
// iterations, tolerance, seed, standardisation, k-means++ trials and threads.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cstdint>

namespace kam {

/// The most runs kmeans_options::restarts may ask for (each is a full k-means run).
inline constexpr Eigen::Index kmeans_max_restarts = 10'000;
/// The most Lloyd iterations kmeans_options::max_iterations may ask for (each reads every
/// account once).
inline constexpr Eigen::Index kmeans_max_iterations = 1'000'000;
/// The most k-means++ candidates per centre kmeans_options::local_trials may ask for (each is a
/// pass over the accounts; scikit-learn's default for k = 1000 is 8).
inline constexpr Eigen::Index kmeans_max_local_trials = 1'000;

/// Options of kam::kmeans.
struct kmeans_options {
  /// The number of clusters, 1 <= k <= the number of accounts with a positive weight (and
  /// k <= 2^24 in float, whose lanes carry the cluster numbers in the distance kernel).
  Eigen::Index k = 8;
  /// Independent runs from different k-means++ seedings; the one with the lowest inertia is kept
  /// (ties: the earlier run). 1..kmeans_max_restarts.
  Eigen::Index restarts = 1;
  /// Lloyd iterations per run (each: assign every account, then move every centroid);
  /// 1..kmeans_max_iterations.
  Eigen::Index max_iterations = 300;
  /// A run stops when the centroids move by at most tolerance x the mean variance of the
  /// features (sum over centroids of squared moves, as scikit-learn's `tol`); 0 stops only when
  /// no label changes.
  double tolerance = 1e-4;
  /// Seed of the random stream (std::mt19937_64, with kam's own transforms to uniforms).
  std::uint64_t seed = 0;
  /// Cluster z-scores (x - mean) / sd per feature (sd with ddof 0, unweighted; a constant
  /// feature keeps scale 1) instead of raw values. Centroids are reported in raw units either way.
  bool standardize = false;
  /// Candidates tried per centre by greedy k-means++; 0 means scikit-learn's 2 + floor(ln k);
  /// at most kmeans_max_local_trials.
  Eigen::Index local_trials = 0;
  /// Threads, as kam::resolve_threads reads them (1: the caller's only; 0: every hardware thread).
  /// Results are bit-identical for every thread count: the work is cut into fixed chunks whose
  /// partial sums are combined in chunk order.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(kmeans_options, (),
                      (k, restarts, max_iterations, tolerance, seed, standardize, local_trials,
                       threads))

}  // namespace kam
