// `kam plan`: the account plans of a portfolio (plans.csv and sections.csv, as in
// examples/data/plans) scored as of a date: completeness, freshness and what each plan lacks in
// words, the process step, and, given the files, the roll-up of the account's objectives, its
// whitespace and its next best play. `kam report --plans DIR` adds the "Account plans" section.
#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <kam/plan.hpp>
#include <kam/version.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "command.hpp"
#include "csv.hpp"
#include "located_error.hpp"
#include "output.hpp"
#include "report.hpp"
#include "setup.hpp"
#include "suggest.hpp"
#include "svg.hpp"

namespace kam_tool {
namespace {

constexpr const char* function_name = "kam plan";

/// The objectives roll-up of one account (with --objectives).
struct plan_objectives_columns {
  long long count = 0;                ///< objectives of the account in the objectives file
  std::optional<double> attainment;   ///< weighted mean attainment (none without objectives)
  std::optional<double> expected;     ///< weighted mean share expected by now
  std::optional<std::string> status;  ///< on_track, at_risk, off_track
};
BOOST_DESCRIBE_STRUCT(plan_objectives_columns, (), (count, attainment, expected, status))

/// The whitespace of one account (with --holdings).
struct plan_whitespace_columns {
  long long owned = 0, pipeline = 0, open = 0;
  double penetration = 0;         ///< owned / eligible offerings
  double open_value = 0;          ///< value of the open offerings
  double expected_expansion = 0;  ///< sum of value x propensity over the open offerings
  std::string best;               ///< up to three open offerings, most expected value first
};
BOOST_DESCRIBE_STRUCT(plan_whitespace_columns, (),
                      (owned, pipeline, open, penetration, open_value, expected_expansion, best))

/// The next best play of one account (with --accounts or --holdings).
struct plan_play_columns {
  kam::account_focus play = kam::account_focus::maintain;
  double value = 0;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(plan_play_columns, (), (play, value, reason))

/// One account's row of `kam plan`.
struct plan_row {
  std::string account;
  kam::process_step step = kam::process_step::plan;
  double completeness = 0, freshness = 0;
  long long gaps = 0;
  std::string missing;
  std::optional<plan_objectives_columns> objectives;
  std::optional<plan_whitespace_columns> whitespace;
  std::optional<plan_play_columns> next;
};
BOOST_DESCRIBE_STRUCT(plan_row, (),
                      (account, step, completeness, freshness, gaps, missing, objectives,
                       whitespace, next))

/// The files of one run; empty: not given.
struct plan_paths {
  std::string plans, sections, objectives, actuals, holdings, offerings, accounts;
};

/// Reads `path` ("-": standard input) with the dialect of the command line.
csv_table read_table(const invocation& args, const std::string& path) {
  if (path == "-") return read_csv(*args.in, "<stdin>", dialect_of(args));
  return read_csv_file(path, dialect_of(args));
}

/// Returns the position of column `name` of `t`; throws located_error at the header otherwise.
std::size_t need_column(const csv_table& t, std::string_view name) {
  if (const auto c = t.find(name)) return *c;
  throw located_error(function_name, std::string(name), {t.source, 1, 1},
                      fmt::format("no column '{}'; {}the columns are {}", name,
                                  did_you_mean(name, t.header), quoted_list(t.header)));
}

/// Returns the date in field (r, c) of `t`; throws located_error for text that is not a date
/// or a date after `as_of`.
std::chrono::sys_days date_field(const csv_table& t, std::size_t r, std::size_t c,
                                 std::optional<std::chrono::sys_days> as_of) {
  const std::string text = t.text(r, c);
  std::chrono::sys_days day{};
  try {
    day = kam::parse_date(text, t.header[c], static_cast<std::ptrdiff_t>(r), function_name);
  } catch (const kam::error&) {
    throw located_error(function_name, t.header[c], t.position(r, c),
                        fmt::format("'{}' is not a YYYY-MM-DD date", text));
  }
  if (as_of && day > *as_of) {
    throw located_error(function_name, t.header[c], t.position(r, c),
                        fmt::format("{} is after the as-of date {} (a date in the future)", text,
                                    kam::format_date(*as_of)));
  }
  return day;
}

/// Returns the number in field (r, c) of `t`; throws located_error when it is missing.
double number_field(const csv_table& t, std::size_t r, std::size_t c) {
  const double v = t.number(r, c);
  if (std::isnan(v)) throw located_error(function_name, t.header[c], t.position(r, c), "no value");
  return v;
}

/// Returns the people of a team field, "name:role;name:role".
template <typename Person, typename Role>
std::vector<Person> people(const csv_table& t, std::size_t r, std::size_t c,
                           std::string_view what) {
  std::vector<Person> out;
  for (const std::string& p : split_list(t.text(r, c), ';')) {
    if (p.empty()) continue;
    const std::size_t colon = p.rfind(':');
    if (colon == std::string::npos) {
      throw located_error(function_name, t.header[c], t.position(r, c),
                          fmt::format("'{}' has no role (write name:role)", p));
    }
    out.push_back(
        {p.substr(0, colon), enum_field<Role>(p.substr(colon + 1), t.position(r, c), what)});
  }
  return out;
}

/// The plans read, with where each came from.
struct plan_input {
  csv_table plans;
  std::vector<kam::account_plan> list;
  std::unordered_map<std::string, std::size_t> row_of;  ///< account id -> row of the plans file
};

plan_input read_plans(const invocation& args, const plan_paths& paths,
                      std::chrono::sys_days as_of) {
  plan_input in;
  in.plans = read_table(args, paths.plans);
  const csv_table& t = in.plans;
  const std::size_t account = need_column(t, "account");
  const std::size_t step = need_column(t, "step");
  const auto customer = t.find("customer_team");
  const auto ours = t.find("our_team");
  const auto objectives = t.find("objectives");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    kam::account_plan p;
    p.account = t.text(r, account);
    if (p.account.empty())
      throw located_error(function_name, "account", t.position(r, account), "no account id");
    const auto [it, added] = in.row_of.emplace(p.account, r);
    if (!added) {
      throw located_error(function_name, "account", t.position(r, account),
                          fmt::format("account '{}' has a plan already, on line {}", p.account,
                                      t.lines[it->second]));
    }
    if (!t.rows[r][step])
      throw located_error(function_name, "step", t.position(r, step), "no process step");
    p.step = enum_field<kam::process_step>(t.text(r, step), t.position(r, step), "process step");
    if (customer) {
      p.customer_team =
          people<kam::stakeholder, kam::stakeholder_role>(t, r, *customer, "stakeholder role");
    }
    if (ours) p.our_team = people<kam::team_member, kam::team_role>(t, r, *ours, "team role");
    if (objectives) {
      for (const std::string& id : split_list(t.text(r, *objectives), ';'))
        if (!id.empty()) p.objectives.push_back(id);
    }
    in.list.push_back(std::move(p));
  }
  if (in.list.empty()) throw located_error(function_name, "", {t.source, 0, 0}, "no plans");
  if (paths.sections.empty()) return in;

  const csv_table s = read_table(args, paths.sections);
  const std::size_t s_account = need_column(s, "account");
  const std::size_t section = need_column(s, "section");
  const auto owner = s.find("owner");
  const auto updated = s.find("updated");
  std::vector<std::size_t> first_line(in.list.size() * kam::plan_section_count, 0);
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const std::string id = s.text(r, s_account);
    const auto plan = in.row_of.find(id);
    if (plan == in.row_of.end()) {
      throw located_error(function_name, "account", s.position(r, s_account),
                          fmt::format("account '{}' has no plan in {}", id, t.source));
    }
    const auto which =
        enum_field<kam::plan_section>(s.text(r, section), s.position(r, section), "plan section");
    const std::size_t slot =
        plan->second * kam::plan_section_count + static_cast<std::size_t>(which);
    if (first_line[slot] != 0) {
      throw located_error(function_name, "section", s.position(r, section),
                          fmt::format("section '{}' of '{}' is given already, on line {}",
                                      kam::enum_name(which), id, first_line[slot]));
    }
    first_line[slot] = s.lines[r];
    auto& entry = in.list[plan->second].sections[static_cast<std::size_t>(which)];
    entry.content = true;
    if (owner) entry.owner = s.text(r, *owner);
    if (updated && s.rows[r][*updated]) entry.updated = date_field(s, r, *updated, as_of);
  }
  return in;
}

/// Throws `e` as a located_error at the row of `t` it names (at the column named by its field
/// when `t` has one), or rethrows it as it is when it names no row.
[[noreturn]] void locate(const kam::error& e, const csv_table& t,
                         const std::vector<std::size_t>& rows) {
  if (!e.row() || *e.row() < 0 || static_cast<std::size_t>(*e.row()) >= rows.size()) throw;
  const std::size_t r = rows[static_cast<std::size_t>(*e.row())];
  const std::size_t c = t.find(e.field()).value_or(0);
  throw located_error(function_name, e.field(), t.position(r, c), e.reason());
}

/// The objectives read, with the row of the objectives file of each.
struct objectives_input {
  csv_table table;
  std::vector<kam::objective> list;
};

objectives_input read_objectives(const invocation& args, const plan_paths& paths,
                                 const plan_input& plans, std::chrono::sys_days as_of) {
  objectives_input in;
  in.table = read_table(args, paths.objectives);
  const csv_table& t = in.table;
  const std::size_t id = need_column(t, "id"), account = need_column(t, "account");
  const std::size_t start_value = need_column(t, "start_value"), target = need_column(t, "target");
  const std::size_t start_date = need_column(t, "start_date");
  const std::size_t due_date = need_column(t, "due_date");
  const auto weight = t.find("weight");
  std::unordered_map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    kam::objective o;
    o.id = t.text(r, id);
    if (o.id.empty())
      throw located_error(function_name, "id", t.position(r, id), "no objective id");
    if (const auto [it, added] = row_of.emplace(o.id, r); !added) {
      throw located_error(
          function_name, "id", t.position(r, id),
          fmt::format("objective '{}' is given already, on line {}", o.id, t.lines[it->second]));
    }
    o.account = t.text(r, account);
    if (!plans.row_of.contains(o.account)) {
      throw located_error(
          function_name, "account", t.position(r, account),
          fmt::format("account '{}' has no plan in {}", o.account, plans.plans.source));
    }
    o.start_value = number_field(t, r, start_value);
    o.target = number_field(t, r, target);
    o.start_date = date_field(t, r, start_date, std::nullopt);
    o.due_date = date_field(t, r, due_date, std::nullopt);
    if (weight && t.rows[r][*weight]) o.weight = t.number(r, *weight);
    in.list.push_back(std::move(o));
  }
  if (in.list.empty()) throw located_error(function_name, "", {t.source, 0, 0}, "no objectives");
  if (paths.actuals.empty()) return in;

  const csv_table a = read_table(args, paths.actuals);
  const std::size_t objective = need_column(a, "objective"), date = need_column(a, "date");
  const std::size_t value = need_column(a, "value");
  for (std::size_t r = 0; r < a.rows.size(); ++r) {
    const std::string which = a.text(r, objective);
    const auto o = row_of.find(which);
    if (o == row_of.end()) {
      std::vector<std::string> ids;
      for (const auto& known : in.list) ids.push_back(known.id);
      throw located_error(function_name, "objective", a.position(r, objective),
                          fmt::format("objective '{}' is not in {}; {}known: {}", which, t.source,
                                      did_you_mean(which, ids), quoted_list(ids)));
    }
    auto& actuals = in.list[o->second].actuals;
    const auto day = date_field(a, r, date, as_of);
    if (day < in.list[o->second].start_date) {
      throw located_error(function_name, "date", a.position(r, date),
                          fmt::format("{} is before the start date of '{}', {}", a.text(r, date),
                                      which, kam::format_date(in.list[o->second].start_date)));
    }
    for (const auto& earlier : actuals) {
      if (earlier.date == day) {
        throw located_error(
            function_name, "date", a.position(r, date),
            fmt::format("'{}' has an actual on {} already", which, a.text(r, date)));
      }
    }
    actuals.push_back({day, number_field(a, r, value)});
  }
  return in;
}

/// The optional account inputs of the next best play and of the whitespace peer groups.
struct account_inputs {
  std::vector<std::string> segment;               ///< per matrix account ("" when unknown)
  Eigen::VectorXd churn, clv, gap, value_to_win;  ///< per plan; NaN: missing
};

/// Reads --accounts: account, and optional segment, churn, clv, gap, value_to_win. Rows of
/// accounts without a plan give their segment to the whitespace peers only.
account_inputs read_accounts(const invocation& args, const std::string& path,
                             const plan_input& plans,
                             std::unordered_map<std::string, std::string>& segment_of) {
  const auto n = static_cast<Eigen::Index>(plans.list.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  account_inputs in;
  in.churn = in.clv = in.gap = in.value_to_win = Eigen::VectorXd::Constant(n, nan);
  if (path.empty()) return in;
  const csv_table t = read_table(args, path);
  const std::size_t account = need_column(t, "account");
  const auto segment = t.find("segment");
  struct input_column {
    const char* name;
    Eigen::VectorXd* values;
    double max;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const input_column columns[] = {{"churn", &in.churn, 1},
                                  {"clv", &in.clv, inf},
                                  {"gap", &in.gap, 1},
                                  {"value_to_win", &in.value_to_win, inf}};
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string id = t.text(r, account);
    if (const auto [it, added] = seen.emplace(id, r); !added) {
      throw located_error(
          function_name, "account", t.position(r, account),
          fmt::format("account '{}' is given already, on line {}", id, t.lines[it->second]));
    }
    if (segment) segment_of[id] = t.text(r, *segment);
    const auto plan = plans.row_of.find(id);
    for (const auto& col : columns) {
      const auto c = t.find(col.name);
      if (!c) continue;
      const double v = t.number(r, *c);
      if (!std::isnan(v) && (v < 0 || v > col.max)) {
        throw located_error(function_name, col.name, t.position(r, *c),
                            col.max == 1
                                ? fmt::format("{} {} is not in [0, 1]", col.name, t.text(r, *c))
                                : fmt::format("{} {} is negative", col.name, t.text(r, *c)));
      }
      if (plan != plans.row_of.end()) (*col.values)(static_cast<Eigen::Index>(plan->second)) = v;
    }
  }
  return in;
}

/// The whitespace of every account and what it was computed from (best_openings needs both).
struct whitespace_input {
  kam::holdings_table holdings;
  kam::index_vector groups;  ///< each account's peer group
  kam::whitespace_result result;
};

/// Reads --holdings (account, offering, state, optional revenue) and --offerings (offering,
/// price) into the whitespace of every account: the plans first, in order, then the other
/// accounts of the holdings file (peers only).
whitespace_input read_whitespace(const invocation& args, const plan_paths& paths,
                                 const plan_input& plans,
                                 const std::unordered_map<std::string, std::string>& segment_of,
                                 std::vector<std::string>& offerings) {
  const csv_table h = read_table(args, paths.holdings);
  const std::size_t account = need_column(h, "account"), offering = need_column(h, "offering");
  const std::size_t state = need_column(h, "state");
  const auto revenue = h.find("revenue");
  std::unordered_map<std::string, std::size_t> offering_of;
  std::vector<double> price;
  std::optional<csv_table> o;
  if (!paths.offerings.empty()) {
    o = read_table(args, paths.offerings);
    const std::size_t name = need_column(*o, "offering"), p = need_column(*o, "price");
    for (std::size_t r = 0; r < o->rows.size(); ++r) {
      if (!offering_of.emplace(o->text(r, name), offerings.size()).second) {
        throw located_error(function_name, "offering", o->position(r, name),
                            fmt::format("offering '{}' is given already", o->text(r, name)));
      }
      offerings.push_back(o->text(r, name));
      const double v = number_field(*o, r, p);
      if (v < 0) throw located_error(function_name, "price", o->position(r, p), "a negative price");
      price.push_back(v);
    }
  } else if (!revenue) {
    throw located_error(function_name, "revenue", {h.source, 1, 1},
                        "no column 'revenue' to value the offerings by and no --offerings with "
                        "their prices");
  }
  std::vector<std::string> accounts;
  std::unordered_map<std::string, std::size_t> account_of;
  for (const auto& p : plans.list) {
    account_of.emplace(p.account, accounts.size());
    accounts.push_back(p.account);
  }
  for (std::size_t r = 0; r < h.rows.size(); ++r) {
    const std::string name = h.text(r, offering);
    if (name.empty())
      throw located_error(function_name, "offering", h.position(r, offering), "no offering");
    if (!offering_of.contains(name)) {
      if (o) {
        throw located_error(function_name, "offering", h.position(r, offering),
                            fmt::format("offering '{}' is not in {}; {}known: {}", name, o->source,
                                        did_you_mean(name, offerings), quoted_list(offerings)));
      }
      offering_of.emplace(name, offerings.size());
      offerings.push_back(name);
    }
    const std::string id = h.text(r, account);
    if (id.empty())
      throw located_error(function_name, "account", h.position(r, account), "no account");
    if (account_of.emplace(id, accounts.size()).second) accounts.push_back(id);
  }
  const std::size_t m = offerings.size();
  kam::holdings_table table;
  table.offerings = offerings;
  table.cells.assign(accounts.size() * m, kam::cell_state::open);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd money = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(accounts.size()),
                                                    static_cast<Eigen::Index>(m), nan);
  std::vector<std::size_t> first_line(accounts.size() * m, 0);
  for (std::size_t r = 0; r < h.rows.size(); ++r) {
    const std::size_t i = account_of.at(h.text(r, account));
    const std::size_t j = offering_of.at(h.text(r, offering));
    if (first_line[i * m + j] != 0) {
      throw located_error(
          function_name, "offering", h.position(r, offering),
          fmt::format("'{}' x '{}' is given already, on line {}", h.text(r, account),
                      h.text(r, offering), first_line[i * m + j]));
    }
    first_line[i * m + j] = h.lines[r];
    const auto s = enum_field<kam::cell_state>(h.text(r, state), h.position(r, state), "state");
    table.cells[i * m + j] = s;
    if (s == kam::cell_state::owned && !o) {
      const double v = h.number(r, *revenue);
      if (std::isnan(v)) {
        throw located_error(function_name, "revenue", h.position(r, *revenue),
                            "no revenue of an owned offering (it values the open ones; or give "
                            "--offerings with prices)");
      }
      if (v < 0)
        throw located_error(function_name, "revenue", h.position(r, *revenue),
                            "a negative revenue");
      money(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
    }
  }
  std::vector<std::string> labels;
  for (const auto& id : accounts) {
    const auto it = segment_of.find(id);
    labels.push_back(it == segment_of.end() ? std::string() : it->second);
  }
  whitespace_input out;
  out.groups = kam::label_codes(labels);
  out.result = o ? kam::whitespace_by_price(table, out.groups,
                                            Eigen::Map<const Eigen::VectorXd>(
                                                price.data(), static_cast<Eigen::Index>(m)))
                 : kam::whitespace_by_peer_revenue(table, out.groups, money);
  out.holdings = std::move(table);
  return out;
}

/// Everything `kam plan` computes.
struct plan_results {
  plan_input plans;
  kam::plan_scores scores;
  std::optional<kam::objective_rollup> rollup;
  std::optional<whitespace_input> whitespace;
  std::vector<std::string> offerings;
  std::optional<kam::next_play_result> plays;
  int review_interval_days = 90;
};

plan_results compute(const invocation& args, const plan_paths& paths, std::chrono::sys_days as_of) {
  plan_results out;
  out.plans = read_plans(args, paths, as_of);
  kam::plan_config config;
  const long long review_days = integer_option(args, "review-days", 90, 1);
  if (review_days > 36525)
    throw usage_error(fmt::format("--review-days must be 1 to 36525, not {}", review_days));
  config.review_interval_days = static_cast<std::int32_t>(review_days);
  out.review_interval_days = config.review_interval_days;
  std::vector<std::size_t> plan_rows(out.plans.list.size());
  for (std::size_t k = 0; k < plan_rows.size(); ++k) plan_rows[k] = k;
  try {
    out.scores = kam::score_plans(kam::make_plan_table(out.plans.list), as_of, config);
  } catch (const kam::error& e) {
    locate(e, out.plans.plans, plan_rows);
  }
  if (!paths.objectives.empty()) {
    const objectives_input o = read_objectives(args, paths, out.plans, as_of);
    std::vector<std::size_t> rows(o.list.size());
    for (std::size_t k = 0; k < rows.size(); ++k) rows[k] = k;
    try {
      out.rollup = kam::roll_up(o.list, kam::review_objectives(o.list, as_of));
    } catch (const kam::error& e) {
      locate(e, o.table, rows);
    }
  }
  std::unordered_map<std::string, std::string> segment_of;
  const account_inputs accounts = read_accounts(args, paths.accounts, out.plans, segment_of);
  const auto n = static_cast<Eigen::Index>(out.plans.list.size());
  Eigen::VectorXd expansion =
      Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  if (!paths.holdings.empty()) {
    out.whitespace = read_whitespace(args, paths, out.plans, segment_of, out.offerings);
    expansion = out.whitespace->result.expected_expansion.head(n);
  }
  if (!paths.holdings.empty() || !paths.accounts.empty()) {
    out.plays = kam::next_best_play(accounts.churn, accounts.clv, expansion, accounts.gap,
                                    accounts.value_to_win);
  }
  return out;
}

/// Returns the row of plan `i`.
plan_row row_of(const plan_results& r, std::size_t i) {
  const auto k = static_cast<Eigen::Index>(i);
  plan_row row;
  const auto& plan = r.plans.list[i];
  row.account = plan.account;
  row.step = plan.step;
  row.completeness = r.scores.completeness(k);
  row.freshness = r.scores.freshness(k);
  const auto gaps = kam::plan_gaps(r.scores, k);
  row.gaps = static_cast<long long>(gaps.size());
  row.missing = fmt::format("{}", fmt::join(gaps, "; "));
  if (r.rollup) {
    plan_objectives_columns o;
    const auto& u = *r.rollup;
    for (std::size_t a = 0; a < u.account.size(); ++a) {
      if (u.account[a] != plan.account) continue;
      const auto j = static_cast<Eigen::Index>(a);
      o.count = static_cast<long long>(u.objectives(j));
      o.attainment = u.attainment(j);
      o.expected = u.expected(j);
      o.status = std::string(kam::enum_name(u.status[a]));
    }
    row.objectives = o;
  }
  if (r.whitespace) {
    const auto& w = r.whitespace->result;
    plan_whitespace_columns c;
    c.owned = static_cast<long long>(w.owned(k));
    c.pipeline = static_cast<long long>(w.pipeline(k));
    c.open = static_cast<long long>(w.open(k));
    c.penetration = w.account_penetration(k);
    c.open_value = w.open_value(k);
    c.expected_expansion = w.expected_expansion(k);
    std::vector<std::string> best;
    for (const Eigen::Index j :
         kam::best_openings(w, r.whitespace->holdings, r.whitespace->groups, k, 3))
      best.push_back(r.offerings[static_cast<std::size_t>(j)]);
    c.best = fmt::format("{}", fmt::join(best, ";"));
    row.whitespace = c;
  }
  if (r.plays) {
    row.next =
        plan_play_columns{r.plays->play[i], r.plays->value(k), kam::play_reason(*r.plays, k)};
  }
  return row;
}

/// Returns the as-of date of --as-of; throws usage_error when it is absent or not a date.
std::chrono::sys_days as_of_option(const invocation& args, std::string_view with = "") {
  const auto text = args.get("as-of");
  if (!text) {
    throw usage_error(fmt::format("--as-of DATE is required{} (kam never reads the clock)", with));
  }
  try {
    return kam::parse_date(*text, "as-of");
  } catch (const kam::error&) {
    throw usage_error(fmt::format("--as-of needs YYYY-MM-DD, not '{}'", *text));
  }
}

int run_plan(const invocation& args) {
  if (args.positional.empty() || args.positional.size() > 2)
    throw usage_error("expected PLANS.csv and, optionally, SECTIONS.csv");
  plan_paths paths;
  paths.plans = args.positional[0];
  if (args.positional.size() == 2) paths.sections = args.positional[1];
  paths.objectives = args.get("objectives").value_or("");
  paths.actuals = args.get("actuals").value_or("");
  paths.holdings = args.get("holdings").value_or("");
  paths.offerings = args.get("offerings").value_or("");
  paths.accounts = args.get("accounts").value_or("");
  if (!paths.actuals.empty() && paths.objectives.empty())
    throw usage_error("--actuals needs --objectives");
  if (!paths.offerings.empty() && paths.holdings.empty())
    throw usage_error("--offerings needs --holdings");
  const std::vector<std::string> inputs{paths.plans,   paths.sections, paths.objectives,
                                        paths.actuals, paths.holdings, paths.offerings,
                                        paths.accounts};
  if (std::count(inputs.begin(), inputs.end(), "-") > 1)
    throw usage_error("only one input can be standard input (-)");
  const auto as_of = as_of_option(args);
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  const int precision = precision_of(args);
  std::vector<std::string> given;
  for (const auto& p : inputs)
    if (!p.empty() && p != "-") given.push_back(p);
  output_file out(out_path, *args.out, given);
  const plan_results r = compute(args, paths, as_of);

  boost::json::object head;
  head["kam"] = kam::version_string;
  head["command"] = "plan";
  head["as_of"] = kam::format_date(as_of);
  head["review_interval_days"] = r.review_interval_days;
  table_writer<plan_row> writer(out.stream(), format, "accounts", head);
  writer.set_precision(precision);
  for (std::size_t i = 0; i < r.plans.list.size(); ++i) writer.write(row_of(r, i));
  boost::json::object tail;
  tail["steps"] = to_json(named_counts<kam::process_step>(r.scores.step_counts));
  if (r.rollup) {
    tail["portfolio_attainment"] = r.rollup->portfolio_attainment;
    tail["portfolio_expected"] = r.rollup->portfolio_expected;
    tail["portfolio_status"] = kam::enum_name(r.rollup->portfolio_status);
  }
  if (r.plays) tail["plays"] = to_json(named_counts<kam::account_focus>(r.plays->counts));
  writer.finish(tail);
  out.commit();
  return 0;
}

/// Adds the "Account plans" section when the report is given --plans DIR: DIR/plans.csv and,
/// when present, sections.csv, objectives.csv (with actuals.csv), holdings.csv (with
/// offerings.csv) and accounts.csv, scored as of --as-of.
void contribute_plans(const report_input& in, report& rep) {
  const auto dir = in.args.get("plans");
  if (!dir) return;
  const auto as_of = as_of_option(in.args, " with --plans");
  namespace fs = std::filesystem;
  const auto file = [&](const char* name) {
    const fs::path p = fs::path(*dir) / name;
    return fs::exists(p) ? p.string() : std::string();
  };
  plan_paths paths;
  paths.plans = (fs::path(*dir) / "plans.csv").string();
  paths.sections = file("sections.csv");
  paths.objectives = file("objectives.csv");
  if (!paths.objectives.empty()) paths.actuals = file("actuals.csv");
  paths.holdings = file("holdings.csv");
  if (!paths.holdings.empty()) paths.offerings = file("offerings.csv");
  paths.accounts = file("accounts.csv");
  const plan_results r = compute(in.args, paths, as_of);
  table_chart t;
  t.header = {"account", "step", "completeness", "freshness", "missing", "next play"};
  double total = 0;
  for (std::size_t i = 0; i < r.plans.list.size(); ++i) {
    const plan_row row = row_of(r, i);
    total += row.completeness;
    std::string play = "—";
    if (row.next) {
      play = row.next->play == kam::account_focus::maintain
                 ? std::string("maintain")
                 : fmt::format("{} ({})", kam::enum_name(row.next->play),
                               short_number(row.next->value, 0));
    }
    t.rows.push_back({row.account, label_of(kam::enum_name(row.step)),
                      short_number(100 * row.completeness, 0) + "%",
                      short_number(100 * row.freshness, 0) + "%",
                      row.missing.empty() ? std::string("nothing") : row.missing, play});
  }
  const auto n = r.plans.list.size();
  rep.sections.push_back(
      {"account-plans", "Account plans",
       fmt::format("{} account plans as of {}: completeness (weighted sections, key roles and "
                   "objectives present), freshness (sections updated within {} days), what "
                   "each plan lacks, and the next best play (win, expand or protect, with its "
                   "expected value).",
                   n, kam::format_date(as_of), r.review_interval_days),
       std::move(t), true});
  rep.cards.push_back({"plan completeness",
                       short_number(100 * total / static_cast<double>(n), 0) + "%",
                       fmt::format("mean of {} account plans", n)});
}

}  // namespace

namespace commands {

command plan() {
  return {
      .name = "plan",
      .summary = "account plans: completeness, freshness, gaps, objectives, whitespace, next play",
      .usage =
          "kam plan --as-of DATE [options] PLANS.csv [SECTIONS.csv]\n\n"
          "Scores every account plan as of DATE (YYYY-MM-DD, required: kam never reads the\n"
          "clock) and writes one row per plan, in the order of PLANS.csv: the process step,\n"
          "completeness (weight present over total weight: the eight sections, the key\n"
          "stakeholder roles, our team roles and having objectives), freshness (share of the\n"
          "written sections updated within --review-days days), the number of gaps and what\n"
          "is missing, in words ('; ' between gaps). Then, when given: the objectives roll-up\n"
          "(--objectives), the whitespace (--holdings) and the next best play (--holdings or\n"
          "--accounts). Any one input may be '-' (standard input).\n\n"
          "PLANS.csv: account, step (plan, business_case, execute, review) and optionally\n"
          "  customer_team and our_team ('name:role;name:role'; stakeholder roles\n"
          "  economic_buyer, sponsor, champion, influencer, user, blocker; team roles\n"
          "  account_lead, executive_sponsor, sales, solution_expert, delivery, support) and\n"
          "  objectives ('id;id'; only whether there is one counts).\n"
          "SECTIONS.csv: account, section (our_team, customer_team, trends, needs, insights,\n"
          "  competitors, value, unknowns), optionally owner and updated (YYYY-MM-DD, not\n"
          "  after DATE); one row per written section.\n"
          "--objectives: id, account, start_value, target, start_date, due_date, optional\n"
          "  weight (default 1); --actuals: objective, date, value. Columns objectives.*:\n"
          "  weighted mean attainment and expected share, status with linear pace (on track\n"
          "  from 90 % of the progress expected, at risk from 70 %); empty without objectives.\n"
          "--holdings: account, offering, state (owned, pipeline, open, not_eligible) and\n"
          "  revenue; a cell not listed is open; accounts without a plan are peers only.\n"
          "  Open offerings are valued at their price (--offerings: offering, price) or else\n"
          "  at the mean revenue of their owners; propensity from the accounts of the same\n"
          "  segment (--accounts), smoothed with 2 pseudo-peers. Columns whitespace.*.\n"
          "--accounts: account and optional segment, churn, clv, gap, value_to_win (empty:\n"
          "  missing; rows without a plan give a segment only). Columns next.*: protect =\n"
          "  churn x clv, expand = expected expansion, win = gap x value_to_win; the highest\n"
          "  wins (ties: protect, expand, win), none above 0 is maintain.",
      .options = {{"output", "FILE", "where to write (default: standard output)", 'o'},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"as-of", "DATE", "the date the plans are scored at, YYYY-MM-DD (required)"},
                  {"review-days", "N",
                   "a section is fresh when updated within N days (default 90)"},
                  {"objectives", "FILE", "objectives: the roll-up per account"},
                  {"actuals", "FILE", "dated actuals of the objectives"},
                  {"holdings", "FILE", "account x offering states: the whitespace"},
                  {"offerings", "FILE", "offering prices (default: owners' mean revenue)"},
                  {"accounts", "FILE", "segment, churn, clv, gap, value_to_win per account"},
                  {"precision", "N", "write numbers with N significant digits"}},
      .section = "",
      .run = &run_plan,
      .contribute = &contribute_plans,
      .report_options = {{"plans", "DIR",
                          "plans.csv and the other files of `kam plan` (see README): the "
                          "account plans section"},
                         {"as-of", "DATE", "the as-of date of the account plans (with --plans)"},
                         {"review-days", "N", "the review interval of the plans (default 90)"}},
  };
}

}  // namespace commands
}  // namespace kam_tool
