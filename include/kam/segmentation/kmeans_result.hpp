// The result of weighted k-means: centroids, labels, inertia, how the run ended, the clustered
// space, and predict (the nearest centroid of new accounts).
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/detail/kmeans_checks.hpp>
#include <kam/segmentation/detail/kmeans_engine.hpp>
#include <optional>
#include <type_traits>
#include <vector>

namespace kam {

/// How a k-means run ended. Neither is an error.
/// - `converged`: an iteration left every label unchanged, or moved the centroids by at most the
///   tolerance (scikit-learn's two stopping rules).
/// - `iteration_limit`: `max_iterations` were run without converging; the result is usable, but
///   more iterations would still move it.
enum class kmeans_status { converged, iteration_limit };
BOOST_DESCRIBE_ENUM(kmeans_status, converged, iteration_limit)

/// The result of kam::kmeans: centroids, one label per account (aligned with the input rows),
/// the objective and how the run ended.
template <real_scalar Scalar>
struct kmeans_result {
  /// k x d: the centroid of each cluster, in the units of the input (even when standardised).
  matrix_of<Scalar> centroids;
  /// k x d: the centroids in the space the clustering ran in, (centroid - feature_offset) /
  /// feature_scale; what `predict` compares accounts with.
  matrix_of<Scalar> scaled_centroids;
  /// Per account, the cluster 0..k-1 of its nearest centroid. Ties go to the lower cluster, as
  /// computed: distances are compared in the clustered space (centred on the feature means) in
  /// the expanded form |c|^2 - 2 c.z, so a point equidistant from two centroids in exact
  /// arithmetic may lean either way by rounding, as in scikit-learn.
  index_vector labels;
  /// Sum over accounts of weight x squared distance to the own centroid, in the clustered space
  /// (z-scores when standardised), for the final centroids and labels.
  Scalar inertia = 0;
  /// Lloyd iterations of the kept run.
  Eigen::Index iterations = 0;
  /// How the kept run ended.
  kmeans_status status = kmeans_status::converged;
  /// Times an empty cluster was moved onto a far account during the kept run.
  Eigen::Index relocations = 0;
  /// Clusters without an account of positive weight in the final labels (possible only when
  /// there are fewer distinct accounts than k); their centroid is the last one they had.
  Eigen::Index empty_clusters = 0;
  /// Accounts per cluster.
  index_vector sizes;
  /// The total weight per cluster.
  vector_of<Scalar> cluster_weights;
  /// The run that was kept (0-based).
  Eigen::Index best_restart = 0;
  /// The final inertia of every run.
  vector_of<Scalar> restart_inertia;
  /// The clustered space: z = (x - feature_offset) / feature_scale per feature. The offset is the
  /// feature mean (centring changes no distance and keeps the expanded distance accurate).
  vector_of<Scalar> feature_offset;
  /// The scale of the clustered space: the standard deviation when standardised, else 1.
  vector_of<Scalar> feature_scale;

  /// Returns the number of clusters.
  [[nodiscard]] Eigen::Index k() const noexcept { return centroids.rows(); }

  /// Returns the label of every account of `x` (rows are accounts, same features in the same
  /// order): its nearest centroid in the clustered space, ties (distances that compare equal as
  /// computed) to the lower cluster. For the accounts that were clustered it returns `labels`.
  /// The result may also be built by hand or read back from configuration: predict uses
  /// `scaled_centroids`, `feature_offset` and `feature_scale` (not `centroids`) and checks them.
  /// Throws kam::shape_mismatch for a different number of features, kam::empty_input for a
  /// result without centroids, kam::invalid_input (naming the member and the cluster or
  /// feature) for scaled centroids, offsets or scales that are missing, not finite or (scales)
  /// not positive, kam::non_finite_value (naming the row) for NaN or infinity in `x`, and
  /// kam::out_of_bounds (naming the row) for an account so far away that its squared distances
  /// would overflow Scalar. Complexity: O(N k d), two reads of `x` (one validating, one
  /// labelling), single-threaded.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar>
  [[nodiscard]] index_vector predict(const Eigen::MatrixBase<Derived>& x) const {
    constexpr const char* fn = "kam::kmeans_result::predict";
    if (x.cols() != centroids.cols()) {
      throw shape_mismatch({fn, "features", std::nullopt},
                           detail::cat({"the matrix has ", x.cols(), " features, the centroids ",
                                        centroids.cols()}));
    }
    if (k() == 0) throw empty_input({fn, "centroids", std::nullopt}, "the result is empty");
    const Eigen::Index d = centroids.cols();
    const std::vector<double> reach =
        detail::check_fitted_centroids(scaled_centroids, feature_offset, feature_scale, k(), d, fn);
    index_vector labels_out(x.rows());
    if (x.rows() == 0) return labels_out;
    const auto& xd = detail::evaluated(x);
    const std::vector<Scalar> offset(feature_offset.data(),
                                     feature_offset.data() + feature_offset.size());
    const std::vector<double> centre(offset.begin(), offset.end());
    const auto stats = detail::check_and_reach(xd, fn, centre);
    std::vector<double> xr(static_cast<std::size_t>(d));
    std::vector<Scalar> inv(offset.size());
    for (std::size_t j = 0; j < inv.size(); ++j) {
      inv[j] = Scalar(1) / feature_scale(static_cast<Eigen::Index>(j));
      xr[j] = stats.max_dev[j] * static_cast<double>(inv[j]);
    }
    detail::check_reach(xr, stats.max_row, reach, fn, "features", std::nullopt,
                        detail::kmeans_scalar_of<Scalar>());
    detail::kmeans_engine<Scalar, std::remove_cvref_t<decltype(xd)>> e(xd, nullptr, offset, inv,
                                                                       k(), 1);
    e.prepared().set(scaled_centroids);
    labels_out.setConstant(-1);
    e.label_only(labels_out);
    return labels_out;
  }

  BOOST_DESCRIBE_CLASS(kmeans_result, (),
                       (centroids, scaled_centroids, labels, inertia, iterations, status,
                        relocations, empty_clusters, sizes, cluster_weights, best_restart,
                        restart_inertia, feature_offset, feature_scale),
                       (), ())
};

}  // namespace kam
