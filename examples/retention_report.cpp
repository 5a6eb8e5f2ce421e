// Retention report on an account x month revenue CSV: net and gross revenue retention by quarter
// and over the last twelve months, and a quarterly cohort table.
//
//   retention_report [revenue.csv]
//
// The CSV has an `id` column and one column per month (m01, m02, ...), revenue >= 0, 0 = not a
// customer that month. Without a file it reads the bundled examples/data/sample_revenue.csv.
// lifetime_value.cpp fits the shifted-beta-geometric model to the same data.
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

int run(const std::string& path, const kam_examples::csv_table& table) {
  std::vector<std::string> month_names;  // every column but `id` is a month, in file order
  for (const auto& h : table.header)
    if (h != "id") month_names.push_back(h);
  const Eigen::MatrixXd mrr = kam_examples::numbers(table, month_names);
  const auto n = mrr.rows();
  const auto months = mrr.cols();
  std::printf("kam %s: retention report\n", kam::version_string);
  std::printf("revenue: %s (%td accounts x %td months)\n\n", path.c_str(), n, months);

  // 1. NRR and GRR by quarter: month-end revenue of each quarter's last month against the last
  //    month of the quarter before, over the opening cohort only.
  const auto q = kam::revenue_retention(mrr, {.step = 3, .first = 2});
  std::printf("Revenue retention by quarter (month-end MRR in EUR; opening cohort only)\n");
  std::printf("%-10s %10s %8s %9s %9s %9s %7s %7s %6s\n", "quarter", "opening", "new", "expansion",
              "contract", "churned", "GRR", "NRR", "churn");
  for (Eigen::Index w = 0; w < q.size(); ++w) {
    std::printf("m%02td-m%02td  %10.0f %8.0f %9.0f %9.0f %9.0f %6.1f%% %6.1f%% %5.1f%%\n",
                q.opening_period(w) + 1, q.closing_period(w) + 1, q.opening_revenue(w),
                q.new_revenue(w), q.expansion(w), q.contraction(w), q.churned_revenue(w),
                100 * q.grr(w), 100 * q.nrr(w), 100 * q.logo_churn(w));
  }
  const auto year = kam::revenue_retention(mrr, {.step = 12, .first = months - 13});
  std::printf(
      "last twelve months: GRR %.1f%%, NRR %.1f%%, logo churn %.1f%% "
      "(monthly equivalent %.2f%%)\n\n",
      100 * year.grr(0), 100 * year.nrr(0), 100 * year.logo_churn(0),
      100 * kam::rescale_churn(year.logo_churn(0), 1.0 / 12));

  // 2. Cohorts by quarter of acquisition: logo retention by age in quarters.
  const Eigen::Index quarters = months / 3;
  Eigen::MatrixXd by_quarter(n, quarters);
  for (Eigen::Index k = 0; k < quarters; ++k)
    by_quarter.col(k) = mrr.middleCols(3 * k, 3).rowwise().sum();
  const auto cq = kam::cohorts(by_quarter);
  std::printf(
      "Cohorts by quarter of first revenue: %% of the cohort with revenue, by age in quarters "
      "(Q1 holds every account already a customer in month 1)\n");
  std::printf("cohort  size |");
  for (Eigen::Index a = 0; a < quarters; ++a) std::printf(" %4s%td", "+", a);
  std::printf("\n");
  for (Eigen::Index k = 0; k < cq.period.size(); ++k) {
    std::printf("Q%-5td %5td |", cq.period(k) + 1, cq.size(k));
    for (Eigen::Index a = 0; a < quarters - cq.period(k); ++a)
      std::printf(" %5.0f", 100 * cq.logo_retention(k, a));
    std::printf("\n");
  }
  std::printf("%td accounts never had revenue\n", cq.never_active);
  std::printf("\nretention report of %td accounts over %td quarters\n", n, q.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(argc, argv, "retention_report [revenue.csv]", {});
    const std::string path = args.file(0, KAM_REVENUE_DATA);
    const auto table = kam_examples::read_csv_file(path);
    return kam_examples::run_on_rows(path, table.lines, [&] { return run(path, table); });
  });
}
