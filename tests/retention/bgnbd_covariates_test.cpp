// Tests of kam/retention/bgnbd_covariates.hpp: BG/NBD with covariates reduces to the plain model,
// splits exactly into per-group plain models for a binary covariate, has the exact gradient, and
// fits CDNOW as scipy does.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/bgnbd_covariates.hpp>
#include <kam/retention/detail/bgnbd_covariates.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "reference_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// The CDNOW summary (tests/data/lifetimes/cdnow_customers_summary.csv; provenance in
/// tests/data/PROVENANCE.md) with two made-up binary covariates: z = 1 for even customer ids,
/// w = 1 for ids above 1178 (the later half).
struct cdnow_data {
  Eigen::VectorXd x, t_x, age;
  Eigen::MatrixXd z, w;
};

cdnow_data cdnow() {
  const auto t = kam_test::read_reference_csv("lifetimes/cdnow_customers_summary.csv");
  cdnow_data d{t.column("frequency"), t.column("recency"), t.column("T"), {}, {}};
  const Eigen::VectorXd id = t.column("ID");
  d.z.resize(id.size(), 1);
  d.w.resize(id.size(), 1);
  for (Eigen::Index i = 0; i < id.size(); ++i) {
    d.z(i, 0) = static_cast<long>(id(i)) % 2 == 0 ? 1 : 0;
    d.w(i, 0) = id(i) > 1178 ? 1 : 0;
  }
  return d;
}

kam::bgnbd_covariate_params<double> with_coefficients(kam::bgnbd_params<double> base, double gp,
                                                      double ga, double gb) {
  kam::bgnbd_covariate_params<double> p;
  p.base = base;
  p.purchase = Eigen::VectorXd::Constant(1, gp);
  p.dropout_a = Eigen::VectorXd::Constant(1, ga);
  p.dropout_b = Eigen::VectorXd::Constant(1, gb);
  return p;
}

}  // namespace

TEST_CASE("bgnbd covariates: zero coefficients are the plain model", "[bgnbd_covariates]") {
  const cdnow_data d = cdnow();
  const kam::bgnbd_params<double> base{0.25, 4.4, 0.8, 2.4};
  const auto p = with_coefficients(base, 0, 0, 0);
  CHECK_THAT(kam::bgnbd_log_likelihood(p, d.x, d.t_x, d.age, d.z, d.w),
             WithinRel(kam::bgnbd_log_likelihood(base, d.x, d.t_x, d.age), 1e-13));
  // And with covariates all 0, any coefficients.
  const Eigen::MatrixXd zero = Eigen::MatrixXd::Zero(d.x.size(), 1);
  CHECK_THAT(kam::bgnbd_log_likelihood(with_coefficients(base, 0.7, -0.3, 2), d.x, d.t_x, d.age,
                                       zero, zero),
             WithinRel(kam::bgnbd_log_likelihood(base, d.x, d.t_x, d.age), 1e-13));
}

TEST_CASE("bgnbd covariates: a binary covariate splits into two plain models",
          "[bgnbd_covariates]") {
  // With z = w = 1 for one group and 0 for the other, the accounts of the first group have
  // (r, alpha e^-gp, a e^ga, b e^gb): the likelihood is the sum of two plain likelihoods.
  const cdnow_data d = cdnow();
  const kam::bgnbd_params<double> base{0.3, 5, 0.7, 2.1};
  const double gp = 0.4, ga = -0.5, gb = 0.25;
  std::vector<double> x[2], t_x[2], age[2];
  for (Eigen::Index i = 0; i < d.x.size(); ++i) {
    const auto g = static_cast<std::size_t>(d.z(i, 0));
    x[g].push_back(d.x(i));
    t_x[g].push_back(d.t_x(i));
    age[g].push_back(d.age(i));
  }
  const auto plain = [&](std::size_t g, const kam::bgnbd_params<double>& p) {
    const auto n = static_cast<Eigen::Index>(x[g].size());
    return kam::bgnbd_log_likelihood(p, Eigen::Map<Eigen::VectorXd>(x[g].data(), n),
                                     Eigen::Map<Eigen::VectorXd>(t_x[g].data(), n),
                                     Eigen::Map<Eigen::VectorXd>(age[g].data(), n));
  };
  const kam::bgnbd_params<double> moved{base.r, base.alpha * std::exp(-gp), base.a * std::exp(ga),
                                        base.b * std::exp(gb)};
  CHECK_THAT(
      kam::bgnbd_log_likelihood(with_coefficients(base, gp, ga, gb), d.x, d.t_x, d.age, d.z, d.z),
      WithinRel(plain(0, base) + plain(1, moved), 1e-13));
  // bgnbd_account_params gives the same per-account values.
  const auto own = kam::bgnbd_account_params(with_coefficients(base, gp, ga, gb), d.z, d.z);
  REQUIRE(own.size() == static_cast<std::size_t>(d.x.size()));
  CHECK_THAT(own[1].alpha, WithinRel(d.z(1, 0) == 1 ? moved.alpha : base.alpha, 1e-15));
  CHECK_THAT(own[1].b, WithinRel(d.z(1, 0) == 1 ? moved.b : base.b, 1e-15));
}

TEST_CASE("bgnbd covariates: the account gradient against central differences",
          "[bgnbd_covariates]") {
  using kam::detail::bgnbd_values;
  for (const std::array<double, 3> acc :
       {std::array<double, 3>{0, 0, 30}, {3, 12.5, 30}, {12, 29, 30}}) {
    const bgnbd_values p{0.4, 3.5, 0.9, 2.2};
    bgnbd_values g{};
    (void)kam::detail::bgnbd_account_log_likelihood(p, acc[0], acc[1], acc[2], &g);
    for (std::size_t k = 0; k < 4; ++k) {
      bgnbd_values up = p, down = p;
      const double h = 1e-6;  // in ln p_k
      up[k] *= std::exp(h);
      down[k] *= std::exp(-h);
      const double fd =
          (kam::detail::bgnbd_account_log_likelihood(up, acc[0], acc[1], acc[2], nullptr) -
           kam::detail::bgnbd_account_log_likelihood(down, acc[0], acc[1], acc[2], nullptr)) /
          (2 * h);
      INFO("parameter " << k << ", x = " << acc[0]);
      CHECK_THAT(g[k], WithinAbs(fd, 1e-7));
    }
  }
}

TEST_CASE("fit_bgnbd with covariates: CDNOW with two binary covariates, against scipy",
          "[bgnbd_covariates]") {
  const cdnow_data d = cdnow();
  const auto fit = kam::fit_bgnbd(d.x, d.t_x, d.age, d.z, d.w);
  CHECK(fit.status == kam::fit_status::converged);
  // scipy 1.10.1 (Nelder-Mead then BFGS on the same likelihood in numpy) stops at
  // ln L = -9582.020907065515 with "precision loss": the surface is flat there to ~1e-5 in the
  // parameters, so kam must reach at least that likelihood and agree to 1e-4. r 0.2425953,
  // alpha 4.3753579, a 0.6621877, b 1.9398936, purchase -0.0171914, dropout a 0.4195761, b
  // 0.5043483.
  CHECK(fit.log_likelihood >= -9582.020907065515 - 1e-7);
  CHECK_THAT(fit.params.base.r, WithinRel(0.242595291707333, 1e-4));
  CHECK_THAT(fit.params.base.alpha, WithinRel(4.375357894683442, 1e-4));
  CHECK_THAT(fit.params.base.a, WithinRel(0.6621877210499183, 1e-4));
  CHECK_THAT(fit.params.base.b, WithinRel(1.9398935507288222, 1e-4));
  CHECK_THAT(fit.params.purchase(0), WithinAbs(-0.01719137739266944, 1e-4));
  CHECK_THAT(fit.params.dropout_a(0), WithinAbs(0.4195760538460221, 1e-4));
  CHECK_THAT(fit.params.dropout_b(0), WithinAbs(0.5043483306610769, 1e-4));
  // Nested models: the plain fit (-9582.4256) cannot be better.
  CHECK(fit.log_likelihood >= kam::fit_bgnbd(d.x, d.t_x, d.age).log_likelihood);
  REQUIRE(fit.std_error);
  CHECK(fit.std_error->size() == 7);
  // Even ids do not buy more often: the coefficient is well within two standard errors of 0.
  CHECK(std::abs(fit.params.purchase(0)) < 2 * (*fit.std_error)(4));
}

TEST_CASE("bgnbd covariates: bad input names the field, row and column", "[bgnbd_covariates]") {
  const Eigen::VectorXd x{{1, 0}}, t_x{{2, 0}}, age{{5, 5}};
  Eigen::MatrixXd z{{0.5}, {1}};
  const Eigen::MatrixXd three_rows{{0}, {1}, {2}};
  CHECK_THROWS_AS(kam::fit_bgnbd(x, t_x, age, three_rows, z), kam::shape_mismatch);
  z(1, 0) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(kam::fit_bgnbd(x, t_x, age, z, z),
                    "kam::fit_bgnbd: 'purchase_covariates[0]', row 1: covariate is inf");
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Zero(2, kam::bgnbd_max_covariates + 1);
  CHECK_THROWS_AS(kam::fit_bgnbd(x, t_x, age, wide, wide), kam::invalid_input);
  z(1, 0) = 1;
  auto p = with_coefficients({0.25, 4.4, 0.8, 2.4}, 0.1, 0.1, 0.1);
  p.dropout_b = Eigen::VectorXd::Zero(2);
  CHECK_THROWS_AS(kam::bgnbd_log_likelihood(p, x, t_x, age, z, z), kam::shape_mismatch);
  p.dropout_b = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::quiet_NaN());
  CHECK_THROWS_AS(kam::bgnbd_log_likelihood(p, x, t_x, age, z, z), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). By hand: alpha_i = alpha e^(-purchase z) = 1 x
// e^(-1 x 1000) underflows to 0, not a valid scale: an error naming the covariates and the row.
TEST_CASE("bgnbd covariates: account parameters beyond exp are an error", "[bgnbd_covariates]") {
  kam::bgnbd_covariate_params<double> p;
  p.base = {1, 1, 1, 1};
  p.purchase = Eigen::VectorXd::Constant(1, 1.0);
  p.dropout_a.resize(0);
  p.dropout_b.resize(0);
  const Eigen::MatrixXd z = (Eigen::MatrixXd(2, 1) << 0.5, 1000).finished();
  const Eigen::MatrixXd w(2, 0);
  CHECK_THROWS_AS(kam::bgnbd_account_params(p, z, w), kam::out_of_bounds);
}
