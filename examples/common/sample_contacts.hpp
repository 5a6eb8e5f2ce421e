// The deterministic generator of the contact maps of kam's sample portfolio (examples, tests).
//
// Like sample_portfolio.hpp: every account's contacts come from their own splitmix64 stream,
// seeded by (seed, row) and a tag of their own, so account i's contacts are the same whatever the
// number of accounts (the bundled file is the first 300), and the uniforms come from the formulas
// of splitmix64 (no std:: distributions), one draw per statement, so any compiler gives the same
// file. Breadth follows the account: stronger relationships and larger customers have more people
// in touch on both sides. Most maps come out as bow-ties or in between; a few are diamonds, where
// several of our people talk to peers at several levels and functions.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "sample_portfolio.hpp"

namespace kam_examples {

/// One line of a sample contact map (names as in kam's enums: buying_role, hierarchy_level,
/// business_function).
struct sample_contact {
  std::string account_id, our_person, their_person, role, level, function;
  double weight = 0;  // interactions a month
  double days = 0;    // days since the last interaction
};

namespace detail {

/// A person at the customer: buying-group role, hierarchy level, function.
struct their_template {
  const char* role;
  const char* level;
  const char* function;
};

/// The people a relationship reaches, in the order it typically reaches them: the buyer first.
inline const std::array<their_template, 9> their_people{{
    {"buyer", "middle", "purchasing"},
    {"user", "operational", "operations"},
    {"decider", "executive", "general_management"},
    {"influencer", "senior", "engineering"},
    {"gatekeeper", "middle", "purchasing"},
    {"influencer", "middle", "finance"},
    {"initiator", "operational", "quality"},
    {"user", "middle", "logistics"},
    {"decider", "senior", "finance"},
}};

/// Our people: the key account manager first, then the team a diamond brings in.
inline const std::array<const char*, 6> our_roles{"kam",
                                                  "sales_engineer",
                                                  "service_manager",
                                                  "executive_sponsor",
                                                  "finance_partner",
                                                  "operations_lead"};

}  // namespace detail

/// Returns the contact map of account `row` of the portfolio drawn with `seed`.
inline std::vector<sample_contact> generate_contacts(std::uint64_t seed, std::uint64_t row) {
  const sample_account a = generate_account(seed, row);
  splitmix64 g(seed ^ (row * 0xD1B54A32D192ED03ULL) ^ 0x636F6E7461637473ULL);  // "contacts"
  g.next();
  // Depth of the relationship: relationship strength and size, plus noise.
  const double noise = g.normal();
  const double depth = 0.6 * (a.relationship_strength - 3.0) +
                       0.4 * std::log10(static_cast<double>(a.employees) / 300.0) + 0.55 * noise;
  int ours = 1;
  int theirs = 1;
  if (depth >= 1.3) {  // diamond: a team on each side
    const int extra_ours = g.below(3);
    const int extra_theirs = g.below(4);
    ours = 4 + extra_ours;
    theirs = 5 + extra_theirs;
  } else if (depth >= -0.35) {  // in between
    const int extra_ours = g.below(2);
    const int extra_theirs = g.below(3);
    ours = 2 + extra_ours;
    theirs = 2 + extra_theirs;
  } else {  // bow-tie: the key account manager and the buyer, sometimes a user too
    const double u = g.uniform();
    theirs = u < 0.35 ? 2 : 1;
  }
  // Our people are shared across accounts (a key account manager has several accounts).
  const auto our_id = [&](int k) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s-%02llu", detail::our_roles[static_cast<std::size_t>(k)],
                  static_cast<unsigned long long>(row % (k == 0 ? 40 : 15) + 1));
    return std::string(buf);
  };
  const auto their_id = [&](int p) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s-P%d", a.id.c_str(), p + 1);
    return std::string(buf);
  };
  std::vector<sample_contact> out;
  const auto add = [&](int o, int t, double weight) {
    const auto& tp = detail::their_people[static_cast<std::size_t>(t)];
    sample_contact c{a.id, our_id(o), their_id(t), tp.role, tp.level, tp.function, weight, 0.0};
    const double stale = g.uniform();
    const double age = g.uniform();
    c.days = stale < 0.1 ? std::round(181.0 + 220.0 * age) : std::round(90.0 * age);
    out.push_back(c);
  };
  const auto weight = [&](double low, double high) {
    return std::round((low + (high - low) * g.uniform()) * 2.0) / 2.0;  // halves of a meeting
  };
  // The key account manager talks to the buyer, and to everyone in a bow-tie.
  add(0, 0, weight(2.0, 6.0));
  if (ours == 1) {
    for (int t = 1; t < theirs; ++t) add(0, t, weight(0.5, 1.5));
    return out;
  }
  // A team: each of our people talks to one or two peers; the lead also reaches the decider.
  for (int o = 1; o < ours; ++o) {
    const int peer = 1 + (o - 1) % (theirs - 1);
    add(o, peer, weight(1.0, 3.0));
    const double second = g.uniform();
    if (theirs > 2 && second < 0.5) add(o, 1 + o % (theirs - 1), weight(0.5, 2.0));
  }
  for (int t = ours; t < theirs; ++t) add(static_cast<int>(t % ours), t, weight(0.5, 2.0));
  if (theirs > 2) add(0, 2, weight(0.5, 2.0));
  return out;
}

/// Returns the column names of the sample contacts CSV, in order.
inline std::vector<std::string> contact_columns() {
  return {"account_id",      "our_person", "their_person",       "buying_role",
          "hierarchy_level", "function",   "interaction_weight", "days_since_contact"};
}

/// Writes the contact maps of the first `rows` accounts as CSV, header first.
inline void write_contacts_csv(std::ostream& out, std::uint64_t rows,
                               std::uint64_t seed = default_seed) {
  const auto cols = contact_columns();
  for (std::size_t c = 0; c < cols.size(); ++c) out << (c ? "," : "") << cols[c];
  out << '\n';
  char buf[64];
  for (std::uint64_t r = 0; r < rows; ++r) {
    for (const auto& c : generate_contacts(seed, r)) {
      out << c.account_id << ',' << c.our_person << ',' << c.their_person << ',' << c.role << ','
          << c.level << ',' << c.function;
      std::snprintf(buf, sizeof buf, ",%.1f,%.0f\n", c.weight, c.days);
      out << buf;
    }
  }
}

}  // namespace kam_examples
