// Tests of kam/core/stats.hpp: column statistics, non-finite handling, merging (Chan et al. 1979).
#include <Eigen/Core>
#include <cmath>
#include <kam/core/stats.hpp>
#include <limits>
#include <random>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("stats: hand-computed statistics of a small matrix", "[stats]") {
  // Column 0 = 1, 2, 3, 4: mean 2.5, M2 = 1.5^2 + 0.5^2 + 0.5^2 + 1.5^2 = 5, variance 5/4 (ddof 0)
  // and 5/3 (ddof 1). Column 1 = 10, 10, 10, 10: mean 10, M2 0.
  Eigen::MatrixXd x(4, 2);
  x << 1, 10, 2, 10, 3, 10, 4, 10;
  const auto s = kam::column_stats<double>::of(x);
  CHECK(s.cols() == 2);
  CHECK(s.count(0) == 4);
  CHECK(s.non_finite(0) == 0);
  CHECK(s.min(0) == 1.0);
  CHECK(s.max(0) == 4.0);
  CHECK(s.mean(0) == 2.5);
  CHECK(s.m2(0) == 5.0);
  CHECK(s.variance(0) == 1.25);
  CHECK_THAT(s.variance(0, 1), WithinRel(5.0 / 3.0, 1e-15));
  CHECK_THAT(s.stddev(0), WithinRel(std::sqrt(1.25), 1e-15));
  CHECK(s.sum_of_squares(0) == 30.0);  // 1 + 4 + 9 + 16
  CHECK(s.mean(1) == 10.0);
  CHECK(s.m2(1) == 0.0);
}

TEST_CASE("stats: NaN and infinity are counted and left out of everything else", "[stats]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  Eigen::MatrixXd x(5, 1);
  x << 1, nan, 3, -inf, 5;  // finite: 1, 3, 5 -> mean 3, M2 = 4 + 0 + 4 = 8
  const auto s = kam::column_stats<double>::of(x);
  CHECK(s.count(0) == 3);
  CHECK(s.non_finite(0) == 2);
  CHECK(s.min(0) == 1.0);
  CHECK(s.max(0) == 5.0);
  CHECK(s.mean(0) == 3.0);
  CHECK(s.m2(0) == 8.0);
}

TEST_CASE("stats: a column without finite values is the identity of merging", "[stats]") {
  Eigen::MatrixXd x(2, 1);
  x << std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN();
  auto s = kam::column_stats<double>::of(x);
  CHECK(s.count(0) == 0);
  CHECK(s.non_finite(0) == 2);
  CHECK(s.min(0) == std::numeric_limits<double>::infinity());
  CHECK(s.max(0) == -std::numeric_limits<double>::infinity());
  Eigen::MatrixXd y(2, 1);
  y << 2, 6;
  s.merge(kam::column_stats<double>::of(y));
  CHECK(s.count(0) == 2);
  CHECK(s.non_finite(0) == 2);
  CHECK(s.mean(0) == 4.0);
  CHECK(s.m2(0) == 8.0);
  CHECK(s.min(0) == 2.0);
  CHECK(s.max(0) == 6.0);
  CHECK_THROWS_AS(kam::column_stats<double>::of(x).variance(0), kam::empty_input);
}

TEST_CASE("stats: merged chunks describe the whole (exact extremes and counts)", "[stats]") {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(3.0, 1.5);
  const Eigen::Index n = 10'000;
  Eigen::MatrixXd x(n, 3);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = dist(rng) * static_cast<double>(j + 1);
  x(17, 1) = std::numeric_limits<double>::quiet_NaN();
  const auto whole = kam::column_stats<double>::of(x);
  // Splits that cut inside and across the 256-row blocks, including an empty chunk.
  for (const Eigen::Index cut :
       {Eigen::Index{0}, Eigen::Index{1}, Eigen::Index{255}, Eigen::Index{4097}, n}) {
    auto merged = kam::column_stats<double>::of(x.topRows(cut));
    merged.merge(kam::column_stats<double>::of(x.bottomRows(n - cut)));
    CHECK(merged.count == whole.count);
    CHECK(merged.non_finite == whole.non_finite);
    CHECK(merged.min == whole.min);
    CHECK(merged.max == whole.max);
    for (Eigen::Index j = 0; j < 3; ++j) {
      CHECK_THAT(merged.mean(j), WithinRel(whole.mean(j), 1e-13));
      CHECK_THAT(merged.m2(j), WithinRel(whole.m2(j), 1e-12));
    }
  }
  // update() is merge(of(chunk)).
  auto updated = kam::column_stats<double>::of(x.topRows(100));
  updated.update(x.bottomRows(n - 100));
  CHECK(updated.count == whole.count);
  CHECK_THAT(updated.mean(2), WithinRel(whole.mean(2), 1e-13));
}

TEST_CASE("stats: row-major, column-major, Map and expression inputs agree", "[stats]") {
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r(3, 2);
  r << 1, 2, 3, 4, 5, 6;
  const Eigen::MatrixXd c = r;
  const auto sr = kam::column_stats<double>::of(r);
  const auto sc = kam::column_stats<double>::of(c);
  CHECK(sr.mean == sc.mean);
  CHECK(sr.m2 == sc.m2);
  const Eigen::Map<const Eigen::MatrixXd> m(c.data(), 3, 2);
  CHECK(kam::column_stats<double>::of(m).mean == sc.mean);
  const auto se = kam::column_stats<double>::of(c * 2.0);  // an expression: evaluated once
  CHECK(se.mean(1) == 8.0);                                // 2 * mean(2, 4, 6)
}

TEST_CASE("stats: float statistics", "[stats]") {
  Eigen::MatrixXf x(4, 1);
  x << 1.f, 2.f, 3.f, 4.f;
  const auto s = kam::column_stats<float>::of(x);
  CHECK(s.mean(0) == 2.5f);
  CHECK(s.m2(0) == 5.0f);
}

TEST_CASE("stats: finite values whose sum overflows still give a finite mean", "[stats]") {
  Eigen::MatrixXd x(3, 1);
  x << 1e308, 1e308, 1e308;
  const auto s = kam::column_stats<double>::of(x);
  CHECK_THAT(s.mean(0), WithinRel(1e308, 1e-12));
  CHECK(s.non_finite(0) == 0);
}

TEST_CASE("stats: bad use is a clear error", "[stats]") {
  auto a = kam::column_stats<double>::empty(2);
  const auto b = kam::column_stats<double>::empty(3);
  CHECK_THROWS_AS(a.merge(b), kam::shape_mismatch);
  CHECK_THROWS_AS(a.variance(2), kam::out_of_bounds);
  Eigen::MatrixXd one(1, 2);
  one << 1, 2;
  const auto s = kam::column_stats<double>::of(one);
  CHECK(s.variance(0, 0) == 0.0);
  CHECK_THROWS_AS(s.variance(0, 1), kam::empty_input);  // one value has no sample variance
}

TEST_CASE("stats: the same bits on one thread or several, row- or column-major", "[stats]") {
  // 200 000 rows span four 65536-row segments; the result must not depend on who computes them.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> dist(50.0, 20.0);
  Eigen::MatrixXd x(200'000, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = dist(rng);
  x(150'001, 2) = std::numeric_limits<double>::quiet_NaN();
  const auto one = kam::column_stats<double>::of(x, 1);
  for (const unsigned threads : {2u, 3u, 8u}) {
    const auto many = kam::column_stats<double>::of(x, threads);
    CHECK(many.mean == one.mean);
    CHECK(many.m2 == one.m2);
    CHECK(many.min == one.min);
    CHECK(many.count == one.count);
    CHECK(many.non_finite == one.non_finite);
  }
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = x;
  const auto r = kam::column_stats<double>::of(rm, 2);
  CHECK(r.mean == one.mean);
  CHECK(r.m2 == one.m2);
  CHECK(one.non_finite(2) == 1);
  CHECK(one.count(2) == 199'999);
}

TEST_CASE("column_stats::empty: the number of columns is checked before allocating", "[stats]") {
  // A negative count asserted inside Eigen, a huge one was a std::bad_alloc.
  CHECK(kam::column_stats<double>::empty(0).count.size() == 0);
  for (const Eigen::Index cols : {Eigen::Index{-1}, kam::column_stats_max_columns + 1,
                                  std::numeric_limits<Eigen::Index>::max()}) {
    CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
            (void)kam::column_stats<float>::empty(cols);
          }) == kam_test::numbered("kam::column_stats::empty: 'cols': cols is ", cols) +
                    "; it must be in 0..16777216 (column_stats_max_columns)");
  }
}

TEST_CASE("column_stats: the column accessors check j in every build type", "[stats][index]") {
  Eigen::MatrixXd x(3, 2);
  x << 1, 10, 2, 20, 3, 30;
  const auto s = kam::column_stats<double>::of(x);
  CHECK(s.variance(1, 1) == 100.0);
  CHECK(s.stddev(0, 1) == 1.0);
  CHECK(s.sum_of_squares(0) == 14.0);
  for (const std::ptrdiff_t j : {std::ptrdiff_t{-1}, std::ptrdiff_t{2}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)s.variance(j); }, "kam::column_stats::variance", "j", j,
                                "[0, 2)");
    kam_test::check_index_error([&] { (void)s.stddev(j); }, "kam::column_stats::stddev", "j", j,
                                "[0, 2)");
    kam_test::check_index_error([&] { (void)s.sum_of_squares(j); },
                                "kam::column_stats::sum_of_squares", "j", j, "[0, 2)");
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)s.variance(2); }) ==
        "kam::column_stats::variance: 'j': column 2 is outside [0, 2)");
}
