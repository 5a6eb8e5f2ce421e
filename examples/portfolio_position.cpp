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
#include <kam/kam.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_SAMPLE_DATA
#define KAM_SAMPLE_DATA "examples/data/sample_portfolio.csv"
#endif
#ifndef KAM_SAMPLE_CONTACTS
#define KAM_SAMPLE_CONTACTS "examples/data/sample_contacts.csv"
#endif

namespace {

/// The contact map, each line assigned to the row of its account in `portfolio`.
std::vector<kam::contact> read_contacts(const kam_examples::csv_table& c,
                                        const kam_examples::csv_table& portfolio) {
  std::map<std::string, Eigen::Index> row_of;
  for (std::size_t i = 0; i < portfolio.rows.size(); ++i)
    row_of[portfolio.text(i, portfolio.column("id"))] = static_cast<Eigen::Index>(i);
  const auto col = [&](const char* name) { return c.column(name); };
  std::vector<kam::contact> out;
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const auto text = [&](const char* name) { return c.text(i, col(name)); };
    const auto found = row_of.find(text("account_id"));
    if (found == row_of.end()) {
      throw kam::invalid_input({"portfolio_position", "account_id"},
                               c.source + " line " + std::to_string(c.lines[i]) + ": account '" +
                                   text("account_id") + "' is not in the portfolio");
    }
    out.push_back({found->second, text("our_person"), text("their_person"),
                   kam::enum_from_name<kam::buying_role>(text("buying_role"), "buying_role"),
                   kam::enum_from_name<kam::hierarchy_level>(text("hierarchy_level"), "level"),
                   kam::enum_from_name<kam::business_function>(text("function"), "function"),
                   c.number(i, col("interaction_weight")), c.number(i, col("days_since_contact"))});
  }
  return out;
}

const char* name(auto value) { return kam::enum_name(value).data(); }  // names are literals

int run(const kam_examples::csv_table& t, const kam_examples::csv_table& contacts, Eigen::Index cap,
        double min_score) {
  const auto n = static_cast<Eigen::Index>(t.rows.size());
  // Key accounts, as in select_key_accounts.
  kam::score_options percent;
  percent.scale = kam::score_scale::percent;
  const auto selection = kam::selection_catalogue();
  const auto scored = kam::score(kam_examples::numbers(t, selection.names()), selection, percent);
  const auto key = kam::select_key_accounts(scored.scores, {cap, min_score}).accounts;

  // Where we stand: Kraljic from the supplier's side, preferencing, the combined position.
  const kam::kraljic_config kc;
  const auto kraljic = kam::kraljic(kam_examples::numbers(t, kc.impact.criteria.names()),
                                    kam_examples::numbers(t, kc.risk.criteria.names()), kc);
  const kam::preferencing_config pc;
  const Eigen::VectorXd revenue = kam_examples::numbers(t, "current_revenue");
  const auto preferencing =
      kam::preferencing(kam_examples::numbers(t, pc.attractiveness.criteria.names()), revenue, pc);
  const auto position = kam::position(kraljic, preferencing);

  // Purchasing maturity against the role each account is served with today.
  const kam::maturity_config mc;
  std::vector<kam::seller_role> served;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    served.push_back(kam::enum_from_name<kam::seller_role>(t.text(i, t.column("served_role"))));
  const auto maturity = kam::maturity(kam_examples::numbers(t, mc.dimensions.names()),
                                      mc.dimensions.names(), served, mc);

  // Relationship structure and focus.
  const auto relationship = kam::relationship(read_contacts(contacts, t), n);
  const auto focus = kam::focus(revenue, kam_examples::numbers(t, "category_wallet"),
                                kam_examples::numbers(t, "growth_potential"),
                                kam_examples::numbers(t, "churn_risk"), key);

  std::printf("kam %s: portfolio position of the key accounts (%td of %td accounts)\n",
              kam::version_string, key.size(), n);
  std::printf("Kraljic cuts: impact %.2f, risk %.2f (midpoints; on the cut counts as high)\n\n",
              kraljic.impact_cut, kraljic.risk_cut);
  std::printf("%-9s  %-12s %-11s %-8s %-18s %-11s %-16s %-7s %-12s %-8s\n", "id", "kraljic",
              "preferenc.", "risk", "posture", "stage", "role (today)", "fit", "shape", "focus");
  for (Eigen::Index k = 0; k < key.size(); ++k) {
    const auto r = static_cast<std::size_t>(key(k));
    std::printf("%-9s  %-12s %-11s %-8s %-18s %-11s %-16s %-7s %-12s %-8s\n",
                t.text(r, t.column("id")).c_str(), name(kraljic.quadrant[r]),
                name(preferencing.quadrant[r]), name(position.risk[r]), name(position.posture[r]),
                name(maturity.stage[r]), name(served[r]), name(maturity.fit[r]),
                name(relationship.accounts[r].shape), name(focus.focus[r]));
  }
  const auto& kq = kraljic.counts;
  std::printf(
      "\nKraljic over the portfolio: strategic %td, leverage %td, bottleneck %td, "
      "non-critical %td\n",
      kq[0], kq[1], kq[2], kq[3]);
  const auto& rc = position.risk_counts;
  std::printf("relationship risk: low %td, moderate %td, high %td, critical %td\n", rc[0], rc[1],
              rc[2], rc[3]);
  std::printf("served behind the purchasing stage %td, ahead of it %td; single-threaded %td\n",
              maturity.behind, maturity.ahead, relationship.single_threaded);
  std::printf("\npositioned %td key accounts of %td\n", key.size(), n);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv, "portfolio_position [portfolio.csv [contacts.csv]] [--cap N] [--min-score S]",
        {"cap", "min-score"});
    const std::string path = args.file(0, KAM_SAMPLE_DATA);
    const auto table = kam_examples::read_csv_file(path);
    const auto contacts = kam_examples::read_csv_file(args.file(1, KAM_SAMPLE_CONTACTS));
    return kam_examples::run_on_rows(path, table.lines, [&] {
      return run(table, contacts, static_cast<Eigen::Index>(args.count("cap", 30)),
                 args.number("min-score", 55.0));
    });
  });
}
