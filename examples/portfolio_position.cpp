// Portfolio position of the key accounts: where we stand with each one (Kraljic from the
// supplier's side, supplier preferencing, the combined risk and posture), how mature its
// purchasing is and which seller role it needs, the shape of the relationship, and the focus.
//
//   portfolio_position [portfolio.csv [contacts.csv]] [--cap N] [--min-score S]
//
// Without files it reads the bundled sample (examples/data/sample_portfolio.csv and
// sample_contacts.csv). Key accounts are chosen as in select_key_accounts; every model runs over
// the whole portfolio (cut points, references and relative values are portfolio-wide) and the
// key accounts are printed.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <kam/kam.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/csv.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif
#ifndef KAM_SAMPLE_CONTACTS
#define KAM_SAMPLE_CONTACTS "examples/data/sample_contacts.csv"
#endif

namespace {

struct arguments {
  std::string portfolio = KAM_SAMPLE_DATA;
  std::string contacts = KAM_SAMPLE_CONTACTS;
  Eigen::Index cap = 30;
  double min_score = 55.0;
};

arguments parse(int argc, char** argv) {
  arguments a;
  int files = 0;
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
      std::cout << "usage: portfolio_position [portfolio.csv [contacts.csv]] [--cap N] "
                   "[--min-score S]\n";
      std::exit(0);
    } else if (!arg.empty() && arg[0] == '-') {
      throw std::invalid_argument("unknown option " + arg + " (see --help)");
    } else {
      (files++ == 0 ? a.portfolio : a.contacts) = arg;
    }
  }
  return a;
}

/// The columns named by `criteria`, in its order, as an accounts x criteria matrix.
Eigen::MatrixXd columns(const kam_examples::csv_table& t, const kam::criteria_set& criteria) {
  const auto n = static_cast<Eigen::Index>(t.rows.size());
  Eigen::MatrixXd x(n, criteria.size());
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    const std::size_t col = t.column(criteria[j].name);
    for (Eigen::Index i = 0; i < n; ++i) x(i, j) = t.number(static_cast<std::size_t>(i), col);
  }
  return x;
}

Eigen::VectorXd column(const kam_examples::csv_table& t, const char* name) {
  const std::size_t col = t.column(name);
  Eigen::VectorXd v(static_cast<Eigen::Index>(t.rows.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = t.number(static_cast<std::size_t>(i), col);
  return v;
}

/// The contact map, each line assigned to the row of its account.
std::vector<kam::contact> read_contacts(const kam_examples::csv_table& c,
                                        const kam_examples::csv_table& portfolio) {
  std::map<std::string, Eigen::Index> row_of;
  const std::size_t id = portfolio.column("id");
  for (std::size_t i = 0; i < portfolio.rows.size(); ++i)
    row_of[portfolio.text(i, id)] = static_cast<Eigen::Index>(i);
  const std::size_t account = c.column("account_id");
  const std::size_t ours = c.column("our_person");
  const std::size_t theirs = c.column("their_person");
  const std::size_t role = c.column("buying_role");
  const std::size_t level = c.column("hierarchy_level");
  const std::size_t function = c.column("function");
  const std::size_t weight = c.column("interaction_weight");
  const std::size_t days = c.column("days_since_contact");
  std::vector<kam::contact> out;
  out.reserve(c.rows.size());
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const auto found = row_of.find(c.text(i, account));
    if (found == row_of.end()) {
      throw kam::invalid_input({"kam::read_csv", "account_id", std::nullopt},
                               kam::detail::cat(c.source, ":", c.lines[i], ": account '",
                                                c.text(i, account), "' is not in the portfolio"));
    }
    out.push_back({found->second, c.text(i, ours), c.text(i, theirs),
                   kam::enum_from_name<kam::buying_role>(c.text(i, role), "buying_role"),
                   kam::enum_from_name<kam::hierarchy_level>(c.text(i, level), "hierarchy_level"),
                   kam::enum_from_name<kam::business_function>(c.text(i, function), "function"),
                   c.number(i, weight), c.number(i, days)});
  }
  return out;
}

const char* short_name(kam::posture p) {
  return kam::enum_name(p).data();  // enumerator names are string literals
}

int run(const arguments& args, const kam_examples::csv_table& t,
        const kam_examples::csv_table& contact_table) {
  const auto n = static_cast<Eigen::Index>(t.rows.size());

  // Key accounts, as in select_key_accounts.
  kam::score_options percent;
  percent.scale = kam::score_scale::percent;
  const auto selection = kam::selection_catalogue();
  const auto scored = kam::score(columns(t, selection), selection, percent);
  kam::key_account_policy policy;
  policy.cap = args.cap;
  policy.min_score = args.min_score;
  const auto key = kam::select_key_accounts(scored.scores, policy).accounts;

  // Where we stand: Kraljic from the supplier's side, preferencing, the combined position.
  const kam::kraljic_config kc;
  const auto kraljic =
      kam::kraljic(columns(t, kc.impact.criteria), columns(t, kc.risk.criteria), kc);
  const kam::preferencing_config pc;
  const Eigen::VectorXd revenue = column(t, "current_revenue");
  const auto preferencing = kam::preferencing(columns(t, pc.attractiveness.criteria), revenue, pc);
  const auto position = kam::position(kraljic, preferencing);

  // Purchasing maturity against the role each account is served with today.
  const kam::maturity_config mc;
  std::vector<kam::seller_role> served;
  const std::size_t served_col = t.column("served_role");
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    served.push_back(kam::enum_from_name<kam::seller_role>(t.text(i, served_col), "served_role"));
  const auto maturity = kam::maturity(columns(t, mc.dimensions), mc.dimensions.names(), served, mc);

  // Relationship structure and focus.
  const auto relationship = kam::relationship(read_contacts(contact_table, t), n);
  const auto focus = kam::focus(revenue, column(t, "category_wallet"),
                                column(t, "growth_potential"), column(t, "churn_risk"), key);

  std::printf("kam %s: portfolio position of the key accounts\n", kam::version_string);
  std::printf("portfolio: %s (%td accounts), contacts: %s (%zu lines)\n", args.portfolio.c_str(), n,
              args.contacts.c_str(), contact_table.rows.size());
  std::printf(
      "Kraljic cuts: impact %.2f, risk %.2f (midpoints; on the cut counts as high); "
      "relative value high from %.1f %% of our revenue\n\n",
      kraljic.impact_cut, kraljic.risk_cut, pc.value_edges[1] * 100);
  std::printf("%-9s  %-27s %-12s %-11s %-8s %-18s %-11s %-16s %-7s %-12s %-8s\n", "id", "name",
              "kraljic", "preferenc.", "risk", "posture", "stage", "role (today)", "fit", "shape",
              "focus");
  const std::size_t id = t.column("id");
  const std::size_t name = t.column("name");
  for (Eigen::Index k = 0; k < key.size(); ++k) {
    const auto r = static_cast<std::size_t>(key(k));
    const auto& rel = relationship.accounts[r];
    std::printf(
        "%-9s  %-27.27s %-12s %-11s %-8s %-18s %-11s %-16s %-7s %-12s %-8s\n",
        t.text(r, id).c_str(), t.text(r, name).c_str(), kam::enum_name(kraljic.quadrant[r]).data(),
        kam::enum_name(preferencing.quadrant[r]).data(), kam::enum_name(position.risk[r]).data(),
        short_name(position.posture[r]), kam::enum_name(maturity.stage[r]).data(),
        kam::enum_name(served[r]).data(), kam::enum_name(maturity.fit[r]).data(),
        kam::enum_name(rel.shape).data(), kam::enum_name(focus.focus[r]).data());
  }
  std::printf("\nover the whole portfolio:\n");
  std::printf("  Kraljic: strategic %td, leverage %td, bottleneck %td, non-critical %td\n",
              kraljic.counts[0], kraljic.counts[1], kraljic.counts[2], kraljic.counts[3]);
  std::printf("  preferencing: core %td, development %td, exploitable %td, nuisance %td\n",
              preferencing.counts[0], preferencing.counts[1], preferencing.counts[2],
              preferencing.counts[3]);
  std::printf("  relationship risk: low %td, moderate %td, high %td, critical %td\n",
              position.risk_counts[0], position.risk_counts[1], position.risk_counts[2],
              position.risk_counts[3]);
  std::printf(
      "  maturity: passive %td, independent %td, supportive %td, integrative %td; "
      "served behind the stage %td, ahead of it %td\n",
      maturity.stage_counts[0], maturity.stage_counts[1], maturity.stage_counts[2],
      maturity.stage_counts[3], maturity.behind, maturity.ahead);
  std::printf(
      "  relationships: no contact %td, bow-tie %td, intermediate %td, diamond %td; "
      "single-threaded %td\n",
      relationship.shape_counts[0], relationship.shape_counts[1], relationship.shape_counts[2],
      relationship.shape_counts[3], relationship.single_threaded);
  std::printf("  focus: win %td, expand %td, protect %td, maintain %td\n", focus.counts[0],
              focus.counts[1], focus.counts[2], focus.counts[3]);
  std::printf("  key accounts not among the %td largest by revenue: %td; largest not key: %td\n",
              key.size(), focus.key_not_largest.size(), focus.largest_not_key.size());
  std::printf("\npositioned %td key accounts of %td\n", key.size(), n);
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  const arguments args = parse(argc, argv);
  const auto table = kam_examples::read_csv_file(args.portfolio);
  const auto contacts = kam_examples::read_csv_file(args.contacts);
  try {
    return run(args, table, contacts);
  } catch (const kam::error& e) {
    // Rows are 0-based positions among the accounts; say which line of the file that is.
    std::cerr << "error: " << e.what();
    if (e.row() && static_cast<std::size_t>(*e.row()) < table.lines.size())
      std::cerr << " (" << args.portfolio << " line "
                << table.lines[static_cast<std::size_t>(*e.row())] << ')';
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
