// Not API. Definitions of kam/plan/plan_scores.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
  if (!std::isfinite(total)) {  // each finite, their sum not: completeness would be inf / inf
    throw invalid_input({fn, "weights"},
                        "the weights add up beyond the largest double; divide them by a common "
                        "factor (only their ratios matter)");
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

/// Throws unless the ids of `t` are non-empty and unique, naming the first row whose id is empty
/// or repeats an earlier one: an open-addressing table (a power of two at least twice the
/// accounts) whose slots hold the high 32 bits of an id's hash and its row + 1, so that a probe
/// reads one slot and compares strings only when the hashes agree. The exact check, run only
/// when ids_look_unique cannot vouch for the ids.
KAM_INLINE void check_plan_ids(const plan_table& t, const char* fn) {
  const std::size_t n = t.account.size();
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

/// Returns a 64-bit hash of `id`: its length and its bytes eight at a time (the last word
/// overlapping the one before), each word multiplied in, then murmur3's finaliser. Not for
/// security: equal hashes only send score_plans to the exact check.
KAM_INLINE std::uint64_t id_hash(std::string_view id) {
  constexpr std::uint64_t k = 0x9e3779b97f4a7c15u;
  const std::size_t size = id.size();
  std::uint64_t h = k ^ size, word = 0;
  const auto mix = [&] {
    h = (h ^ word) * k;
    h ^= h >> 29;
  };
  std::size_t at = 0;
  for (; at + 8 <= size; at += 8) {
    std::memcpy(&word, id.data() + at, 8);
    mix();
  }
  if (at < size && size >= 8) {
    std::memcpy(&word, id.data() + size - 8, 8);  // the last eight bytes, overlapping
    mix();
  } else if (at < size) {  // fewer than eight bytes, one by one: no partial copy to memory
    word = 0;
    for (std::size_t b = 0; b < size; ++b) {
      word |= std::uint64_t{static_cast<unsigned char>(id[b])} << (8 * b);
    }
    mix();
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53u;
  return h ^ (h >> 33);
}

/// Returns true when the ids of `t` are non-empty and strictly increasing (so unique), by one
/// sequential pass that stops at the first id not above the one before.
KAM_INLINE bool ids_increase(const plan_table& t) {
  if (t.account.front().empty()) return false;
  for (std::size_t i = 1; i < t.account.size(); ++i) {
    if (!(t.account[i - 1] < t.account[i])) return false;
  }
  return true;
}

/// Returns true when no hash of `h` (sorted into blocks by their top `bits` bits, `start` the
/// first of each block and one past the last) repeats within its block: a small open-addressing
/// table per block, which stays in cache, instead of one table as large as all the ids.
KAM_INLINE bool hashes_unique(const std::vector<std::uint64_t>& h,
                              const std::vector<std::size_t>& start) {
  std::vector<std::uint64_t> table;
  for (std::size_t b = 0; b + 1 < start.size(); ++b) {
    std::size_t size = 16;
    while (size < 2 * (start[b + 1] - start[b])) size *= 2;
    table.assign(size, 0);  // 0: empty (a hash of 0 is stored as 1: at worst a false alarm)
    for (std::size_t k = start[b]; k < start[b + 1]; ++k) {
      const std::uint64_t v = std::max<std::uint64_t>(h[k], 1);
      for (std::size_t at = v & (size - 1);; at = (at + 1) & (size - 1)) {
        if (table[at] == 0) {
          table[at] = v;
          break;
        }
        if (table[at] == v) return false;
      }
    }
  }
  return true;
}

/// Returns true when the ids of `t` are certainly non-empty and unique; false when one may be
/// empty or repeated (the caller then runs check_plan_ids, which names the row). Increasing ids
/// pass in one pass; otherwise the ids are hashed, the hashes partitioned by their top bits into
/// blocks of about 4096 (two sequential passes) and each block checked in cache, where one table
/// over all ids would cost a cache miss per id.
KAM_INLINE bool ids_look_unique(const plan_table& t) {
  if (ids_increase(t)) return true;
  const std::size_t n = t.account.size();
  int bits = 0;
  while (bits < 16 && (n >> bits) > 4096) ++bits;
  const int shift = 64 - bits;
  const auto block = [&](std::uint64_t v) {
    return bits == 0 ? std::size_t{0} : static_cast<std::size_t>(v >> shift);
  };
  std::vector<std::uint64_t> hash(n);
  std::vector<std::size_t> start((std::size_t{1} << bits) + 1, 0);
  bool empty = false;
  for (std::size_t i = 0; i < n; ++i) {
    empty |= t.account[i].empty();
    hash[i] = id_hash(t.account[i]);
    ++start[block(hash[i]) + 1];
  }
  if (empty) return false;
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<std::uint64_t> sorted(n);
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const std::uint64_t v : hash) sorted[next[block(v)]++] = v;
  return hashes_unique(sorted, start);
}

/// Throws unless `t` has plans and every array of it one (or plan_section_count) entries per
/// account, and no more accounts than score_plans takes.
KAM_INLINE void check_plan_shape(const plan_table& t, const char* fn) {
  const std::size_t n = t.account.size();
  if (n == 0) throw empty_input({fn, "account"}, "no plans to score");
  check_plan_size(t.section_flags.size(), n, plan_section_count, "section_flags", fn);
  check_plan_size(t.section_updated.size(), n, plan_section_count, "section_updated", fn);
  check_plan_size(t.customer_roles.size(), n, 1, "customer_roles", fn);
  check_plan_size(t.team_roles.size(), n, 1, "team_roles", fn);
  check_plan_size(t.objectives.size(), n, 1, "objectives", fn);
  check_plan_size(t.step.size(), n, 1, "step", fn);
  if (n >= std::numeric_limits<std::uint32_t>::max()) {
    throw invalid_input({fn, "account"}, cat({n,
                                              " plans; score_plans takes at most 4294967294 at "
                                              "once (score them in chunks)"}));
  }
}

/// Throws, naming the first row and field, unless every value of `t` is valid as of `today`
/// (days since 1970-01-01). The exact check, run only when the scoring pass saw a bad value.
KAM_INLINE void check_plan_values(const plan_table& t, std::int64_t today, const char* fn) {
  const std::size_t n = t.account.size();
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

/// Returns the weight of every mask of N <= 8 roles or sections, by mask: the weights of the
/// set bits added in bit order (as a loop over them would), so the hot loop makes one load per
/// mask instead.
template <std::size_t N>
std::array<double, std::size_t{1} << N> weights_by_mask(const std::array<double, N>& weights) {
  std::array<double, std::size_t{1} << N> out{};
  for (std::size_t mask = 0; mask < out.size(); ++mask) {
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

/// The bits of a section's code (one byte per section) that the per-plan step reads.
enum section_code : unsigned { code_content = 1, code_owner = 2, code_fresh = 4 };
/// The shift of each bit of a section_code to bit 0.
enum section_code_shift : unsigned { content_shift = 0, owner_shift = 1, fresh_shift = 2 };

/// Codes the `count` sections at `flags` and `updated` into `code` and writes their ages to
/// `age` (-1 without content or date); returns true when one of them is invalid (flag bits that
/// are not defined, a date after `today`). One flat, branch-free loop over the sections, which
/// the compiler vectorises.
KAM_INLINE bool code_sections(const std::uint8_t* flags, const std::int32_t* updated,
                              std::size_t count, std::int64_t today, std::int64_t interval,
                              std::uint8_t* code, std::int32_t* age) {
  constexpr unsigned flag_bits = section_has_content | section_has_owner;
  constexpr std::int64_t age_max = std::numeric_limits<std::int32_t>::max();
  unsigned undefined = 0, future = 0;  // or-ed as integers: the loop stays free of branches
  for (std::size_t k = 0; k < count; ++k) {
    const unsigned f = flags[k];
    const std::int64_t u = updated[k];
    const std::int64_t days = today - u;
    const bool dated = u != plan_table::no_date;
    const bool written = (f & section_has_content) != 0 && dated;
    const bool fresh = written && days >= 0 && days <= interval;
    code[k] = static_cast<std::uint8_t>(((f & section_has_content) != 0 ? code_content : 0u) |
                                        ((f & section_has_owner) != 0 ? code_owner : 0u) |
                                        (fresh ? code_fresh : 0u));
    undefined |= f & ~flag_bits;
    future |= static_cast<unsigned>(dated) & static_cast<unsigned>(days < 0);
    age[k] = written ? static_cast<std::int32_t>(std::min(days, age_max)) : -1;
  }
  return (undefined | future) != 0;
}

/// Returns the mask of the sections of one plan (bit s: plan_section s) whose code at `code`
/// has the bit 1 << `shift`. The eight codes as one word w (byte s = code s, which the compiler
/// reads with one load), each code's bit moved to bit 0 of its byte: x = w >> shift & 0x0101...01,
/// byte s holding x_s = 2^(8s) or 0. The product x * 0x0102040810204080 is the sum over s, t of
/// x_s 2^(56 - 7t): with s = t that is bit 56 + s; every other term lands outside bits 56-63
/// (8s - 7t is in [0, 7] only for s = t), and all exponents differ, so nothing carries: the
/// top byte is the mask.
KAM_INLINE unsigned section_mask(const std::uint8_t* code, unsigned shift) {
  static_assert(plan_section_count == 8, "one byte of the word per section");
  std::uint64_t w = 0;
  for (unsigned s = 0; s < 8; ++s) w |= std::uint64_t{code[s]} << (8 * s);
  const std::uint64_t x = (w >> shift) & 0x0101010101010101u;
  return static_cast<unsigned>((x * 0x0102040810204080u) >> 56);
}

/// What the scoring pass needs of a plan_config, worked out once per call.
struct plan_weights {
  std::array<double, std::size_t{1} << plan_section_count> section;  // by mask
  std::array<double, std::size_t{1} << stakeholder_role_count> customer;
  std::array<double, std::size_t{1} << team_role_count> team;
  double objectives = 0, total = 0;
  unsigned need_customer = 0, need_team = 0;
  bool need_objectives = false;

  plan_weights(const plan_config& c, double total_weight)
      : section(weights_by_mask(c.section_weights)),
        customer(weights_by_mask(c.customer_role_weights)),
        team(weights_by_mask(c.team_role_weights)),
        objectives(c.objectives_weight),
        total(total_weight),
        need_customer(required_roles(c.customer_role_weights)),
        need_team(required_roles(c.team_role_weights)),
        need_objectives(c.objectives_weight > 0) {}
};

/// Sizes `r` for `n` plans (reusing its storage) and resets its counts.
KAM_INLINE void resize_plan_scores(plan_scores& r, std::size_t n, std::int32_t interval) {
  r.completeness.resize(static_cast<Eigen::Index>(n));
  r.freshness.resize(static_cast<Eigen::Index>(n));
  for (auto* v : {&r.missing_sections, &r.unowned_sections, &r.stale_sections,
                  &r.missing_customer_roles, &r.missing_team_roles, &r.missing_objectives}) {
    v->resize(n);
  }
  r.section_age_days.resize(n * plan_section_count);
  r.review_interval_days = interval;
  r.step_counts = {};
}

/// Scores every plan of `t` (of checked shape) into `r` in one pass; returns false when a value
/// is invalid (the caller then runs check_plan_values, which names it). Per plan the weights
/// are read from tables by mask, so the sums are those of a loop over the sections in order.
/// The arrays are reached through local pointers: a store to a byte array may alias anything,
/// and would otherwise make every vector's data pointer be loaded again after it.
KAM_INLINE bool score_plan_rows(plan_scores& r, const plan_table& t, std::int64_t today,
                                std::int64_t interval, const plan_weights& w) {
  constexpr std::size_t sections = plan_section_count;
  constexpr unsigned customer_roles = (1u << stakeholder_role_count) - 1;
  constexpr unsigned team_roles = (1u << team_role_count) - 1;
  const std::size_t n = t.account.size();
  const std::uint8_t* flags = t.section_flags.data();
  const std::int32_t* updated = t.section_updated.data();
  const std::uint8_t *customer_in = t.customer_roles.data(), *team_in = t.team_roles.data();
  const std::int32_t* objectives_in = t.objectives.data();
  const process_step* step_in = t.step.data();
  double *completeness = r.completeness.data(), *freshness = r.freshness.data();
  std::uint8_t *missing = r.missing_sections.data(), *unowned = r.unowned_sections.data(),
               *stale = r.stale_sections.data(), *no_customer = r.missing_customer_roles.data(),
               *no_team = r.missing_team_roles.data(), *no_objectives = r.missing_objectives.data();
  std::int32_t* age = r.section_age_days.data();
  std::array<Eigen::Index, 4> steps{};
  bool bad = false;
  constexpr std::size_t block = 256;  // plans whose section codes are worked out at once
  std::array<std::uint8_t, block * sections> codes;
  for (std::size_t first = 0; first < n; first += block) {
    const std::size_t count = std::min(block, n - first);
    bad |= code_sections(flags + first * sections, updated + first * sections, count * sections,
                         today, interval, codes.data(), age + first * sections);
    for (std::size_t i = first; i < first + count; ++i) {
      const std::uint8_t* code = &codes[(i - first) * sections];
      const unsigned content = section_mask(code, content_shift);
      const unsigned fresh = section_mask(code, fresh_shift);
      const unsigned customer = customer_in[i], team = team_in[i];
      const auto step = static_cast<std::size_t>(step_in[i]);
      bad |= (customer & ~customer_roles) != 0 || (team & ~team_roles) != 0 ||
             objectives_in[i] < 0 || step >= steps.size();
      const double written = w.section[content];
      double have = written;
      have += w.customer[customer & customer_roles] + w.team[team & team_roles];
      const bool objectives = objectives_in[i] > 0;
      have += objectives ? w.objectives : 0.0;
      completeness[i] = have / w.total;
      freshness[i] = written > 0 ? w.section[fresh] / written : 0.0;
      missing[i] = static_cast<std::uint8_t>(~content);
      unowned[i] = static_cast<std::uint8_t>(content & ~section_mask(code, owner_shift));
      stale[i] = static_cast<std::uint8_t>(content & ~fresh);
      no_customer[i] = static_cast<std::uint8_t>(w.need_customer & ~customer);
      no_team[i] = static_cast<std::uint8_t>(w.need_team & ~team);
      no_objectives[i] = w.need_objectives && !objectives ? 1 : 0;
      ++steps[step & (steps.size() - 1)];
    }
  }
  r.step_counts = steps;
  return !bad;
}

/// Checks and scores: the shapes first; the ids by ids_look_unique, with the exact
/// check_plan_ids only when it cannot vouch for them; the values inside the scoring pass, with
/// the exact check_plan_values only when that pass saw a bad one. So the errors (and their
/// order: shapes, ids, then values row by row) are those of checking everything up front.
KAM_INLINE void score_plans_impl(plan_scores& r, const plan_table& plans,
                                 std::chrono::sys_days as_of, const plan_config& config,
                                 const char* fn) {
  const plan_weights weights(config, check_plan_config(config, fn));
  const std::int64_t today = as_of.time_since_epoch().count();
  check_plan_shape(plans, fn);
  if (!ids_look_unique(plans)) check_plan_ids(plans, fn);
  resize_plan_scores(r, plans.account.size(), config.review_interval_days);
  if (!score_plan_rows(r, plans, today, config.review_interval_days, weights)) {
    check_plan_values(plans, today, fn);
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
