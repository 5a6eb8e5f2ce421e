// Not API. Definitions of kam/segmentation/rules.hpp (compiled once in compiled mode): checking a
// rule set, binding it to the columns of a field table, and applying it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/rules.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace kam {

KAM_INLINE segment_rules::segment_rules(std::vector<segment_rule> rules, std::string fallback)
    : rules_(std::move(rules)), fallback_(std::move(fallback)) {
  validate();
}

KAM_INLINE void segment_rules::check(const predicate& p, const std::string& where) {
  constexpr const char* fn = "kam::segment_rules";
  if (p.field.empty()) {
    throw invalid_input({fn, where, std::nullopt}, "a predicate has an empty field name");
  }
  if (!is_enumerator(p.op)) {
    throw invalid_input({fn, p.field, std::nullopt},
                        detail::cat({where, ": op is not a predicate_op"}));
  }
  if (p.op == predicate_op::in || p.op == predicate_op::not_in) {
    if (p.categories.empty()) {
      throw invalid_input({fn, p.field, std::nullopt},
                          detail::cat({where, ": '", enum_name(p.op), "' needs categories"}));
    }
    // A hash set keeps this linear in the length of the list.
    std::unordered_set<std::string_view> seen;
    for (const auto& category : p.categories) {
      if (!seen.insert(category).second) {
        throw duplicate_name({fn, p.field, std::nullopt},
                             detail::cat({where, ": category '", category, "' listed twice"}));
      }
    }
    return;
  }
  if (!p.categories.empty()) {
    throw invalid_input({fn, p.field, std::nullopt},
                        detail::cat({where, ": categories given to the numeric comparison '",
                                     enum_name(p.op), "'"}));
  }
  if (!std::isfinite(p.value) || (p.op == predicate_op::between && !std::isfinite(p.high))) {
    throw non_finite_value({fn, p.field, std::nullopt},
                           detail::cat({where, ": the value compared with is not finite"}));
  }
  if (p.op == predicate_op::between && !(p.value <= p.high)) {
    throw invalid_input(
        {fn, p.field, std::nullopt},
        detail::cat({where, ": between needs low <= high, got [", p.value, ", ", p.high, "]"}));
  }
}

KAM_INLINE void segment_rules::check(const condition& c, std::size_t r, std::size_t depth) {
  constexpr const char* fn = "kam::segment_rules";
  const std::string where = detail::cat({"rules[", r, "]"});
  if (depth > max_condition_depth) {
    throw invalid_input({fn, where, std::nullopt}, detail::cat({"groups nested deeper than ",
                                                                max_condition_depth, " levels"}));
  }
  if (!is_enumerator(c.logic)) {
    throw invalid_input({fn, where, std::nullopt}, "logic is not one of its enumerators");
  }
  if (c.predicates.empty() && c.groups.empty()) {
    throw invalid_input({fn, where, std::nullopt},
                        "empty condition or group; use the fallback segment for 'everything "
                        "else'");
  }
  for (const auto& p : c.predicates) check(p, where);
  for (const auto& g : c.groups) check(g, r, depth + 1);
}

namespace detail {

/// Appends to `fields` the fields `c` reads that are not in `seen` yet (predicates first, then
/// the groups in order), and adds them to `seen`. @pre `c` is checked (its depth is bounded).
KAM_INLINE void collect_rule_fields(const condition& c, std::vector<std::string>& fields,
                                    std::unordered_set<std::string_view>& seen) {
  for (const auto& p : c.predicates)
    if (seen.insert(p.field).second) fields.push_back(p.field);
  for (const auto& g : c.groups) collect_rule_fields(g, fields, seen);
}

}  // namespace detail

KAM_INLINE void segment_rules::validate() {
  constexpr const char* fn = "kam::segment_rules";
  if (rules_.empty() && fallback_.empty()) {
    throw empty_input({fn, "rules", std::nullopt},
                      "no rules and no fallback segment: no account could get a segment");
  }
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    if (rules_[r].segment.empty()) {
      throw invalid_input({fn, detail::cat({"rules[", r, "]"}), std::nullopt},
                          "the rule has an empty segment name");
    }
    check(rules_[r].when, r);
  }
  // Hash sets keep this linear in the number of rules and predicates. The views point into
  // rules_, which no longer changes.
  std::unordered_set<std::string_view> seen_fields;
  std::unordered_set<std::string_view> seen_segments;
  for (const auto& rule : rules_) {
    detail::collect_rule_fields(rule.when, fields_, seen_fields);
    if (seen_segments.insert(rule.segment).second) segments_.push_back(rule.segment);
  }
  if (!fallback_.empty() && seen_segments.insert(fallback_).second) segments_.push_back(fallback_);
}

KAM_INLINE std::string_view segment_assignment::segment_of(Eigen::Index i) const {
  constexpr const char* fn = "kam::segment_assignment::segment_of";
  detail::check_index(fn, "i", i, segment.size(), "account", true);
  const Eigen::Index s = segment(i);
  const auto names = static_cast<Eigen::Index>(segments.size());
  if (s < -1 || s >= names) {
    throw out_of_bounds({fn, "segment", i}, detail::cat({"segment code ", s, " is outside [-1, ",
                                                         names, "), the segment names"}));
  }
  return s < 0 ? std::string_view() : std::string_view(segments[static_cast<std::size_t>(s)]);
}

namespace detail {

/// Returns `v` rounded to float (and back to double), infinite beyond float's range.
KAM_INLINE double rule_value_in_float(double v) {
  constexpr auto top = static_cast<double>(std::numeric_limits<float>::max());
  if (v > top) return std::numeric_limits<double>::infinity();
  if (v < -top) return -std::numeric_limits<double>::infinity();
  return static_cast<double>(static_cast<float>(v));
}

/// A predicate bound to a column of a field table.
struct bound_predicate {
  predicate_op op = predicate_op::equal;
  bool categorical = false;
  const double* numbers = nullptr;
  const std::int32_t* codes = nullptr;
  double value = 0, high = 0;
  std::vector<char> member;  ///< per category code: in the predicate's list
};

/// A condition bound to the columns of a field table.
struct bound_group {
  group_logic logic = group_logic::all;
  std::vector<bound_predicate> predicates;
  std::vector<bound_group> groups;
};

/// Returns whether `p` holds for account `i` (false on a missing value).
KAM_INLINE bool rule_holds(const bound_predicate& p, std::size_t i) {
  if (p.categorical) {
    const std::int32_t c = p.codes[i];
    if (c < 0) return false;
    const bool in = p.member[static_cast<std::size_t>(c)] != 0;
    return p.op == predicate_op::in ? in : !in;
  }
  const double x = p.numbers[i];
  if (std::isnan(x)) return false;
  switch (p.op) {
    case predicate_op::less:
      return x < p.value;
    case predicate_op::less_equal:
      return x <= p.value;
    case predicate_op::greater:
      return x > p.value;
    case predicate_op::greater_equal:
      return x >= p.value;
    case predicate_op::equal:
      return x == p.value;
    case predicate_op::not_equal:
      return x != p.value;
    case predicate_op::between:
      return p.value <= x && x <= p.high;
    case predicate_op::in:
    case predicate_op::not_in:
      break;
  }
  return false;
}

/// Returns whether `g` holds for account `i`.
KAM_INLINE bool rule_holds(const bound_group& g, std::size_t i) {
  if (g.logic == group_logic::all) {
    for (const auto& p : g.predicates)
      if (!rule_holds(p, i)) return false;
    for (const auto& s : g.groups)
      if (!rule_holds(s, i)) return false;
    return true;
  }
  for (const auto& p : g.predicates)
    if (rule_holds(p, i)) return true;
  for (const auto& s : g.groups)
    if (rule_holds(s, i)) return true;
  return false;
}

/// Returns `p` (of rule `r`) bound to column `j` of `t`, checking the kind of the field and, for
/// closed categorical fields, the categories.
KAM_INLINE bound_predicate bind_predicate(const predicate& p, const field_table& t, Eigen::Index j,
                                          std::size_t r, const char* fn) {
  const bool wants_category = p.op == predicate_op::in || p.op == predicate_op::not_in;
  const field_kind k = t.kind(j);
  if (wants_category != (k == field_kind::categorical)) {
    throw invalid_input(
        {fn, p.field, std::nullopt},
        detail::cat({"type mismatch in rules[", r, "]: the field is ", enum_name(k), ", but '",
                     enum_name(p.op), wants_category ? "' tests categories" : "' needs a number"}));
  }
  bound_predicate b;
  b.op = p.op;
  b.value = p.value;
  b.high = p.high;
  if (!wants_category) {
    if (t.single_precision(j)) {
      // Compare float data in float, as the scoring and portfolio thresholds do: 0.7f reaches
      // `>= 0.7` although 0.7f < 0.7 in double. Beyond float's range a bound becomes infinite,
      // which every comparison with a finite float treats alike.
      b.value = rule_value_in_float(p.value);
      b.high = rule_value_in_float(p.high);
    }
    b.numbers = t.numbers(j).data();
    return b;
  }
  b.categorical = true;
  b.codes = t.codes(j).data();
  const auto& cats = t.categories(j);
  b.member.assign(cats.size(), 0);
  // A hash map keeps this O(categories + list), not O(categories x list).
  std::unordered_map<std::string_view, std::size_t> code_of;
  code_of.reserve(cats.size());
  for (std::size_t c = 0; c < cats.size(); ++c) code_of.emplace(cats[c], c);
  for (const auto& name : p.categories) {
    const auto it = code_of.find(name);
    if (it != code_of.end()) {
      b.member[it->second] = 1;
    } else if (t.closed(j)) {
      throw unknown_name({fn, p.field, std::nullopt}, name, cats);
    }
  }
  return b;
}

/// Returns `c` (rule `r`) bound to the columns of `t`, checking the field names, their kinds and,
/// for closed categorical fields, the categories.
KAM_INLINE bound_group bind_condition(const condition& c, const field_table& t, std::size_t r,
                                      const char* fn) {
  bound_group g;
  g.logic = c.logic;
  for (const auto& p : c.predicates) {
    const auto j = t.find(p.field);
    if (!j) {
      throw unknown_name({fn, detail::cat({"rules[", r, "]"}), std::nullopt}, p.field, t.names());
    }
    g.predicates.push_back(bind_predicate(p, t, *j, r, fn));
  }
  for (const auto& s : c.groups) g.groups.push_back(bind_condition(s, t, r, fn));
  return g;
}

/// Returns, per account of `t`, whether a field the rules read is missing; under
/// rule_missing::reject, throws for the first missing value instead (field by field).
KAM_INLINE std::vector<char> missing_rule_values(const field_table& t, const segment_rules& rules,
                                                 rule_missing policy, const char* fn) {
  const Eigen::Index n = t.rows();
  std::vector<char> missing(static_cast<std::size_t>(n), 0);
  for (const auto& f : rules.fields()) {
    const Eigen::Index j = *t.find(f);
    const bool numeric = t.kind(j) == field_kind::numeric;
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto is = static_cast<std::size_t>(i);
      const bool absent = numeric ? std::isnan(t.numbers(j)[is]) : t.codes(j)[is] < 0;
      if (!absent) continue;
      if (policy == rule_missing::reject) {
        if (numeric) {
          throw non_finite_value({fn, f, i}, "value is missing (NaN) and rule_missing is reject");
        }
        throw invalid_input({fn, f, i}, "category is missing and rule_missing is reject");
      }
      missing[is] = 1;
    }
  }
  return missing;
}

/// Returns the position of `name` in `names`.
KAM_INLINE Eigen::Index index_of_name(const std::vector<std::string>& names,
                                      const std::string& name) {
  return static_cast<Eigen::Index>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace detail

KAM_INLINE segment_assignment assign_segments(const field_table& table, const segment_rules& rules,
                                              const rule_options& options) {
  constexpr const char* fn = "kam::assign_segments";
  if (!is_enumerator(options.missing)) {
    throw invalid_input({fn, "missing", std::nullopt}, "not a rule_missing");
  }
  std::vector<detail::bound_group> bound;
  for (std::size_t r = 0; r < rules.rules().size(); ++r)
    bound.push_back(detail::bind_condition(rules.rules()[r].when, table, r, fn));
  const std::vector<char> missing = detail::missing_rule_values(table, rules, options.missing, fn);
  segment_assignment out;
  out.segments = rules.segments();
  std::vector<Eigen::Index> segment_of_rule;
  for (const auto& r : rules.rules())
    segment_of_rule.push_back(detail::index_of_name(out.segments, r.segment));
  const Eigen::Index fallback_segment =
      rules.fallback().empty() ? -1 : detail::index_of_name(out.segments, rules.fallback());
  const Eigen::Index n = table.rows();
  out.segment.resize(n);
  out.rule.resize(n);
  out.counts = index_vector::Zero(static_cast<Eigen::Index>(out.segments.size()));
  out.rule_counts = index_vector::Zero(static_cast<Eigen::Index>(bound.size()));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto is = static_cast<std::size_t>(i);
    out.with_missing += missing[is];
    Eigen::Index rule = -1;
    for (std::size_t r = 0; r < bound.size() && rule < 0; ++r)
      if (detail::rule_holds(bound[r], is)) rule = static_cast<Eigen::Index>(r);
    Eigen::Index seg = fallback_segment;
    if (rule >= 0) {
      seg = segment_of_rule[static_cast<std::size_t>(rule)];
      ++out.rule_counts(rule);
    } else if (seg >= 0) {
      ++out.fallback;
    } else {
      ++out.unmatched;
    }
    out.rule(i) = rule;
    out.segment(i) = seg;
    if (seg >= 0) ++out.counts(seg);
  }
  return out;
}

}  // namespace kam
