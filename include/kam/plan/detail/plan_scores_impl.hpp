// Not API. Definitions of kam/plan/plan_scores.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/account_plan.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/plan_scores.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam {
namespace detail {

/// Throws unless every weight of `w` is finite and >= 0; adds them to `total`.
template <std::size_t N>
void check_plan_weights(const std::array<double, N>& w, const char* field, double& total,
                        const char* fn) {
  for (std::size_t k = 0; k < N; ++k) {
    if (!std::isfinite(w[k])) {
      throw non_finite_value({fn, field, std::nullopt, static_cast<std::ptrdiff_t>(k)},
                             cat({"weight ", w[k], " is not finite"}));
    }
    if (w[k] < 0) {
      throw invalid_input({fn, field, std::nullopt, static_cast<std::ptrdiff_t>(k)},
                          cat({"weight ", w[k], " is negative"}));
    }
    total += w[k];
  }
}

/// Returns the total weight of `c` after checking it (see validate(plan_config)).
KAM_INLINE double check_plan_config(const plan_config& c, const char* fn) {
  double total = 0;
  check_plan_weights(c.section_weights, "section_weights", total, fn);
  check_plan_weights(c.customer_role_weights, "customer_role_weights", total, fn);
  check_plan_weights(c.team_role_weights, "team_role_weights", total, fn);
  if (!std::isfinite(c.objectives_weight)) {
    throw non_finite_value({fn, "objectives_weight"},
                           cat({"weight ", c.objectives_weight, " is not finite"}));
  }
  if (c.objectives_weight < 0) {
    throw invalid_input({fn, "objectives_weight"},
                        cat({"weight ", c.objectives_weight, " is negative"}));
  }
  total += c.objectives_weight;
  if (!(total > 0)) {
    throw invalid_input({fn, "weights"}, "every weight is zero: completeness would be 0 / 0");
  }
  if (c.review_interval_days <= 0) {
    throw invalid_input(
        {fn, "review_interval_days"},
        cat({"the review interval is ", c.review_interval_days, " days; it must be at least 1"}));
  }
  return total;
}

/// Throws unless `got` entries stand for `n` accounts with `per` entries each.
KAM_INLINE void check_plan_size(std::size_t got, std::size_t n, std::size_t per, const char* field,
                                const char* fn) {
  if (got != n * per) {
    throw shape_mismatch({fn, field}, cat({got, " entries for ", n, " accounts (", per,
                                           per == 1 ? " entry" : " entries", " per account)"}));
  }
}

/// Throws unless the ids of `t` are non-empty and unique: an open-addressing table (a power of
/// two at least twice the accounts) whose slots hold the high 32 bits of an id's hash and its
/// row + 1, so that a probe reads one slot and compares strings only when the hashes agree; one
/// flat array allocated once rather than a node per id. Supports up to 2^32 - 2 accounts.
KAM_INLINE void check_plan_ids(const plan_table& t, const char* fn) {
  const std::size_t n = t.account.size();
  if (n >= std::numeric_limits<std::uint32_t>::max()) {
    throw invalid_input({fn, "account"}, cat({n,
                                              " plans; score_plans takes at most 4294967294 at "
                                              "once (score them in chunks)"}));
  }
  std::size_t size = 16;
  while (size < 2 * n) size *= 2;
  std::vector<std::uint64_t> slot(size, 0);  // 0: empty
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = t.account[i];
    if (id.empty()) {
      throw invalid_input({fn, "account", static_cast<std::ptrdiff_t>(i)},
                          "the account id is empty");
    }
    const std::uint64_t h = std::hash<std::string_view>{}(id);
    const std::uint64_t tag = h >> 32 << 32;
    for (std::size_t at = static_cast<std::size_t>(h) & (size - 1);; at = (at + 1) & (size - 1)) {
      const std::uint64_t v = slot[at];
      if (v == 0) {
        slot[at] = tag | (i + 1);
        break;
      }
      const std::size_t j = static_cast<std::size_t>(v & 0xffffffffu) - 1;
      if ((v >> 32 << 32) == tag && t.account[j] == id) {
        throw duplicate_name(
            {fn, "account", static_cast<std::ptrdiff_t>(i)},
            cat({"account '", id, "' has a plan in row ", j, " already; one plan per account"}));
      }
    }
  }
}

/// Throws unless every value of `t` is valid as of `today` (days since 1970-01-01).
KAM_INLINE void check_plan_table(const plan_table& t, std::int64_t today, const char* fn) {
  const std::size_t n = t.account.size();
  if (n == 0) throw empty_input({fn, "account"}, "no plans to score");
  check_plan_size(t.section_flags.size(), n, plan_section_count, "section_flags", fn);
  check_plan_size(t.section_updated.size(), n, plan_section_count, "section_updated", fn);
  check_plan_size(t.customer_roles.size(), n, 1, "customer_roles", fn);
  check_plan_size(t.team_roles.size(), n, 1, "team_roles", fn);
  check_plan_size(t.objectives.size(), n, 1, "objectives", fn);
  check_plan_size(t.step.size(), n, 1, "step", fn);
  check_plan_ids(t, fn);
  constexpr unsigned flag_bits = section_has_content | section_has_owner;
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = static_cast<std::ptrdiff_t>(i);
    for (std::size_t s = 0; s < plan_section_count; ++s) {
      const std::size_t k = i * plan_section_count + s;
      const auto section = static_cast<std::ptrdiff_t>(s);
      if ((t.section_flags[k] & ~flag_bits) != 0) {
        throw invalid_input(
            {fn, "section_flags", row, section},
            cat({"flags ", static_cast<unsigned>(t.section_flags[k]),
                 " set bits other than section_has_content and section_has_owner"}));
      }
      const std::int32_t updated = t.section_updated[k];
      if (updated != plan_table::no_date && updated > today) {
        const auto date = std::chrono::sys_days{std::chrono::days{updated}};
        const auto now = std::chrono::sys_days{std::chrono::days{today}};
        throw out_of_bounds(
            {fn, "section_updated", row, section},
            cat({"section '", enum_name(static_cast<plan_section>(s)), "' was updated on ",
                 format_date(date), ", after the as-of date ", format_date(now)}));
      }
    }
    if ((t.customer_roles[i] >> stakeholder_role_count) != 0) {
      throw invalid_input({fn, "customer_roles", row},
                          cat({"role mask ", static_cast<unsigned>(t.customer_roles[i]),
                               " has a bit for an unknown role; roles: ",
                               quoted_list(enum_names<stakeholder_role>())}));
    }
    if ((t.team_roles[i] >> team_role_count) != 0) {
      throw invalid_input(
          {fn, "team_roles", row},
          cat({"role mask ", static_cast<unsigned>(t.team_roles[i]),
               " has a bit for an unknown role; roles: ", quoted_list(enum_names<team_role>())}));
    }
    if (t.objectives[i] < 0) {
      throw out_of_bounds({fn, "objectives", row},
                          cat({"objective count ", t.objectives[i], " is negative"}));
    }
    if (!is_enumerator(t.step[i])) {
      throw invalid_input({fn, "step", row},
                          cat({"value ", static_cast<int>(t.step[i]), " is not a process_step"}));
    }
  }
}

/// Returns the mask of the roles whose weight is positive: the roles a plan must have.
template <std::size_t N>
std::uint8_t required_roles(const std::array<double, N>& weights) {
  unsigned mask = 0;
  for (std::size_t r = 0; r < N; ++r) mask |= weights[r] > 0 ? 1u << r : 0u;
  return static_cast<std::uint8_t>(mask);
}

/// Returns the weight of every mask of N <= 6 roles, by mask: one load per account in the hot
/// loop instead of a loop over the roles.
template <std::size_t N>
std::array<double, 64> role_weights_by_mask(const std::array<double, N>& weights) {
  std::array<double, 64> out{};
  for (std::size_t mask = 0; mask < (std::size_t{1} << N); ++mask) {
    for (std::size_t r = 0; r < N; ++r) out[mask] += (mask >> r & 1u) != 0 ? weights[r] : 0.0;
  }
  return out;
}

/// Returns `name` with underscores as spaces ("economic_buyer" -> "economic buyer").
KAM_INLINE std::string spaced(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace detail

namespace detail {

KAM_INLINE void score_plans_impl(plan_scores& r, const plan_table& plans,
                                 std::chrono::sys_days as_of, const plan_config& config,
                                 const char* fn) {
  const double total = detail::check_plan_config(config, fn);
  const std::int64_t today = as_of.time_since_epoch().count();
  detail::check_plan_table(plans, today, fn);
  const std::size_t n = plans.account.size();
  constexpr std::size_t sections = plan_section_count;
  r.completeness.resize(static_cast<Eigen::Index>(n));
  r.freshness.resize(static_cast<Eigen::Index>(n));
  r.missing_sections.resize(n);
  r.unowned_sections.resize(n);
  r.stale_sections.resize(n);
  r.missing_customer_roles.resize(n);
  r.missing_team_roles.resize(n);
  r.missing_objectives.resize(n);
  r.section_age_days.resize(n * sections);
  r.review_interval_days = config.review_interval_days;
  r.step_counts = {};
  const unsigned need_customer = detail::required_roles(config.customer_role_weights);
  const unsigned need_team = detail::required_roles(config.team_role_weights);
  const bool need_objectives = config.objectives_weight > 0;
  const auto customer_weight = detail::role_weights_by_mask(config.customer_role_weights);
  const auto team_weight = detail::role_weights_by_mask(config.team_role_weights);
  for (std::size_t i = 0; i < n; ++i) {
    double have = 0, written = 0, fresh = 0;
    unsigned missing = 0, unowned = 0, stale = 0;
    for (std::size_t s = 0; s < sections; ++s) {
      const std::uint8_t flags = plans.section_flags[i * sections + s];
      const std::int32_t updated = plans.section_updated[i * sections + s];
      const double w = config.section_weights[s];
      std::int64_t age = -1;
      if ((flags & section_has_content) == 0) {
        missing |= 1u << s;
      } else {
        have += w;
        written += w;
        if ((flags & section_has_owner) == 0) unowned |= 1u << s;
        if (updated != plan_table::no_date) age = today - updated;
        if (age >= 0 && age <= config.review_interval_days) {
          fresh += w;
        } else {
          stale |= 1u << s;
        }
      }
      r.section_age_days[i * sections + s] = static_cast<std::int32_t>(
          std::min<std::int64_t>(age, std::numeric_limits<std::int32_t>::max()));
    }
    const unsigned customer = plans.customer_roles[i];
    const unsigned team = plans.team_roles[i];
    have += customer_weight[customer] + team_weight[team];
    const bool objectives = plans.objectives[i] > 0;
    have += objectives ? config.objectives_weight : 0.0;
    const auto e = static_cast<Eigen::Index>(i);
    r.completeness(e) = have / total;
    r.freshness(e) = written > 0 ? fresh / written : 0.0;
    r.missing_sections[i] = static_cast<std::uint8_t>(missing);
    r.unowned_sections[i] = static_cast<std::uint8_t>(unowned);
    r.stale_sections[i] = static_cast<std::uint8_t>(stale);
    r.missing_customer_roles[i] = static_cast<std::uint8_t>(need_customer & ~customer);
    r.missing_team_roles[i] = static_cast<std::uint8_t>(need_team & ~team);
    r.missing_objectives[i] = need_objectives && !objectives ? 1 : 0;
    ++r.step_counts[static_cast<std::size_t>(plans.step[i])];
  }
}

}  // namespace detail

KAM_INLINE plan_scores score_plans(const plan_table& plans, std::chrono::sys_days as_of,
                                   const plan_config& config) {
  plan_scores r;
  detail::score_plans_impl(r, plans, as_of, config, "kam::score_plans");
  return r;
}

KAM_INLINE void score_plans_into(plan_scores& result, const plan_table& plans,
                                 std::chrono::sys_days as_of, const plan_config& config) {
  detail::score_plans_impl(result, plans, as_of, config, "kam::score_plans_into");
}

KAM_INLINE std::vector<std::string> plan_gaps(const plan_scores& scores, Eigen::Index row) {
  const auto n = static_cast<Eigen::Index>(scores.missing_sections.size());
  if (row < 0 || row >= n) {
    throw out_of_bounds({"kam::plan_gaps", "row", row},
                        detail::cat({"row ", row, " is outside the ", n, " plans scored"}));
  }
  const auto i = static_cast<std::size_t>(row);
  std::vector<std::string> out;
  const auto each = [](unsigned mask, std::size_t count, const auto& say) {
    for (std::size_t k = 0; k < count; ++k) {
      if ((mask >> k & 1u) != 0) say(k);
    }
  };
  const auto name = [](std::size_t s) { return enum_name(static_cast<plan_section>(s)); };
  each(scores.missing_sections[i], plan_section_count, [&](std::size_t s) {
    out.push_back(
        detail::cat({"no '", name(s), "' section: ", plan_question(static_cast<plan_section>(s))}));
  });
  each(scores.unowned_sections[i], plan_section_count, [&](std::size_t s) {
    out.push_back(detail::cat({"the '", name(s), "' section has no owner"}));
  });
  each(scores.stale_sections[i], plan_section_count, [&](std::size_t s) {
    const std::int32_t age = scores.section_age_days[i * plan_section_count + s];
    if (age < 0) {
      out.push_back(detail::cat({"the '", name(s), "' section has no last-updated date"}));
    } else {
      out.push_back(detail::cat({"the '", name(s), "' section is ", age, " days old (review every ",
                                 scores.review_interval_days, " days)"}));
    }
  });
  each(scores.missing_customer_roles[i], stakeholder_role_count, [&](std::size_t r) {
    out.push_back(detail::cat({"no ", detail::spaced(enum_name(static_cast<stakeholder_role>(r))),
                               " named on the customer's side"}));
  });
  each(scores.missing_team_roles[i], team_role_count, [&](std::size_t r) {
    out.push_back(
        detail::cat({"no ", detail::spaced(enum_name(static_cast<team_role>(r))), " on our team"}));
  });
  if (scores.missing_objectives[i] != 0) out.emplace_back("no objectives set");
  return out;
}

KAM_INLINE void validate(const plan_config& config) {
  (void)detail::check_plan_config(config, "kam::validate");
}

}  // namespace kam
