// Which account traits drive churn: read accounts into a described struct, fit a Cox
// proportional-hazards model on standardised covariates (so the hazard ratios compare: "per
// standard deviation"), test one trait's groups with the log-rank test, and draw the one-year
// survival of two new accounts.
//
// The bundled data are lifelines' rossi set (432 released prisoners followed for 52 weeks; the
// event is re-arrest; tests/data/PROVENANCE.md), the standard Cox example: read "account" for
// each person, "churn" for re-arrest and "tenure" for the weeks. Run with another CSV of the
// same columns, or read your own struct the same way.
//
//   churn_drivers [rossi.csv]
#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <kam/core/describe.hpp>
#include <kam/retention/cox.hpp>
#include <kam/retention/logrank.hpp>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/example.hpp"

#ifndef KAM_ROSSI_DATA
#define KAM_ROSSI_DATA "tests/data/lifelines/rossi.csv"
#endif

namespace {

/// One account: its tenure in weeks, whether it churned then, and its traits.
struct account {
  double week = 0;    ///< weeks observed
  double arrest = 0;  ///< 1 = churned at `week`, 0 = still a customer
  double fin = 0;     ///< received financial aid (0/1)
  double age = 0;     ///< age in years at release
  double race = 0;    ///< 0/1
  double wexp = 0;    ///< had full-time work experience (0/1)
  double mar = 0;     ///< married (0/1)
  double paro = 0;    ///< released on parole (0/1)
  double prio = 0;    ///< prior convictions
};
BOOST_DESCRIBE_STRUCT(account, (), (week, arrest, fin, age, race, wexp, mar, paro, prio))

/// Reads the accounts of a CSV with the header week,arrest,fin,age,race,wexp,mar,paro,prio.
std::vector<account> read_accounts(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read " + path);
  std::string line;
  if (!std::getline(in, line) || line.rfind("week,arrest,fin,age,race,wexp,mar,paro,prio", 0) != 0)
    throw std::invalid_argument(path + ": the header is not week,arrest,fin,age,race,...,prio");
  std::vector<account> accounts;
  while (std::getline(in, line)) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream row(line);
    account a;
    if (!(row >> a.week >> a.arrest >> a.fin >> a.age >> a.race >> a.wexp >> a.mar >> a.paro >>
          a.prio)) {
      throw std::invalid_argument(path + ": line " + std::to_string(accounts.size() + 2) +
                                  " does not hold nine numbers");
    }
    accounts.push_back(a);
  }
  return accounts;
}

const std::vector<std::string> traits{"fin", "age", "race", "wexp", "mar", "paro", "prio"};

/// Prints the fit, the traits ordered by the size of their effect (|z|).
void print_drivers(const kam::cox_fit<double>& fit) {
  std::printf("Cox fit (Efron ties, covariates per standard deviation): %s after %d iterations\n",
              kam::enum_name(fit.status).data(), fit.iterations);
  std::printf(
      "%zu accounts, %.0f churned; likelihood-ratio test %.2f on %td df, p %.2g; "
      "concordance %.3f\n",
      static_cast<std::size_t>(fit.accounts), fit.events, fit.lr_chi_square,
      fit.lr_degrees_of_freedom, fit.lr_p_value, fit.concordance);
  std::vector<Eigen::Index> order(traits.size());
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return std::abs(fit.z(a)) > std::abs(fit.z(b));
  });
  std::printf("  %-5s %8s %10s %14s %8s %8s\n", "trait", "sd", "hazard x", "95% interval", "z",
              "p");
  for (const Eigen::Index j : order) {
    std::printf("  %-5s %8.3f %10.3f  [%5.3f, %5.3f] %8.2f %8.4f\n",
                traits[static_cast<std::size_t>(j)].c_str(), fit.scales(j), fit.hazard_ratio(j),
                std::exp(fit.lower(j)), std::exp(fit.upper(j)), fit.z(j), fit.p_value(j));
  }
}

int run(const std::string& path) {
  const std::vector<account> accounts = read_accounts(path);
  const Eigen::MatrixXd x = kam::to_matrix(accounts, traits);
  const Eigen::VectorXd tenure = kam::to_matrix(accounts, {"week"}).col(0);
  const Eigen::VectorXd churned = kam::to_matrix(accounts, {"arrest"}).col(0);

  kam::cox_options options;
  options.standardize = true;
  const auto fit = kam::fit_cox(tenure, churned, x, options);
  print_drivers(fit);

  // Does financial aid make a difference on its own? The log-rank test of its two groups.
  const Eigen::VectorXi aid = x.col(0).cast<int>();
  const auto test = kam::logrank_test(tenure, churned, aid);
  std::printf(
      "log-rank test, without aid vs with: observed %.0f / %.0f churned, expected "
      "%.1f / %.1f; chi-square %.3f on %td df, p %.4f\n",
      test.observed(0), test.observed(1), test.expected(0), test.expected(1), test.chi_square,
      test.degrees_of_freedom, test.p_value);

  // Two new accounts: young with many priors and no aid, older with aid, work and marriage.
  Eigen::MatrixXd fresh(2, 7);
  fresh << 0, 20, 1, 0, 0, 0, 6,  //
      1, 35, 0, 1, 1, 1, 0;
  const Eigen::VectorXd weeks = (Eigen::VectorXd(3) << 13, 26, 52).finished();
  const Eigen::MatrixXd survival = kam::cox_survival(fit, fresh, weeks);
  const Eigen::VectorXd hazard = kam::cox_partial_hazard(fit, fresh);
  for (Eigen::Index i = 0; i < 2; ++i) {
    std::printf(
        "new account %td: hazard %.2f x the average account; still a customer after "
        "13/26/52 weeks: %.3f %.3f %.3f\n",
        i + 1, hazard(i), survival(i, 0), survival(i, 1), survival(i, 2));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(argc, argv, "churn_drivers [accounts.csv]", {});
    return run(args.file(0, KAM_ROSSI_DATA));
  });
}
