// Property entry points of the scoring area: scores, normalisation, TOPSIS, the weighted
// product, ranks, key-account selection and every weighting method.
#include <Eigen/Core>
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/objective_weights.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wpm.hpp>
#include <kam/scoring/wsm.hpp>
#include <string>
#include <vector>

#include "property.hpp"

namespace {

using kam_property::criteria_of;
using kam_property::draw;
using kam_property::finite;
using kam_property::options_of;

const kam_property::registrar score_entry("score", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd x = d.matrix(d.size(), k);
  const auto r = kam::score(x, criteria_of(d, k), options_of(d, false));
  return finite(r.scores) && finite(r.coverage);
});

const kam_property::registrar normalize_entry("normalize", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd x = d.matrix(d.size(), k);
  const kam::criteria_set c = criteria_of(d, k);
  const auto reference = kam::fit_reference(x, c, options_of(d, false));
  const Eigen::MatrixXd n = kam::normalize(x, c, reference);
  return n.array().isNaN().select(0.0, n).allFinite();  // NaN: a missing value stays missing
});

const kam_property::registrar topsis_entry("topsis", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  // TOPSIS takes values >= 0: ordinary cases are, adversarial ones need not be.
  const Eigen::MatrixXd x = d.matrix(d.size(), k);
  const auto r = kam::topsis(d.adversarial() ? x : x.cwiseAbs(), criteria_of(d, k));
  return finite(r.closeness) && finite(r.distance_to_ideal) && finite(r.distance_to_anti_ideal);
});

const kam_property::registrar wpm_entry("weighted_product", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  // The weighted product takes values > 0: ordinary cases are, adversarial ones need not be.
  const Eigen::MatrixXd x = d.matrix(d.size(), k);
  const auto r = kam::weighted_product(d.adversarial() ? x : (x.cwiseAbs().array() + 0.01).matrix(),
                                       criteria_of(d, k));
  return finite(r.scores);
});

const kam_property::registrar ranks_entry("ranks", [](draw& d) {
  const Eigen::VectorXd v = d.matrix(d.size(), 1);
  (void)kam::ranks(v);
  return true;
});

const kam_property::registrar select_entry("select_key_accounts", [](draw& d) {
  const Eigen::VectorXd v = d.vector_in(d.size(), 0, 1);
  kam::key_account_policy p;
  if (d.chance(0.7)) p.cap = d.count();
  if (d.chance(0.5)) p.min_score = d.value_in(0, 1);
  (void)kam::select_key_accounts(v, p);
  return true;
});

const kam_property::registrar ahp_entry("ahp", [](draw& d) {
  const Eigen::Index n = d.between(0, 9);
  Eigen::MatrixXd m = Eigen::MatrixXd::Ones(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      m(i, j) = d.value_in(1.0 / 9, 9);
      m(j, i) = d.chance(0.9) ? 1 / m(i, j) : d.value();
    }
  }
  const auto r = kam::ahp(m);
  return finite(r.weights) && std::isfinite(r.consistency_ratio);
});

const kam_property::registrar roc_entry("rank_order_centroid_weights", [](draw& d) {
  const Eigen::Index n = d.between(0, 12);
  kam::index_vector ranks(n);
  for (Eigen::Index i = 0; i < n; ++i) ranks(i) = d.chance(0.9) ? i + 1 : d.count();
  return finite(kam::rank_order_centroid_weights(ranks));
});

const kam_property::registrar entropy_entry("entropy_weights", [](draw& d) {
  const Eigen::MatrixXd x = d.matrix(d.size(), d.between(1, 5));  // values >= 0 (ordinary cases)
  return finite(kam::entropy_weights(d.adversarial() ? x : x.cwiseAbs()).weights);
});

const kam_property::registrar critic_entry("critic_weights", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  return finite(kam::critic_weights(d.matrix(d.size(), k), criteria_of(d, k)).weights);
});

const kam_property::registrar std_dev_entry("std_dev_weights", [](draw& d) {
  return finite(kam::std_dev_weights(d.matrix(d.size(), d.between(1, 5))).weights);
});

}  // namespace
