// Tests of kam/segmentation/quantile_bins.hpp: numpy's quantile methods, pandas.qcut's bins, the
// rule for coinciding edges, cost fields, RFM codes, fitted bins applied to new accounts.
#include <Eigen/Core>
#include <kam/segmentation/quantile_bins.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;

namespace {
template <typename Scalar = double>
kam::matrix_of<Scalar> column(std::initializer_list<double> v) {
  kam::matrix_of<Scalar> x(static_cast<Eigen::Index>(v.size()), 1);
  Eigen::Index i = 0;
  for (double d : v) x(i++, 0) = static_cast<Scalar>(d);
  return x;
}
std::vector<Eigen::Index> codes_of(const kam::bin_codes& c, Eigen::Index j = 0) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index i = 0; i < c.codes.rows(); ++i) out.push_back(c.codes(i, j));
  return out;
}
std::vector<Eigen::Index> to_std(const kam::index_vector& v) { return {v.begin(), v.end()}; }
using idx = std::vector<Eigen::Index>;
}  // namespace

TEST_CASE("quantiles: numpy's methods on numpy's docstring array", "[quantile_bins]") {
  // numpy.quantile docstring: a = [[10, 7, 4], [3, 2, 1]]; np.quantile(a, 0.5) = 3.5.
  // By hand, sorted 1, 2, 3, 4, 7, 10 (n = 6), h = p (n - 1):
  //   p = 0.5  -> h = 2.5:  linear 3 + 0.5 (4 - 3) = 3.5; lower 3; higher 4; midpoint 3.5;
  //                         nearest: 2.5 rounds to the even index 2 -> 3 (np.around).
  //   p = 0.3  -> h = 1.5:  linear 2.5; nearest: 1.5 rounds to the even index 2 -> 3.
  //   p = 0.75 -> h = 3.75: linear 4 + 0.75 (7 - 4) = 6.25; lower 4; higher 7; midpoint 5.5;
  //                         nearest 4 -> 7.
  //   p = 0 and 1: the minimum 1 and the maximum 10 under every method.
  Eigen::VectorXd a(6);
  a << 10, 7, 4, 3, 2, 1;
  const std::vector<double> p{0.5, 0.3, 0.75, 0.0, 1.0};
  using m = kam::quantile_method;
  const auto lin = kam::quantiles(a, p);
  CHECK(lin(0) == 3.5);
  CHECK_THAT(lin(1), WithinAbs(2.5, 1e-15));
  CHECK(lin(2) == 6.25);
  CHECK(lin(3) == 1.0);
  CHECK(lin(4) == 10.0);
  const auto lo = kam::quantiles(a, p, m::lower);
  CHECK(lo(0) == 3.0);
  CHECK(lo(2) == 4.0);
  const auto hi = kam::quantiles(a, p, m::higher);
  CHECK(hi(0) == 4.0);
  CHECK(hi(2) == 7.0);
  CHECK(hi(4) == 10.0);
  const auto mid = kam::quantiles(a, p, m::midpoint);
  CHECK(mid(0) == 3.5);
  CHECK(mid(2) == 5.5);
  CHECK(mid(3) == 1.0);
  const auto near = kam::quantiles(a, p, m::nearest);
  CHECK(near(0) == 3.0);
  CHECK(near(1) == 3.0);
  CHECK(near(2) == 7.0);
  // float: the same values (all exact in binary).
  const Eigen::VectorXf af = a.cast<float>();
  CHECK(kam::quantiles(af, {0.5})(0) == 3.5f);
  CHECK(kam::quantiles(af, {0.75})(0) == 6.25f);
}

TEST_CASE("fit_quantile_bins: pandas.qcut's docstring examples", "[quantile_bins]") {
  // pd.qcut(range(5), 4) -> (-0.001, 1.0], (-0.001, 1.0], (1.0, 2.0], (2.0, 3.0], (3.0, 4.0];
  // labels=False -> [0, 0, 1, 2, 3]. kam's codes are 1-based: 1, 1, 2, 3, 4; the edges are the
  // quantiles 0, 0.25, ..., 1 of 0..4, i.e. 0, 1, 2, 3, 4 (h = k (5 - 1) / 4 = k).
  const auto x = column({0, 1, 2, 3, 4});
  const auto bins = kam::fit_quantile_bins(x, {{"x", 4}});
  CHECK(bins.edges[0] == (Eigen::VectorXd(5) << 0, 1, 2, 3, 4).finished());
  CHECK(bins.bins(0) == 4);
  CHECK(bins.accounts == 5);
  const auto c = bins.assign(x);
  CHECK(codes_of(c) == idx{1, 1, 2, 3, 4});  // 1 sits on the edge: the bin below (right-closed)
  CHECK(to_std(c.counts[0]) == idx{2, 1, 1, 1});
  CHECK(c.outside(0) == 0);

  // pd.qcut(np.array([1, 7, 5, 4, 6, 3]), 3, labels=["bad", "medium", "good"])
  //   -> [bad, good, medium, medium, good, bad].
  // By hand: sorted 1, 3, 4, 5, 6, 7; h = 5/3 -> 3 + 2/3 (4 - 3) = 11/3;
  // h = 10/3 -> 5 + 1/3 (6 - 5) = 16/3. Bins [1, 11/3], (11/3, 16/3], (16/3, 7].
  const auto y = column({1, 7, 5, 4, 6, 3});
  const auto b3 = kam::fit_quantile_bins(y, {{"y", 3}});
  CHECK(b3.edges[0](0) == 1.0);
  CHECK_THAT(b3.edges[0](1), WithinAbs(11.0 / 3.0, 1e-15));
  CHECK_THAT(b3.edges[0](2), WithinAbs(16.0 / 3.0, 1e-15));
  CHECK(b3.edges[0](3) == 7.0);
  CHECK(codes_of(b3.assign(y)) == idx{1, 3, 2, 2, 3, 1});

  // The same in float.
  const auto yf = column<float>({1, 7, 5, 4, 6, 3});
  const auto bf = kam::fit_quantile_bins(yf, {{"y", 3}});
  CHECK_THAT(bf.edges[0](1), WithinAbs(11.0 / 3.0, 1e-6));
  CHECK(codes_of(bf.assign(yf)) == idx{1, 3, 2, 2, 3, 1});
}

TEST_CASE("fit_quantile_bins: other quantile methods move the edges", "[quantile_bins]") {
  // Sorted 1, 3, 4, 5, 6, 7, 3 bins: h = 5/3 (i = 1, g = 2/3) and 10/3 (i = 3, g = 1/3).
  // lower: x_1 = 3, x_3 = 5; higher: 4, 6; nearest: round(1.67) = 2 -> 4, round(3.33) = 3 -> 5.
  const auto y = column({1, 7, 5, 4, 6, 3});
  using m = kam::quantile_method;
  const auto e = [&](m method) {
    return kam::fit_quantile_bins(y, {{"y", 3}}, {method, kam::duplicate_edges::keep}).edges[0];
  };
  CHECK(e(m::lower) == (Eigen::VectorXd(4) << 1, 3, 5, 7).finished());
  CHECK(e(m::higher) == (Eigen::VectorXd(4) << 1, 4, 6, 7).finished());
  CHECK(e(m::nearest) == (Eigen::VectorXd(4) << 1, 4, 5, 7).finished());
  CHECK(e(m::midpoint) == (Eigen::VectorXd(4) << 1, 3.5, 5.5, 7).finished());
}

TEST_CASE("fit_quantile_bins: coinciding edges, kept or dropped", "[quantile_bins]") {
  // 1 six times, then 2, 3, 4, 5 (n = 10), 5 bins: h = k 9 / 5 = 1.8, 3.6, 5.4, 7.2.
  //   x_1 = x_2 = 1 -> 1; x_3 = x_4 = 1 -> 1; x_5 + 0.4 (x_6 - x_5) = 1.4; x_7 + 0.2 = 3.2.
  // Edges 1, 1, 1, 1.4, 3.2, 5.
  const auto x = column({1, 1, 1, 1, 1, 1, 2, 3, 4, 5});
  const auto keep = kam::fit_quantile_bins(x, {{"frequency", 5}});
  CHECK(keep.edges[0] == (Eigen::VectorXd(6) << 1, 1, 1, 1.4, 3.2, 5).finished());
  CHECK(keep.bins(0) == 5);
  // keep: code = 1 + #{interior edges < v}: 1 -> 1; 2 and 3 -> 4 (1, 1, 1.4 < v); 4, 5 -> 5.
  // Bins 2 and 3, (1, 1], are empty: their codes are unused.
  const auto ck = keep.assign(x);
  CHECK(codes_of(ck) == idx{1, 1, 1, 1, 1, 1, 4, 4, 5, 5});
  CHECK(to_std(ck.counts[0]) == idx{6, 0, 0, 2, 2});
  // drop (pandas.qcut(x, 5, duplicates="drop", labels=False) gives 0 x6, 1, 1, 2, 2): edges
  // 1, 1.4, 3.2, 5 and three bins.
  const auto drop = kam::fit_quantile_bins(
      x, {{"frequency", 5}}, {kam::quantile_method::linear, kam::duplicate_edges::drop});
  CHECK(drop.edges[0] == (Eigen::VectorXd(4) << 1, 1.4, 3.2, 5).finished());
  CHECK(drop.bins(0) == 3);
  const auto cd = drop.assign(x);
  CHECK(codes_of(cd) == idx{1, 1, 1, 1, 1, 1, 2, 2, 3, 3});
  CHECK(to_std(cd.counts[0]) == idx{6, 2, 2});
}

TEST_CASE("fit_quantile_bins: a constant field", "[quantile_bins]") {
  // Every edge is 7: under keep every account is in bin 1 (code 1, or 3 for a cost field); under
  // drop the field has one bin [7, 7].
  const auto x = column({7, 7, 7, 7});
  const auto keep = kam::fit_quantile_bins(x, {{"c", 3}});
  CHECK(codes_of(keep.assign(x)) == idx{1, 1, 1, 1});
  CHECK(to_std(keep.assign(x).counts[0]) == idx{4, 0, 0});
  const auto cost = kam::fit_quantile_bins(x, {{"c", 3, kam::direction::cost}});
  CHECK(codes_of(cost.assign(x)) == idx{3, 3, 3, 3});
  const auto drop = kam::fit_quantile_bins(
      x, {{"c", 3}}, {kam::quantile_method::linear, kam::duplicate_edges::drop});
  CHECK(drop.bins(0) == 1);
  CHECK(drop.edges[0] == (Eigen::VectorXd(2) << 7, 7).finished());
  CHECK(codes_of(drop.assign(x)) == idx{1, 1, 1, 1});
}

TEST_CASE("fit_quantile_bins: RFM codes with recency as a cost field", "[quantile_bins]") {
  // Five customers; 5 bins each, so the edges sit at h = 0.8, 1.6, 2.4, 3.2 of the sorted values.
  // recency (days, cost): sorted 5, 12, 30, 40, 90 -> edges 5, 10.6, 22.8, 34, 50, 90;
  //   bins 1, 4, 2, 5, 3 -> codes 6 - bin = 5, 2, 4, 1, 3.
  // frequency: sorted 1, 2, 4, 7, 10 -> edges 1, 1.8, 3.2, 5.2, 7.6, 10; codes 5, 2, 4, 1, 3.
  // monetary: sorted 50, 80, 120, 200, 500 -> edges 50, 74, 104, 152, 260, 500;
  //   120 -> 3, 500 -> 5, 200 -> 4, 50 -> 1, 80 -> 2.
  Eigen::MatrixXd x(5, 3);
  x << 5, 10, 120,  //
      40, 2, 500,   //
      12, 7, 200,   //
      90, 1, 50,    //
      30, 4, 80;
  const std::vector<kam::bin_field> rfm{
      {"recency", 5, kam::direction::cost}, {"frequency", 5}, {"monetary", 5}};
  const auto bins = kam::fit_quantile_bins(x, rfm);
  CHECK_THAT(bins.edges[0](1), WithinAbs(10.6, 1e-12));
  CHECK_THAT(bins.edges[0](2), WithinAbs(22.8, 1e-12));
  CHECK_THAT(bins.edges[2](3), WithinAbs(152.0, 1e-12));
  const auto c = bins.assign(x);
  CHECK(c.combined_codes() ==
        std::vector<std::string>{"5-5-3", "2-2-5", "4-4-4", "1-1-1", "3-3-2"});
  CHECK(c.combined(0, "") == "553");
  CHECK(to_std(c.combined_numbers()) == idx{553, 225, 444, 111, 332});
  CHECK(c.names == std::vector<std::string>{"recency", "frequency", "monetary"});
  // A row-major Map over the caller's buffer gives the same codes.
  const double raw[] = {5, 10, 120, 40, 2, 500, 12, 7, 200, 90, 1, 50, 30, 4, 80};
  const Eigen::Map<const Eigen::Matrix<double, 5, 3, Eigen::RowMajor>> m(raw);
  CHECK(kam::fit_quantile_bins(m, rfm).assign(m).codes == c.codes);
}

TEST_CASE("quantile_bins::assign: new accounts against fitted edges", "[quantile_bins]") {
  // Edges 0, 1, 2, 3, 4 from 0..4 (pandas example above). New values: below the minimum and
  // above the maximum get the end codes and are counted as outside; 1 is on an edge (bin 1);
  // 2.5 is in (2, 3] (bin 3).
  const auto bins = kam::fit_quantile_bins(column({0, 1, 2, 3, 4}), {{"x", 4}});
  const auto c = bins.assign(column({-1, 0, 0.5, 1, 2.5, 4, 9}));
  CHECK(codes_of(c) == idx{1, 1, 1, 1, 3, 4, 4});
  CHECK(c.outside(0) == 2);
  CHECK(to_std(c.counts[0]) == idx{4, 0, 1, 2});
}

TEST_CASE("quantile bins reject bad input, naming the field and the row", "[quantile_bins]") {
  const auto x = column({1, 2, 3});
  auto msg = kam_test::message_of<kam::out_of_bounds>([&] {
    (void)kam::fit_quantile_bins(x, {{"frequency", 0}});
  });
  CHECK(msg == "kam::fit_quantile_bins: 'frequency': bins is 0; at least 1 bin is needed");
  const auto nan = column({1, std::numeric_limits<double>::quiet_NaN(), 3});
  msg = kam_test::message_of<kam::non_finite_value>([&] {
    (void)kam::fit_quantile_bins(nan, {{"monetary", 2}});
  });
  CHECK(msg == "kam::fit_quantile_bins: 'monetary', row 1: value is nan; bins need finite values");
  const auto bins = kam::fit_quantile_bins(x, {{"monetary", 2}});
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)bins.assign(nan); });
  CHECK(msg ==
        "kam::quantile_bins::assign: 'monetary', row 1: value is nan; bins need finite values");
  msg =
      kam_test::message_of<kam::shape_mismatch>([&] { (void)bins.assign(Eigen::MatrixXd(2, 2)); });
  CHECK(msg ==
        "kam::quantile_bins::assign: 'columns': the matrix has 2 columns for 1 fitted fields");
  CHECK_THROWS_AS(kam::fit_quantile_bins(x, {{"a", 2}, {"b", 2}}), kam::shape_mismatch);
  CHECK_THROWS_AS(kam::fit_quantile_bins(Eigen::MatrixXd(0, 1), {{"a", 2}}), kam::empty_input);
  CHECK_THROWS_AS(kam::fit_quantile_bins(Eigen::MatrixXd(0, 0), {}), kam::empty_input);
  msg = kam_test::message_of<kam::duplicate_name>([&] {
    (void)kam::fit_quantile_bins(Eigen::MatrixXd::Zero(2, 2), {{"a", 2}, {"a", 3}});
  });
  CHECK(msg == "kam::fit_quantile_bins: 'a': field name used twice (positions 0 and 1)");
  CHECK_THROWS_AS(kam::fit_quantile_bins(x, {{"", 2}}), kam::invalid_input);
  msg = kam_test::message_of<kam::out_of_bounds>([&] {
    (void)kam::quantiles(Eigen::VectorXd::Ones(3), {0.5, 1.5});
  });
  CHECK(msg == "kam::quantiles: 'probs[1]': probability 1.5 is outside [0, 1]");
  CHECK_THROWS_AS(kam::quantiles(Eigen::VectorXd(0), {0.5}), kam::empty_input);
  // A 0 x 0 matrix is empty, not mis-shaped (it was reported as a shape mismatch before).
  CHECK_THROWS_AS(kam::quantiles(Eigen::MatrixXd(0, 0), {0.5}), kam::empty_input);
  const auto values = column({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  const auto ten = kam::fit_quantile_bins(values, {{"x", 10}});
  msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)ten.assign(values).combined_numbers(); });
  CHECK(msg == "kam::bin_codes::combined_numbers: 'x': 10 bins: codes are not single digits");
}

TEST_CASE("fit_quantile_bins: many ties, against numpy and pandas.qcut", "[quantile_bins]") {
  // Purchase counts with six accounts at 1 (half of them), 4 bins. Peer values (numpy 1.24.2,
  // pandas 1.5.3; benchmarks/peers/segmentation_reference_values.py prints them):
  //   np.quantile(x, [0, .25, .5, .75, 1])              -> [1, 1, 1.5, 2.25, 8]
  //   pd.qcut(x, 4)                                      -> ValueError "Bin edges must be unique"
  //   pd.qcut(x, 4, duplicates="drop", labels=False)     -> [0 2 0 1 0 0 2 1 0 2 0 1]
  // By numpy's documented rule (linear, h = p (n - 1), n = 12, sorted 1 x6, 2 x3, 3, 5, 8):
  //   h = 2.75: x_2 = x_3 = 1 -> 1; h = 5.5: 1 + 0.5 (2 - 1) = 1.5; h = 8.25: 2 + 0.25 = 2.25.
  // keep: code = 1 + #{interior edges 1, 1.5, 2.25 below v}: 1 -> 1, 2 -> 3, 3, 5, 8 -> 4; the
  // second bin (1, 1] is empty. drop: pandas' codes + 1.
  const auto x = column({1, 3, 1, 2, 1, 1, 8, 2, 1, 5, 1, 2});
  const auto keep = kam::fit_quantile_bins(x, {{"frequency", 4}});
  CHECK(keep.edges[0] == (Eigen::VectorXd(5) << 1, 1, 1.5, 2.25, 8).finished());
  const auto ck = keep.assign(x);
  CHECK(codes_of(ck) == idx{1, 4, 1, 3, 1, 1, 4, 3, 1, 4, 1, 3});
  CHECK(to_std(ck.counts[0]) == idx{6, 0, 3, 3});
  const auto drop = kam::fit_quantile_bins(
      x, {{"frequency", 4}}, {kam::quantile_method::linear, kam::duplicate_edges::drop});
  CHECK(drop.edges[0] == (Eigen::VectorXd(4) << 1, 1.5, 2.25, 8).finished());
  CHECK(codes_of(drop.assign(x)) == idx{1, 3, 1, 2, 1, 1, 3, 2, 1, 3, 1, 2});
  // Equal values always share a code, whichever rule: the six 1s are all code 1.
}

TEST_CASE("quantile_bins::assign: bins built by hand are checked", "[quantile_bins]") {
  // Bins read back from configuration: edges 0, 10, 20 (two bins). By hand: 0 and 10 -> 1
  // (10 on the edge: the bin below), 15 -> 2, 25 -> 2 and outside.
  kam::quantile_bins<double> b;
  b.fields = {{"monetary", 2}};
  b.edges = {(Eigen::VectorXd(3) << 0, 10, 20).finished()};
  b.bins = kam::index_vector::Constant(1, 2);
  const auto c = b.assign(column({0, 10, 15, 25}));
  CHECK(codes_of(c) == idx{1, 1, 2, 2});
  CHECK(c.outside(0) == 1);

  auto bad = b;
  bad.edges.clear();
  auto msg = kam_test::message_of<kam::invalid_input>([&] { (void)bad.assign(column({1})); });
  CHECK(msg ==
        "kam::quantile_bins::assign: 'edges': 1 fields need as many edge vectors and bin "
        "counts, got 0 and 1");
  bad = b;
  bad.bins(0) = 3;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)bad.assign(column({1})); });
  CHECK(msg == "kam::quantile_bins::assign: 'monetary': 3 bins need 4 edges, got 3");
  bad = b;
  bad.edges[0](2) = 5;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)bad.assign(column({1})); });
  CHECK(msg ==
        "kam::quantile_bins::assign: 'monetary': edge 2 (5) is not finite or is below the edge "
        "before it");
  bad = b;
  bad.bins(0) = 0;
  bad.edges[0] = Eigen::VectorXd::Zero(1);
  CHECK_THROWS_AS(bad.assign(column({1})), kam::out_of_bounds);
}

TEST_CASE("validate: quantile-bin fields and options without data", "[validate]") {
  const std::vector<kam::bin_field> rfm{{"recency", 5, kam::direction::cost},
                                        {"frequency", 5, kam::direction::benefit}};
  CHECK_NOTHROW(kam::validate(rfm));
  CHECK_THROWS_AS(kam::validate(std::vector<kam::bin_field>{}), kam::empty_input);
  auto bad = rfm;
  bad[1].bins = 0;
  try {
    kam::validate(bad);
    FAIL("expected kam::out_of_bounds");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "fields");
    CHECK(e.index() == 1);
  }
  bad = rfm;
  bad[1].name = "recency";
  try {
    kam::validate(bad);
    FAIL("expected kam::duplicate_name");
  } catch (const kam::duplicate_name& e) {
    CHECK(e.index() == 1);
  }
}

TEST_CASE("fit_quantile_bins: bins are bounded by the accounts, and counts do not overflow",
          "[quantile_bins]") {
  // A huge bin count allocated bins + 1 edges (std::bad_alloc, or a signed overflow at INT64_MAX)
  // before any check; more bins than accounts is now an error naming the field and the limit.
  const auto x = column({0, 1, 2, 3, 4});
  CHECK(kam::fit_quantile_bins(x, {{"x", 5}}).bins(0) == 5);
  auto msg = kam_test::message_of<kam::out_of_bounds>([&] {
    (void)kam::fit_quantile_bins(x, {{"x", 6}});
  });
  CHECK(msg == "kam::fit_quantile_bins: 'x': bins is 6; at most the number of accounts (5)");
  for (const Eigen::Index huge :
       {Eigen::Index{1} << 40, std::numeric_limits<Eigen::Index>::max()}) {
    CHECK_THROWS_AS(kam::fit_quantile_bins(x, {{"x", huge}}), kam::out_of_bounds);
  }
  // Bins read back from configuration: bins + 1 overflowed for INT64_MAX.
  auto b = kam::fit_quantile_bins(x, {{"x", 2}});
  b.bins(0) = std::numeric_limits<Eigen::Index>::max();
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)b.assign(x); });
  CHECK(msg ==
        "kam::quantile_bins::assign: 'x': 9223372036854775807 bins need "
        "9223372036854775808 edges, got 3");
}

TEST_CASE("bin_codes::combined checks the account in every build type",
          "[quantile_bins][bad-input][index]") {
  const auto values = column({1, 2, 3, 4, 5, 6});
  const auto c = kam::fit_quantile_bins(values, {{"x", 3}}).assign(values);
  CHECK(c.combined(0) == "1");
  CHECK(c.combined(5) == "3");
  for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{6}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)c.combined(i); }, "kam::bin_codes::combined", "i", i,
                                "[0, 6)", true);
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)c.combined(6, "-"); }) ==
        "kam::bin_codes::combined: 'i', row 6: account 6 is outside [0, 6)");
  // No accounts: no valid index.
  const kam::bin_codes none;
  kam_test::check_index_error([&] { (void)none.combined(0); }, "kam::bin_codes::combined", "i", 0,
                              "[0, 0)", true);
}
