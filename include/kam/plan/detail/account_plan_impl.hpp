// Not API. Definitions of kam/plan/account_plan.hpp (compiled once in compiled mode).
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/account_plan.hpp>
#include <limits>
#include <string_view>
#include <vector>

namespace kam {

KAM_INLINE std::string_view plan_question(plan_section section) {
  switch (section) {
    case plan_section::our_team:
      return "what does our team look like?";
    case plan_section::customer_team:
      return "who is on the customer's team?";
    case plan_section::trends:
      return "which trends affect this account?";
    case plan_section::needs:
      return "what are their needs, now and in future?";
    case plan_section::insights:
      return "what other insights do we have?";
    case plan_section::competitors:
      return "who are our competitors, existing and possible?";
    case plan_section::value:
      return "what value can we offer, and what does it mean to the customer?";
    case plan_section::unknowns:
      return "what else do we need to know about the customer and the relationship?";
  }
  throw invalid_input({"kam::plan_question", "section"},
                      detail::cat({"value ", static_cast<int>(section), " is not a plan_section"}));
}

KAM_INLINE void plan_table::reserve(std::size_t accounts) {
  account.reserve(accounts);
  section_flags.reserve(accounts * plan_section_count);
  section_updated.reserve(accounts * plan_section_count);
  customer_roles.reserve(accounts);
  team_roles.reserve(accounts);
  objectives.reserve(accounts);
  step.reserve(accounts);
}

namespace detail {

/// Returns the bit mask of the roles of `people`, after checking each one is an enumerator.
template <typename Person>
std::uint8_t role_mask(const std::vector<Person>& people, const char* field, std::ptrdiff_t row) {
  std::uint8_t mask = 0;
  for (std::size_t k = 0; k < people.size(); ++k) {
    if (!is_enumerator(people[k].role)) {
      throw invalid_input({"kam::add_plan", field, row, static_cast<std::ptrdiff_t>(k)},
                          cat({"role ", static_cast<int>(people[k].role), " is not one of ",
                               quoted_list(enum_names<decltype(people[k].role)>())}));
    }
    mask = static_cast<std::uint8_t>(mask | (1u << static_cast<unsigned>(people[k].role)));
  }
  return mask;
}

}  // namespace detail

KAM_INLINE void add_plan(plan_table& table, const account_plan& plan) {
  const auto row = static_cast<std::ptrdiff_t>(table.account.size());
  const std::uint8_t customer = detail::role_mask(plan.customer_team, "customer_team", row);
  const std::uint8_t team = detail::role_mask(plan.our_team, "our_team", row);
  if (!is_enumerator(plan.step)) {
    throw invalid_input(
        {"kam::add_plan", "step", row},
        detail::cat({"value ", static_cast<int>(plan.step), " is not a process_step"}));
  }
  std::array<std::int32_t, plan_section_count> updated{};
  for (std::size_t s = 0; s < plan_section_count; ++s) {
    const auto& d = plan.sections[s].updated;
    const std::int64_t days = d ? d->time_since_epoch().count() : 0;
    if (d && (days <= std::numeric_limits<std::int32_t>::min() ||
              days > std::numeric_limits<std::int32_t>::max())) {
      throw invalid_input({"kam::add_plan", "updated", row, static_cast<std::ptrdiff_t>(s)},
                          "the date is outside the range of plan_table");
    }
    updated[s] = d ? static_cast<std::int32_t>(days) : plan_table::no_date;
  }
  table.account.push_back(plan.account);
  for (std::size_t s = 0; s < plan_section_count; ++s) {
    const plan_section_entry& e = plan.sections[s];
    table.section_flags.push_back(static_cast<std::uint8_t>(
        (e.content ? section_has_content : 0) | (e.owner.empty() ? 0 : section_has_owner)));
    table.section_updated.push_back(updated[s]);
  }
  table.customer_roles.push_back(customer);
  table.team_roles.push_back(team);
  table.objectives.push_back(static_cast<std::int32_t>(
      std::min<std::size_t>(plan.objectives.size(), std::numeric_limits<std::int32_t>::max())));
  table.step.push_back(plan.step);
}

KAM_INLINE plan_table make_plan_table(const std::vector<account_plan>& plans) {
  plan_table table;
  table.reserve(plans.size());
  for (const account_plan& p : plans) add_plan(table, p);
  return table;
}

}  // namespace kam
