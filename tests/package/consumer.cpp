// A consumer of the kam package (installed and found with find_package, or added with
// add_subdirectory): computes a known score, Kraljic cell and k-means result and checks them, so
// the package test fails if the package links but computes something else. Every expected value
// is worked out by hand in the comments.
#include <cmath>
#include <cstdio>
#include <kam/kam.hpp>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-12; }

// The README's usage snippet. Min-max per criterion over the four accounts, effort a cost:
//   revenue 100, 400, 250, 50  -> 1/7, 1, 4/7, 0
//   growth  .10, .05, .20, .25 -> 1/4, 0, 3/4, 1
//   effort  3, 5, 2, 2         -> 1/3, 1, 0, 0 -> inverted 2/3, 0, 1, 1
// weights 40/35/25 -> .40, .35, .25:
//   A = .4/7 + .35/4 + .25*2/3 = 0.3113095..., B = .4, C = .4*4/7 + .35*.75 + .25 = 0.7410714...,
//   D = .35 + .25 = .6; ranks 4 3 1 2; a cap of 2 and a minimum of .5 keep C (row 2), D (row 3).
void score_and_select() {
  const kam::criteria_set criteria{kam::benefit("revenue", 40), kam::benefit("growth", 35),
                                   kam::cost("effort", 25)};
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3, 400, 0.05, 5, 250, 0.20, 2, 50, 0.25, 2;
  const auto scored = kam::score(x, criteria);
  check(near(scored.scores(0), 0.4 / 7 + 0.35 / 4 + 0.25 * 2 / 3), "score of A");
  check(near(scored.scores(1), 0.4), "score of B");
  check(near(scored.scores(2), 0.4 * 4 / 7 + 0.35 * 0.75 + 0.25), "score of C");
  check(near(scored.scores(3), 0.6), "score of D");
  const auto ranks = kam::ranks(scored.scores);
  check(ranks(0) == 4 && ranks(1) == 3 && ranks(2) == 1 && ranks(3) == 2, "ranks 4 3 1 2");
  const auto chosen = kam::select_key_accounts(scored.scores, {.cap = 2, .min_score = 0.5});
  check(chosen.accounts.size() == 2 && chosen.accounts[0] == 2 && chosen.accounts[1] == 3,
        "key accounts C and D");
}

// Kraljic with the default sub-criteria (impact: three 1-5 ratings weighted 40/30/30; risk:
// alternative suppliers (cost, min-max over the accounts) 40, switching cost (1-5) 35,
// substitutability (cost, 1-5) 25) and midpoint cuts (0.5, on the cut counts as high):
//   account 0: impact 5 5 5 -> 1;  risk alternatives 0 (the minimum -> 1), switching 5 -> 1,
//              substitutability 1 -> 1: risk 1 -> strategic.
//   account 1: impact 1 1 1 -> 0;  alternatives 4 (the maximum) -> 0, switching 1 -> 0,
//              substitutability 5 -> 0: risk 0 -> non-critical.
//   account 2: impact 5 4 3 -> .4 + .3*.75 + .3*.5 = .775; alternatives 2 -> 1 - 2/4 = .5,
//              switching 2 -> .25, substitutability 4 -> 1 - .75 = .25:
//              risk .4*.5 + .35*.25 + .25*.25 = .35 -> leverage (high impact, low risk).
void kraljic_cells() {
  Eigen::MatrixXd impact(3, 3);
  impact << 5, 5, 5, 1, 1, 1, 5, 4, 3;
  Eigen::MatrixXd risk(3, 3);
  risk << 0, 5, 1, 4, 1, 5, 2, 2, 4;
  const auto r = kam::kraljic(impact, risk);
  check(r.quadrant[0] == kam::kraljic_quadrant::strategic, "account 0 is strategic");
  check(r.quadrant[1] == kam::kraljic_quadrant::non_critical, "account 1 is non-critical");
  check(r.quadrant[2] == kam::kraljic_quadrant::leverage, "account 2 is leverage");
  check(near(r.impact(2), 0.775) && near(r.risk(2), 0.35), "account 2 scores .775 and .35");
}

// Two well-separated groups of three accounts, k = 2: the centroids are the group means
// (1/3, 1/3) and (31/3, 31/3), and each group's squared distances to its mean are
// 2/9 + 5/9 + 5/9 = 4/3, so the inertia is 8/3.
void kmeans_two_groups() {
  Eigen::MatrixXd x(6, 2);
  x << 0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10;
  kam::kmeans_options options;
  options.k = 2;
  options.restarts = 3;
  const auto r = kam::kmeans(x, options);
  const bool grouped = r.labels(0) == r.labels(1) && r.labels(1) == r.labels(2) &&
                       r.labels(3) == r.labels(4) && r.labels(4) == r.labels(5) &&
                       r.labels(0) != r.labels(3);
  check(grouped, "k-means finds the two groups");
  const auto low = r.labels(0);
  const auto high = r.labels(3);
  check(std::abs(r.centroids(low, 0) - 1.0 / 3) <= 1e-12 &&
            std::abs(r.centroids(high, 1) - 31.0 / 3) <= 1e-12,
        "k-means centroids are the group means");
  check(std::abs(r.inertia - 8.0 / 3) <= 1e-9, "k-means inertia 8/3");
}

}  // namespace

int main() {
  std::printf("kam %s\n", kam::version_string);
  score_and_select();
  kraljic_cells();
  kmeans_two_groups();
  if (failures != 0) std::printf("%d check(s) failed\n", failures);
  return failures == 0 ? 0 : 1;
}
