// Account plans and their review: how complete and fresh each plan is and what it lacks, in
// words; where each objective stands against its target and the time elapsed; the roll-up to
// accounts and the portfolio; and, for objectives measured at least three times, the trend and
// a forecast to the due date; account health over three as-of dates with why it changed and the
// accounts at risk; the whitespace of eight accounts over four offerings; and the next best play
// of each account, explained; and the KAM programme's self-assessment over the eight practices.
//
//   account_plans [plans_dir] [--as-of YYYY-MM-DD] [--objectives objectives.csv]
//
// Without arguments it reads the bundled sample (examples/data/plans/: plans.csv,
// sections.csv, objectives.csv, actuals.csv, health.csv, accounts.csv, offerings.csv,
// holdings.csv, practices.csv) as of 2026-06-30. kam never reads the clock.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <kam/plan.hpp>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_SAMPLE_PLANS
#define KAM_SAMPLE_PLANS "examples/data/plans"
#endif

namespace {

using kam_examples::csv_table;

/// Returns the parts of `text` between `sep` (none for empty text).
std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (!text.empty()) {
    const std::size_t at = text.find(sep, from);
    out.push_back(text.substr(from, at - from));
    if (at == std::string::npos) break;
    from = at + 1;
  }
  return out;
}

/// Returns people written "name:role;name:role" with roles of type Role.
template <typename Person, typename Role>
/// An unknown role is a kam::unknown_name naming the field and the plan's row.
std::vector<Person> people(const std::string& text, const char* field, std::ptrdiff_t row) {
  std::vector<Person> out;
  for (const std::string& p : split(text, ';')) {
    const std::size_t colon = p.rfind(':');
    const std::string role = colon == std::string::npos ? std::string() : p.substr(colon + 1);
    try {
      out.push_back({p.substr(0, colon == std::string::npos ? p.size() : colon),
                     kam::enum_from_name<Role>(role, field, "account_plans")});
    } catch (const kam::error& e) {
      e.rethrow_at({e.function(), e.field(), row});
    }
  }
  return out;
}

/// Returns the plans of plans.csv with their sections from sections.csv.
std::vector<kam::account_plan> read_plans(const csv_table& plans, const csv_table& sections) {
  std::vector<kam::account_plan> out;
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < plans.rows.size(); ++i) {
    const auto text = [&](const char* c) { return plans.text(i, plans.column(c)); };
    const auto row = static_cast<std::ptrdiff_t>(i);
    kam::account_plan p;
    p.account = text("account");
    p.step = kam::enum_from_name<kam::process_step>(text("step"), "step", "account_plans");
    p.customer_team = people<kam::stakeholder, kam::stakeholder_role>(text("customer_team"),
                                                                      "customer_team", row);
    p.our_team = people<kam::team_member, kam::team_role>(text("our_team"), "our_team", row);
    p.objectives = split(text("objectives"), ';');
    row_of[p.account] = out.size();
    out.push_back(std::move(p));
  }
  for (std::size_t i = 0; i < sections.rows.size(); ++i) {
    const auto text = [&](const char* c) { return sections.text(i, sections.column(c)); };
    const auto row = static_cast<std::ptrdiff_t>(i);
    const auto plan = row_of.find(text("account"));
    if (plan == row_of.end()) {
      throw kam::invalid_input({"account_plans", "account", row},
                               "the section's account has no plan in plans.csv");
    }
    const auto s = kam::enum_from_name<kam::plan_section>(text("section"), "section");
    auto& entry = out[plan->second].sections[static_cast<std::size_t>(s)];
    entry.content = true;
    entry.owner = text("owner");
    if (!text("updated").empty()) {
      entry.updated = kam::parse_date(text("updated"), "updated", row, "account_plans");
    }
  }
  return out;
}

/// Returns the objectives of objectives.csv (rows in file order) with the actuals of actuals.csv.
std::vector<kam::objective> read_objectives(const csv_table& t, const csv_table& actuals) {
  std::vector<kam::objective> out;
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto text = [&](const char* c) { return t.text(i, t.column(c)); };
    const auto row = static_cast<std::ptrdiff_t>(i);
    kam::objective o;
    o.id = text("id");
    o.account = text("account");
    o.start_value = t.number(i, t.column("start_value"));
    o.target = t.number(i, t.column("target"));
    o.start_date = kam::parse_date(text("start_date"), "start_date", row, "account_plans");
    o.due_date = kam::parse_date(text("due_date"), "due_date", row, "account_plans");
    o.weight = t.number(i, t.column("weight"));
    row_of.emplace(o.id, out.size());
    out.push_back(std::move(o));
  }
  for (std::size_t i = 0; i < actuals.rows.size(); ++i) {
    const auto row = static_cast<std::ptrdiff_t>(i);
    const auto o = row_of.find(actuals.text(i, actuals.column("objective")));
    if (o == row_of.end()) continue;  // an actual of an objective not reviewed here
    out[o->second].actuals.push_back(
        {kam::parse_date(actuals.text(i, actuals.column("date")), "date", row, "account_plans"),
         actuals.number(i, actuals.column("value"))});
  }
  return out;
}

const char* name(auto value) { return kam::enum_name(value).data(); }  // names are literals

void print_plans(const std::vector<kam::account_plan>& plans, std::chrono::sys_days as_of) {
  const kam::plan_config config;  // the documented default weights, review every 90 days
  const auto scores = kam::score_plans(kam::make_plan_table(plans), as_of, config);
  std::printf("account plans as of %s (review every %d days)\n", kam::format_date(as_of).c_str(),
              config.review_interval_days);
  std::printf("%-8s %-14s %12s %10s\n", "account", "step", "completeness", "freshness");
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    std::printf("%-8s %-14s %11.0f%% %9.0f%%\n", plans[i].account.c_str(), name(plans[i].step),
                100 * scores.completeness(row), 100 * scores.freshness(row));
    for (const std::string& gap : kam::plan_gaps(scores, row))
      std::printf("    - %s\n", gap.c_str());
  }
}

int review(const std::vector<kam::objective>& objectives, std::chrono::sys_days as_of) {
  const auto r = kam::review_objectives(objectives, as_of);
  std::printf(
      "\nobjectives (linear pace; on track from 90 %% of the progress expected, at risk "
      "from 70 %%)\n");
  std::printf("%-14s %-8s %9s %10s %9s %9s  %s\n", "objective", "account", "actual", "attained",
              "expected", "gap", "status");
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    std::printf("%-14s %-8s %9.4g %9.0f%% %8.0f%% %+8.0f%%  %s\n", objectives[i].id.c_str(),
                objectives[i].account.c_str(), r.actual(k), 100 * r.attainment(k),
                100 * r.expected(k), 100 * r.pace_gap(k), name(r.status[i]));
  }
  const auto u = kam::roll_up(objectives, r);
  std::printf("\nby account (weighted by objective weight)\n");
  for (std::size_t a = 0; a < u.account.size(); ++a) {
    const auto k = static_cast<Eigen::Index>(a);
    std::printf("%-8s %td objective(s) attained %3.0f%% of target, %3.0f%% expected: %s\n",
                u.account[a].c_str(), u.objectives(k), 100 * u.attainment(k), 100 * u.expected(k),
                name(u.status[a]));
  }
  std::printf("portfolio: attained %.0f%% of target, %.0f%% expected: %s\n",
              100 * u.portfolio_attainment, 100 * u.portfolio_expected, name(u.portfolio_status));

  std::printf("\ntrend of each objective measured at least 3 times, forecast to its due date\n");
  for (const kam::objective& o : objectives) {
    if (o.actuals.size() < 3) continue;
    std::vector<std::chrono::sys_days> dates;
    Eigen::VectorXd values(static_cast<Eigen::Index>(o.actuals.size()));
    for (std::size_t k = 0; k < o.actuals.size(); ++k) {
      dates.push_back(o.actuals[k].date);
      values(static_cast<Eigen::Index>(k)) = o.actuals[k].value;
    }
    const auto kpi = kam::review_kpi(dates, values, as_of, o.due_date);
    const bool reaches =
        o.target > o.start_value ? kpi.forecast.value >= o.target : kpi.forecast.value <= o.target;
    std::printf(
        "%-14s %+.3f a day (se %.3f); at %s: %.4g, 95%% interval [%.4g, %.4g]; target "
        "%.4g %s\n",
        o.id.c_str(), kpi.trend.slope, kpi.trend.slope_se, kam::format_date(o.due_date).c_str(),
        kpi.forecast.value, kpi.forecast.low, kpi.forecast.high, o.target,
        reaches ? "in reach" : "missed on this trend");
  }
  std::printf("\nreviewed %zu objectives: %td on track, %td at risk, %td off track\n",
              objectives.size(), r.status_counts[0], r.status_counts[1], r.status_counts[2]);
  return 0;
}

/// Returns column `name` of `t` as numbers (an empty field is NaN, a missing value).
Eigen::VectorXd column(const csv_table& t, const char* name) {
  return kam_examples::numbers(t, std::string(name));
}

/// Health of the accounts in health.csv (rows: account, date, churn, then one contribution
/// column per criterion; the score is their sum, as kam::contributions adds up to kam::score).
struct health_data {
  std::vector<std::string> account;            // in order of first appearance
  std::vector<std::string> dates;              // the as-of dates, oldest first
  std::vector<std::string> criteria;           // the contribution columns
  Eigen::MatrixXd scores;                      // accounts x dates
  Eigen::MatrixXd churn;                       // accounts x dates
  std::vector<Eigen::MatrixXd> contributions;  // one accounts x criteria matrix per date
};

health_data read_health(const csv_table& t) {
  health_data h;
  const std::size_t first = t.column("churn") + 1;
  for (std::size_t c = first; c < t.header.size(); ++c) h.criteria.push_back(t.header[c]);
  std::map<std::string, std::size_t> row_of, date_of;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::string a = t.text(i, t.column("account")), d = t.text(i, t.column("date"));
    (void)kam::parse_date(d, "date", static_cast<std::ptrdiff_t>(i), "account_plans");
    if (row_of.emplace(a, h.account.size()).second) h.account.push_back(a);
    if (date_of.emplace(d, h.dates.size()).second) h.dates.push_back(d);
  }
  const auto n = static_cast<Eigen::Index>(h.account.size());
  const auto dates = static_cast<Eigen::Index>(h.dates.size());
  const auto k = static_cast<Eigen::Index>(h.criteria.size());
  // ISO dates sort as text; a cell without a row stays NaN, which kam rejects with its row.
  std::vector<std::string> sorted = h.dates;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t d = 0; d < sorted.size(); ++d) date_of[sorted[d]] = d;
  h.dates = sorted;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  h.scores = Eigen::MatrixXd::Constant(n, dates, nan);
  h.churn = Eigen::MatrixXd::Constant(n, dates, nan);
  h.contributions.assign(h.dates.size(), Eigen::MatrixXd::Constant(n, k, nan));
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto a = static_cast<Eigen::Index>(row_of[t.text(i, t.column("account"))]);
    const std::size_t d = date_of[t.text(i, t.column("date"))];
    const auto e = static_cast<Eigen::Index>(d);
    h.churn(a, e) = t.number(i, t.column("churn"));
    double score = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      const double c = t.number(i, first + static_cast<std::size_t>(j));
      h.contributions[d](a, j) = c;
      score += c;
    }
    h.scores(a, e) = score;
  }
  return h;
}

void print_health(const health_data& h, const std::map<std::string, double>& revenue) {
  const kam::health_options options;  // red < 0.4 <= amber < 0.7 <= green, dead band 0.02
  const auto history = kam::track_health(h.scores, options);
  const auto last = static_cast<Eigen::Index>(h.dates.size()) - 1;
  const auto why =
      kam::explain_health_change(h.scores, h.contributions, h.criteria, last - 1, last, options);
  std::printf(
      "\nhealth (kam's score) on %zu dates, %s to %s; bands red < 0.4 <= amber < 0.7 <= "
      "green, dead band 0.02\n",
      h.dates.size(), h.dates.front().c_str(), h.dates.back().c_str());
  for (std::size_t i = 0; i < h.account.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    std::printf("%-8s", h.account[i].c_str());
    for (Eigen::Index t = 0; t <= last; ++t) {
      std::printf(" %5.2f %-5s", h.scores(row, t),
                  history.band_names[history.band(row, t)].c_str());
    }
    std::printf("\n    last period: %s\n", kam::health_change_words(why, row).c_str());
  }
  Eigen::VectorXd at_stake(static_cast<Eigen::Index>(h.account.size()));
  for (std::size_t i = 0; i < h.account.size(); ++i) {
    at_stake(static_cast<Eigen::Index>(i)) = revenue.at(h.account[i]);
  }
  const auto risk = kam::find_at_risk(h.scores, at_stake, h.churn, options);
  std::printf(
      "\nat risk in the last period (health fell more than %.2g, or churn probability "
      "rose more than %.2g), most revenue at stake first\n",
      options.fall_threshold, options.churn_rise_threshold);
  for (Eigen::Index k = 0; k < risk.row.size(); ++k) {
    std::printf("%-8s %s\n", h.account[static_cast<std::size_t>(risk.row(k))].c_str(),
                kam::at_risk_reason(risk, k).c_str());
  }
  std::printf("%td accounts at risk, revenue at stake %.0f\n", risk.row.size(),
              risk.revenue_at_stake);
}

/// Returns the holdings of holdings.csv over the accounts of accounts.csv and the offerings of
/// offerings.csv; a cell not listed is open.
kam::holdings_table read_holdings(const csv_table& accounts, const csv_table& offerings,
                                  const csv_table& t) {
  kam::holdings_table h;
  std::map<std::string, std::size_t> account_of, offering_of;
  for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
    account_of.emplace(accounts.text(i, accounts.column("account")), i);
  }
  for (std::size_t j = 0; j < offerings.rows.size(); ++j) {
    h.offerings.push_back(offerings.text(j, offerings.column("offering")));
    offering_of.emplace(h.offerings.back(), j);
  }
  h.cells.assign(accounts.rows.size() * h.offerings.size(), kam::cell_state::open);
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto row = static_cast<std::ptrdiff_t>(i);
    const auto a = account_of.find(t.text(i, t.column("account")));
    const auto o = offering_of.find(t.text(i, t.column("offering")));
    if (a == account_of.end() || o == offering_of.end()) {
      throw kam::invalid_input(
          {"account_plans", a == account_of.end() ? "account" : "offering", row},
          "not in accounts.csv or offerings.csv");
    }
    try {
      h.cells[a->second * h.offerings.size() + o->second] = kam::enum_from_name<kam::cell_state>(
          t.text(i, t.column("state")), "state", "account_plans");
    } catch (const kam::error& e) {
      e.rethrow_at({e.function(), e.field(), row});
    }
  }
  return h;
}

void print_whitespace_and_plays(const std::string& dir, const health_data& h) {
  const csv_table accounts = kam_examples::read_csv_file(dir + "/accounts.csv");
  const csv_table offerings = kam_examples::read_csv_file(dir + "/offerings.csv");
  const auto holdings =
      read_holdings(accounts, offerings, kam_examples::read_csv_file(dir + "/holdings.csv"));
  std::vector<std::string> ids, segments;
  for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
    ids.push_back(accounts.text(i, accounts.column("account")));
    segments.push_back(accounts.text(i, accounts.column("segment")));
  }
  const kam::whitespace_options options;  // 2 pseudo-peers at the offering's overall rate
  const kam::index_vector group = kam::label_codes(segments);
  const auto ws = kam::whitespace_by_price(holdings, group, column(offerings, "price"), options);
  std::printf(
      "\nwhitespace: open offerings at their price x propensity among the same segment "
      "(smoothed toward the offering's rate with %g pseudo-peers)\n",
      options.smoothing);
  std::printf("%-8s %-10s %11s %4s %10s  %s\n", "account", "segment", "penetration", "open",
              "expansion", "best openings (propensity)");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    std::string best;
    for (const Eigen::Index j : kam::best_openings(ws, holdings, group, row, 2)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s (%.2f)", best.empty() ? "" : ", ",
                    holdings.offerings[static_cast<std::size_t>(j)].c_str(),
                    ws.group_propensity(group(row), j));
      best += buf;
    }
    std::printf("%-8s %-10s %10.0f%% %4td %10.0f  %s\n", ids[i].c_str(), segments[i].c_str(),
                100 * ws.account_penetration(row), ws.open(row), ws.expected_expansion(row),
                best.c_str());
  }

  // The next best play: P(churn) is the latest churn of health.csv (missing for the accounts
  // without a health history), CLV, gap and value to win from accounts.csv (empty: missing).
  const auto n = static_cast<Eigen::Index>(ids.size());
  Eigen::VectorXd churn = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t a = 0; a < h.account.size(); ++a) {
    const auto at = std::find(ids.begin(), ids.end(), h.account[a]);
    if (at != ids.end()) {
      churn(at - ids.begin()) = h.churn(static_cast<Eigen::Index>(a), h.churn.cols() - 1);
    }
  }
  const auto plays = kam::next_best_play(churn, column(accounts, "clv"), ws.expected_expansion,
                                         column(accounts, "gap"), column(accounts, "value_to_win"));
  std::printf(
      "\nnext best play (protect = P(churn) x CLV, expand = expected expansion, win = gap "
      "x value to win; ties: protect, expand, win)\n");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::printf("%-8s %s\n", ids[i].c_str(),
                kam::play_reason(plays, static_cast<Eigen::Index>(i)).c_str());
  }
  std::printf("plays: %td win, %td expand, %td protect, %td maintain\n", plays.counts[0],
              plays.counts[1], plays.counts[2], plays.counts[3]);
}

/// Scores practices.csv: one row per respondent, one column per practice (kam_practice names),
/// each a level name of the default scale; empty: not answered.
void print_self_assessment(const csv_table& t) {
  const kam::assessment_config config;  // absent, initial, developing, established, leading
  Eigen::MatrixXd answers(static_cast<Eigen::Index>(t.rows.size()),
                          static_cast<Eigen::Index>(kam::kam_practice_count));
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    for (std::size_t p = 0; p < kam::kam_practice_count; ++p) {
      const std::string level = t.text(i, t.column(name(static_cast<kam::kam_practice>(p))));
      answers(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(p)) =
          level.empty() ? std::numeric_limits<double>::quiet_NaN()
                        : static_cast<double>(
                              kam::level_index(config, level, static_cast<std::ptrdiff_t>(i)));
    }
  }
  const auto r = kam::assess_programme(answers, config);
  std::printf(
      "\nKAM programme self-assessment (%td respondents): maturity %.2f (%s), %.0f%% of "
      "the weight answered\n",
      answers.rows(), r.maturity, r.maturity_level.c_str(), 100 * r.coverage);
  for (const kam::kam_practice p : r.weakest) {
    const auto k = static_cast<Eigen::Index>(p);
    std::printf("  %4.2f %-11s %s\n", r.score(k), r.level[static_cast<std::size_t>(k)].c_str(),
                kam::practice_text(p).data());
  }
  for (const std::string& gap : kam::assessment_gaps(r)) std::printf("    - %s\n", gap.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv, "account_plans [plans_dir] [--as-of YYYY-MM-DD] [--objectives file.csv]",
        {"as-of", "objectives"});
    const std::string dir = args.file(0, KAM_SAMPLE_PLANS);
    const auto as_of = kam::parse_date(args.text("as-of", "2026-06-30"), "--as-of");
    const auto plans = read_plans(kam_examples::read_csv_file(dir + "/plans.csv"),
                                  kam_examples::read_csv_file(dir + "/sections.csv"));
    print_plans(plans, as_of);
    const std::string objectives_path = args.text("objectives", dir + "/objectives.csv");
    const csv_table objectives = kam_examples::read_csv_file(objectives_path);
    const auto list =
        read_objectives(objectives, kam_examples::read_csv_file(dir + "/actuals.csv"));
    const int status = kam_examples::run_on_rows(objectives_path, objectives.lines,
                                                 [&] { return review(list, as_of); });
    if (status != 0) return status;
    const std::string health_path = dir + "/health.csv";
    const csv_table health_table = kam_examples::read_csv_file(health_path);
    const health_data health = read_health(health_table);
    std::map<std::string, double> revenue;
    const csv_table accounts = kam_examples::read_csv_file(dir + "/accounts.csv");
    for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
      revenue[accounts.text(i, accounts.column("account"))] =
          accounts.number(i, accounts.column("revenue"));
    }
    const int health_status = kam_examples::run_on_rows(health_path, health_table.lines, [&] {
      print_health(health, revenue);
      print_whitespace_and_plays(dir, health);
      return 0;
    });
    if (health_status != 0) return health_status;
    const std::string practices_path = dir + "/practices.csv";
    const csv_table practices = kam_examples::read_csv_file(practices_path);
    return kam_examples::run_on_rows(practices_path, practices.lines, [&] {
      print_self_assessment(practices);
      return 0;
    });
  });
}
