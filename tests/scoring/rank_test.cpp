// Tests of kam/scoring/rank.hpp: ranks and tie rules, top-k, key-account selection, tiers.
#include <Eigen/Core>
#include <algorithm>
#include <kam/scoring/rank.hpp>
#include <limits>
#include <random>
#include <vector>

#include "catch.hpp"

namespace {
Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x(i++) = d;
  return x;
}
std::vector<Eigen::Index> to_std(const kam::index_vector& v) { return {v.begin(), v.end()}; }
using idx = std::vector<Eigen::Index>;
}  // namespace

TEST_CASE("ranks: the three tie rules", "[rank]") {
  const auto s = vec({0.5, 0.9, 0.7, 0.7});
  CHECK(to_std(kam::ranks(s)) == idx{4, 1, 2, 2});  // min: 1, 2, 2, 4
  CHECK(to_std(kam::ranks(s, kam::tie_rule::dense)) == idx{3, 1, 2, 2});
  CHECK(to_std(kam::ranks(s, kam::tie_rule::ordinal)) == idx{4, 1, 2, 3});
  // The issue #2 reference case: scores A..D -> ranks 4, 3, 1, 2.
  CHECK(to_std(kam::ranks(vec({0.311310, 0.4, 0.741071, 0.6}))) == idx{4, 3, 1, 2});
}

TEST_CASE("ranks: the radix order is the comparison order, ties and signed zeros included",
          "[rank]") {
  // The definition: ordinal rank r of row i = 1 + the rows with a higher score + the rows before
  // i with an equal one (0 and -0 equal, as ==). Checked against a comparison sort by that order
  // on 200,000 scores drawn from 41 values (heavy ties) around 0, with -0 among them, in double
  // and float, and on the worked case below.
  const auto s = vec({0.0, -0.0, 0.5, -1e-300, 0.5, -0.0, 1e300});
  // Order: 1e300 (row 6), 0.5 (rows 2, 4), 0 and -0 (rows 0, 1, 5), -1e-300 (row 3).
  CHECK(to_std(kam::ranks(s, kam::tie_rule::ordinal)) == idx{4, 5, 2, 7, 3, 6, 1});
  CHECK(to_std(kam::ranks(s)) == idx{4, 4, 2, 7, 2, 4, 1});
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> pick(-20, 20);
  Eigen::VectorXd big(200000);
  for (Eigen::Index i = 0; i < big.size(); ++i) {
    const int v = pick(rng);
    big(i) = v == 0 && (i % 2 == 1) ? -0.0 : v / 8.0;
  }
  idx order(static_cast<std::size_t>(big.size()));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<Eigen::Index>(i);
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return big(a) > big(b) || (big(a) == big(b) && a < b);
  });
  idx expected(order.size());
  for (std::size_t p = 0; p < order.size(); ++p) {
    expected[static_cast<std::size_t>(order[p])] = static_cast<Eigen::Index>(p + 1);
  }
  CHECK(to_std(kam::ranks(big, kam::tie_rule::ordinal)) == expected);
  const Eigen::VectorXf small = big.cast<float>();
  CHECK(to_std(kam::ranks(small, kam::tie_rule::ordinal)) == expected);
}

TEST_CASE("top_k: partial selection, ties broken by input order", "[rank]") {
  const auto s = vec({0.2, 0.8, 0.5, 0.8, 0.1, 0.5});
  CHECK(to_std(kam::top_k(s, 3)) == idx{1, 3, 2});  // 0.8 (row 1), 0.8 (row 3), 0.5 (row 2)
  CHECK(to_std(kam::top_k(s, 0)).empty());
  CHECK(to_std(kam::top_k(s, 100)) == idx{1, 3, 2, 5, 0, 4});  // more than exist: all of them
  CHECK_THROWS_AS(kam::top_k(s, -1), kam::invalid_input);
}

TEST_CASE("top_k: the one-pass heap agrees with a full sort on tie-heavy data", "[rank]") {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> level(0, 50);  // many ties
  Eigen::VectorXd s(20'000);
  for (Eigen::Index i = 0; i < s.size(); ++i) s(i) = level(rng) / 50.0;
  std::vector<Eigen::Index> all(static_cast<std::size_t>(s.size()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<Eigen::Index>(i);
  std::stable_sort(all.begin(), all.end(), [&](auto a, auto b) { return s(a) > s(b); });
  for (const Eigen::Index k : {1, 10, 999, 1250, 5000, 20'000}) {
    const auto got = to_std(kam::top_k(s, k));
    CHECK(got == std::vector<Eigen::Index>(all.begin(), all.begin() + k));
  }
}

TEST_CASE("select_key_accounts: cap, minimum score and a tie at the cap", "[rank]") {
  const auto s = vec({0.62, 0.91, 0.55, 0.74, 0.74, 0.30});
  kam::key_account_policy p;
  p.cap = 2;
  p.min_score = 0.55;
  auto sel = kam::select_key_accounts(s, p);
  CHECK(to_std(sel.accounts) == idx{1, 3});
  CHECK(sel.eligible == 5);  // 0.55 itself qualifies
  CHECK(sel.cut_by_cap == 3);
  CHECK(sel.tie_at_cap);  // row 4 has the same 0.74 as row 3
  p.cap = 3;
  sel = kam::select_key_accounts(s, p);
  CHECK(to_std(sel.accounts) == idx{1, 3, 4});
  CHECK_FALSE(sel.tie_at_cap);
  p.cap.reset();
  sel = kam::select_key_accounts(s, p);
  CHECK(to_std(sel.accounts) == idx{1, 3, 4, 0, 2});
  CHECK(sel.cut_by_cap == 0);
  p.cap = -1;
  CHECK_THROWS_AS(kam::select_key_accounts(s, p), kam::invalid_input);
  p.cap = 1;
  p.min_score = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::select_key_accounts(s, p), kam::invalid_input);
}

TEST_CASE("tiers_by_bands: a score on an edge belongs to the band above", "[rank]") {
  const auto s = vec({0.7, 0.4, 0.39999, 0.95, 0.0, 0.69999});
  const auto t = kam::tiers_by_bands(s, {0.4, 0.7});
  CHECK(to_std(t.tier) == idx{1, 2, 3, 1, 3, 2});
  CHECK(t.counts == idx{2, 2, 2});
  CHECK(to_std(kam::tiers_by_bands(s, {}).tier) == idx{1, 1, 1, 1, 1, 1});
  const auto msg = kam_test::message_of<kam::invalid_input>([&] {
    (void)kam::tiers_by_bands(s, {0.4, 0.4});
  });
  CHECK(msg ==
        "kam::tiers_by_bands: 'edges[1]': band edges must be finite and strictly "
        "increasing; got 0.4 after 0.4");
  CHECK_THROWS_AS(kam::tiers_by_bands(s, {0.7, 0.4}), kam::invalid_input);
  CHECK_THROWS_AS(kam::tiers_by_bands(s, {std::numeric_limits<double>::infinity()}),
                  kam::invalid_input);
}

TEST_CASE("tiers_by_quota: counts from the top, ties by input order", "[rank]") {
  const auto s = vec({0.2, 0.8, 0.5, 0.8, 0.1, 0.5});
  const auto t = kam::tiers_by_quota(s, {1, 2});
  // Order: row 1 (0.8), row 3 (0.8), row 2 (0.5), row 5 (0.5), row 0, row 4.
  CHECK(to_std(t.tier) == idx{3, 1, 2, 2, 3, 3});
  CHECK(t.counts == idx{1, 2, 3});
  // Both boundaries cut a tie: rows 1 | 3 at 0.8 (tier 1 | 2) and rows 2 | 5 at 0.5 (tier 2 | 3).
  CHECK(t.split_ties == 2);
  CHECK(kam::tiers_by_quota(s, {2, 2}).split_ties == 0);
  const auto z = kam::tiers_by_quota(s, {0, 6});
  CHECK(z.counts == idx{0, 6, 0});
  CHECK_THROWS_AS(kam::tiers_by_quota(s, {-1}), kam::invalid_input);
}

TEST_CASE("quotas_from_shares: cumulative rounding, halves up", "[rank]") {
  // 25 accounts, 10 % / 30 %: tier 1 ends at round(2.5) = 3, tier 2 at round(10) = 10.
  CHECK(kam::quotas_from_shares(25, {0.1, 0.3}) == idx{3, 7});
  CHECK(kam::quotas_from_shares(3, {0.5, 0.5}) == idx{2, 1});
  CHECK_THROWS_AS(kam::quotas_from_shares(10, {0.8, 0.3}), kam::invalid_input);
  CHECK_THROWS_AS(kam::quotas_from_shares(10, {-0.1}), kam::invalid_input);
}

TEST_CASE("ranking functions reject bad scores naming the row", "[rank]") {
  const auto msg = kam_test::message_of<kam::non_finite_value>([] {
    (void)kam::ranks(vec({0.1, std::numeric_limits<double>::quiet_NaN()}));
  });
  CHECK(msg == "kam::ranks: 'scores', row 1: score is nan");
  CHECK_THROWS_AS(kam::top_k(Eigen::VectorXd(0), 3), kam::empty_input);
  CHECK_THROWS_AS(kam::ranks(Eigen::MatrixXd::Zero(2, 2)), kam::shape_mismatch);
  CHECK_THROWS_AS(kam::ranks(vec({0.1}), static_cast<kam::tie_rule>(9)), kam::invalid_input);
}

TEST_CASE("bands and the minimum score compare in the scores' precision", "[rank]") {
  // 0.7f is 0.699999988, below the double 0.7: as a float score "equal to" the edge it belongs to
  // the band above (the edge rule) and meets the minimum (min_score is inclusive).
  Eigen::VectorXf s(3);
  s << 0.7f, 0.4f, 0.69f;
  const auto t = kam::tiers_by_bands(s, {0.4, 0.7});
  CHECK(to_std(t.tier) == idx{1, 2, 2});
  kam::key_account_policy p;
  p.min_score = 0.7;
  const auto sel = kam::select_key_accounts(s, p);
  CHECK(sel.eligible == 1);
  CHECK(to_std(sel.accounts) == idx{0});
  // Edges that differ in double but not in float cannot cut float scores into separate bands.
  const auto msg = kam_test::message_of<kam::invalid_input>([&] {
    (void)kam::tiers_by_bands(s, {0.4, 0.4 + 1e-12});
  });
  CHECK_THAT(msg, Catch::Matchers::StartsWith("kam::tiers_by_bands: 'edges[1]': band edges 0.4") &&
                      Catch::Matchers::Contains("are the same float"));
}

TEST_CASE("validate: key-account policy, band edges and tier shares without scores", "[validate]") {
  // The rules of select_key_accounts, tiers_by_bands and quotas_from_shares, checked alone.
  CHECK_NOTHROW(kam::validate(kam::key_account_policy{30, 0.5}));
  CHECK_NOTHROW(kam::validate(kam::key_account_policy{}));
  try {
    kam::validate(kam::key_account_policy{-1, std::nullopt});
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "cap");
    CHECK(e.reason() == "cap -1 is negative");
  }
  try {
    kam::validate(kam::key_account_policy{std::nullopt, std::numeric_limits<double>::infinity()});
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "min_score");
  }

  CHECK_NOTHROW(kam::validate_band_edges({}));
  CHECK_NOTHROW(kam::validate_band_edges({0.4, 0.7}));
  try {
    kam::validate_band_edges({0.2, 0.7, 0.7});
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate_band_edges");
    CHECK(e.field() == "edges");
    CHECK(e.index() == 2);  // the structured element: no "edges[2]" to parse
    CHECK(std::string(e.what()) ==
          "kam::validate_band_edges: 'edges[2]': band edges must be finite and strictly "
          "increasing; got 0.7 after 0.7");
  }
  CHECK_THROWS_AS(kam::validate_band_edges({std::numeric_limits<double>::quiet_NaN()}),
                  kam::invalid_input);

  CHECK_NOTHROW(kam::validate_tier_shares({0.1, 0.2, 0.7}));
  try {
    kam::validate_tier_shares({0.5, 0.6});  // 1.1 in all
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "shares");
    CHECK(e.index() == 1);
  }
  try {
    kam::validate_tier_shares({-0.1});
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.index() == 0);
  }
}

TEST_CASE("quotas_from_shares: a huge total does not overflow", "[rank]") {
  // n x cumulative share was cast to Eigen::Index unchecked: at n = INT64_MAX a share of 1 gave
  // 2^63, out of range (undefined behaviour). The ends are clamped to n in double first.
  const auto n = std::numeric_limits<Eigen::Index>::max();
  CHECK(kam::quotas_from_shares(n, {1.0}) == idx{n});
  const auto halves = kam::quotas_from_shares(n, {0.5, 0.5});
  CHECK(halves == idx{Eigen::Index{1} << 62, n - (Eigen::Index{1} << 62)});
  const auto thirds = kam::quotas_from_shares(n, {0.1, 0.2, 0.7});  // 1 or a hair above in double
  CHECK(thirds[0] + thirds[1] + thirds[2] == n);
  CHECK(kam::quotas_from_shares(n, {0.0, 0.25}).front() == 0);
}
