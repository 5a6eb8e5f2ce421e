// Not API. k-means from validated input to result: restarts from k-means++ seedings (or one run
// from given centroids), the run with the lowest inertia kept, centroids back in raw units.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/random.hpp>
#include <kam/segmentation/detail/kmeans_checks.hpp>
#include <kam/segmentation/detail/kmeans_engine.hpp>
#include <kam/segmentation/kmeans_options.hpp>
#include <kam/segmentation/kmeans_result.hpp>
#include <limits>
#include <optional>
#include <vector>

namespace kam::detail {

/// Returns the k centres k-means++ picks from the accounts of engine `e` with the random stream
/// of run `r`, in the clustered space.
template <typename Scalar, typename X>
kmeans_centres seeded_centres(kmeans_engine<Scalar, X>& e, const kmeans_options& o, Eigen::Index r,
                              Eigen::Index k, Eigen::Index d, Eigen::Index trials) {
  kmeans_centres centres(k, d);
  auto rng = random_stream(o.seed, static_cast<std::uint64_t>(r));
  e.reset_seeding();
  const auto rows = e.seed(rng, trials);
  for (Eigen::Index c = 0; c < k; ++c)
    for (Eigen::Index j = 0; j < d; ++j)
      centres(c, j) = static_cast<double>(e.z(rows[static_cast<std::size_t>(c)], j));
  return centres;
}

/// Makes `best` the result of the run that ended with `out`, `centres`, `labels` and `totals`.
template <typename Scalar>
void keep_run(kmeans_result<Scalar>& best, Eigen::Index r, const kmeans_run_outcome& out,
              const kmeans_centres& centres, index_vector& labels, const kmeans_partial& totals) {
  const Eigen::Index k = centres.rows();
  best.inertia = static_cast<Scalar>(out.inertia);
  best.best_restart = r;
  best.iterations = out.iterations;
  best.relocations = out.relocations;
  best.status = out.converged ? kmeans_status::converged : kmeans_status::iteration_limit;
  best.labels.swap(labels);
  labels.resize(best.labels.size());
  best.scaled_centroids = centres.cast<Scalar>();
  best.sizes.resize(k);
  best.cluster_weights.resize(k);
  best.empty_clusters = 0;
  for (Eigen::Index c = 0; c < k; ++c) {
    const auto cs = static_cast<std::size_t>(c);
    best.sizes(c) = totals.accounts[cs];
    best.cluster_weights(c) = static_cast<Scalar>(totals.weight[cs]);
    best.empty_clusters += totals.members[cs] == 0 ? 1 : 0;
  }
}

/// Runs k-means on the accounts of `x` (weights `w`, nullptr for 1 each): `o.restarts` runs from
/// k-means++ seedings, or one run from `given` (clustered space) when it is not null; returns the
/// run with the lowest inertia (ties: the earlier run).
template <typename Scalar, typename X>
kmeans_result<Scalar> fit_kmeans(const X& x, const Scalar* w, const kmeans_options& o,
                                 Eigen::Index k, const kmeans_setup<Scalar>& s,
                                 const kmeans_centres* given) {
  const Eigen::Index d = x.cols();
  kmeans_engine<Scalar, X> e(x, w, s.offset, s.inv, k, s.threads);
  const Eigen::Index runs = given != nullptr ? 1 : o.restarts;
  kmeans_result<Scalar> best;
  best.restart_inertia.resize(runs);
  index_vector labels(x.rows());
  kmeans_partial totals;
  double best_inertia = 0;
  for (Eigen::Index r = 0; r < runs; ++r) {
    kmeans_centres centres = given != nullptr ? *given : seeded_centres(e, o, r, k, d, s.trials);
    const kmeans_run_outcome out = e.lloyd(centres, labels, o.max_iterations, s.tolerance, totals);
    if (!(out.inertia <= static_cast<double>(std::numeric_limits<Scalar>::max()))) {
      // Only float can get here: the entry checks bound each distance and the total weight,
      // not their product.
      throw out_of_bounds({"kam::kmeans", "inertia", std::nullopt},
                          detail::cat({"run ", r, ": the inertia ", out.inertia, " overflows ",
                                       scalar_name<Scalar>(),
                                       "; rescale the features or the weights, or use double"}));
    }
    best.restart_inertia(r) = static_cast<Scalar>(out.inertia);
    if (r > 0 && !(out.inertia < best_inertia)) continue;
    best_inertia = out.inertia;
    keep_run(best, r, out, centres, labels, totals);
  }
  best.feature_offset = Eigen::Map<const vector_of<Scalar>>(s.offset.data(), d);
  best.feature_scale = Eigen::Map<const vector_of<Scalar>>(s.scale.data(), d);
  best.centroids.resize(k, d);
  for (Eigen::Index c = 0; c < k; ++c)
    for (Eigen::Index j = 0; j < d; ++j)
      best.centroids(c, j) = static_cast<Scalar>(static_cast<double>(best.scaled_centroids(c, j)) *
                                                     static_cast<double>(best.feature_scale(j)) +
                                                 static_cast<double>(best.feature_offset(j)));
  return best;
}

}  // namespace kam::detail
