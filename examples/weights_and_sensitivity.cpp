// Where do the weights come from, does the method matter, and how much does the key-account set
// depend on the weights? On a portfolio CSV (default: the bundled sample):
//   1. AHP weights for the default catalogue from a leadership team's pairwise judgements, with
//      the consistency ratio, next to the catalogue's starting weights and rank-order centroid
//      weights from the same ranking;
//   2. the weighted sum against TOPSIS: rank correlation and overlap of the two shortlists;
//   3. the sensitivity of the key-account set to the weights (seeded Monte Carlo), the
//      criteria whose removal moves the ranking most, and why the last account in beat the first
//      account out.
//
//   weights_and_sensitivity [portfolio.csv]
#include <algorithm>
#include <cstdio>
#include <kam/kam.hpp>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif

namespace {

constexpr Eigen::Index cap = 30;
constexpr double min_score = 55.0;

// The leadership team's judgements over the catalogue's criteria (revenue, growth, cross/up-sell,
// win/expand, effort, relationship, fit, logo): a(i, j) = how much more criterion i matters than
// criterion j on Saaty's 1-9 scale. Only the upper triangle is judged; the rest are reciprocals.
Eigen::MatrixXd leadership_judgements() {
  const double upper[8][8] = {{1, 1, 2, 3, 3, 2, 5, 5}, {0, 1, 1, 2, 2, 2, 4, 4},
                              {0, 0, 1, 2, 2, 1, 3, 3}, {0, 0, 0, 1, 1, 1, 2, 2},
                              {0, 0, 0, 0, 1, 1, 2, 2}, {0, 0, 0, 0, 0, 1, 3, 2},
                              {0, 0, 0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0, 0, 1}};
  Eigen::MatrixXd a(8, 8);
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) a(i, j) = i <= j ? upper[i][j] : 1.0 / upper[j][i];
  }
  return a;
}

// What the sections share: the accounts, the criteria with the AHP weights, the scores, the
// reference they are relative to and the key accounts chosen.
struct portfolio {
  const kam_examples::csv_table& table;
  Eigen::MatrixXd x;
  std::size_t id;
  kam::criteria_set criteria;
  kam::score_options options;
  kam::score_reference<double> reference;
  kam::score_result<double> scored;
  kam::key_account_selection chosen;

  [[nodiscard]] std::string name(Eigen::Index row) const {
    return table.text(static_cast<std::size_t>(row), id);
  }
};

// 1. Where the weights come from: returns the catalogue re-weighted by AHP.
kam::criteria_set weights_section(const kam::criteria_set& catalogue) {
  const auto ahp = kam::ahp(leadership_judgements());
  kam::index_vector ranking(8);
  ranking << 1, 2, 3, 4, 4, 4, 7, 7;  // the same team, ranking instead of comparing
  const Eigen::VectorXd roc = kam::rank_order_centroid_weights(ranking);
  std::printf("1. weights         catalogue    AHP    ROC\n");
  for (Eigen::Index j = 0; j < catalogue.size(); ++j) {
    std::printf("   %-22s %6.3f %6.3f %6.3f\n", catalogue[j].name.c_str(), catalogue.weights()(j),
                ahp.weights(j), roc(j));
  }
  std::printf("   AHP: lambda_max %.3f, CI %.3f, CR %.3f (%s the 0.10 threshold)\n\n",
              ahp.lambda_max, ahp.consistency_index, ahp.consistency_ratio,
              ahp.consistent ? "within" : "above");
  return catalogue.with_weights(ahp.weights);
}

// 2. Weighted sum against TOPSIS (vector normalisation, Hwang & Yoon), same weights.
void methods_section(const portfolio& p) {
  const auto closeness = kam::topsis(p.x, p.criteria).closeness;
  const auto top_topsis = kam::top_k(closeness, p.chosen.accounts.size());
  Eigen::Index shared = 0;
  for (Eigen::Index a = 0; a < p.chosen.accounts.size(); ++a)
    for (Eigen::Index b = 0; b < top_topsis.size(); ++b)
      if (p.chosen.accounts(a) == top_topsis(b)) ++shared;
  std::printf(
      "2. weighted sum vs TOPSIS: Spearman %.3f, Kendall tau-b %.3f; %td of the %td key "
      "accounts are also TOPSIS's top %td\n\n",
      kam::spearman(p.scored.scores, closeness), kam::kendall_tau_b(p.scored.scores, closeness),
      shared, p.chosen.accounts.size(), top_topsis.size());
}

// 3. How much the key-account set depends on the weights: the accounts whose place in it is
// uncertain, and how many are solid.
void sensitivity_section(const portfolio& p) {
  kam::sensitivity_options mc;
  mc.draws = 1000;
  mc.seed = 20261128;
  mc.concentration = 100;
  mc.threads = 2;
  const auto s =
      kam::weight_sensitivity(p.x, p.criteria, p.reference, {cap, min_score}, mc, p.options);
  std::printf("3. sensitivity: %td Dirichlet draws around the AHP weights (concentration %.0f)\n",
              mc.draws, mc.concentration);
  std::printf("   %-9s %9s %9s %11s\n", "account", "base rank", "P(in set)", "rank range");
  Eigen::Index solid = 0;
  std::vector<Eigen::Index> shown;
  for (Eigen::Index i = 0; i < p.x.rows(); ++i) {
    if (s.base_in_set(i) == 1 && s.probability_in_set(i) >= 0.9) ++solid;
    const bool wobbly_in = s.base_in_set(i) == 1 && s.probability_in_set(i) < 0.9;
    const bool knocking = s.base_in_set(i) == 0 && s.probability_in_set(i) >= 0.1;
    if (wobbly_in || knocking) shown.push_back(i);
  }
  std::sort(shown.begin(), shown.end(),
            [&](Eigen::Index a, Eigen::Index b) { return s.base_rank(a) < s.base_rank(b); });
  for (const Eigen::Index i : shown) {
    std::printf("   %-9s %9td %9.3f %5td-%-5td%s\n", p.name(i).c_str(), s.base_rank(i),
                s.probability_in_set(i), s.best_rank(i), s.worst_rank(i),
                s.base_in_set(i) == 1 ? "" : "  (outside today)");
  }
  std::printf("   key-account set: %td of %td stay in at least 90 %% of %td draws\n", solid,
              p.chosen.accounts.size(), mc.draws);
}

// The criteria whose removal moves the ranking most, and why the last key account beat the best
// account left out.
void explanations(const portfolio& p) {
  const auto loo = kam::leave_one_criterion_out(p.x, p.criteria, p.reference, p.options);
  std::printf("\n   leaving one criterion out (others re-weighted):\n");
  for (Eigen::Index j = 0; j < p.criteria.size(); ++j) {
    std::printf("   %-22s Spearman %.3f, %td accounts move, at most %td places\n",
                p.criteria[j].name.c_str(), loo.spearman(j), loo.changed(j), loo.max_shift(j));
  }
  if (p.chosen.accounts.size() == 0 || p.chosen.cut_by_cap == 0) return;
  const Eigen::Index last = p.chosen.accounts(p.chosen.accounts.size() - 1);
  const auto next = kam::top_k(p.scored.scores, p.chosen.accounts.size() + 1);
  const Eigen::Index out = next(next.size() - 1);
  const auto gap = kam::compare_accounts(p.x, p.criteria, p.reference, last, out, p.options);
  std::printf("\n   %s (%.2f) over %s (%.2f), points by criterion:", p.name(last).c_str(),
              gap.first_score, p.name(out).c_str(), gap.second_score);
  for (Eigen::Index k = 0; k < gap.order.size(); ++k) {
    const Eigen::Index j = gap.order(k);
    std::printf(" %s %+.2f", p.criteria[j].name.c_str(), gap.difference(j));
  }
  std::printf("\n");
}

int run(const std::string& path, const kam_examples::csv_table& table) {
  const kam::criteria_set catalogue = kam::selection_catalogue();
  std::printf("kam %s: weights, methods and sensitivity\n", kam::version_string);
  portfolio p{table,
              kam_examples::numbers(table, catalogue.names()),
              table.column("id"),
              catalogue,
              {},
              {},
              {},
              {}};
  std::printf("portfolio: %s (%td accounts, %td criteria)\n\n", path.c_str(), p.x.rows(),
              catalogue.size());
  p.criteria = weights_section(catalogue);
  p.options.scale = kam::score_scale::percent;
  p.reference = kam::fit_reference(p.x, p.criteria, p.options);
  p.scored = kam::score(p.x, p.criteria, p.reference, p.options);
  p.chosen = kam::select_key_accounts(p.scored.scores, {cap, min_score});
  methods_section(p);
  sensitivity_section(p);
  explanations(p);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(argc, argv, "weights_and_sensitivity [portfolio.csv]", {});
    const std::string path = args.file(0, KAM_SAMPLE_DATA);
    const auto table = kam_examples::read_csv_file(path);
    return kam_examples::run_on_rows(path, table.lines, [&] { return run(path, table); });
  });
}
