// The deterministic generator of kam's synthetic sample portfolio (examples, tests, benchmarks).
//
// Every account is drawn from its own random stream, seeded by (seed, row), so row i is the same
// whatever the number of rows: the first 300 rows of a 10-million-row file are the bundled sample.
// The random numbers come from splitmix64 and are turned into uniforms and normals by the
// formulas below (not by std:: distributions, whose output differs between standard libraries),
// so a given seed gives the same portfolio with any compiler. The numbers are printed with fixed
// decimals. Latent traits tie the columns together the way they go together in practice: larger
// customers buy more, have a larger wallet and more logo value, need more effort and have more
// mature purchasing; engaged customers have stronger relationships, more cross-sell potential
// and lower churn risk.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace kam_examples {

/// splitmix64 (Steele, Lea & Flood 2014): a small, well-mixed, fully specified generator.
class splitmix64 {
 public:
  explicit splitmix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Standard normal by the Box-Muller transform (one of the pair is used).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  /// Uniform integer on [0, n).
  int below(int n) { return static_cast<int>(uniform() * n); }

 private:
  std::uint64_t state_;
};

inline constexpr std::uint64_t default_seed = 20261128;

inline const std::array<const char*, 8> industries{
    "manufacturing", "healthcare",         "retail",        "logistics",
    "energy",        "financial_services", "public_sector", "technology"};
inline const std::array<const char*, 6> regions{"DACH",   "Nordics", "UK&I",
                                                "France", "Benelux", "Iberia"};
inline const std::array<const char*, 4> seller_roles{"entertainer", "informer", "problem_solver",
                                                     "business_partner"};

/// One synthetic account: profile, the eight selection criteria, and the inputs of the portfolio,
/// maturity, retention and segmentation models.
struct sample_account {
  std::string id, name, industry, region;
  int employees = 0;
  // Selection criteria (kam::selection_catalogue order).
  double current_revenue = 0;        // EUR, last 12 months
  double growth_potential = 0;       // rating 1-5
  double cross_up_sell = 0;          // probability
  double win_expand = 0;             // probability
  double effort = 0;                 // rating 1-5 (cost)
  double relationship_strength = 0;  // rating 1-5
  double fit = 0;                    // rating 1-5
  double logo_value = 0;             // rating 1-5
  double category_wallet =
      0;  // EUR the customer spends on our category; share of wallet = revenue / wallet
  // Kraljic read from the supplier's side: profit impact and replaceability sub-criteria.
  double strategic_importance = 0;   // rating 1-5: importance of our offering to their business
  double share_of_their_cost = 0;    // rating 1-5
  double quality_impact = 0;         // rating 1-5: effect of our offering on their quality / growth
  double alternative_suppliers = 0;  // count of credible alternatives (more = easier to replace us)
  double switching_cost = 0;         // rating 1-5
  double substitutability = 0;       // rating 1-5: how easily our offering is substituted
  // Supplier preferencing: attractiveness of the account to us.
  double payment_reliability = 0;  // rating 1-5
  double margin = 0;               // our gross margin on the account, fraction
  double ease_of_business = 0;     // rating 1-5
  // Purchasing maturity assessment, 1-5 each.
  double purchasing_integration = 0, cost_focus = 0, supplier_orientation = 0, cross_functional = 0,
         performance_measurement = 0;
  std::string served_role;  // the seller role the account is served with today
  // Retention risk, needs and behaviour.
  double churn_risk = 0;  // probability of churn in the next 12 months
  double price_focus = 0, technology_focus = 0, service_focus = 0;  // needs, 1-5
  double responsiveness = 0, loyalty = 0, innovation_openness = 0;  // behaviour, 1-5
};

namespace detail {
inline double rating(double centre, double noise) {
  return std::clamp(std::round(centre + noise), 1.0, 5.0);
}
inline double logistic(double z) { return 1.0 / (1.0 + std::exp(-z)); }
inline double round_to(double v, double step) { return std::round(v / step) * step; }
}  // namespace detail

/// Returns account `row` of the portfolio drawn with `seed`.
inline sample_account generate_account(std::uint64_t seed, std::uint64_t row) {
  using detail::logistic;
  using detail::rating;
  using detail::round_to;
  splitmix64 g(seed ^ (row * 0xD1B54A32D192ED03ULL));
  g.next();
  sample_account a;
  char buf[32];
  std::snprintf(buf, sizeof buf, "AC-%06llu", static_cast<unsigned long long>(row + 1));
  a.id = buf;
  static const std::array<const char*, 16> first{
      "Aldermoor", "Brightwater", "Cobalt",     "Dunmore", "Eastgate", "Fjordline",
      "Granite",   "Harbour",     "Ironbridge", "Juniper", "Kestrel",  "Lindqvist",
      "Meridian",  "Northwind",   "Oakhurst",   "Pellucid"};
  static const std::array<const char*, 8> second{"Works",      "Group",   "Systems", "Partners",
                                                 "Industries", "Holding", "Labs",    "Trading"};
  static const std::array<const char*, 6> legal_form{"GmbH", "AB", "Ltd", "SA", "BV", "SL"};
  const int ind = g.below(8);
  const auto reg = static_cast<std::size_t>(g.below(6));
  a.industry = industries[static_cast<std::size_t>(ind)];
  a.region = regions[reg];
  // One draw per statement: the evaluation order of operands of + is unspecified in C++.
  const auto first_name = static_cast<std::size_t>(g.below(16));
  const auto second_name = static_cast<std::size_t>(g.below(8));
  a.name = std::string(first[first_name]) + " " + second[second_name] + " " + legal_form[reg];
  // Latent traits: size, engagement, strategic fit, purchasing maturity.
  const double size = g.normal();
  const double engaged = g.normal();
  const double fitted = g.normal();
  const double mature = 0.45 * size + 0.9 * g.normal();
  a.employees =
      static_cast<int>(std::clamp(std::round(std::exp(5.5 + 1.4 * size)), 10.0, 250000.0));
  a.current_revenue = round_to(std::exp(10.8 + 1.0 * size + 0.55 * g.normal()), 100.0);
  const double sow = std::clamp(0.05 + 0.8 * g.uniform() + 0.1 * engaged, 0.03, 0.95);
  a.category_wallet = round_to(a.current_revenue / sow, 100.0);
  a.growth_potential =
      rating(1.0 + 4.0 * (0.65 * (1.0 - sow) + 0.35 * logistic(fitted)), 0.5 * g.normal());
  a.cross_up_sell =
      round_to(logistic(-0.4 + 0.8 * fitted + 0.6 * engaged + 0.4 * g.normal()), 0.01);
  a.win_expand =
      round_to(logistic(-0.2 + 0.7 * fitted + 1.2 * (0.5 - sow) + 0.4 * g.normal()), 0.01);
  a.effort = rating(3.0 + 0.6 * size - 0.6 * engaged, 0.7 * g.normal());
  a.relationship_strength = rating(3.0 + 0.9 * engaged, 0.5 * g.normal());
  a.fit = rating(3.0 + 0.9 * fitted, 0.5 * g.normal());
  a.logo_value = rating(2.2 + 0.9 * size, 0.6 * g.normal());
  a.strategic_importance = rating(3.0 + 0.7 * fitted + 0.3 * engaged, 0.6 * g.normal());
  a.share_of_their_cost =
      rating(2.5 + 0.8 * (ind == 0 || ind == 4 ? 1.0 : 0.0) + 0.3 * size, 0.7 * g.normal());
  a.quality_impact = rating(2.8 + 0.7 * fitted, 0.7 * g.normal());
  a.alternative_suppliers =
      std::max(0.0, std::round(5.0 - 1.2 * engaged - 0.8 * fitted + 1.5 * g.normal()));
  a.switching_cost = rating(3.0 + 0.6 * engaged + 0.3 * size, 0.7 * g.normal());
  a.substitutability = rating(3.0 - 0.7 * fitted, 0.7 * g.normal());
  a.payment_reliability = rating(3.8 + 0.3 * size, 0.8 * g.normal());
  a.margin = round_to(std::clamp(0.28 - 0.04 * size + 0.06 * g.normal(), 0.02, 0.6), 0.001);
  a.ease_of_business = rating(3.2 + 0.5 * engaged - 0.3 * size, 0.7 * g.normal());
  a.purchasing_integration = rating(2.6 + 0.9 * mature, 0.5 * g.normal());
  a.cost_focus = rating(2.6 + 0.9 * mature, 0.5 * g.normal());
  a.supplier_orientation = rating(2.6 + 0.8 * mature + 0.2 * engaged, 0.5 * g.normal());
  a.cross_functional = rating(2.6 + 0.9 * mature, 0.5 * g.normal());
  a.performance_measurement = rating(2.6 + 0.8 * mature, 0.6 * g.normal());
  // Today's seller role follows the maturity stage loosely: sellers lag behind their buyers.
  const double stage =
      std::clamp(std::round(1.3 + 0.9 * mature - 0.3 + 0.7 * g.normal()), 0.0, 3.0);
  a.served_role = seller_roles[static_cast<std::size_t>(stage)];
  a.churn_risk = round_to(logistic(-1.6 - 0.9 * engaged - 0.4 * fitted + 0.5 * g.normal()), 0.01);
  a.price_focus = rating(3.2 - 0.6 * mature, 0.7 * g.normal());
  a.technology_focus = rating(2.8 + 0.5 * fitted + (ind == 7 ? 1.0 : 0.0), 0.7 * g.normal());
  a.service_focus = rating(3.0 + 0.4 * engaged, 0.8 * g.normal());
  a.responsiveness = rating(3.0 + 0.8 * engaged, 0.6 * g.normal());
  a.loyalty = rating(3.0 + 0.7 * engaged - 0.5 * (a.churn_risk - 0.2) * 4.0, 0.6 * g.normal());
  a.innovation_openness = rating(2.8 + 0.6 * fitted + 0.3 * mature, 0.7 * g.normal());
  return a;
}

/// Returns the column names of the sample CSV, in order.
inline std::vector<std::string> sample_columns() {
  return {"id",
          "name",
          "industry",
          "region",
          "employees",
          "current_revenue",
          "growth_potential",
          "cross_up_sell",
          "win_expand",
          "effort",
          "relationship_strength",
          "fit",
          "logo_value",
          "category_wallet",
          "strategic_importance",
          "share_of_their_cost",
          "quality_impact",
          "alternative_suppliers",
          "switching_cost",
          "substitutability",
          "payment_reliability",
          "margin",
          "ease_of_business",
          "purchasing_integration",
          "cost_focus",
          "supplier_orientation",
          "cross_functional",
          "performance_measurement",
          "served_role",
          "churn_risk",
          "price_focus",
          "technology_focus",
          "service_focus",
          "responsiveness",
          "loyalty",
          "innovation_openness"};
}

/// Writes `rows` accounts as CSV (RFC 4180; fields with commas or quotes are quoted), header first.
inline void write_sample_csv(std::ostream& out, std::uint64_t rows,
                             std::uint64_t seed = default_seed) {
  const auto cols = sample_columns();
  for (std::size_t c = 0; c < cols.size(); ++c) out << (c ? "," : "") << cols[c];
  out << '\n';
  const auto text = [&](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return out << s, void();
    out << '"';
    for (char ch : s) out << (ch == '"' ? "\"\"" : std::string(1, ch));
    out << '"';
  };
  char buf[64];
  const auto num = [&](double v, int decimals) {
    std::snprintf(buf, sizeof buf, ",%.*f", decimals, v);
    out << buf;
  };
  for (std::uint64_t r = 0; r < rows; ++r) {
    const sample_account a = generate_account(seed, r);
    text(a.id);
    out << ',';
    text(a.name);
    out << ',';
    text(a.industry);
    out << ',';
    text(a.region);
    out << ',' << a.employees;
    num(a.current_revenue, 0);
    for (double v : {a.growth_potential}) num(v, 0);
    num(a.cross_up_sell, 2);
    num(a.win_expand, 2);
    for (double v : {a.effort, a.relationship_strength, a.fit, a.logo_value}) num(v, 0);
    num(a.category_wallet, 0);
    for (double v :
         {a.strategic_importance, a.share_of_their_cost, a.quality_impact, a.alternative_suppliers,
          a.switching_cost, a.substitutability, a.payment_reliability})
      num(v, 0);
    num(a.margin, 3);
    for (double v : {a.ease_of_business, a.purchasing_integration, a.cost_focus,
                     a.supplier_orientation, a.cross_functional, a.performance_measurement})
      num(v, 0);
    out << ',';
    text(a.served_role);
    num(a.churn_risk, 2);
    for (double v : {a.price_focus, a.technology_focus, a.service_focus, a.responsiveness,
                     a.loyalty, a.innovation_openness})
      num(v, 0);
    out << '\n';
  }
}

/// Returns the eight selection criteria of `rows` accounts as a matrix (kam::selection_catalogue
/// order), Scalar precision, without going through text: the input of the benchmarks. Beyond
/// `distinct` rows the accounts repeat (row i is account i % distinct), which keeps building a
/// ten-million-row matrix to seconds; the distribution of values is unchanged.
template <typename Scalar, int Options = Eigen::ColMajor>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Options> sample_criteria(
    Eigen::Index rows, std::uint64_t seed = default_seed, Eigen::Index distinct = 1 << 16) {
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Options> x(rows, 8);
  for (Eigen::Index i = 0; i < rows; ++i) {
    if (i >= distinct) {
      x.row(i) = x.row(i % distinct);
      continue;
    }
    const sample_account a = generate_account(seed, static_cast<std::uint64_t>(i));
    const double v[8] = {a.current_revenue, a.growth_potential,      a.cross_up_sell, a.win_expand,
                         a.effort,          a.relationship_strength, a.fit,           a.logo_value};
    for (Eigen::Index j = 0; j < 8; ++j) x(i, j) = static_cast<Scalar>(v[j]);
  }
  return x;
}

}  // namespace kam_examples
