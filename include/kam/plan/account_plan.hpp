// The account plan of the deck's KAM method: eight sections, the customer's key players, our
// team, objectives and the step of the account process; one record per account and a flat
// table of many.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam {

/// The eight questions of the deck's account plan, one section each: `our_team` (what does our
/// team look like?), `customer_team` (who is on the customer's team?), `trends` (which trends
/// affect this account?), `needs` (what are their needs, now and in future?), `insights` (what
/// other insights do we have?), `competitors` (who are our competitors, existing and possible?),
/// `value` (what value can we offer, and what does it mean to the customer?), `unknowns` (what
/// else do we need to know about the customer and the relationship?).
enum class plan_section : std::uint8_t {
  our_team,
  customer_team,
  trends,
  needs,
  insights,
  competitors,
  value,
  unknowns
};
BOOST_DESCRIBE_ENUM(plan_section, our_team, customer_team, trends, needs, insights, competitors,
                    value, unknowns)

/// The number of sections of an account plan.
inline constexpr std::size_t plan_section_count = 8;

/// Returns the deck's question that `section` answers, e.g. "which trends affect this account?".
/// Throws kam::invalid_input for a value that is not an enumerator.
[[nodiscard]] std::string_view plan_question(plan_section section);

/// The roles of key players on the customer's side. A documented choice, not one source's list:
/// the buying centre of Webster & Wind (1972) and Bonoma (HBR 1982) gives `user`, `influencer`
/// and the decider, here `economic_buyer` (who releases the money and has the final say; the
/// "economic buyer" of Miller & Heiman's Strategic Selling, 1985); Strategic Selling's coach is
/// the `champion` (who sells for us inside the account); `sponsor` (a senior person who backs the
/// relationship) and `blocker` (who works against us) are the usual additions of account-planning
/// templates. kam/portfolio/relationship.hpp keeps Bonoma's six buying-group roles for the
/// contact map; this list is about the plan's key players, so it names the political roles too.
enum class stakeholder_role : std::uint8_t {
  economic_buyer,
  sponsor,
  champion,
  influencer,
  user,
  blocker
};
BOOST_DESCRIBE_ENUM(stakeholder_role, economic_buyer, sponsor, champion, influencer, user, blocker)

/// The number of stakeholder roles.
inline constexpr std::size_t stakeholder_role_count = 6;

/// The roles on our side of the account (kam's list, after the deck's "define the team" and "the
/// right people in the right roles"): `account_lead` (the key account manager), `executive_sponsor`
/// (our senior sponsor), `sales`, `solution_expert`, `delivery`, `support`.
enum class team_role : std::uint8_t {
  account_lead,
  executive_sponsor,
  sales,
  solution_expert,
  delivery,
  support
};
BOOST_DESCRIBE_ENUM(team_role, account_lead, executive_sponsor, sales, solution_expert, delivery,
                    support)

/// The number of team roles.
inline constexpr std::size_t team_role_count = 6;

/// The four steps of the deck's account process: `plan` (what, with whom and why: the team, the
/// data, the goals), `business_case` (a convincing case and plan that guides execution),
/// `execute` (opportunities created, developed and won), `review` (analyse the KPIs, adjust).
enum class process_step : std::uint8_t { plan, business_case, execute, review };
BOOST_DESCRIBE_ENUM(process_step, plan, business_case, execute, review)

/// One section of an account plan.
struct plan_section_entry {
  bool content = false;                          ///< whether the section has been written
  std::string owner;                             ///< who keeps it up to date (empty: nobody)
  std::optional<std::chrono::sys_days> updated;  ///< when it was last updated (none: unknown)
};
BOOST_DESCRIBE_STRUCT(plan_section_entry, (), (content, owner, updated))

/// A key player on the customer's side.
struct stakeholder {
  std::string name;                                      ///< any text
  stakeholder_role role = stakeholder_role::influencer;  ///< their role
};
BOOST_DESCRIBE_STRUCT(stakeholder, (), (name, role))

/// A member of our account team.
struct team_member {
  std::string name;                          ///< any text
  team_role role = team_role::account_lead;  ///< their role
};
BOOST_DESCRIBE_STRUCT(team_member, (), (name, role))

/// The account plan of one account (the form a CRM export or a user fills in).
struct account_plan {
  std::string account;  ///< the account's id, unique in a portfolio
  /// The eight sections, indexed by plan_section.
  std::array<plan_section_entry, plan_section_count> sections{};
  std::vector<stakeholder> customer_team;  ///< the customer's key players
  std::vector<team_member> our_team;       ///< our account team
  std::vector<std::string> objectives;     ///< ids of the account's objectives (kam::objective)
  process_step step = process_step::plan;  ///< where the account is in the process
};
BOOST_DESCRIBE_STRUCT(account_plan, (),
                      (account, sections, customer_team, our_team, objectives, step))

/// Bit of plan_table::section_flags: the section has content.
inline constexpr std::uint8_t section_has_content = 1;
/// Bit of plan_table::section_flags: the section has an owner.
inline constexpr std::uint8_t section_has_owner = 2;

/// The plans of many accounts in flat arrays, the layout kam::score_plans reads: one entry per
/// account, or plan_section_count entries per account (account-major: account i's section s at
/// i * plan_section_count + s). Fill it with add_plan, or directly from columnar data.
struct plan_table {
  /// plan_table::section_updated of a section without a date.
  static constexpr std::int32_t no_date = std::numeric_limits<std::int32_t>::min();

  std::vector<std::string> account;           ///< account ids, unique
  std::vector<std::uint8_t> section_flags;    ///< per section: section_has_content | _owner
  std::vector<std::int32_t> section_updated;  ///< per section: days since 1970-01-01, or no_date
  std::vector<std::uint8_t>
      customer_roles;                    ///< per account: bit r set if stakeholder role r is named
  std::vector<std::uint8_t> team_roles;  ///< per account: bit r set if team role r is staffed
  std::vector<std::int32_t> objectives;  ///< per account: the number of objectives
  std::vector<process_step> step;        ///< per account: the step of the account process

  /// Returns the number of accounts (the size of `account`).
  [[nodiscard]] Eigen::Index size() const noexcept {
    return static_cast<Eigen::Index>(account.size());
  }
  /// Reserves room for `accounts` accounts in every array.
  void reserve(std::size_t accounts);

  BOOST_DESCRIBE_CLASS(plan_table, (),
                       (account, section_flags, section_updated, customer_roles, team_roles,
                        objectives, step),
                       (), ())
};

/// Appends `plan` to `table` as its next account. Throws kam::invalid_input naming kam::add_plan,
/// the field (`customer_team`, `our_team`, `step`), the row the plan would have (the table's
/// size) and the element, for a role or step that is not an enumerator (a cast integer), and for
/// a date outside the range plan_table stores. Duplicate ids and dates after the as-of date are
/// checked by kam::score_plans.
void add_plan(plan_table& table, const account_plan& plan);

/// Returns the table of `plans`, row i being plans[i] (see add_plan).
[[nodiscard]] plan_table make_plan_table(const std::vector<account_plan>& plans);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/account_plan_impl.hpp>
#endif
