// Segmentation of a portfolio CSV three ways: rules over needs, behaviour and profile (as a CRM
// would load them from its configuration), RFM-style quantile codes, and revenue-weighted
// k-means over the needs and behaviour ratings.
//
//   segment_portfolio [portfolio.csv] [--k N] [--seed S]
//
// Without a file it reads the bundled sample portfolio (examples/data/sample_portfolio.csv).
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cstdio>
#include <kam/kam.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif

namespace {

/// The account as this CRM knows it: profile (industry, employees), needs and behaviour ratings
/// (1-5). Described, so rules can name its members.
struct account {
  std::string industry;
  double employees = 0;
  double price_focus = 0, technology_focus = 0, service_focus = 0;
  double responsiveness = 0, loyalty = 0, innovation_openness = 0;
};
BOOST_DESCRIBE_STRUCT(account, (),
                      (industry, employees, price_focus, technology_focus, service_focus,
                       responsiveness, loyalty, innovation_openness))

const std::vector<std::string> ratings{"price_focus",    "technology_focus", "service_focus",
                                       "responsiveness", "loyalty",          "innovation_openness"};

std::vector<account> accounts_of(const kam_examples::csv_table& t, const Eigen::MatrixXd& r) {
  const Eigen::VectorXd employees = kam_examples::numbers(t, "employees");
  std::vector<account> out;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto row = r.row(static_cast<Eigen::Index>(i));
    out.push_back({t.text(i, t.column("industry")), employees(static_cast<Eigen::Index>(i)), row(0),
                   row(1), row(2), row(3), row(4), row(5)});
  }
  return out;
}

int run(const kam_examples::csv_table& t, Eigen::Index k, std::uint64_t seed) {
  const Eigen::MatrixXd r = kam_examples::numbers(t, ratings);
  const auto accounts = accounts_of(t, r);
  const Eigen::VectorXd revenue = kam_examples::numbers(t, "current_revenue");
  const auto n = revenue.size();
  const double total = revenue.sum();
  std::printf("kam %s: segmentation of %td accounts (revenue %.1f M EUR)\n\n", kam::version_string,
              n, total / 1e6);

  // 1. Rules, as text a CRM plugin would keep in its configuration. First match wins.
  const std::vector<std::pair<const char*, const char*>> config{
      {"innovation_partner", "technology_focus >= 4 and innovation_openness >= 4"},
      {"service_partner", "service_focus >= 4 and loyalty >= 4"},
      {"price_buyer", "price_focus >= 4 and (loyalty <= 2 or responsiveness <= 2)"},
      {"regulated_enterprise",
       "employees >= 1000 and industry in (healthcare, financial_services, public_sector)"}};
  std::vector<kam::segment_rule> rules;
  for (const auto& [segment, text] : config)
    rules.push_back({segment, kam::parse_condition(text), segment});
  const kam::segment_rules rule_set(std::move(rules), "core");
  const auto seg = kam::assign_segments(accounts, rule_set);
  std::printf("1. rules (first match wins, fallback 'core')\n");
  for (std::size_t s = 0; s < rule_set.segments().size(); ++s) {
    std::printf("   %-22s %4td accounts\n", rule_set.segments()[s].c_str(),
                seg.counts(static_cast<Eigen::Index>(s)));
  }

  // 2. RFM-style codes: value (revenue), loyalty and safety (churn risk, lower is better), five
  //    quantile bins each. Loyalty is a 1-5 rating with many ties: its edges coincide and some
  //    codes go unused (duplicate_edges::keep), so a 5 still means "top fifth".
  const Eigen::MatrixXd rfm =
      kam_examples::numbers(t, {"current_revenue", "loyalty", "churn_risk"});
  const auto bins = kam::fit_quantile_bins(
      rfm, {{"value", 5}, {"loyalty", 5}, {"safety", 5, kam::direction::cost}});
  std::map<std::string, double> revenue_by_code;
  const auto combined = bins.assign(rfm).combined_codes();
  for (Eigen::Index i = 0; i < n; ++i)
    revenue_by_code[combined[static_cast<std::size_t>(i)]] += revenue(i);
  std::vector<std::pair<std::string, double>> top(revenue_by_code.begin(), revenue_by_code.end());
  std::sort(top.begin(), top.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::printf("\n2. value-loyalty-safety codes: %zu distinct; the three with the most revenue:",
              top.size());
  for (std::size_t c = 0; c < std::min<std::size_t>(3, top.size()); ++c)
    std::printf(" %s (%.1f%%)", top[c].first.c_str(), 100.0 * top[c].second / total);

  // 3. Revenue-weighted k-means over the six needs and behaviour ratings, standardised.
  kam::kmeans_options o;
  o.k = k;
  o.restarts = 8;
  o.seed = seed;
  o.standardize = true;
  const auto km = kam::kmeans(r, revenue, o);
  std::printf("\n\n3. revenue-weighted k-means, k = %td: %s after %td iterations\n", km.k(),
              kam::enum_name(km.status).data(), km.iterations);
  for (Eigen::Index c = 0; c < km.k(); ++c) {
    std::printf("   cluster %td: %4td accounts, %5.1f%% of revenue, centroid", c, km.sizes(c),
                100.0 * km.cluster_weights(c) / total);
    for (Eigen::Index j = 0; j < r.cols(); ++j) std::printf(" %.2f", km.centroids(c, j));
    std::printf("\n");
  }
  std::printf(
      "\nsegmented %td accounts: %zu rule segments (%td by the fallback), %zu value-"
      "loyalty-safety codes, %td revenue-weighted clusters\n",
      n, rule_set.segments().size(), seg.fallback, top.size(), km.k());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv, "segment_portfolio [portfolio.csv] [--k N] [--seed S]", {"k", "seed"});
    const std::string path = args.file(0, KAM_SAMPLE_DATA);
    const auto table = kam_examples::read_csv_file(path);
    return kam_examples::run_on_rows(path, table.lines, [&] {
      return run(table, static_cast<Eigen::Index>(args.count("k", 4)),
                 args.count("seed", 20261128));
    });
  });
}
