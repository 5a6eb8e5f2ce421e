// Tests of kam/retention/cox.hpp: Cox proportional hazards against a hand computation and
// statsmodels on lifelines' rossi data, separation, weights, and every bad input.
//
// The reference values come from Debian's statsmodels 0.13.5 and scipy, run with
// ../shared/tools/peer-python and tests/data/lifelines/rossi.csv:
//
//   import numpy as np, pandas as pd
//   from scipy.optimize import minimize
//   from statsmodels.duration.hazard_regression import PHReg
//   d = pd.read_csv("rossi.csv")
//   cols = ["fin", "age", "race", "wexp", "mar", "paro", "prio"]
//   t, e, X = d.week.values, d.arrest.values, d[cols].values.astype(float)
//   def fit(t, e, X, ties, strata=None):
//       m = PHReg(t, X, status=e, ties=ties, strata=strata)
//       r = m.fit(method="newton", maxiter=200, tol=1e-14)
//       return m, np.asarray(r.params), np.asarray(r.bse)   # and m.loglike(...) at b and at 0
//   def harrell(t, e, eta, strata=None):   # lifelines' rule, pair by pair
//       num = den = 0.0
//       for i in range(len(t)):
//           if not e[i]: continue
//           for j in range(len(t)):
//               if i == j or (strata is not None and strata[i] != strata[j]): continue
//               if t[i] < t[j] or (t[i] == t[j] and not e[j]):
//                   den += 1
//                   num += 1.0 if eta[i] > eta[j] else (0.5 if eta[i] == eta[j] else 0.0)
//       return num / den
//   w = 1.0 + np.arange(len(t)) % 3          # weights 1, 2, 3, 1, 2, 3, ...
//   rep = np.repeat(np.arange(len(t)), w.astype(int))
//   fit(t[rep], e[rep], X[rep], "breslow")   # weighted Breslow = repeated rows
//   def efron_w(beta):                        # weighted Efron as R's coxph (mean tied weight)
//       eta = X @ beta; ll = 0.0
//       for ut in np.unique(t[e == 1]):
//           risk = t >= ut; dead = (t == ut) & (e == 1); dn = dead.sum(); W = w[dead].sum()
//           s0 = (w * np.exp(eta))[risk].sum(); s0d = (w * np.exp(eta))[dead].sum()
//           ll += (w * eta)[dead].sum() - W / dn * sum(np.log(s0 - k / dn * s0d)
//                                                      for k in range(dn))
//       return ll
//   minimize(lambda b: -efron_w(b), np.zeros(7), method="BFGS", options={"gtol": 1e-10})
#include <Eigen/Core>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <kam/retention/cox.hpp>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// Lifetimes, event flags and covariates of a test.
struct cox_data {
  Eigen::VectorXd times;
  Eigen::VectorXi events;
  Eigen::MatrixXd x;
};

/// Reads lifelines' rossi data: `week`, `arrest` and the columns `names`.
cox_data rossi(const std::vector<std::string>& names) {
  const auto path = std::filesystem::path(__FILE__).parent_path().parent_path() / "data" /
                    "lifelines" / "rossi.csv";
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string cell; std::getline(hs, cell, ',');) header.push_back(cell);
  const auto column = [&](const std::string& name) {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return c;
    FAIL("no column " << name);
    return std::size_t{0};
  };
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(std::stod(cell));
    rows.push_back(cells);
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto p = static_cast<Eigen::Index>(names.size());
  cox_data d{Eigen::VectorXd(n), Eigen::VectorXi(n), Eigen::MatrixXd(n, p)};
  const std::size_t ct = column("week"), ce = column("arrest");
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& r = rows[static_cast<std::size_t>(i)];
    d.times(i) = r[ct];
    d.events(i) = static_cast<int>(r[ce]);
    for (Eigen::Index j = 0; j < p; ++j) d.x(i, j) = r[column(names[static_cast<std::size_t>(j)])];
  }
  return d;
}

const std::vector<std::string> rossi_columns{"fin", "age", "race", "wexp", "mar", "paro", "prio"};

/// Checks every element of `v` against `expected` to relative `tolerance`.
void check_vector(const Eigen::VectorXd& v, const std::vector<double>& expected, double tolerance) {
  REQUIRE(v.size() == static_cast<Eigen::Index>(expected.size()));
  for (Eigen::Index j = 0; j < v.size(); ++j) {
    INFO("element " << j);
    CHECK_THAT(v(j), WithinRel(expected[static_cast<std::size_t>(j)], tolerance));
  }
}

/// The four accounts of the hand computation.
cox_data tiny() {
  cox_data d{Eigen::VectorXd(4), Eigen::VectorXi(4), Eigen::MatrixXd(4, 1)};
  d.times << 1, 1, 2, 3;
  d.events << 1, 1, 1, 0;
  d.x << 1, 0, 0, 2;
  return d;
}

}  // namespace

TEST_CASE("fit_cox: four accounts computed by hand", "[cox]") {
  // Accounts A, B churn at t = 1 (x = 1, 0), C churns at t = 2 (x = 0), D is censored at t = 3
  // (x = 2). Breslow's log partial likelihood sums, over event times, the events' x beta minus
  // (their count) x log of the risk set's sum of exp(x beta):
  //   l(beta) = beta - 2 log(2 e^beta + 1 + e^(2 beta)) + 0 - log(1 + e^(2 beta)),
  //   l(0) = -2 log 4 - log 2 = -5 log 2,
  //   l'(0) = sum over events of (x - mean x of the risk set)
  //         = (1 + 0 - 2 x 3/4) + (0 - 1) = -3/2,
  //   I(0) = sum over events of the variance of x in the risk set
  //        = 2 x (5/4 - 9/16) + (2 - 1) = 19/8,
  // so the first Newton step is l'(0) / I(0) = -12/19 (and raises l: -2.950 > -3.466).
  // Efron's method takes the second tied event out of a risk set from which half of A and B
  // has gone (S0 = 3, S1 = 5/2, S2 = 9/2): l(0) = -log 4 - log 3 - log 2 = -log 24,
  // l'(0) = (1 - 3/4 - 5/6) + (0 - 1) = -19/12, I(0) = 11/16 + (3/2 - 25/36) + 1 = 359/144,
  // first step -228/359. statsmodels' loglike, score and hessian at 0 agree; the maximum is at
  // beta = -0.7843990148698917 (se 0.8690984793142416, l = -2.933784550812553) with Breslow's
  // method and -0.7882754252290238 (se 0.8518241255840242, l = -2.614564983377295) with Efron's.
  const cox_data d = tiny();
  kam::cox_options breslow{.ties = kam::cox_ties::breslow};
  breslow.max_iterations = 1;
  const auto one = kam::fit_cox(d.times, d.events, d.x, breslow);
  CHECK_THAT(one.coefficients(0), WithinRel(-12.0 / 19, 1e-14));
  CHECK_THAT(one.log_likelihood_null, WithinRel(-5 * std::log(2.0), 1e-14));
  CHECK(one.iterations == 1);
  CHECK(one.status == kam::fit_status::max_iterations);
  kam::cox_options efron;
  efron.max_iterations = 1;
  const auto first = kam::fit_cox(d.times, d.events, d.x, efron);
  CHECK_THAT(first.coefficients(0), WithinRel(-228.0 / 359, 1e-14));
  CHECK_THAT(first.log_likelihood_null, WithinRel(-std::log(24.0), 1e-14));

  breslow.max_iterations = 100;
  const auto b = kam::fit_cox(d.times, d.events, d.x, breslow);
  CHECK(b.status == kam::fit_status::converged);
  CHECK(b.converged);
  CHECK_THAT(b.coefficients(0), WithinRel(-0.7843990148698917, 1e-12));
  CHECK_THAT(b.std_error(0), WithinRel(0.8690984793142416, 1e-12));
  CHECK_THAT(b.log_likelihood, WithinRel(-2.933784550812553, 1e-13));
  const auto e = kam::fit_cox(d.times, d.events, d.x);
  CHECK_THAT(e.coefficients(0), WithinRel(-0.7882754252290238, 1e-12));
  CHECK_THAT(e.std_error(0), WithinRel(0.8518241255840242, 1e-12));
  CHECK_THAT(e.log_likelihood, WithinRel(-2.614564983377295, 1e-13));
  CHECK(e.accounts == 4);
  CHECK(e.events == 3);
}

TEST_CASE("fit_cox: lifelines' rossi example, Efron's method", "[cox]") {
  // lifelines' documented CoxPHFitter example prints coef fin -0.38, age -0.06, race 0.31,
  // wexp -0.15, mar -0.43, paro -0.08, prio 0.09, log-likelihood -658.75, concordance 0.64 and
  // a likelihood-ratio test of 33.27 on 7 df; statsmodels gives them to full precision. Its
  // Newton iterations end with a score below 3e-12, so 1e-9 relative is well inside what both
  // maxima share; the standard errors and test follow from them.
  const cox_data d = rossi(rossi_columns);
  const auto f = kam::fit_cox(d.times, d.events, d.x);
  CHECK(f.status == kam::fit_status::converged);
  check_vector(f.coefficients,
               {-0.379422166871, -0.057437743014, 0.313899785949, -0.149795697223,
                -0.43370387669, -0.084871082991, 0.091497079351},
               1e-9);
  check_vector(f.std_error,
               {0.191379480713, 0.021999470628, 0.307992776393, 0.212224296158, 0.381868057465,
                0.195756671921, 0.028648550073},
               1e-9);
  CHECK_THAT(f.log_likelihood, WithinRel(-658.747659446086, 1e-12));
  CHECK_THAT(f.log_likelihood_null, WithinRel(-675.380632346870, 1e-12));
  CHECK_THAT(f.lr_chi_square, WithinRel(2 * (675.380632346870 - 658.747659446086), 1e-10));
  CHECK(f.lr_degrees_of_freedom == 7);
  CHECK_THAT(f.concordance, WithinRel(0.6403292470997135, 1e-14));
  CHECK(f.accounts == 432);
  CHECK(f.events == 114);
  // z, p, intervals and hazard ratios follow from the coefficients and errors.
  for (Eigen::Index j = 0; j < 7; ++j) {
    const double b = f.coefficients(j), se = f.std_error(j);
    CHECK_THAT(f.z(j), WithinRel(b / se, 1e-14));
    CHECK_THAT(f.p_value(j), WithinRel(std::erfc(std::abs(b / se) / std::sqrt(2.0)), 1e-14));
    CHECK_THAT(f.lower(j), WithinRel(b - 1.959963984540054 * se, 1e-13));
    CHECK_THAT(f.upper(j), WithinRel(b + 1.959963984540054 * se, 1e-13));
    CHECK_THAT(f.hazard_ratio(j), WithinRel(std::exp(b), 1e-14));
    CHECK_THAT(f.covariance(j, j), WithinRel(se * se, 1e-14));
  }
}

TEST_CASE("fit_cox: rossi with Breslow's method", "[cox]") {
  const cox_data d = rossi(rossi_columns);
  const auto f = kam::fit_cox(d.times, d.events, d.x, {.ties = kam::cox_ties::breslow});
  CHECK(f.status == kam::fit_status::converged);
  check_vector(f.coefficients,
               {-0.379021887795, -0.057245925364, 0.314129765068, -0.151114599627,
                -0.432782572549, -0.084982835752, 0.0911115405},
               1e-9);
  check_vector(f.std_error,
               {0.191364425859, 0.021983185751, 0.308017279579, 0.212123160796, 0.381794935064,
                0.195748207323, 0.028631253067},
               1e-9);
  CHECK_THAT(f.log_likelihood, WithinRel(-659.120605677328, 1e-12));
  CHECK_THAT(f.log_likelihood_null, WithinRel(-675.683389417497, 1e-12));
}
