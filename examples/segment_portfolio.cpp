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
#include <cstdlib>
#include <exception>
#include <iostream>
#include <kam/kam.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/csv.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif

namespace {

/// The account as this CRM knows it: profile (industry, region, employees), needs and behaviour
/// ratings (1-5), revenue and churn risk. Described, so rules can name its members.
struct account {
  std::string id, industry, region;
  int employees = 0;
  double current_revenue = 0;
  double price_focus = 0, technology_focus = 0, service_focus = 0;
  double responsiveness = 0, loyalty = 0, innovation_openness = 0;
  double churn_risk = 0;
};
BOOST_DESCRIBE_STRUCT(account, (),
                      (id, industry, region, employees, current_revenue, price_focus,
                       technology_focus, service_focus, responsiveness, loyalty,
                       innovation_openness, churn_risk))

struct arguments {
  std::string path = KAM_SAMPLE_DATA;
  Eigen::Index k = 4;
  std::uint64_t seed = 20261128;
};

arguments parse(int argc, char** argv) {
  arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--k" || arg == "--seed") && i + 1 < argc) {
      const std::string value = argv[++i];
      std::size_t used = 0;
      try {
        if (arg == "--k") {
          a.k = std::stol(value, &used);
        } else {
          a.seed = std::stoull(value, &used);
        }
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != value.size())
        throw std::invalid_argument(arg + ": '" + value + "' is not a number");
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: segment_portfolio [portfolio.csv] [--k N] [--seed S]\n";
      std::exit(0);
    } else if (!arg.empty() && arg[0] == '-') {
      throw std::invalid_argument("unknown option " + arg + " (see --help)");
    } else {
      a.path = arg;
    }
  }
  return a;
}

std::vector<account> accounts_of(const kam_examples::csv_table& t) {
  const auto col = [&](const char* name) { return t.column(name); };
  const std::size_t id = col("id"), industry = col("industry"), region = col("region"),
                    employees = col("employees"), revenue = col("current_revenue"),
                    price = col("price_focus"), tech = col("technology_focus"),
                    service = col("service_focus"), resp = col("responsiveness"),
                    loyalty = col("loyalty"), innov = col("innovation_openness"),
                    churn = col("churn_risk");
  std::vector<account> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    account a;
    a.id = t.text(r, id);
    a.industry = t.text(r, industry);
    a.region = t.text(r, region);
    const double staff = t.number(r, employees);
    if (!(staff >= 0 && staff <= 1e9)) {
      throw kam::invalid_input(
          {"segment_portfolio", "employees", static_cast<std::ptrdiff_t>(r)},
          kam::detail::cat("'", t.text(r, employees), "' is not a head count"));
    }
    a.employees = static_cast<int>(staff);
    a.current_revenue = t.number(r, revenue);
    a.price_focus = t.number(r, price);
    a.technology_focus = t.number(r, tech);
    a.service_focus = t.number(r, service);
    a.responsiveness = t.number(r, resp);
    a.loyalty = t.number(r, loyalty);
    a.innovation_openness = t.number(r, innov);
    a.churn_risk = t.number(r, churn);
    out.push_back(std::move(a));
  }
  return out;
}

int run(const arguments& args, const std::vector<account>& accounts) {
  const auto n = static_cast<Eigen::Index>(accounts.size());
  Eigen::VectorXd revenue(n);
  for (Eigen::Index i = 0; i < n; ++i)
    revenue(i) = accounts[static_cast<std::size_t>(i)].current_revenue;
  const double total = revenue.sum();
  std::printf("kam %s: segmentation of %s (%td accounts, revenue %.1f M EUR)\n\n",
              kam::version_string, args.path.c_str(), n, total / 1e6);

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
  std::printf("%-22s %8s %9s  %s\n", "segment", "accounts", "revenue", "rule");
  for (std::size_t s = 0; s < rule_set.segments().size(); ++s) {
    double rev = 0;
    for (Eigen::Index i = 0; i < n; ++i)
      if (seg.segment(i) == static_cast<Eigen::Index>(s)) rev += revenue(i);
    const std::string& name = rule_set.segments()[s];
    std::string rule = "(no rule matched)";
    for (const auto& r : rule_set.rules())
      if (r.segment == name) rule = kam::to_text(r.when);
    std::printf("%-22s %8td %8.1f%%  %s\n", name.c_str(), seg.counts(static_cast<Eigen::Index>(s)),
                100.0 * rev / total, rule.c_str());
  }

  // 2. RFM-style codes: value (revenue), loyalty and safety (churn risk, lower is better), five
  //    quantile bins each. Loyalty is a 1-5 rating with many ties: its edges coincide and some
  //    codes go unused (duplicate_edges::keep), so a 5 still means "top fifth".
  Eigen::MatrixXd rfm(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& a = accounts[static_cast<std::size_t>(i)];
    rfm(i, 0) = a.current_revenue;
    rfm(i, 1) = a.loyalty;
    rfm(i, 2) = a.churn_risk;
  }
  const auto bins = kam::fit_quantile_bins(
      rfm, {{"value", 5}, {"loyalty", 5}, {"safety", 5, kam::direction::cost}});
  const auto codes = bins.assign(rfm);
  std::printf("\n2. value-loyalty-safety codes (5 quantile bins each; safety = low churn risk)\n");
  for (std::size_t j = 0; j < codes.names.size(); ++j) {
    std::printf("   %-8s edges", codes.names[j].c_str());
    for (Eigen::Index e = 0; e < bins.edges[j].size(); ++e) std::printf(" %g", bins.edges[j](e));
    std::printf("; accounts per code");
    for (Eigen::Index c = 0; c < codes.counts[j].size(); ++c)
      std::printf(" %td", codes.counts[j](c));
    std::printf("\n");
  }
  std::map<std::string, std::pair<Eigen::Index, double>> by_code;
  const auto combined = codes.combined_codes();
  for (Eigen::Index i = 0; i < n; ++i) {
    auto& e = by_code[combined[static_cast<std::size_t>(i)]];
    e.first += 1;
    e.second += revenue(i);
  }
  std::vector<std::pair<std::string, std::pair<Eigen::Index, double>>> top(by_code.begin(),
                                                                           by_code.end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second.second > b.second.second || (a.second.second == b.second.second && a < b);
  });
  std::printf("   %zu distinct codes; the five with the most revenue:\n", top.size());
  for (std::size_t t = 0; t < std::min<std::size_t>(5, top.size()); ++t)
    std::printf("   %s  %3td accounts  %5.1f%% of revenue\n", top[t].first.c_str(),
                top[t].second.first, 100.0 * top[t].second.second / total);

  // 3. Revenue-weighted k-means over the six needs and behaviour ratings, standardised.
  const char* names[] = {"price", "techn", "service", "respons", "loyalty", "innov"};
  Eigen::MatrixXd x(n, 6);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& a = accounts[static_cast<std::size_t>(i)];
    x.row(i) << a.price_focus, a.technology_focus, a.service_focus, a.responsiveness, a.loyalty,
        a.innovation_openness;
  }
  kam::kmeans_options o;
  o.k = args.k;
  o.restarts = 8;
  o.seed = args.seed;
  o.standardize = true;
  const auto km = kam::kmeans(x, revenue, o);
  std::printf(
      "\n3. revenue-weighted k-means, k = %td (standardised ratings, %td restarts, seed "
      "%llu): %s after %td iterations; revenue-weighted mean squared distance to the centroid "
      "%.3f\n",
      km.k(), o.restarts, static_cast<unsigned long long>(o.seed),
      std::string(kam::enum_name(km.status)).c_str(), km.iterations,
      static_cast<double>(km.inertia) / total);
  std::printf("%7s %8s %8s |", "cluster", "accounts", "revenue");
  for (const char* h : names) std::printf(" %7s", h);
  std::printf("   (centroids on the 1-5 scales)\n");
  for (Eigen::Index c = 0; c < km.k(); ++c) {
    std::printf("%7td %8td %7.1f%% |", c, km.sizes(c), 100.0 * km.cluster_weights(c) / total);
    for (Eigen::Index j = 0; j < x.cols(); ++j) std::printf(" %7.2f", km.centroids(c, j));
    std::printf("\n");
  }
  if (km.empty_clusters > 0) std::printf("   %td clusters ended empty\n", km.empty_clusters);

  std::printf(
      "\nsegmented %td accounts: %zu rule segments (%td by the fallback), %zu value-"
      "loyalty-safety codes, %td revenue-weighted clusters\n",
      n, rule_set.segments().size(), seg.fallback, top.size(), km.k());
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  const arguments args = parse(argc, argv);
  const auto table = kam_examples::read_csv_file(args.path);
  try {
    const auto accounts = accounts_of(table);
    return run(args, accounts);
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
