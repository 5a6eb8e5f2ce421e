// Retention report on an account x month revenue CSV: net and gross revenue retention by quarter,
// a quarterly cohort table, Kaplan-Meier survival of first customer spells, and a shifted-beta-
// geometric fit whose projection prices a new account (CLV) and a twelve-month-old one.
//
//   retention_report [revenue.csv] [--margin M] [--annual-discount D]
//
// The CSV has an `id` column and one column per month (m01, m02, ...), revenue >= 0, 0 = not a
// customer that month. Without a file it reads the bundled examples/data/sample_revenue.csv.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <kam/kam.hpp>
#include <string>
#include <vector>

#include "common/csv.hpp"

#ifndef KAM_REVENUE_DATA
#define KAM_REVENUE_DATA "examples/data/sample_revenue.csv"
#endif

namespace {

struct arguments {
  std::string path = KAM_REVENUE_DATA;
  double margin = 0.30;           // gross margin on revenue
  double annual_discount = 0.10;  // cost of capital per year
};

arguments parse(int argc, char** argv) {
  arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--margin" || arg == "--annual-discount") && i + 1 < argc) {
      const std::string value = argv[++i];
      std::size_t used = 0;
      double v = 0;
      try {
        v = std::stod(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != value.size())
        throw std::invalid_argument(arg + ": '" + value + "' is not a number");
      (arg == "--margin" ? a.margin : a.annual_discount) = v;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: retention_report [revenue.csv] [--margin M] [--annual-discount D]\n";
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
  // Every column but `id` is a month, in file order.
  const std::size_t id = table.column("id");
  std::vector<std::size_t> month_cols;
  for (std::size_t c = 0; c < table.header.size(); ++c)
    if (c != id) month_cols.push_back(c);
  const auto n = static_cast<Eigen::Index>(table.rows.size());
  const auto months = static_cast<Eigen::Index>(month_cols.size());
  Eigen::MatrixXd mrr(n, months);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index m = 0; m < months; ++m)
      mrr(i, m) =
          table.number(static_cast<std::size_t>(i), month_cols[static_cast<std::size_t>(m)]);

  std::printf("kam %s: retention report\n", kam::version_string);
  std::printf("revenue: %s (%td accounts x %td months)\n\n", args.path.c_str(), n, months);

  // 1. NRR and GRR by quarter: month-end revenue of each quarter's last month against the last
  // month of the quarter before, over the opening cohort only.
  kam::retention_options quarterly;
  quarterly.step = 3;
  quarterly.first = 2;
  const auto q = kam::revenue_retention(mrr, quarterly);
  std::printf(
      "Revenue retention by quarter (month-end MRR in EUR; opening cohort only; "
      "reactivations separate)\n");
  std::printf("%-13s %10s %8s %8s %9s %9s %9s %7s %7s %6s\n", "quarter", "opening", "new",
              "reactiv", "expansion", "contract", "churned", "GRR", "NRR", "churn");
  for (Eigen::Index w = 0; w < q.size(); ++w) {
    char label[80];
    std::snprintf(label, sizeof label, "Q%td m%02td-m%02td", w + 2, q.opening_period(w) + 1,
                  q.closing_period(w) + 1);
    std::printf("%-13s %10.0f %8.0f %8.0f %9.0f %9.0f %9.0f %6.1f%% %6.1f%% %5.1f%%\n", label,
                q.opening_revenue(w), q.new_revenue(w), q.reactivated_revenue(w), q.expansion(w),
                q.contraction(w), q.churned_revenue(w), 100 * q.grr(w), 100 * q.nrr(w),
                100 * q.logo_churn(w));
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
      "Cohorts by quarter of first revenue: %% of the cohort with revenue, by age in "
      "quarters (Q1 holds every account already a customer in month 1)\n");
  std::printf("%-6s %5s", "cohort", "size");
  for (Eigen::Index a = 0; a < quarters; ++a) {
    char age[24];
    std::snprintf(age, sizeof age, "+%td", a);
    std::printf(" %5s", age);
  }
  std::printf("\n");
  for (Eigen::Index k = 0; k < cq.period.size(); ++k) {
    std::printf("Q%-5td %5td", cq.period(k) + 1, cq.size(k));
    for (Eigen::Index a = 0; a < quarters - cq.period(k); ++a)
      std::printf(" %5.0f", 100 * cq.logo_retention(k, a));
    std::printf("\n");
  }
  std::printf("%td accounts never had revenue\n\n", cq.never_active);

  // 3. Survival of first customer spells of accounts acquired after month 1 (month 1 holds
  // accounts of unknown age): Kaplan-Meier, and the sBG model fitted to the same monthly cohorts.
  const auto cm = kam::cohorts(mrr);
  std::vector<Eigen::Index> young;
  for (Eigen::Index k = 0; k < cm.period.size(); ++k)
    if (cm.period(k) > 0) young.push_back(k);
  Eigen::MatrixXd alive(static_cast<Eigen::Index>(young.size()), months);
  for (std::size_t k = 0; k < young.size(); ++k)
    alive.row(static_cast<Eigen::Index>(k)) = cm.survived.row(young[k]);
  std::vector<double> tenure, churned;
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index first = -1, lapse = -1;
    for (Eigen::Index m = 0; m < months && lapse < 0; ++m) {
      if (first < 0 && mrr(i, m) > 0) first = m;
      if (first >= 0 && mrr(i, m) == 0) lapse = m;
    }
    if (first <= 0) continue;  // never a customer, or already one in month 1
    tenure.push_back(static_cast<double>(lapse < 0 ? months - first : lapse - first));
    churned.push_back(lapse < 0 ? 0.0 : 1.0);
  }
  const auto km = kam::kaplan_meier(
      Eigen::Map<const Eigen::VectorXd>(tenure.data(), static_cast<Eigen::Index>(tenure.size())),
      Eigen::Map<const Eigen::VectorXd>(churned.data(), static_cast<Eigen::Index>(churned.size())));
  const auto fit = kam::fit_sbg(alive);
  std::printf("Survival of first spells: %td accounts acquired in months 2-%td, %.0f churned\n",
              static_cast<Eigen::Index>(tenure.size()), months, km.total_events);
  std::printf(
      "sBG fit: %s after %d iterations, %td monthly cohorts, alpha %.4f (se %.4f), "
      "beta %.4f (se %.4f), log-likelihood %.3f\n",
      std::string(kam::enum_name(fit.status)).c_str(), fit.iterations, fit.cohorts,
      fit.params.alpha, fit.std_error_alpha.value_or(0), fit.params.beta,
      fit.std_error_beta.value_or(0), fit.log_likelihood);
  const Eigen::Index horizon = 60;
  const auto s = kam::sbg_survival(fit.params, horizon);
  const auto r = kam::sbg_retention(fit.params, horizon);
  std::printf("%-8s %10s %14s %14s %16s\n", "month", "sBG S(t)", "Kaplan-Meier", "95% band",
              "sBG retention");
  for (const Eigen::Index t : {1, 3, 6, 12, 24, 34, 48, 60}) {
    std::printf("%-8td %9.1f%%", t, 100 * s(t));
    if (t < months - 1) {
      const double k = km.survival_at(static_cast<double>(t));
      Eigen::Index j = -1;
      for (Eigen::Index e = 0; e < km.size() && km.time(e) <= static_cast<double>(t); ++e) j = e;
      std::printf(" %13.1f%%", 100 * k);
      if (j >= 0) {
        std::printf("   %5.1f-%5.1f%%", 100 * km.lower(j), 100 * km.upper(j));
      } else {
        std::printf("   %12s", "");
      }
    } else {
      std::printf(" %14s %14s", "(beyond data)", "");
    }
    std::printf(" %15.2f%%\n", 100 * r(t - 1));
  }
  if (km.median) {
    std::printf("median first spell: %.0f months\n", *km.median);
  } else {
    std::printf("median first spell: not reached within the data (S stays above 50%%)\n");
  }
  const auto mean = kam::sbg_mean_lifetime(fit.params);
  if (mean) {
    std::printf("mean lifetime: %.1f months\n", *mean);
  } else {
    std::printf(
        "mean lifetime: infinite under the fit (alpha %.3f <= 1); value accounts with a "
        "discounted lifetime instead\n",
        fit.params.alpha);
  }

  // 4. Value: a new account's first-month revenue times the margin, paid every month it stays.
  double first_mrr = 0;
  Eigen::Index acquired = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index m = 1; m < months; ++m) {
      if (mrr(i, m) > 0) {
        if (mrr.row(i).head(m).sum() == 0) {
          first_mrr += mrr(i, m);
          ++acquired;
        }
        break;
      }
    }
  }
  const double margin = args.margin * first_mrr / static_cast<double>(acquired);
  const double d = std::pow(1 + args.annual_discount, 1.0 / 12) - 1;
  const double del = kam::sbg_discounted_lifetime(fit.params, d);
  const double derl = kam::sbg_discounted_residual_lifetime(fit.params, d, Eigen::Index{12});
  const double r12 = std::pow(s(12), 1.0 / 12);  // the first year's average monthly retention
  std::printf(
      "\nValue at a %.0f%% annual discount (%.3f%% a month), margin %.0f%% of a new "
      "account's first MRR = %.0f EUR a month:\n",
      100 * args.annual_discount, 100 * d, 100 * args.margin, margin);
  std::printf("  discounted expected lifetime DEL = %.1f months -> CLV of a new account %.0f EUR\n",
              del, margin * del);
  std::printf("  residual lifetime after 12 renewals DERL = %.1f months -> %.0f EUR\n", derl,
              margin * derl);
  std::printf(
      "  a constant %.2f%% monthly retention (the first year's average) would say %.0f "
      "EUR: heterogeneity is worth %.0f%% more\n",
      100 * r12, margin + kam::clv(margin, r12, d),
      100 * (margin * del / (margin + kam::clv(margin, r12, d)) - 1));
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
    if (e.field() == "revenue" && e.row() &&
        static_cast<std::size_t>(*e.row()) < table.lines.size())
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
