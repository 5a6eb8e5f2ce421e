// Tests of kam/segmentation/kmeans.hpp: scikit-learn's documented example, Lloyd iterations
// worked by hand (weighted and not), separable clusters, standardisation, empty-cluster
// relocation, k-means++ on weights, determinism across thread counts, bad input. predict is
// tested in kmeans_result_test.cpp. The scikit-learn
// values cited below are printed by benchmarks/peers/segmentation_reference_values.py.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <kam/segmentation/kmeans.hpp>
#include <limits>
#include <set>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
template <typename Scalar>
kam::matrix_of<Scalar> sklearn_example() {
  // scikit-learn's KMeans docstring: X = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]].
  kam::matrix_of<Scalar> x(6, 2);
  x << 1, 2, 1, 4, 1, 0, 10, 2, 10, 4, 10, 0;
  return x;
}
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

TEMPLATE_TEST_CASE("kmeans: scikit-learn's KMeans docstring example", "[kmeans]", float, double) {
  // >>> kmeans = KMeans(n_clusters=2, random_state=0, n_init="auto").fit(X)
  // >>> kmeans.labels_            array([1, 1, 1, 0, 0, 0], dtype=int32)
  // >>> kmeans.predict([[0, 0], [12, 3]])   array([1, 0], dtype=int32)
  // >>> kmeans.cluster_centers_   array([[10., 2.], [ 1., 2.]])
  // Cluster numbering depends on the random stream, so the test checks the partition and the
  // centre of each cluster. Inertia by hand: in each cluster the centre is the middle point,
  // the other two are 2 away: 2 x (4 + 4) = 16.
  const auto x = sklearn_example<TestType>();
  kam::kmeans_options o;
  o.k = 2;
  o.seed = 0;
  const auto r = kam::kmeans(x, o);
  const Eigen::Index a = r.labels(0);  // the cluster of the points at x = 1
  const Eigen::Index b = 1 - a;
  CHECK(to_std(r.labels) == idx{a, a, a, b, b, b});
  CHECK(r.centroids(a, 0) == TestType(1));
  CHECK(r.centroids(a, 1) == TestType(2));
  CHECK(r.centroids(b, 0) == TestType(10));
  CHECK(r.centroids(b, 1) == TestType(2));
  CHECK_THAT(static_cast<double>(r.inertia), WithinAbs(16.0, 1e-4));
  CHECK(r.status == kam::kmeans_status::converged);
  CHECK(to_std(r.sizes) == idx{3, 3});
  kam::matrix_of<TestType> fresh(2, 2);
  fresh << 0, 0, 12, 3;
  CHECK(to_std(r.predict(fresh)) == idx{a, b});
  CHECK(r.predict(x) == r.labels);
}

TEMPLATE_TEST_CASE("kmeans: Lloyd from given centres, worked by hand", "[kmeans]", float, double) {
  // x = 0, 2, 4, 10, 12; initial centres 0 and 4.
  // 1: 2 is equidistant (4 and 4): the tie goes to the lower cluster. Labels 0 0 1 1 1;
  //    centres 1 and 26/3.
  // 2: 4 is nearer 1 (9) than 26/3 (21.8). Labels 0 0 0 1 1; centres 2 and 11.
  // 3: labels unchanged: converged after 3 iterations (scikit-learn's n_iter_ counts the same
  //    way). Inertia 4 + 0 + 4 + 1 + 1 = 10.
  // scikit-learn 1.2.1, KMeans(2, init=[[0], [4]], n_init=1, tol=0).fit(x): labels 0 0 0 1 1,
  // centres 2 and 11, inertia 10.0, n_iter_ 3.
  const auto x = line<TestType>({0, 2, 4, 10, 12});
  const kam::vector_of<TestType> w = kam::vector_of<TestType>::Ones(5);
  const auto init = line<TestType>({0, 4});
  kam::kmeans_options o;
  o.tolerance = 0;
  const auto r = kam::kmeans(x, w, init, o);
  CHECK(to_std(r.labels) == idx{0, 0, 0, 1, 1});
  CHECK_THAT(static_cast<double>(r.centroids(0, 0)), WithinAbs(2.0, 1e-5));
  CHECK_THAT(static_cast<double>(r.centroids(1, 0)), WithinAbs(11.0, 1e-5));
  CHECK(r.iterations == 3);
  CHECK(r.status == kam::kmeans_status::converged);
  CHECK_THAT(static_cast<double>(r.inertia), WithinAbs(10.0, 1e-4));
  CHECK(r.relocations == 0);
  CHECK(r.empty_clusters == 0);

  // With two iterations allowed it stops at the centres of step 2 (2 and 11, the means of the
  // labels of step 2) without having seen that the labels no longer change.
  o.max_iterations = 2;
  const auto two = kam::kmeans(x, w, init, o);
  CHECK(two.status == kam::kmeans_status::iteration_limit);
  CHECK(two.iterations == 2);
  CHECK_THAT(static_cast<double>(two.centroids(1, 0)), WithinAbs(11.0, 1e-5));
}

TEMPLATE_TEST_CASE("kmeans: revenue-weighted Lloyd, worked by hand", "[kmeans]", float, double) {
  // x = 0, 2, 4, 10, 12 with weights 1, 1, 1, 1, 3; initial centres 0 and 4.
  // 1: labels 0 0 1 1 1 (tie at 2 to cluster 0); centres (0 + 2) / 2 = 1 and
  //    (4 + 10 + 3 x 12) / 5 = 10.
  // 2: 4 is nearer 1 (9 vs 36): labels 0 0 0 1 1; centres 2 and (10 + 36) / 4 = 11.5.
  // 3: no label changes. Inertia 4 + 0 + 4 + 1 x 1.5^2 + 3 x 0.5^2 = 11.
  // Cluster weights 3 and 4. scikit-learn 1.2.1 with sample_weight: centres 2 and 11.5, inertia
  // 11.0, n_iter_ 3.
  const auto x = line<TestType>({0, 2, 4, 10, 12});
  kam::vector_of<TestType> w(5);
  w << 1, 1, 1, 1, 3;
  const auto r = kam::kmeans(x, w, line<TestType>({0, 4}), kam::kmeans_options{});
  CHECK(to_std(r.labels) == idx{0, 0, 0, 1, 1});
  CHECK_THAT(static_cast<double>(r.centroids(0, 0)), WithinAbs(2.0, 1e-5));
  CHECK_THAT(static_cast<double>(r.centroids(1, 0)), WithinAbs(11.5, 1e-5));
  CHECK_THAT(static_cast<double>(r.inertia), WithinAbs(11.0, 1e-4));
  CHECK(r.iterations == 3);
  CHECK(r.cluster_weights(0) == TestType(3));
  CHECK(r.cluster_weights(1) == TestType(4));
}

TEMPLATE_TEST_CASE("kmeans: well-separated clusters are found from any seed", "[kmeans]", float,
                   double) {
  // Three blobs around (0, 0), (100, 0) and (0, 100), each the centre plus (+-1, +-1) and (0, 0):
  // the blob means are the centres exactly, each blob adds 4 x 2 = 8 to the inertia (24 in all).
  kam::matrix_of<TestType> x(15, 2);
  const double centre[3][2] = {{0, 0}, {100, 0}, {0, 100}};
  const double offset[5][2] = {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}, {0, 0}};
  for (int b = 0; b < 3; ++b)
    for (int p = 0; p < 5; ++p)
      for (int j = 0; j < 2; ++j)
        x(b * 5 + p, j) = static_cast<TestType>(centre[b][j] + offset[p][j]);
  kam::kmeans_options o;
  o.k = 3;
  o.restarts = 3;
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    o.seed = seed;
    const auto r = kam::kmeans(x, o);
    for (int b = 0; b < 3; ++b) {
      const Eigen::Index c = r.labels(b * 5);
      for (int p = 1; p < 5; ++p) CHECK(r.labels(b * 5 + p) == c);
      CHECK(r.centroids(c, 0) == static_cast<TestType>(centre[b][0]));
      CHECK(r.centroids(c, 1) == static_cast<TestType>(centre[b][1]));
    }
    CHECK_THAT(static_cast<double>(r.inertia), WithinAbs(24.0, 1e-3));
    // The kept run is the best one.
    CHECK(r.inertia == r.restart_inertia.minCoeff());
    CHECK(r.restart_inertia(r.best_restart) == r.inertia);
  }
}

TEST_CASE("kmeans: standardisation changes which feature decides", "[kmeans]") {
  // Eight accounts: f1 in {0, 1}, f2 in {0, 10, 20, 30}. Raw, f2 dominates and the best split is
  // f2 <= 10 | f2 >= 20 (inertia 8 x 25 + 8 x 0.25 = 202, against 2 x 4 x 125 = 1000 for the
  // f1 split). Standardised (z of f1 = +-1; z of f2 = +-0.447, +-1.342), the f1 split costs
  // 2 x (1.8 + 0.2 + 0.2 + 1.8) = 8 and the f2 split 8 x 1 + 8 x 0.2 = 9.6: f1 decides.
  Eigen::MatrixXd x(8, 2);
  x << 0, 0, 0, 10, 0, 20, 0, 30, 1, 0, 1, 10, 1, 20, 1, 30;
  kam::kmeans_options o;
  o.k = 2;
  o.restarts = 4;
  const auto raw = kam::kmeans(x, o);
  CHECK(raw.labels(0) == raw.labels(1));
  CHECK(raw.labels(0) == raw.labels(5));
  CHECK(raw.labels(2) == raw.labels(7));
  CHECK(raw.labels(0) != raw.labels(2));
  CHECK_THAT(raw.inertia, WithinAbs(202.0, 1e-9));
  o.standardize = true;
  const auto z = kam::kmeans(x, o);
  for (int i = 1; i < 4; ++i) CHECK(z.labels(i) == z.labels(0));
  for (int i = 5; i < 8; ++i) CHECK(z.labels(i) == z.labels(4));
  CHECK(z.labels(0) != z.labels(4));
  CHECK_THAT(z.inertia, WithinAbs(8.0, 1e-9));
  // Mean 0.5 and 15, sd (ddof 0) 0.5 and sqrt(125) = 11.18; centroids in raw units.
  CHECK(z.feature_offset(0) == 0.5);
  CHECK(z.feature_offset(1) == 15.0);
  CHECK(z.feature_scale(0) == 0.5);
  CHECK_THAT(z.feature_scale(1), WithinRel(std::sqrt(125.0), 1e-15));
  const Eigen::Index one = z.labels(4);
  CHECK_THAT(z.centroids(one, 0), WithinAbs(1.0, 1e-12));
  CHECK_THAT(z.centroids(one, 1), WithinAbs(15.0, 1e-12));
  CHECK_THAT(z.scaled_centroids(one, 0), WithinAbs(1.0, 1e-12));
  // Without standardisation the scale is 1 and inertia is in raw units.
  CHECK(raw.feature_scale(1) == 1.0);
}

TEST_CASE("kmeans: an empty cluster is moved onto the farthest account", "[kmeans]") {
  // x = 0, 1, 10, 11 and centres 0, 10, 1000. Step 1: labels 0 0 1 1, cluster 2 is empty. The
  // accounts farthest from their centre are 1 and 11 (distance 1); the tie goes to the lower row,
  // 1, whose cluster keeps account 0. Centres become 0, 10.5 and 1. Step 2: labels 0 2 1 1,
  // nothing moves: converged. Inertia 0.25 + 0.25 = 0.5. (scikit-learn 1.2.1 breaks the tie
  // between rows 1 and 3 the other way, by np.argpartition's order, and ends at centres 0.5, 10,
  // 11 with the same inertia 0.5 after 2 iterations; kam's tie rule is its own, documented.)
  const auto x = line<double>({0, 1, 10, 11});
  const Eigen::VectorXd w = Eigen::VectorXd::Ones(4);
  const auto r = kam::kmeans(x, w, line<double>({0, 10, 1000}), kam::kmeans_options{});
  CHECK(r.relocations == 1);
  CHECK(to_std(r.labels) == idx{0, 2, 1, 1});
  CHECK(r.centroids(0, 0) == 0.0);
  CHECK(r.centroids(1, 0) == 10.5);
  CHECK(r.centroids(2, 0) == 1.0);
  CHECK(r.iterations == 2);
  CHECK(r.inertia == 0.5);
  CHECK(r.empty_clusters == 0);
}

TEST_CASE("kmeans: fewer distinct accounts than clusters", "[kmeans]") {
  // Four identical accounts, k = 2: every account is on both centres, ties go to cluster 0 and
  // cluster 1 stays empty however often it is relocated. Reported, not thrown; inertia 0.
  const auto x = line<double>({5, 5, 5, 5});
  kam::kmeans_options o;
  o.k = 2;
  const auto r = kam::kmeans(x, o);
  CHECK(r.empty_clusters == 1);
  CHECK(r.relocations >= 1);
  CHECK(r.inertia == 0.0);
  CHECK(to_std(r.sizes) == idx{4, 0});
  CHECK(r.status == kam::kmeans_status::converged);
}

TEST_CASE("kmeans_plus_plus: accounts of zero weight are never centres", "[kmeans]") {
  // Only rows 2 and 4 have a positive weight, so with k = 2 they are the two centres (the first
  // by weight, the second by weight x distance, the other rows having zero mass).
  const auto x = sklearn_example<double>();
  Eigen::VectorXd w(6);
  w << 0, 0, 2, 0, 1, 0;
  kam::kmeans_options o;
  o.k = 2;
  for (const std::uint64_t seed : {0u, 1u, 2u, 3u}) {
    o.seed = seed;
    const auto c = kam::kmeans_plus_plus(x, w, o);
    std::set<std::pair<double, double>> got;
    for (Eigen::Index i = 0; i < 2; ++i) got.insert({c(i, 0), c(i, 1)});
    CHECK(got == std::set<std::pair<double, double>>{{1, 0}, {10, 4}});
  }
  // The same seed gives the same centres.
  o.seed = 7;
  o.k = 3;
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(6);
  CHECK(kam::kmeans_plus_plus(x, ones, o) == kam::kmeans_plus_plus(x, ones, o));
}

TEST_CASE("kmeans: the same bits for every thread count", "[kmeans]") {
  // 20000 accounts span three chunks of work. The one-thread run is the reference: two and
  // three threads, and all cores (0), must reproduce it exactly (labels, centroids, inertia,
  // iterations).
  const Eigen::Index n = 20000;
  Eigen::MatrixXf x(n, 3);
  Eigen::VectorXf w(n);
  std::uint64_t s = 12345;
  const auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<float>(s >> 40) / static_cast<float>(1 << 24);
  };
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = next() + static_cast<float>((i + j) % 4);
    w(i) = next() * 100.0f;
  }
  kam::kmeans_options o;
  o.k = 6;
  o.restarts = 2;
  o.seed = 99;
  o.standardize = true;
  o.threads = 1;
  const auto one = kam::kmeans(x, w, o);
  for (const unsigned t : {2U, 3U, 0U}) {  // 0: every hardware thread
    o.threads = t;
    const auto many = kam::kmeans(x, w, o);
    CHECK(many.labels == one.labels);
    CHECK(many.centroids == one.centroids);
    CHECK(many.inertia == one.inertia);
    CHECK(many.iterations == one.iterations);
    CHECK(many.restart_inertia == one.restart_inertia);
  }
  CHECK(one.predict(x) == one.labels);
  // double takes another accumulation path (straight into the chunk's slots): the same holds.
  const Eigen::MatrixXd xd = x.cast<double>();
  const Eigen::VectorXd wd = w.cast<double>();
  o.threads = 1;
  const auto one_d = kam::kmeans(xd, wd, o);
  o.threads = 3;
  const auto three_d = kam::kmeans(xd, wd, o);
  CHECK(three_d.labels == one_d.labels);
  CHECK(three_d.centroids == one_d.centroids);
  CHECK(three_d.restart_inertia == one_d.restart_inertia);
}

TEST_CASE("kmeans: the same bits for every thread count, more than 8 features", "[kmeans]") {
  // 11 features take the general kernels (slabs of 8 and 3 features) instead of those compiled
  // for a number of features; 17000 accounts span three chunks. One thread is the reference.
  const Eigen::Index n = 17000;
  const Eigen::Index d = 11;
  Eigen::MatrixXd x(n, d);
  Eigen::VectorXd w(n);
  std::uint64_t s = 777;
  const auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  };
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) x(i, j) = next() + static_cast<double>((i * (j + 1)) % 5);
    w(i) = next();
  }
  kam::kmeans_options o;
  o.k = 7;
  o.seed = 5;
  for (const bool single : {false, true}) {
    o.threads = 1;
    const auto one = single ? kam::kmeans(x.cast<float>().eval(), w.cast<float>().eval(), o).labels
                            : kam::kmeans(x, w, o).labels;
    o.threads = 2;
    const auto two = single ? kam::kmeans(x.cast<float>().eval(), w.cast<float>().eval(), o).labels
                            : kam::kmeans(x, w, o).labels;
    CHECK(two == one);
  }
  o.threads = 1;
  const auto a = kam::kmeans(x, w, o);
  o.threads = 2;
  const auto b = kam::kmeans(x, w, o);
  CHECK(b.centroids == a.centroids);
  CHECK(b.inertia == a.inertia);
  CHECK(a.predict(x) == a.labels);
}

TEST_CASE("kmeans rejects bad input, naming the field and the row", "[kmeans]") {
  const auto x = sklearn_example<double>();
  kam::kmeans_options o;
  o.k = 0;
  auto msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, o); });
  CHECK(msg == "kam::kmeans: 'k': k = 0 must be between 1 and the number of accounts (6)");
  o.k = 7;
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, o); });
  CHECK(msg == "kam::kmeans: 'k': k = 7 must be between 1 and the number of accounts (6)");
  o.k = 2;
  Eigen::MatrixXd bad = x;
  bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::kmeans(bad, o); });
  CHECK(msg == "kam::kmeans: 'features', row 3: column 1 is nan; features must be finite");
  bad(3, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(kam::kmeans(bad, o), kam::non_finite_value);

  Eigen::VectorXd w = Eigen::VectorXd::Ones(6);
  w(2) = -1;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::kmeans(x, w, o); });
  CHECK(msg == "kam::kmeans: 'weights', row 2: weight -1 is negative");
  w.setZero();
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::kmeans(x, w, o); });
  CHECK(msg ==
        "kam::kmeans: 'weights': all weights are zero; at least one account must have a "
        "positive weight");
  w << 0, 0, 0, 0, 0, 1;
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, w, o); });
  CHECK(msg == "kam::kmeans: 'k': k = 2 exceeds the 1 accounts with a positive weight");
  w(0) = std::numeric_limits<double>::quiet_NaN();
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::kmeans(x, w, o); });
  CHECK(msg == "kam::kmeans: 'weights', row 0: weight is nan");
  w(0) = std::numeric_limits<double>::infinity();
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::kmeans(x, w, o); });
  CHECK(msg == "kam::kmeans: 'weights', row 0: weight is inf");
  CHECK_THROWS_AS(kam::kmeans(x, Eigen::VectorXd::Ones(5), o), kam::shape_mismatch);

  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(6);
  msg = kam_test::message_of<kam::shape_mismatch>(
      [&] { (void)kam::kmeans(x, ones, Eigen::MatrixXd::Zero(2, 3), o); });
  CHECK(msg == "kam::kmeans: 'initial': the initial centroids have 3 features, the accounts 2");
  Eigen::MatrixXd init = Eigen::MatrixXd::Zero(2, 2);
  init(1, 0) = std::numeric_limits<double>::quiet_NaN();
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::kmeans(x, ones, init, o); });
  CHECK(msg == "kam::kmeans: 'initial', row 1: column 0 of the centroid is nan");

  o.restarts = 0;
  CHECK_THROWS_AS(kam::kmeans(x, o), kam::out_of_bounds);
  o.restarts = 1;
  o.max_iterations = 0;
  CHECK_THROWS_AS(kam::kmeans(x, o), kam::out_of_bounds);
  o.max_iterations = 10;
  o.tolerance = -1;
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, o); });
  CHECK(msg == "kam::kmeans: 'tolerance': tolerance = -1; must be finite and >= 0");
  o.tolerance = 0;
  o.threads = kam::max_threads + 1;  // kam::resolve_threads' limit
  CHECK_THROWS_AS(kam::kmeans(x, o), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::kmeans(Eigen::MatrixXd(0, 2), kam::kmeans_options{}), kam::empty_input);

  o.threads = 1;
  const auto r = kam::kmeans(x, o);
  msg = kam_test::message_of<kam::shape_mismatch>(
      [&] { (void)r.predict(Eigen::MatrixXd::Zero(1, 3)); });
  CHECK(msg ==
        "kam::kmeans_result::predict: 'features': the matrix has 3 features, the "
        "centroids 2");
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)r.predict(bad); });
  CHECK(msg ==
        "kam::kmeans_result::predict: 'features', row 3: column 1 is inf; features must be finite");
}

TEMPLATE_TEST_CASE("kmeans: k = 1 is the weighted mean", "[kmeans]", float, double) {
  // x = 0, 2, 4, 10, 12 with weights 1, 1, 1, 1, 3 (total 7). By hand: the centroid is
  // (0 + 2 + 4 + 10 + 3 x 12) / 7 = 52 / 7; inertia = sum w x^2 - W m^2 = (4 + 16 + 100 + 432)
  // - 7 (52/7)^2 = 552 - 2704/7 = 1160/7. The seed is an account, never 52/7, so iteration 1
  // moves the centroid and iteration 2 changes no label: two iterations. scikit-learn 1.2.1
  // (KMeans(1, ...).fit(x, sample_weight=w)): centre 7.428571..., inertia 165.714285...
  const auto x = line<TestType>({0, 2, 4, 10, 12});
  kam::vector_of<TestType> w(5);
  w << 1, 1, 1, 1, 3;
  kam::kmeans_options o;
  o.k = 1;
  const auto r = kam::kmeans(x, w, o);
  CHECK(to_std(r.labels) == idx{0, 0, 0, 0, 0});
  CHECK_THAT(static_cast<double>(r.centroids(0, 0)), WithinAbs(52.0 / 7.0, 1e-5));
  CHECK_THAT(static_cast<double>(r.inertia), WithinRel(1160.0 / 7.0, 1e-5));
  CHECK(r.iterations == 2);
  CHECK(r.status == kam::kmeans_status::converged);
  CHECK(r.cluster_weights(0) == TestType(7));
  CHECK(to_std(r.sizes) == idx{5});
}

TEMPLATE_TEST_CASE("kmeans: accounts of zero weight are labelled, not dropped", "[kmeans]", float,
                   double) {
  // x = 0, 1, 10, 11 with weights 1, 0, 1, 0, centres 0 and 10. By hand: labels 0 0 1 1 (1 is
  // nearer 0, 11 nearer 10); the centroids are the weighted means over the accounts of positive
  // weight, 0 and 10, so nothing moves and the zero-weight accounts add nothing to the inertia
  // (0). Each cluster holds two accounts (sizes) and weight 1.
  const auto x = line<TestType>({0, 1, 10, 11});
  kam::vector_of<TestType> w(4);
  w << 1, 0, 1, 0;
  const auto r = kam::kmeans(x, w, line<TestType>({0, 10}), kam::kmeans_options{});
  CHECK(to_std(r.labels) == idx{0, 0, 1, 1});
  CHECK(r.centroids(0, 0) == TestType(0));
  CHECK(r.centroids(1, 0) == TestType(10));
  CHECK(to_std(r.sizes) == idx{2, 2});
  CHECK(r.cluster_weights(0) == TestType(1));
  CHECK(r.cluster_weights(1) == TestType(1));
  CHECK(r.inertia == TestType(0));
  CHECK(r.empty_clusters == 0);
}

TEST_CASE("kmeans: values that would overflow are rejected, not turned into NaN", "[kmeans]") {
  // float: x = 0, 1e20, 2e20, 3e20 has mean 1.5e20; the farthest accounts (rows 0 and 3, the
  // first one named) lie 1.5e20 from it, so squared distances reach (2 x 1.5e20)^2 = 9e40 >
  // FLT_MAX (3.4e38): before this check the labels were all 0 and the inertia infinite.
  Eigen::MatrixXf xf(4, 1);
  xf << 0, 1e20f, 2e20f, 3e20f;
  kam::kmeans_options o;
  o.k = 2;
  auto msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(xf, o); });
  CHECK(msg.rfind("kam::kmeans: 'features', row 0: column 0 is 1.5", 0) == 0);
  CHECK(msg.find("would overflow float") != std::string::npos);
  // double: 0, 1e200, 2e200, 3e200: the variance, (1.5e200)^2 on average, overflows double
  // (the centroids were NaN under standardize).
  Eigen::MatrixXd xd(4, 1);
  xd << 0, 1e200, 2e200, 3e200;
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(xd, o); });
  CHECK(msg ==
        "kam::kmeans: 'features', row 0: column 0 is 1.5e+200 from its mean: its variance "
        "overflows double; rescale the feature");
  // float weights of 3e38 each: their total (1.2e39) overflows float (the centroids were NaN).
  const Eigen::MatrixXf small = (Eigen::MatrixXf(4, 1) << 0, 1, 10, 11).finished();
  const Eigen::VectorXf huge = Eigen::VectorXf::Constant(4, 3e38f);
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(small, huge, o); });
  CHECK(msg.rfind("kam::kmeans: 'weights': the total weight 1.2", 0) == 0);
  // float: each check passes (distances up to 1e20, total weight 4e20), but the inertia does
  // not fit: k = 1, centroid 5e9, every account 5e9 away: 4 x 1e20 x 2.5e19 = 1e40 > FLT_MAX.
  const Eigen::MatrixXf spread = (Eigen::MatrixXf(4, 1) << 0, 0, 1e10f, 1e10f).finished();
  const Eigen::VectorXf heavy = Eigen::VectorXf::Constant(4, 1e20f);
  o.k = 1;
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(spread, heavy, o); });
  CHECK(msg.rfind("kam::kmeans: 'inertia': run 0: the inertia 1", 0) == 0);
  CHECK(msg.find("overflows float") != std::string::npos);
  // An initial centroid far outside the accounts (float): named by its row.
  const Eigen::VectorXf ones = Eigen::VectorXf::Ones(4);
  const Eigen::MatrixXf init = (Eigen::MatrixXf(2, 1) << 0, 1e30f).finished();
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(small, ones, init, o); });
  CHECK(msg.rfind("kam::kmeans: 'initial', row 1: column 0", 0) == 0);
  // predict: a new account 1e20 away from centroids fitted on 0..11 (float).
  o.k = 2;
  const auto r = kam::kmeans(small, o);
  msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)r.predict((Eigen::MatrixXf(2, 1) << 1, 1e20f).finished()); });
  CHECK(msg.rfind("kam::kmeans_result::predict: 'features', row 1: column 0", 0) == 0);
}

TEMPLATE_TEST_CASE("kmeans: k = n puts every account alone", "[kmeans]", float, double) {
  // Five distinct accounts, k = 5: k-means++ never draws an account twice (an account on a
  // centre has zero mass), so each cluster holds one account, its centroid is that account and
  // the inertia is 0. k = 6 is an error (k > accounts).
  const auto x = line<TestType>({1, 2, 3, 4, 5});
  kam::kmeans_options o;
  o.k = 5;
  const auto r = kam::kmeans(x, o);
  std::vector<Eigen::Index> seen = to_std(r.labels);
  std::sort(seen.begin(), seen.end());
  CHECK(seen == idx{0, 1, 2, 3, 4});
  for (Eigen::Index i = 0; i < 5; ++i) CHECK(r.centroids(r.labels(i), 0) == x(i, 0));
  CHECK(r.inertia == TestType(0));
  CHECK(r.empty_clusters == 0);
  o.k = 6;
  CHECK_THROWS_AS(kam::kmeans(x, o), kam::out_of_bounds);
}

TEST_CASE("kmeans: a constant feature keeps scale 1 when standardised", "[kmeans]") {
  // Feature 0: 0, 1, 10, 11 (mean 5.5; sd, ddof 0, sqrt((5.5^2 + 4.5^2 + 4.5^2 + 5.5^2) / 4) =
  // sqrt(25.25)); feature 1 constant 5 (sd 0: scale 1, z = 0). By hand: clusters {0, 1} and
  // {10, 11}; each account is 0.5 from its centroid, 0.5 / sqrt(25.25) in z, so the inertia is
  // 4 x 0.25 / 25.25 = 1 / 25.25; centroids 0.5 and 10.5, and 5, in raw units. scikit-learn
  // 1.2.1: StandardScaler().scale_ = [5.0249, 1.0] (sqrt(25.25), and 1 for the constant), and
  // KMeans on the scaled data: inertia 0.0396039... = 1 / 25.25.
  Eigen::MatrixXd x(4, 2);
  x << 0, 5, 1, 5, 10, 5, 11, 5;
  kam::kmeans_options o;
  o.k = 2;
  o.standardize = true;
  const auto r = kam::kmeans(x, o);
  CHECK(r.feature_scale(1) == 1.0);
  CHECK(r.feature_offset(1) == 5.0);
  CHECK_THAT(r.feature_scale(0), WithinRel(std::sqrt(25.25), 1e-15));
  CHECK(r.labels(0) == r.labels(1));
  CHECK(r.labels(2) == r.labels(3));
  CHECK(r.labels(0) != r.labels(2));
  CHECK_THAT(r.inertia, WithinRel(1.0 / 25.25, 1e-12));
  CHECK_THAT(r.centroids(r.labels(0), 0), WithinAbs(0.5, 1e-12));
  CHECK_THAT(r.centroids(r.labels(2), 0), WithinAbs(10.5, 1e-12));
  CHECK(r.centroids(r.labels(0), 1) == 5.0);
}

TEST_CASE("kmeans: restarts, iterations and local trials have stated maxima", "[kmeans]") {
  // Huge counts ran for hours (restarts, max_iterations) or overflowed trials x features in an
  // allocation (local_trials); each now has a named limit, checked before any work.
  Eigen::MatrixXd x(6, 2);
  x << 0, 0, 0, 1, 1, 0, 9, 9, 9, 10, 10, 9;
  kam::kmeans_options o;
  o.k = 2;
  o.restarts = kam::kmeans_max_restarts + 1;
  auto msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, o); });
  CHECK(msg == "kam::kmeans: 'restarts': restarts = 10001; at most kmeans_max_restarts = 10000");
  o.restarts = std::numeric_limits<Eigen::Index>::max();
  CHECK_THROWS_AS(kam::kmeans(x, o), kam::out_of_bounds);
  o.restarts = 1;
  o.max_iterations = std::numeric_limits<Eigen::Index>::max();
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, o); });
  CHECK(msg ==
        "kam::kmeans: 'max_iterations': max_iterations = 9223372036854775807; must be in "
        "1..1000000 (kmeans_max_iterations)");
  o.max_iterations = kam::kmeans_max_iterations;
  CHECK(kam::kmeans(x, o).status == kam::kmeans_status::converged);
  o.local_trials = std::numeric_limits<Eigen::Index>::max() / 2;
  msg = kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kmeans(x, o); });
  CHECK(msg ==
        "kam::kmeans: 'local_trials': local_trials = 4611686018427387903; must be in "
        "0..1000 (kmeans_max_local_trials)");
  CHECK_THROWS_AS(kam::kmeans_plus_plus(x, Eigen::VectorXd::Ones(6), o), kam::out_of_bounds);
  o.local_trials = kam::kmeans_max_local_trials;
  CHECK(kam::kmeans(x, o).status == kam::kmeans_status::converged);
}
