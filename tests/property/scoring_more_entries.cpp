// Property entry points of the scoring area beyond the first file: contributions, the
// comparison of two accounts, weight sensitivity, leaving one criterion out, the reference
// builder, tiers, the top k, quotas, the AHP hierarchy, direct weights and the weights from
// mergeable statistics.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/compare.hpp>
#include <kam/scoring/contributions.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/reference_builder.hpp>
#include <kam/scoring/sensitivity.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <kam/scoring/weight_statistics.hpp>
#include <string>
#include <vector>

#include "property.hpp"

namespace {

using kam_property::criteria_of;
using kam_property::draw;
using kam_property::finite;
using kam_property::options_of;

/// The accounts, criteria, options and reference of one scoring case.
struct scoring_case {
  Eigen::MatrixXd x;
  kam::criteria_set criteria;
  kam::score_options options;
  kam::score_reference<double> reference;
};

scoring_case case_of(draw& d, Eigen::Index min_k = 1) {
  const Eigen::Index k = d.between(min_k, 5);
  scoring_case c{d.matrix(d.size(), k), criteria_of(d, k), options_of(d, true), {}};
  c.reference = kam::fit_reference(c.x, c.criteria, c.options);
  return c;
}

const kam_property::registrar contributions_entry("contributions", [](draw& d) {
  const scoring_case c = case_of(d);
  const Eigen::MatrixXd parts = kam::contributions(c.x, c.criteria, c.reference, c.options);
  return parts.rows() == c.x.rows() && parts.cols() == c.x.cols() && finite(parts);
});

const kam_property::registrar compare_entry("compare_accounts", [](draw& d) {
  const scoring_case c = case_of(d);
  const Eigen::Index n = c.x.rows();
  const Eigen::Index first = d.chance(0.9) ? d.between(0, n) : d.count();
  const Eigen::Index second = d.chance(0.9) ? d.between(0, n) : d.count();
  const auto g = kam::compare_accounts(c.x, c.criteria, c.reference, first, second, c.options);
  return finite(g.difference) && std::isfinite(g.first_score) && std::isfinite(g.second_score) &&
         g.order.size() == c.x.cols();
});

const kam_property::registrar sensitivity_entry("weight_sensitivity", [](draw& d) {
  const scoring_case c = case_of(d);
  kam::key_account_policy policy;
  if (d.chance(0.7)) policy.cap = d.count();
  kam::sensitivity_options o;
  o.draws = d.chance(0.9) ? d.between(1, 20) : d.count();
  o.seed = static_cast<std::uint64_t>(d.between(0, 1000));
  o.distribution =
      d.chance(0.5) ? kam::weight_perturbation::dirichlet : kam::weight_perturbation::lognormal;
  o.concentration = d.value_in(1, 500);
  o.sigma = d.value_in(0, 1);
  const auto r = kam::weight_sensitivity(c.x, c.criteria, c.reference, policy, o, c.options);
  const Eigen::Index n = c.x.rows();
  return r.base_rank.size() == n && r.mean_rank.size() == n && finite(r.probability_in_set) &&
         finite(r.mean_rank);
});

const kam_property::registrar leave_one_out_entry("leave_one_criterion_out", [](draw& d) {
  const scoring_case c = case_of(d);
  const auto r = kam::leave_one_criterion_out(c.x, c.criteria, c.reference, c.options);
  return r.rank_without.rows() == c.x.rows() && finite(r.spearman);
});

const kam_property::registrar builder_entry("reference_builder", [](draw& d) {
  const Eigen::Index k = d.between(1, 4);
  kam::reference_builder<double> b(criteria_of(d, k), options_of(d, true));
  Eigen::Index rows = 0;
  for (std::int64_t p = 0, pieces = d.between(0, 4); p < pieces; ++p) {
    const Eigen::MatrixXd piece = d.matrix(d.between(0, 12), d.chance(0.95) ? k : k + 1);
    b.add(piece);
    rows += piece.rows();
  }
  if (b.rows() != rows) return false;
  const auto ref = b.finish();
  return ref.stats.cols() == k;
});

const kam_property::registrar tiers_entry("tiers", [](draw& d) {
  const Eigen::VectorXd v = d.matrix(d.size(), 1);
  std::vector<double> edges;
  for (std::int64_t e = 0, m = d.between(0, 3); e < m; ++e)
    edges.push_back(d.chance(0.9) ? 0.3 * static_cast<double>(e + 1) : d.value());
  const auto bands = kam::tiers_by_bands(v, edges);
  std::vector<Eigen::Index> quotas;
  for (std::int64_t q = 0, m = d.between(0, 3); q < m; ++q)
    quotas.push_back(d.chance(0.9) ? d.between(0, 10) : d.count());
  const auto by_quota = kam::tiers_by_quota(v, quotas);
  const auto top = kam::top_k(v, d.chance(0.9) ? d.between(0, 10) : d.count());
  std::vector<double> shares;
  for (std::int64_t s = 0, m = d.between(0, 3); s < m; ++s) shares.push_back(d.value_in(0, 0.4));
  (void)kam::quotas_from_shares(d.chance(0.9) ? d.between(0, 100) : d.count(), shares);
  return bands.tier.size() == v.size() && by_quota.tier.size() == v.size() &&
         top.size() <= v.size();
});

const kam_property::registrar hierarchy_entry("ahp_hierarchy", [](draw& d) {
  const auto pairwise = [&](Eigen::Index n) {
    Eigen::MatrixXd m = Eigen::MatrixXd::Ones(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = i + 1; j < n; ++j) {
        m(i, j) = d.value_in(1.0 / 9, 9);
        m(j, i) = d.chance(0.95) ? 1 / m(i, j) : d.value();
      }
    }
    return m;
  };
  const Eigen::Index k = d.between(0, 4), m = d.between(0, 4);
  std::vector<Eigen::MatrixXd> alternatives;
  for (Eigen::Index j = 0; j < (d.chance(0.95) ? k : k + 1); ++j)
    alternatives.push_back(pairwise(m));
  const auto r = kam::ahp_hierarchy(pairwise(k), alternatives);
  return finite(r.global) && finite(r.local_priorities) && r.global.size() == m;
});

const kam_property::registrar direct_entry("direct_weights", [](draw& d) {
  const Eigen::VectorXd w = d.vector_in(d.between(0, 8), 0, 10);
  const Eigen::VectorXd n = kam::direct_weights(w);
  return n.size() == w.size() && finite(n) && std::abs(n.sum() - 1) < 1e-9;
});

const kam_property::registrar statistics_entry("weight_statistics", [](draw& d) {
  const Eigen::Index k = d.chance(0.95) ? d.between(0, 4) : d.count();
  kam::weight_statistics_builder<double> b(k);
  for (std::int64_t p = 0, pieces = d.between(1, 3); p < pieces; ++p) {
    Eigen::MatrixXd piece = d.matrix(d.between(0, 15), k);
    if (!d.adversarial()) piece = piece.cwiseAbs();
    b.add(piece);
  }
  const auto s = b.finish();
  std::vector<kam::direction> directions;
  for (Eigen::Index j = 0; j < k; ++j)
    directions.push_back(d.chance(0.5) ? kam::direction::benefit : kam::direction::cost);
  const auto which = d.between(0, 2);
  const auto w = which == 0   ? kam::std_dev_weights(s, d.between(0, 1))
                 : which == 1 ? kam::entropy_weights(s)
                              : kam::critic_weights(s, directions);
  return w.weights.size() == k && finite(w.weights);
});

}  // namespace
