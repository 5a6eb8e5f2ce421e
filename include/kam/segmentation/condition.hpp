// Conditions over account fields: predicates, and/or groups, kam::field, and the condition syntax
// (kam::parse_condition, kam::to_text).
#pragma once

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kam {

/// What a predicate tests. On numeric fields: `less`, `less_equal`, `greater`, `greater_equal`,
/// `equal`, `not_equal` (exact comparisons with `value`) and `between` (value <= x <= high, both
/// ends inclusive). On categorical fields: `in` and `not_in` (membership in `categories`, exact,
/// case-sensitive). Using one on a field of the other kind is an error.
enum class predicate_op {
  less,
  less_equal,
  greater,
  greater_equal,
  equal,
  not_equal,
  between,
  in,
  not_in
};
BOOST_DESCRIBE_ENUM(predicate_op, less, less_equal, greater, greater_equal, equal, not_equal,
                    between, in, not_in)

/// How the parts of a condition combine: `all` (and) or `any` (or).
enum class group_logic { all, any };
BOOST_DESCRIBE_ENUM(group_logic, all, any)

/// One test on one field of an account, e.g. {"employees", greater_equal, 1000} or
/// {"industry", in, .categories = {"energy", "retail"}}. A plain struct so that rules can come
/// from configuration (its enum by name); checked when the rule set is built and again, against
/// the fields, when it is applied.
struct predicate {
  std::string field = {};                    ///< the account field (member or column name)
  predicate_op op = predicate_op::equal;     ///< the test
  double value = 0;                          ///< compared with; the lower bound of `between`
  double high = 0;                           ///< the upper bound of `between`
  std::vector<std::string> categories = {};  ///< for `in` and `not_in`
};
BOOST_DESCRIBE_STRUCT(predicate, (), (field, op, value, high, categories))

/// A condition: predicates and nested conditions, all of which (`all`) or any of which (`any`)
/// must hold. Build one with kam::field and the operators && and ||, with kam::parse_condition
/// from text, or member by member from configuration. An empty condition (or nested group) is
/// an error: use the fallback segment for "everything else".
struct condition {
  group_logic logic = group_logic::all;    ///< how the parts combine
  std::vector<predicate> predicates = {};  ///< the tests on fields
  std::vector<condition> groups = {};      ///< nested conditions
};
BOOST_DESCRIBE_STRUCT(condition, (), (logic, predicates, groups))

/// Returns a condition true when both are (flattening nested `all` groups).
[[nodiscard]] condition operator&&(condition a, condition b);

/// Returns a condition true when either is (flattening nested `any` groups).
[[nodiscard]] condition operator||(condition a, condition b);

/// A field named in a rule, to build predicates with operators:
/// `kam::field("employees") >= 1000 && kam::field("industry").in({"energy", "retail"})`.
class field_ref {
 public:
  /// Refers to the field `name`.
  explicit field_ref(std::string name) : name_(std::move(name)) {}
  /// x < v.
  [[nodiscard]] condition operator<(double v) const { return make(predicate_op::less, v); }
  /// x <= v.
  [[nodiscard]] condition operator<=(double v) const { return make(predicate_op::less_equal, v); }
  /// x > v.
  [[nodiscard]] condition operator>(double v) const { return make(predicate_op::greater, v); }
  /// x >= v.
  [[nodiscard]] condition operator>=(double v) const {
    return make(predicate_op::greater_equal, v);
  }
  /// x == v (exact).
  [[nodiscard]] condition operator==(double v) const { return make(predicate_op::equal, v); }
  /// x != v (exact).
  [[nodiscard]] condition operator!=(double v) const { return make(predicate_op::not_equal, v); }
  /// Category equality: the same as in({category}).
  [[nodiscard]] condition operator==(std::string_view category) const {
    return in({std::string(category)});
  }
  /// Category inequality: the same as not_in({category}).
  [[nodiscard]] condition operator!=(std::string_view category) const {
    return not_in({std::string(category)});
  }
  /// low <= x <= high, both ends inclusive.
  [[nodiscard]] condition between(double low, double high) const;
  /// The category is one of `categories`.
  [[nodiscard]] condition in(std::vector<std::string> categories) const;
  /// The category is none of `categories`.
  [[nodiscard]] condition not_in(std::vector<std::string> categories) const;

 private:
  [[nodiscard]] condition make(predicate_op op, double v) const;
  std::string name_;
};

/// The deepest nesting of conditions kam accepts: parentheses in kam::parse_condition, nested
/// groups in kam::segment_rules and kam::to_text. Deeper input is an error (kam::invalid_input),
/// not a stack overflow. The number of clauses is not limited: parsing is linear in the length
/// of the text.
inline constexpr std::size_t max_condition_depth = 64;

/// Returns a reference to the account field `name`, to write predicates with operators.
[[nodiscard]] inline field_ref field(std::string name) { return field_ref(std::move(name)); }

/// Returns the condition written in `text`, in kam's condition syntax:
///
///     technology_focus >= 4 and (industry in (technology, energy) or employees > 5000)
///     region not in ('UK&I', Nordics) and loyalty between 2 and 4
///     industry == retail or price_focus = 5
///
/// `and` binds tighter than `or`; parentheses group. Comparisons: <, <=, >, >=, == (or =), !=
/// with a number; `between a and b` (inclusive); `in (...)` and `not in (...)` with categories
/// (parentheses, brackets or braces); `== word` and `!= word` are category tests. Field names and
/// categories are words (letters, digits, _ and ., not starting with a digit) or quoted with ' or
/// " (a backslash escapes the next character). Keywords are case-insensitive. Parentheses nest
/// at most kam::max_condition_depth levels. Throws kam::invalid_input naming the column of the
/// first error. Complexity: linear in the length of `text` (any number of `and`/`or` clauses).
[[nodiscard]] condition parse_condition(std::string_view text);

/// Returns `c` in the syntax of kam::parse_condition; parsing the text gives an equivalent
/// condition (the same one for conditions that came from parse_condition or the operators).
/// Throws kam::invalid_input for groups nested deeper than kam::max_condition_depth.
[[nodiscard]] std::string to_text(const condition& c);

/// Returns `p` in the syntax of kam::parse_condition.
[[nodiscard]] std::string to_text(const predicate& p);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/segmentation/detail/condition_impl.hpp>
#endif
