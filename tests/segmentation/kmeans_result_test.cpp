// Tests of kam/segmentation/kmeans_result.hpp: predict on a result built by hand, its checks of
// the result's members, and its labels against a brute-force nearest centroid for every number
// of features (the kernels compiled for 1 to 8 features, and the general one beyond).
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <kam/segmentation/kmeans_result.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

namespace {
template <typename Scalar>
kam::matrix_of<Scalar> line(std::initializer_list<double> v) {
  kam::matrix_of<Scalar> x(static_cast<Eigen::Index>(v.size()), 1);
  Eigen::Index i = 0;
  for (double d : v) x(i++, 0) = static_cast<Scalar>(d);
  return x;
}
std::vector<Eigen::Index> to_std(const kam::index_vector& v) { return {v.begin(), v.end()}; }
using idx = std::vector<Eigen::Index>;
}  // namespace

TEMPLATE_TEST_CASE("kmeans_result::predict: a result built by hand", "[kmeans_result]", float,
                   double) {
  // Centroids 0 and 10 in raw units (offset 0, scale 1), as a CRM would load them. By hand:
  // 4 -> 0, 6 -> 1, -3 -> 0, 25 -> 1; 5 is equidistant: |c|^2 - 2 c z = 0 and 100 - 100 = 0,
  // exact in both types, so the tie goes to the lower cluster, 0.
  kam::kmeans_result<TestType> r;
  r.centroids = line<TestType>({0, 10});
  r.scaled_centroids = r.centroids;
  r.feature_offset = kam::vector_of<TestType>::Zero(1);
  r.feature_scale = kam::vector_of<TestType>::Ones(1);
  CHECK(to_std(r.predict(line<TestType>({4, 6, -3, 25, 5}))) == idx{0, 1, 0, 1, 0});

  // Only `centroids` filled in: a clear error instead of reading missing members.
  kam::kmeans_result<TestType> bare;
  bare.centroids = line<TestType>({0, 10});
  auto msg =
      kam_test::message_of<kam::invalid_input>([&] { (void)bare.predict(line<TestType>({1})); });
  CHECK(msg ==
        "kam::kmeans_result::predict: 'scaled_centroids': expects 2 x 1 scaled centroids and 1 "
        "feature offsets and scales, got 0 x 0, 0 and 0");
  auto zero_scale = r;
  zero_scale.feature_scale(0) = 0;
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)zero_scale.predict(line<TestType>({1})); });
  CHECK(msg ==
        "kam::kmeans_result::predict: 'feature_scale': feature 0: scale 0 is not a finite "
        "positive number");
  auto nan_centre = r;
  nan_centre.scaled_centroids(1, 0) = std::numeric_limits<TestType>::quiet_NaN();
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)nan_centre.predict(line<TestType>({1})); });
  CHECK(msg ==
        "kam::kmeans_result::predict: 'scaled_centroids', row 1: feature 0 of the centroid is "
        "nan");
}

TEMPLATE_TEST_CASE("kmeans_result::predict: the nearest centroid for any number of features",
                   "[kmeans_result]", float, double) {
  // The reference is the definition: for each account, the centroid at the smallest exact
  // squared distance sum_j ((x_j - offset_j) / scale_j - c_j)^2, computed here in long double,
  // ties to the lower cluster. predict compares |c|^2 - 2 c.z in TestType instead, so accounts
  // whose two nearest centroids are closer than 1e-3 (relative) are not compared. 1 to 20
  // features cover every kernel (1..8 compiled for the count, 9..20 in slabs of 8); k = 1 to 11
  // covers centroids compared 1, 2 and 4 at a time; 300 accounts span three blocks of 128.
  std::uint64_t s = 2024;
  const auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  };
  const Eigen::Index n = 300;
  for (Eigen::Index d = 1; d <= 20; ++d) {
    for (const Eigen::Index k : {1, 2, 3, 5, 6, 9, 11}) {
      kam::kmeans_result<TestType> r;
      r.centroids.resize(k, d);
      r.scaled_centroids.resize(k, d);
      r.feature_offset.resize(d);
      r.feature_scale.resize(d);
      for (Eigen::Index j = 0; j < d; ++j) {
        r.feature_offset(j) = static_cast<TestType>(next() * 4 - 2);
        r.feature_scale(j) = static_cast<TestType>(0.5 + next());
        for (Eigen::Index c = 0; c < k; ++c)
          r.scaled_centroids(c, j) = static_cast<TestType>(next() * 6 - 3);
      }
      kam::matrix_of<TestType> x(n, d);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j) x(i, j) = static_cast<TestType>(next() * 10 - 5);
      const kam::index_vector labels = r.predict(x);
      Eigen::Index compared = 0;
      Eigen::Index wrong = 0;
      for (Eigen::Index i = 0; i < n; ++i) {
        long double best = std::numeric_limits<long double>::infinity();
        long double second = best;
        Eigen::Index nearest = -1;
        for (Eigen::Index c = 0; c < k; ++c) {
          long double dist = 0;
          for (Eigen::Index j = 0; j < d; ++j) {
            const long double z = (static_cast<long double>(x(i, j)) -
                                   static_cast<long double>(r.feature_offset(j))) /
                                  static_cast<long double>(r.feature_scale(j));
            const long double diff = z - static_cast<long double>(r.scaled_centroids(c, j));
            dist += diff * diff;
          }
          if (dist < best) {
            second = best;
            best = dist;
            nearest = c;
          } else if (dist < second) {
            second = dist;
          }
        }
        if (k > 1 && second - best < 1e-3L * best) continue;
        ++compared;
        wrong += labels(i) == nearest ? 0 : 1;
      }
      INFO("features " << d << ", clusters " << k);
      CHECK(wrong == 0);
      CHECK(compared > n * 9 / 10);
    }
  }
}
