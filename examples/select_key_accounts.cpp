// Key-account selection on a portfolio CSV: score every account with kam's default catalogue,
// pick the key accounts under a cap and a minimum score, and print the shortlist with each
// criterion's contribution to the score.
//
//   select_key_accounts [portfolio.csv] [--cap N] [--min-score S]
//
// Without a file it reads the bundled sample portfolio (examples/data/sample_portfolio.csv).
#include <cstdio>
#include <kam/kam.hpp>
#include <string>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif

namespace {

int run(const std::string& path, const kam_examples::csv_table& table, Eigen::Index cap,
        double min_score) {
  // The criteria columns, by name, in catalogue order.
  const kam::criteria_set criteria = kam::selection_catalogue();
  const Eigen::MatrixXd x = kam_examples::numbers(table, criteria.names());
  const auto n = x.rows();
  const std::size_t id = table.column("id");
  const std::size_t name = table.column("name");
  const std::size_t industry = table.column("industry");

  kam::score_options options;
  options.scale = kam::score_scale::percent;
  const auto reference = kam::fit_reference(x, criteria, options);
  const auto scored = kam::score(x, criteria, reference, options);
  kam::key_account_policy policy;
  policy.cap = cap;
  policy.min_score = min_score;
  const auto chosen = kam::select_key_accounts(scored.scores, policy);
  const auto tiers = kam::tiers_by_bands(scored.scores, {50.0, 65.0});
  const auto contrib =
      kam::contributions(x(chosen.accounts, Eigen::all), criteria, reference, options);

  std::printf("kam %s: key-account shortlist\n", kam::version_string);
  std::printf("portfolio: %s (%td accounts, %td criteria, default catalogue weights)\n",
              path.c_str(), n, criteria.size());
  std::printf(
      "policy: at most %td key accounts with a score of at least %.1f; tiers A >= 65, B >= 50\n\n",
      cap, min_score);
  const char* heads[] = {"revenue", "growth", "x-sell", "win", "effort", "relat", "fit", "logo"};
  std::printf("%4s  %-9s  %-28s %-18s %5s %4s |", "rank", "id", "name", "industry", "score",
              "tier");
  for (const char* h : heads) std::printf(" %7s", h);
  std::printf("\n");
  const char tier_name[] = {'A', 'B', 'C'};
  for (Eigen::Index k = 0; k < chosen.accounts.size(); ++k) {
    const Eigen::Index row = chosen.accounts(k);
    const auto r = static_cast<std::size_t>(row);
    std::printf("%4td  %-9s  %-28s %-18s %5.1f %4c |", k + 1, table.text(r, id).c_str(),
                table.text(r, name).c_str(), table.text(r, industry).c_str(), scored.scores(row),
                tier_name[tiers.tier(row) - 1]);
    for (Eigen::Index j = 0; j < criteria.size(); ++j) std::printf(" %7.1f", contrib(k, j));
    std::printf("\n");
  }
  std::printf("\nselected %td key accounts of %td eligible (%td left out by the cap%s)\n",
              chosen.accounts.size(), chosen.eligible, chosen.cut_by_cap,
              chosen.tie_at_cap ? "; the cap cut through a tie" : "; no tie at the cap");
  std::printf("tiers over the whole portfolio: A %td, B %td, C %td\n", tiers.counts[0],
              tiers.counts[1], tiers.counts[2]);
  std::printf(
      "contributions are points of the 0-100 score and add up to it; weights are a starting "
      "point, not a truth.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv, "select_key_accounts [portfolio.csv] [--cap N] [--min-score S]",
        {"cap", "min-score"});
    const std::string path = args.file(0, KAM_SAMPLE_DATA);
    const auto table = kam_examples::read_csv_file(path);
    return kam_examples::run_on_rows(path, table.lines, [&] {
      return run(path, table, static_cast<Eigen::Index>(args.count("cap", 30)),
                 args.number("min-score", 55.0));
    });
  });
}
