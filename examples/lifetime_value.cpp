// Customer lifetime on an account x month revenue CSV: Kaplan-Meier survival of first customer
// spells, a shifted-beta-geometric fit (Fader & Hardie 2007) to the monthly cohorts, what its
// projection says a new account (CLV) and a twelve-month-old one are worth, and a log-rank test of
// whether large starters stay longer.
//
//   lifetime_value [revenue.csv] [--margin M] [--annual-discount D]
//
// The CSV is as for retention_report (an `id` column and one column per month, revenue >= 0).
// Without a file it reads the bundled examples/data/sample_revenue.csv.
#include <cmath>
#include <cstdio>
#include <kam/kam.hpp>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_REVENUE_DATA
#define KAM_REVENUE_DATA "examples/data/sample_revenue.csv"
#endif

namespace {

/// Survivors by age of the monthly cohorts acquired after month 1 (month 1 holds accounts of
/// unknown age), one cohort per row.
Eigen::MatrixXd young_cohorts(const Eigen::MatrixXd& mrr) {
  const auto cm = kam::cohorts(mrr);
  std::vector<Eigen::Index> young;
  for (Eigen::Index k = 0; k < cm.period.size(); ++k)
    if (cm.period(k) > 0) young.push_back(k);
  Eigen::MatrixXd alive(static_cast<Eigen::Index>(young.size()), mrr.cols());
  for (std::size_t k = 0; k < young.size(); ++k)
    alive.row(static_cast<Eigen::Index>(k)) = cm.survived.row(young[k]);
  return alive;
}

/// The first customer spell of every account acquired after month 1: its length in months, whether
/// it ended in churn (else it lasts to the last month: censored), and its first month's revenue.
struct first_spells {
  Eigen::VectorXd tenure, churned, first_mrr;
};

first_spells read_first_spells(const Eigen::MatrixXd& mrr) {
  std::vector<double> tenure, churned, first_mrr;
  for (Eigen::Index i = 0; i < mrr.rows(); ++i) {
    Eigen::Index first = -1, lapse = -1;
    for (Eigen::Index m = 0; m < mrr.cols() && lapse < 0; ++m) {
      if (first < 0 && mrr(i, m) > 0) first = m;
      if (first >= 0 && mrr(i, m) == 0) lapse = m;
    }
    if (first <= 0) continue;  // never a customer, or already one in month 1
    first_mrr.push_back(mrr(i, first));
    tenure.push_back(static_cast<double>((lapse < 0 ? mrr.cols() : lapse) - first));
    churned.push_back(lapse < 0 ? 0.0 : 1.0);
  }
  const auto n = static_cast<Eigen::Index>(tenure.size());
  return {Eigen::Map<Eigen::VectorXd>(tenure.data(), n),
          Eigen::Map<Eigen::VectorXd>(churned.data(), n),
          Eigen::Map<Eigen::VectorXd>(first_mrr.data(), n)};
}

/// Do accounts that start above the mean first-month revenue keep buying longer? The log-rank
/// test of their first spells against the others'.
void compare_large_starters(const first_spells& spells) {
  const double mean = spells.first_mrr.mean();
  const Eigen::VectorXi large = (spells.first_mrr.array() > mean).cast<int>();
  const auto test = kam::logrank_test(spells.tenure, spells.churned, large);
  std::printf("\nfirst spells by first-month revenue (mean %.0f EUR), log-rank test:\n", mean);
  for (Eigen::Index g = 0; g < 2; ++g) {
    std::printf("  %-14s %4td accounts, %3.0f churned, %5.1f expected at equal hazards\n",
                test.groups(g) == 1 ? "above the mean" : "at or below", test.accounts(g),
                test.observed(g), test.expected(g));
  }
  std::printf("  chi-square %.2f on %td degree of freedom, p = %.3g\n", test.chi_square,
              test.degrees_of_freedom, test.p_value);
}

int run(const kam_examples::csv_table& table, double margin_share, double annual_discount) {
  std::vector<std::string> month_names;
  for (const auto& h : table.header)
    if (h != "id") month_names.push_back(h);
  const Eigen::MatrixXd mrr = kam_examples::numbers(table, month_names);
  const auto months = mrr.cols();
  const first_spells spells = read_first_spells(mrr);
  const double first_mrr = spells.first_mrr.mean();
  const auto km = kam::kaplan_meier(spells.tenure, spells.churned);
  const auto fit = kam::fit_sbg(young_cohorts(mrr));
  std::printf("kam %s: customer lifetime of %td accounts acquired in months 2-%td\n",
              kam::version_string, static_cast<Eigen::Index>(km.total), months);
  std::printf(
      "sBG fit: %s after %d iterations, %td monthly cohorts, alpha %.4f, beta %.4f, "
      "log-likelihood %.3f\n",
      kam::enum_name(fit.status).data(), fit.iterations, fit.cohorts, fit.params.alpha,
      fit.params.beta, fit.log_likelihood);
  const auto s = kam::sbg_survival(fit.params, 60);
  const auto r = kam::sbg_retention(fit.params, 60);
  std::printf("%-6s %9s %13s %14s\n", "month", "sBG S(t)", "Kaplan-Meier", "sBG retention");
  for (const Eigen::Index t : {1, 3, 6, 12, 24, 34, 48, 60}) {
    std::printf("%-6td %8.1f%%", t, 100 * s(t));
    if (t < months - 1) {
      std::printf(" %12.1f%%", 100 * km.survival_at(static_cast<double>(t)));
    } else {
      std::printf(" %13s", "(no data)");
    }
    std::printf(" %13.2f%%\n", 100 * r(t - 1));
  }
  if (const auto mean = kam::sbg_mean_lifetime(fit.params)) {
    std::printf("mean lifetime: %.1f months\n", *mean);
  } else {
    std::printf("mean lifetime: infinite under the fit (alpha %.3f <= 1); use a discounted one\n",
                fit.params.alpha);
  }

  // Value: a new account's first-month revenue times the margin, paid every month it stays.
  const double margin = margin_share * first_mrr;
  const double d = std::pow(1 + annual_discount, 1.0 / 12) - 1;
  const double del = kam::sbg_discounted_lifetime(fit.params, d);
  const double derl = kam::sbg_discounted_residual_lifetime(fit.params, d, Eigen::Index{12});
  const double r12 = std::pow(s(12), 1.0 / 12);  // the first year's average monthly retention
  const double naive = margin + kam::clv(margin, r12, d);
  std::printf(
      "\nat %.0f%% a year (%.3f%% a month), margin %.0f%% of a new account's first MRR = %.0f EUR "
      "a month:\n",
      100 * annual_discount, 100 * d, 100 * margin_share, margin);
  std::printf("  DEL = %.1f months: CLV of a new account %.0f EUR\n", del, margin * del);
  std::printf("  DERL after 12 renewals = %.1f months: %.0f EUR\n", derl, margin * derl);
  std::printf("  a constant %.2f%% monthly retention would say %.0f EUR (heterogeneity: %+.0f%%)\n",
              100 * r12, naive, 100 * (margin * del / naive - 1));
  compare_large_starters(spells);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv, "lifetime_value [revenue.csv] [--margin M] [--annual-discount D]",
        {"margin", "annual-discount"});
    const std::string path = args.file(0, KAM_REVENUE_DATA);
    const auto table = kam_examples::read_csv_file(path);
    return kam_examples::run_on_rows(path, table.lines, [&] {
      return run(table, args.number("margin", 0.30), args.number("annual-discount", 0.10));
    });
  });
}
