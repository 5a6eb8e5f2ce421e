// Tests of kam/plan/whitespace.hpp: penetration, propensity with smoothing, expansion; by hand.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/plan/whitespace.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Six accounts x offerings X, Y, Z (o owned, p pipeline, . open, n not eligible):
///   a0 (group 0): o o .    a1 (0): o . n    a2 (0): . p .    a3 (0): o . o
///   a4 (group 1): . o .    a5 (1): n o .
kam::holdings_table holdings() {
  using s = kam::cell_state;
  constexpr s o = s::owned, p = s::pipeline, x = s::open, n = s::not_eligible;
  return {{"X", "Y", "Z"}, {o, o, x, o, x, n, x, p, x, o, x, o, x, o, x, n, o, x}};
}

kam::index_vector groups() { return (kam::index_vector(6) << 0, 0, 0, 0, 1, 1).finished(); }

}  // namespace

TEST_CASE("whitespace: counts and penetration", "[whitespace]") {
  const auto r = kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, 50, 200));
  CHECK(r.owned == (kam::index_vector(6) << 2, 1, 0, 2, 1, 1).finished());
  CHECK(r.pipeline == (kam::index_vector(6) << 0, 0, 1, 0, 0, 0).finished());
  CHECK(r.open == (kam::index_vector(6) << 1, 1, 2, 1, 2, 1).finished());
  CHECK(r.eligible == (kam::index_vector(6) << 3, 2, 3, 3, 3, 2).finished());
  // Owned / eligible: 2/3, 1/2, 0 (a pipeline cell is not owned), 2/3, 1/3, 1/2.
  CHECK_THAT(r.account_penetration(0), WithinAbs(2.0 / 3, 1e-15));
  CHECK(r.account_penetration(2) == 0);
  CHECK(r.account_penetration(5) == 0.5);
  // X: owners a0, a1, a3 of 5 eligible (a5 not) = 0.6; Y: a0, a4, a5 of 6 = 0.5; Z: a3 of 5
  // (a1 not) = 0.2.
  CHECK(r.offering_owners == (kam::index_vector(3) << 3, 3, 1).finished());
  CHECK(r.offering_eligible == (kam::index_vector(3) << 5, 6, 5).finished());
  CHECK_THAT(r.offering_penetration(0), WithinAbs(0.6, 1e-15));
  CHECK(r.offering_penetration(1) == 0.5);
  CHECK_THAT(r.offering_penetration(2), WithinAbs(0.2, 1e-15));
}

TEST_CASE("whitespace: propensity from peers smoothed toward the overall rate", "[whitespace]") {
  const auto r = kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, 50, 200));
  const Eigen::MatrixXd q = kam::cell_propensity(r, holdings(), groups());
  // (k + m p_j) / (n + m), m = 2; n = peers eligible (i excluded), k = peers who own it.
  // a0 Z: group 0 eligible a0, a2, a3 -> n = 2, k = 1 (a3): (1 + 2 x 0.2) / 4 = 0.35.
  CHECK_THAT(q(0, 2), WithinAbs(0.35, 1e-15));
  // a1 Y: group 0 eligible 4 -> n = 3, k = 1 (a0): (1 + 2 x 0.5) / 5 = 0.4.
  CHECK_THAT(q(1, 1), WithinAbs(0.4, 1e-15));
  // a2 X: n = 3, k = 3: (3 + 2 x 0.6) / 5 = 0.84.
  CHECK_THAT(q(2, 0), WithinAbs(0.84, 1e-15));
  // a4 X: alone in group 1 for X (a5 not eligible): n = 0, k = 0: (0 + 1.2) / 2 = 0.6 = p_X.
  CHECK_THAT(q(4, 0), WithinAbs(0.6, 1e-15));
  // a4 Z: n = 1 (a5), k = 0: 0.4 / 3.
  CHECK_THAT(q(4, 2), WithinAbs(0.4 / 3, 1e-15));
  CHECK(std::isnan(q(0, 0)));  // owned
  CHECK(std::isnan(q(2, 1)));  // pipeline
  CHECK(std::isnan(q(1, 2)));  // not eligible
  // Expected expansion = sum of price x propensity over open cells (prices X 100, Y 50, Z 200):
  // a0 200 x 0.35 = 70; a1 50 x 0.4 = 20; a2 100 x 0.84 + 200 x 0.35 = 154 (the pipeline Y is
  // not whitespace); a4 100 x 0.6 + 200 x 0.4 / 3 = 86.667; a5 200 x 0.4 / 3 = 26.667.
  CHECK_THAT(r.expected_expansion(0), WithinAbs(70, 1e-12));
  CHECK_THAT(r.expected_expansion(1), WithinAbs(20, 1e-12));
  CHECK_THAT(r.expected_expansion(2), WithinAbs(154, 1e-12));
  CHECK_THAT(r.expected_expansion(4), WithinAbs(60 + 80.0 / 3, 1e-12));
  CHECK_THAT(r.expected_expansion(5), WithinAbs(80.0 / 3, 1e-12));
  CHECK(r.open_value == (Eigen::VectorXd(6) << 200, 50, 300, 50, 300, 200).finished());
  // a2's openings: X 84 before Z 70; top 1 keeps X.
  CHECK(kam::best_openings(r, holdings(), groups(), 2) == std::vector<Eigen::Index>{0, 2});
  CHECK(kam::best_openings(r, holdings(), groups(), 2, 1) == std::vector<Eigen::Index>{0});
  CHECK(kam::best_openings(r, holdings(), groups(), 0).size() == 1);

  // Without smoothing (m = 0): the raw peer share; a4 X has no peer and takes p_X = 0.6.
  kam::whitespace_options raw;
  raw.smoothing = 0;
  const auto s = kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, 50, 200), raw);
  const Eigen::MatrixXd t = kam::cell_propensity(s, holdings(), groups());
  CHECK(t(2, 0) == 1);    // 3 / 3
  CHECK(t(0, 2) == 0.5);  // 1 / 2
  CHECK_THAT(t(4, 0), WithinAbs(0.6, 1e-15));
  CHECK(t(4, 2) == 0);  // 0 / 1
}

TEST_CASE("whitespace: valued at the peer-average revenue of owners", "[whitespace]") {
  Eigen::MatrixXd revenue = Eigen::MatrixXd::Constant(6, 3, not_a_number);  // read where owned
  revenue(0, 0) = 120;  // X owners a0, a1, a3: (120 + 80 + 100) / 3 = 100
  revenue(1, 0) = 80;
  revenue(3, 0) = 100;
  revenue(0, 1) = 40;  // Y owners a0, a4, a5: (40 + 60 + 50) / 3 = 50
  revenue(4, 1) = 60;
  revenue(5, 1) = 50;
  revenue(3, 2) = 300;  // Z owner a3: 300
  const auto r = kam::whitespace_by_peer_revenue(holdings(), groups(), revenue);
  CHECK(r.offering_value == Eigen::Vector3d(100, 50, 300));
  // a2: 100 x 0.84 + 300 x 0.35 = 84 + 105 = 189.
  CHECK_THAT(r.expected_expansion(2), WithinAbs(189, 1e-12));
  CHECK(kam::best_openings(r, holdings(), groups(), 2) ==
        std::vector<Eigen::Index>{2, 0});  // Z 105 before X 84
  // String segments become codes by first appearance.
  CHECK(kam::label_codes({"mid", "top", "mid", "low"}) ==
        (kam::index_vector(4) << 0, 1, 0, 2).finished());
  CHECK(kam::enum_from_name<kam::cell_state>("pipeline") == kam::cell_state::pipeline);
  CHECK(kam::to_string(holdings()).find("cells: [owned, owned, open, owned, open, not_eligible,") !=
        std::string::npos);
}

TEST_CASE("whitespace: bad input names the function, the field and the row",
          "[whitespace][bad-input]") {
  using kam_test::message_of;
  const Eigen::Vector3d price(100, 50, 200);
  const auto by_price = [&](const kam::holdings_table& h, const kam::index_vector& g,
                            const kam::whitespace_options& o = {}) {
    return [h, g, o, &price] { (void)kam::whitespace_by_price(h, g, price, o); };
  };
  auto h = holdings();
  h.offerings[2] = "X";
  CHECK(message_of<kam::duplicate_name>(by_price(h, groups())) ==
        "kam::whitespace_by_price: 'offerings[2]': offering 'X' is named at 0 already");
  h = holdings();
  h.offerings[1].clear();
  CHECK_THROWS_AS(by_price(h, groups())(), kam::invalid_input);
  h = holdings();
  h.cells.pop_back();
  CHECK(message_of<kam::shape_mismatch>(by_price(h, groups())) ==
        "kam::whitespace_by_price: 'cells': 17 cells are not a whole number of accounts of 3 "
        "offerings");
  h = holdings();
  h.cells[7] = static_cast<kam::cell_state>(9);
  CHECK(message_of<kam::invalid_input>(by_price(h, groups())) ==
        "kam::whitespace_by_price: 'cells[1]', row 2: state 9 of offering 'Y' is not one of "
        "'open', 'owned', 'pipeline', 'not_eligible'");
  CHECK_THROWS_AS(by_price({{"X"}, {}}, kam::index_vector(0))(), kam::empty_input);
  CHECK_THROWS_AS(by_price({{}, {}}, kam::index_vector(0))(), kam::empty_input);
  CHECK(message_of<kam::shape_mismatch>(by_price(holdings(), groups().head(5))) ==
        "kam::whitespace_by_price: 'peer_group': 5 labels for 6 accounts");
  auto g = groups();
  g(3) = -1;
  CHECK(message_of<kam::out_of_bounds>(by_price(holdings(), g)) ==
        "kam::whitespace_by_price: 'peer_group', row 3: label -1 is negative; labels are 0 and up");
  kam::whitespace_options two;
  two.groups = 2;
  g = groups();
  g(5) = 2;  // an unknown label when there are two groups
  CHECK(message_of<kam::out_of_bounds>(by_price(holdings(), g, two)) ==
        "kam::whitespace_by_price: 'peer_group', row 5: label 2 is not one of the 2 peer groups 0 "
        "to 1");
  CHECK_NOTHROW(by_price(holdings(), groups(), two)());
  kam::whitespace_options o;
  o.smoothing = -1;
  CHECK(message_of<kam::out_of_bounds>([&] { kam::validate(o); }) ==
        "kam::validate: 'smoothing': smoothing -1 is negative");
  o.smoothing = not_a_number;
  CHECK_THROWS_AS(kam::validate(o), kam::non_finite_value);
  o = {};
  o.groups = -2;
  CHECK_THROWS_AS(kam::validate(o), kam::out_of_bounds);

  CHECK(message_of<kam::out_of_bounds>([] {
          (void)kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, -1, 200));
        }) == "kam::whitespace_by_price: 'price[1]': the price of 'Y', -1, is negative");
  CHECK_THROWS_AS(
      kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, not_a_number, 200)),
      kam::non_finite_value);
  CHECK(message_of<kam::shape_mismatch>([] {
          (void)kam::whitespace_by_price(holdings(), groups(), Eigen::Vector2d(1, 2));
        }) == "kam::whitespace_by_price: 'price': 2 prices for 3 offerings");

  Eigen::MatrixXd revenue = Eigen::MatrixXd::Zero(6, 3);
  revenue(3, 2) = not_a_number;  // owned: must be finite
  CHECK(message_of<kam::non_finite_value>(
            [&] { (void)kam::whitespace_by_peer_revenue(holdings(), groups(), revenue); }) ==
        "kam::whitespace_by_peer_revenue: 'revenue[2]', row 3: the revenue of owned "
        "offering 'Z', nan, is not finite");
  revenue(3, 2) = -5;
  CHECK_THROWS_AS(kam::whitespace_by_peer_revenue(holdings(), groups(), revenue),
                  kam::out_of_bounds);
  CHECK(message_of<kam::shape_mismatch>([&] {
          (void)kam::whitespace_by_peer_revenue(holdings(), groups(), Eigen::MatrixXd(6, 2));
        }) ==
        "kam::whitespace_by_peer_revenue: 'revenue': revenue is 6 x 2; expected 6 x 3 "
        "(accounts x offerings)");
  const auto r = kam::whitespace_by_price(holdings(), groups(), price);
  CHECK_THROWS_AS(kam::best_openings(r, holdings(), groups(), 6), kam::out_of_bounds);
}

TEST_CASE("whitespace: one propensity per group and offering, NaN where nothing is open",
          "[whitespace]") {
  const auto r = kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, 50, 200));
  REQUIRE(r.group_propensity.rows() == 2);
  REQUIRE(r.group_propensity.cols() == 3);
  CHECK_THAT(r.group_propensity(0, 0), WithinAbs(0.84, 1e-15));  // a2's X
  CHECK_THAT(r.group_propensity(0, 1), WithinAbs(0.4, 1e-15));   // a1's Y
  CHECK_THAT(r.group_propensity(0, 2), WithinAbs(0.35, 1e-15));  // a0's and a2's Z
  CHECK(std::isnan(r.group_propensity(1, 1)));  // group 1 owns Y throughout: nothing open
  // Every open cell reads its group's entry; the others are NaN.
  const Eigen::MatrixXd q = kam::cell_propensity(r, holdings(), groups());
  for (Eigen::Index i = 0; i < 6; ++i) {
    for (Eigen::Index j = 0; j < 3; ++j) {
      if (holdings().at(i, j) == kam::cell_state::open) {
        CHECK(q(i, j) == r.group_propensity(groups()(i), j));
      } else {
        CHECK(std::isnan(q(i, j)));
      }
    }
  }
}

TEST_CASE("whitespace: the _into forms reuse the result and agree", "[whitespace]") {
  const Eigen::Vector3d price(100, 50, 200);
  const auto fresh = kam::whitespace_by_price(holdings(), groups(), price);
  kam::whitespace_result r = kam::whitespace_by_price(  // a larger result first
      {{"A", "B", "C", "D"}, std::vector<kam::cell_state>(40, kam::cell_state::open)},
      kam::index_vector::Zero(10), Eigen::Vector4d(1, 2, 3, 4));
  kam::whitespace_by_price_into(r, holdings(), groups(), price);
  CHECK(r.owned == fresh.owned);
  CHECK(r.open == fresh.open);
  CHECK(r.offering_owners == fresh.offering_owners);
  CHECK(r.open_value == fresh.open_value);
  CHECK(r.expected_expansion == fresh.expected_expansion);
  REQUIRE(r.group_propensity.rows() == 2);
  REQUIRE(r.group_propensity.cols() == 3);
  const Eigen::ArrayXXd a = r.group_propensity.array(), b = fresh.group_propensity.array();
  CHECK(((a == b) || (a.isNaN() && b.isNaN())).all());
  Eigen::MatrixXd revenue = Eigen::MatrixXd::Constant(6, 3, 10);
  const auto by_revenue = kam::whitespace_by_peer_revenue(holdings(), groups(), revenue);
  kam::whitespace_by_peer_revenue_into(r, holdings(), groups(), revenue);
  CHECK(r.offering_value == by_revenue.offering_value);
  CHECK(r.expected_expansion == by_revenue.expected_expansion);
  revenue(3, 2) = -1;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          kam::whitespace_by_peer_revenue_into(r, holdings(), groups(), revenue);
        }).find("kam::whitespace_by_peer_revenue_into: 'revenue[2]', row 3:") == 0);
}

TEST_CASE("whitespace: a larger portfolio sums every account's open cells", "[whitespace]") {
  // 300 accounts x 19 offerings (two full blocks of eight and a remainder), 7 groups: the sums
  // agree with adding the offerings one by one to rounding, the counts exactly.
  const Eigen::Index n = 300, m = 19;
  kam::holdings_table h;
  for (Eigen::Index j = 0; j < m; ++j) h.offerings.push_back(kam_test::numbered("o", j));
  kam::index_vector g(n);
  Eigen::VectorXd price(m);
  for (Eigen::Index j = 0; j < m; ++j) price(j) = 100.0 / static_cast<double>(j + 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    g(i) = (i * 5) % 7;
    for (Eigen::Index j = 0; j < m; ++j) {
      h.cells.push_back(static_cast<kam::cell_state>((i * 7 + j * 3 + i * j) % 4));
    }
  }
  const auto r = kam::whitespace_by_price(h, g, price);
  const Eigen::MatrixXd q = kam::cell_propensity(r, h, g);
  for (Eigen::Index i = 0; i < n; ++i) {
    double value = 0, expected = 0;
    Eigen::Index open = 0, owned = 0;
    for (Eigen::Index j = 0; j < m; ++j) {
      if (h.at(i, j) == kam::cell_state::open) {
        value += price(j);
        expected += price(j) * q(i, j);
        ++open;
      }
      owned += h.at(i, j) == kam::cell_state::owned ? 1 : 0;
    }
    CHECK(r.open(i) == open);
    CHECK(r.owned(i) == owned);
    CHECK_THAT(r.open_value(i), WithinAbs(value, 1e-12 * value));
    CHECK_THAT(r.expected_expansion(i), WithinAbs(expected, 1e-12 * expected));
  }
}

TEST_CASE("whitespace: sums by bytes of eight offerings, with tables or without", "[whitespace]") {
  // 3,000 accounts x 149 offerings (three blocks of 64 offerings, the last of 21, an odd one
  // paired with an uncounted partner), 5 groups: (5 + 1) x 256 subset-sum entries per byte of
  // open bits are no more than the accounts, so the sums go through tables. With the groups
  // option at 12 (labels still 0 to 4) the tables would outnumber the accounts and the sums are
  // made cell by cell: the same terms in the same order, so the same bits. Counts and sums are
  // checked against adding the offerings one by one (sums to rounding).
  const Eigen::Index n = 3000, m = 149;
  kam::holdings_table h;
  for (Eigen::Index j = 0; j < m; ++j) h.offerings.push_back(kam_test::numbered("o", j));
  kam::index_vector g(n);
  Eigen::VectorXd price(m);
  for (Eigen::Index j = 0; j < m; ++j) price(j) = 1000.0 / static_cast<double>(j + 7);
  for (Eigen::Index i = 0; i < n; ++i) {
    g(i) = (i * 3) % 5;
    for (Eigen::Index j = 0; j < m; ++j) {
      h.cells.push_back(static_cast<kam::cell_state>((i * 5 + j * 7 + i * j / 3) % 4));
    }
  }
  const auto tables = kam::whitespace_by_price(h, g, price);
  kam::whitespace_options cell_by_cell;
  cell_by_cell.groups = 12;
  const auto direct = kam::whitespace_by_price(h, g, price, cell_by_cell);
  CHECK(tables.open_value == direct.open_value);
  CHECK(tables.expected_expansion == direct.expected_expansion);
  CHECK(tables.account_penetration == direct.account_penetration);
  const Eigen::ArrayXXd a = tables.group_propensity, b = direct.group_propensity.topRows(5);
  CHECK((a == b || (a.isNaN() && b.isNaN())).all());  // NaN where a group has nothing open
  CHECK(direct.group_propensity.bottomRows(7).array().isNaN().all());
  const Eigen::MatrixXd q = kam::cell_propensity(tables, h, g);
  for (Eigen::Index i = 0; i < n; ++i) {
    double value = 0, expected = 0;
    Eigen::Index counts[4] = {0, 0, 0, 0};
    for (Eigen::Index j = 0; j < m; ++j) {
      const auto state = h.at(i, j);
      ++counts[static_cast<int>(state)];
      if (state == kam::cell_state::open) {
        value += price(j);
        expected += price(j) * q(i, j);
      }
    }
    CHECK(tables.open(i) == counts[0]);
    CHECK(tables.owned(i) == counts[1]);
    CHECK(tables.pipeline(i) == counts[2]);
    CHECK(tables.eligible(i) == m - counts[3]);
    CHECK_THAT(tables.open_value(i), WithinAbs(value, 1e-12 * value));
    CHECK_THAT(tables.expected_expansion(i), WithinAbs(expected, 1e-12 * expected));
  }
}

TEST_CASE("whitespace: an account's open values add up byte by byte", "[whitespace]") {
  // 16 offerings, all open: offering 0 priced 1e16, offerings 1-7 at 0 and 8-15 at 1. The first
  // byte of open bits (offerings 0-7) sums to 1e16, the second (8-15) to 8, and 1e16 + 8 is a
  // double (the spacing of doubles there is 2). Adding one by one would lose every 1 (1e16 + 1
  // rounds back to 1e16, to even) and give 1e16. One account (sums cell by cell) and 600 equal
  // accounts in one group (2 x 256 <= 600: through the tables) give the same.
  const Eigen::Index m = 16;
  Eigen::VectorXd price = Eigen::VectorXd::Zero(m);
  price(0) = 1e16;
  price.tail(8).setOnes();
  for (const Eigen::Index n : {Eigen::Index{1}, Eigen::Index{600}}) {
    kam::holdings_table h;
    for (Eigen::Index j = 0; j < m; ++j) h.offerings.push_back(kam_test::numbered("o", j));
    h.cells.assign(static_cast<std::size_t>(n * m), kam::cell_state::open);
    const auto r = kam::whitespace_by_price(h, kam::index_vector::Zero(n), price);
    for (Eigen::Index i = 0; i < n; ++i) REQUIRE(r.open_value(i) == 1e16 + 8);
  }
}

TEST_CASE("whitespace: the same bits on any number of threads", "[whitespace]") {
  // 150,000 accounts (three units of 65,536 rows, the last partial) x 5 offerings, 4 groups:
  // every array of the result is the single-threaded one, bit for bit, on 2 and 3 threads (the
  // counts are integers summed in any order; each account's sums are its own). A copy of the
  // group tables per thread is used here (they are far smaller than the holdings).
  const Eigen::Index n = 150'000, m = 5;
  kam::holdings_table h;
  for (Eigen::Index j = 0; j < m; ++j) h.offerings.push_back(kam_test::numbered("o", j));
  kam::index_vector g(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    g(i) = (i * 7) % 4;
    for (Eigen::Index j = 0; j < m; ++j) {
      h.cells.push_back(static_cast<kam::cell_state>((i * 3 + j * 5 + i * j / 11) % 4));
    }
  }
  const Eigen::VectorXd price = Eigen::VectorXd::LinSpaced(m, 10.5, 99.25);
  const auto one = kam::whitespace_by_price(h, g, price);
  for (const unsigned threads : {2U, 3U}) {
    kam::whitespace_options o;
    o.threads = threads;
    const auto many = kam::whitespace_by_price(h, g, price, o);
    CHECK(many.owned == one.owned);
    CHECK(many.pipeline == one.pipeline);
    CHECK(many.open == one.open);
    CHECK(many.eligible == one.eligible);
    CHECK(many.offering_owners == one.offering_owners);
    CHECK(many.offering_eligible == one.offering_eligible);
    // exact comparisons of doubles: the same operations in the same order on every thread
    CHECK(many.account_penetration == one.account_penetration);
    CHECK(many.offering_penetration == one.offering_penetration);
    // NaN where a group has no open cell, equal numbers elsewhere. Offering 0 is open (state
    // 3i mod 4 = 0) only for i a multiple of 4, all in group 7i mod 4 = 0: NaN in groups 1 to 3.
    const auto& a = many.group_propensity.array();
    const auto& b = one.group_propensity.array();
    CHECK((a == b || (a.isNaN() && b.isNaN())).all());
    CHECK(b.isNaN().count() == 3);
    CHECK(many.open_value == one.open_value);
    CHECK(many.expected_expansion == one.expected_expansion);
  }
  kam::whitespace_options too_many;
  too_many.threads = kam::max_threads + 1;
  CHECK_THROWS_AS(kam::whitespace_by_price(h, g, price, too_many), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::validate(too_many), kam::out_of_bounds);
}

TEST_CASE("whitespace: no more peer groups than accounts", "[whitespace]") {
  // A sparse label (an account number used as a group) would ask for a (group, offering) table
  // of 10^12 rows: past kam::whitespace_max_groups an error names the row, and below it a label
  // that implies more groups than accounts does too (label 100 for six accounts: 101 groups of
  // 100 bytes and more per offering, 95 of them empty), not std::bad_alloc or a waste.
  using kam_test::message_of;
  auto g = groups();
  g(2) = 1'000'000'000'000;
  CHECK_THAT(message_of<kam::out_of_bounds>([&] {
               (void)kam::whitespace_by_price(holdings(), g, Eigen::Vector3d(100, 50, 200));
             }),
             Catch::Matchers::Contains("'peer_group', row 2: label 1000000000000"));
  g(2) = 100;
  CHECK(message_of<kam::out_of_bounds>([&] {
          (void)kam::whitespace_by_price(holdings(), g, Eigen::Vector3d(100, 50, 200));
        }) ==
        "kam::whitespace_by_price: 'peer_group', row 2: label 100 implies 101 peer groups "
        "for 6 accounts; number the groups 0, 1, ... (kam::label_codes does)");
  kam::whitespace_options seven;
  seven.groups = 7;  // six accounts
  CHECK(message_of<kam::out_of_bounds>([&] {
          (void)kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, 50, 200),
                                         seven);
        }) ==
        "kam::whitespace_by_price: 'groups': groups 7 is more than the 6 accounts; at most "
        "one peer group per account");
  kam::whitespace_options six;
  six.groups = 6;  // one per account: groups 2 to 5 are empty, their propensities NaN
  const auto r = kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(100, 50, 200), six);
  CHECK(r.group_propensity.rows() == 6);
  CHECK(std::isnan(r.group_propensity(5, 0)));
}

TEST_CASE("whitespace: the first bad input is named as if checked in order",
          "[whitespace][bad-input]") {
  using kam_test::message_of;
  auto h = holdings();
  h.cells[16] = static_cast<kam::cell_state>(4);  // row 5, offering Y
  auto g = groups();
  g(1) = -3;  // a bad label in an earlier row: the cells are checked first
  CHECK(message_of<kam::invalid_input>(
            [&] { (void)kam::whitespace_by_price(h, g, Eigen::Vector3d(1, -2, 3)); }) ==
        "kam::whitespace_by_price: 'cells[1]', row 5: state 4 of offering 'Y' is not one "
        "of 'open', 'owned', 'pipeline', 'not_eligible'");
  CHECK(message_of<kam::out_of_bounds>(
            [&] { (void)kam::whitespace_by_price(holdings(), g, Eigen::Vector3d(1, -2, 3)); }) ==
        "kam::whitespace_by_price: 'peer_group', row 1: label -3 is negative; labels are 0 "
        "and up");
  const auto r = kam::whitespace_by_price(holdings(), groups(), Eigen::Vector3d(1, 2, 3));
  CHECK(message_of<kam::shape_mismatch>(
            [&] { (void)kam::cell_propensity(r, holdings(), groups().head(5)); }) ==
        "kam::cell_propensity: 'holdings': holdings of 6 x 3 cells and 5 labels for a "
        "result of 6 accounts x 3 offerings");
  g = groups();
  g(2) = 7;
  CHECK(message_of<kam::out_of_bounds>([&] { (void)kam::best_openings(r, holdings(), g, 2); }) ==
        "kam::best_openings: 'peer_group', row 2: label 7 is not one of the result's 2 "
        "groups");
}

TEST_CASE("holdings_table::at checks both indices in every build type; operator() does not",
          "[whitespace][bad-input][index]") {
  const auto h = holdings();  // 6 accounts x 3 offerings
  CHECK(h.at(0, 2) == kam::cell_state::open);
  CHECK(h.at(5, 0) == kam::cell_state::not_eligible);
  CHECK(h(2, 1) == kam::cell_state::pipeline);  // the unchecked accessor, in range
  for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{6}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)h.at(i, 0); }, "kam::holdings_table::at", "i", i,
                                "[0, 6)", true);
  }
  for (const std::ptrdiff_t j : {std::ptrdiff_t{-1}, std::ptrdiff_t{3}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)h.at(0, j); }, "kam::holdings_table::at", "j", j,
                                "[0, 3)");
  }
  // (0, 3) would be cell 3, a valid cell of account 1: still an error, not account 1's offering.
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)h.at(0, 3); }) ==
        "kam::holdings_table::at: 'j': offering 3 is outside [0, 3)");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)h.at(6, 0); }) ==
        "kam::holdings_table::at: 'i', row 6: account 6 is outside [0, 6)");
  const kam::holdings_table empty;
  kam_test::check_index_error([&] { (void)empty.at(0, 0); }, "kam::holdings_table::at", "j", 0,
                              "[0, 0)");
  // Cells that are not a whole number of accounts (7 for 3 offerings: 2 accounts): the partial
  // third account is out of range even where its cell exists.
  kam::holdings_table partial = h;
  partial.cells.resize(7);
  CHECK(partial.at(1, 2) == h.at(1, 2));
  kam_test::check_index_error([&] { (void)partial.at(2, 0); }, "kam::holdings_table::at", "i", 2,
                              "[0, 2)", true);
}

// Found by the property suite (#20 item 6): with groups 0, a label of INT64_MAX made the
// group count INT64_MAX + 1, which overflowed to a negative number and crashed; a groups
// option of 10^9 asked for gigabytes. Two open cells priced 1e308 each add up to 2e308, beyond
// the largest double (1.8e308): an error, not an infinite open value.
TEST_CASE("whitespace: group limit and sums beyond double", "[whitespace][bad-input]") {
  kam::holdings_table h;
  h.offerings = {"a", "b"};
  h.cells = {kam::cell_state::open, kam::cell_state::open, kam::cell_state::owned,
             kam::cell_state::open};
  const Eigen::Vector2d price(1, 2);
  kam::index_vector g(2);
  g << 0, std::numeric_limits<Eigen::Index>::max();
  CHECK_THROWS_AS(kam::whitespace_by_price(h, g, price), kam::out_of_bounds);
  kam::whitespace_options o;
  o.groups = 1'000'000'000;
  g << 0, 1;
  CHECK_THROWS_AS(kam::whitespace_by_price(h, g, price, o), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::validate(o), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::whitespace_by_price(h, g, Eigen::Vector2d(1e308, 1e308)),
                  kam::out_of_bounds);
  Eigen::MatrixXd revenue(2, 2);
  revenue << 0, 0, 1e308, 0;  // one owner: its mean is 1e308, finite
  CHECK_NOTHROW(kam::whitespace_by_peer_revenue(h, g, revenue));
}
