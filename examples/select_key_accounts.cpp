// Key-account selection on a portfolio CSV: score every account with kam's default catalogue,
// pick the key accounts under a cap and a minimum score, and print the shortlist with each
// criterion's contribution to the score.
//
//   select_key_accounts [portfolio.csv] [--cap N] [--min-score S]
//
// Without a file it reads the bundled sample portfolio (examples/data/sample_portfolio.csv).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <kam/kam.hpp>
#include <string>
#include <vector>

#include "common/csv.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif

namespace {

struct arguments {
  std::string path = KAM_SAMPLE_DATA;
  Eigen::Index cap = 30;
  double min_score = 55.0;
};

arguments parse(int argc, char** argv) {
  arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--cap" || arg == "--min-score") && i + 1 < argc) {
      const std::string value = argv[++i];
      std::size_t used = 0;
      try {
        if (arg == "--cap") {
          a.cap = std::stol(value, &used);
        } else {
          a.min_score = std::stod(value, &used);
        }
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != value.size())
        throw std::invalid_argument(arg + ": '" + value + "' is not a number");
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: select_key_accounts [portfolio.csv] [--cap N] [--min-score S]\n";
      std::exit(0);
    } else if (!arg.empty() && arg[0] == '-') {
      throw std::invalid_argument("unknown option " + arg + " (see --help)");
    } else {
      a.path = arg;
    }
  }
  return a;
}

int run(const arguments& args, const kam_examples::csv_table& table) {
  const kam::criteria_set criteria = kam::selection_catalogue();

  // The criteria columns, by name, in catalogue order.
  const auto n = static_cast<Eigen::Index>(table.rows.size());
  Eigen::MatrixXd x(n, criteria.size());
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    const std::size_t col = table.column(criteria[j].name);
    for (Eigen::Index i = 0; i < n; ++i) x(i, j) = table.number(static_cast<std::size_t>(i), col);
  }
  const std::size_t id = table.column("id");
  const std::size_t name = table.column("name");
  const std::size_t industry = table.column("industry");

  kam::score_options options;
  options.scale = kam::score_scale::percent;
  const auto reference = kam::fit_reference(x, criteria, options);
  const auto scored = kam::score(x, criteria, reference, options);
  kam::key_account_policy policy;
  policy.cap = args.cap;
  policy.min_score = args.min_score;
  const auto chosen = kam::select_key_accounts(scored.scores, policy);
  const auto tiers = kam::tiers_by_bands(scored.scores, {50.0, 65.0});
  const auto contrib =
      kam::contributions(x(chosen.accounts, Eigen::all), criteria, reference, options);

  std::printf("kam %s: key-account shortlist\n", kam::version_string);
  std::printf("portfolio: %s (%td accounts, %td criteria, default catalogue weights)\n",
              args.path.c_str(), n, criteria.size());
  std::printf(
      "policy: at most %td key accounts with a score of at least %.1f; tiers A >= 65, B >= 50\n\n",
      args.cap, args.min_score);
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

int main(int argc, char** argv) try {
  const arguments args = parse(argc, argv);
  const auto table = kam_examples::read_csv_file(args.path);
  try {
    return run(args, table);
  } catch (const kam::error& e) {
    // Rows are 0-based positions among the accounts; say which line of the file that is.
    std::cerr << "error: " << e.what();
    if (e.row() && static_cast<std::size_t>(*e.row()) < table.lines.size())
      std::cerr << " (" << args.path << " line " << table.lines[static_cast<std::size_t>(*e.row())]
                << ')';
    std::cerr << '\n';
    return 1;
  }
} catch (const kam::error& e) {
  std::cerr << "error: " << e.what() << '\n';
  return 1;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << '\n';
  return 2;
}
