// Segmentation rules: an ordered rule set (first match wins, then a fallback segment) applied to
// a field table or to described account structs.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/segmentation/condition.hpp>
#include <kam/segmentation/field_table.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kam {

/// What a predicate does with a missing value (NaN in a numeric field, an absent category).
/// - `reject` (default): throw kam::non_finite_value (numeric) or kam::invalid_input (category)
///   naming the field and the row, for any missing value in a field some rule reads.
/// - `no_match`: a predicate on a missing value is false, whatever its operator (also
///   `not_equal` and `not_in`, as SQL treats NULL); the result counts the accounts concerned.
enum class rule_missing { reject, no_match };
BOOST_DESCRIBE_ENUM(rule_missing, reject, no_match)

/// One rule: accounts that satisfy `when` belong to `segment`. `name` labels the rule in output
/// (optional; several rules may lead to the same segment).
struct segment_rule {
  std::string segment = {};  ///< the segment of the accounts that satisfy `when`
  condition when = {};       ///< the condition
  std::string name = {};     ///< the rule's label in output (may be empty)
};
BOOST_DESCRIBE_STRUCT(segment_rule, (), (segment, when, name))

/// Options of kam::assign_segments.
struct rule_options {
  rule_missing missing = rule_missing::reject;  ///< what missing values do
};
BOOST_DESCRIBE_STRUCT(rule_options, (), (missing))

/// An ordered, validated list of rules and a fallback segment. Rules are tried in order and the
/// first that holds decides the account's segment; an account no rule matches gets the fallback
/// segment, or none when the fallback is empty (it is then counted as unmatched, never dropped).
///
/// Checked on construction (kam::error subtypes naming the rule): at least one rule or a
/// fallback; non-empty segment names; no empty condition or group; every predicate with a field
/// name and a known operator; finite comparison values; between with low <= high; in / not_in
/// with at least one category, none twice; no categories on a numeric comparison; groups nested
/// at most kam::max_condition_depth levels. Field names and kinds are checked against the
/// accounts when the rules are applied.
class segment_rules {
 public:
  /// Builds and validates the rule set; throws kam::empty_input, kam::invalid_input,
  /// kam::non_finite_value or kam::duplicate_name.
  explicit segment_rules(std::vector<segment_rule> rules, std::string fallback = {});

  /// Returns the rules, in order.
  [[nodiscard]] const std::vector<segment_rule>& rules() const noexcept { return rules_; }
  /// Returns the fallback segment ("" when there is none).
  [[nodiscard]] const std::string& fallback() const noexcept { return fallback_; }
  /// Returns the distinct segment names: the rules' in order of first use, then the fallback's.
  [[nodiscard]] const std::vector<std::string>& segments() const noexcept { return segments_; }
  /// Returns the distinct fields the rules read, in order of first use.
  [[nodiscard]] const std::vector<std::string>& fields() const noexcept { return fields_; }

 private:
  // Checks the condition of rule `r` (nested `depth` groups deep) and collects its fields.
  void check(const condition& c, std::size_t r, std::size_t depth = 0);
  // Checks one predicate of rule `r` (named `where` in messages).
  static void check(const predicate& p, const std::string& where);
  void validate();

  std::vector<segment_rule> rules_;
  std::string fallback_;
  std::vector<std::string> segments_;
  std::vector<std::string> fields_;
};

/// The segment of every account, aligned with the input rows, and how it was reached.
struct segment_assignment {
  /// Per account: its segment, an index into `segments`; -1 when no rule matched and the rule
  /// set has no fallback (counted in `unmatched`).
  index_vector segment;
  /// Per account: the rule that matched (index into the rules), -1 for the fallback or none.
  index_vector rule;
  /// The segment names (segment_rules::segments()).
  std::vector<std::string> segments;
  /// Accounts per segment.
  index_vector counts;
  /// Accounts per rule.
  index_vector rule_counts;
  /// Accounts that got the fallback segment.
  Eigen::Index fallback = 0;
  /// Accounts without a segment.
  Eigen::Index unmatched = 0;
  /// Accounts with a missing value in a field some rule reads (only under rule_missing::no_match;
  /// predicates on those values were false).
  Eigen::Index with_missing = 0;

  /// Returns the segment name of account `i` ("" when it has none). Checked in every build type:
  /// throws kam::out_of_bounds naming 'i' and the range [0, segment.size()) for an index outside
  /// it, or naming 'segment' and the row for a code outside [-1, segments.size()) (a result
  /// edited by hand).
  [[nodiscard]] std::string_view segment_of(Eigen::Index i) const;
};
BOOST_DESCRIBE_STRUCT(segment_assignment, (),
                      (segment, rule, segments, counts, rule_counts, fallback, unmatched,
                       with_missing))

/// Returns the segment of every account of `table` (rows are accounts): the segment of the first
/// rule whose condition holds, else the fallback segment, else none (-1, counted as unmatched).
/// Missing values are handled per `options.missing`.
///
/// Throws kam::unknown_name (a field the table does not have, listing the fields it has; a
/// category a closed field does not have, listing its categories), kam::invalid_input (a type
/// mismatch: a numeric comparison on a categorical field or a category test on a numeric one,
/// naming the field and the rule; a missing category under reject, naming the row) and
/// kam::non_finite_value (a missing number under reject, naming the field and the row).
/// Complexity: O(N P) for P predicates, one read of the fields the rules use.
[[nodiscard]] segment_assignment assign_segments(const field_table& table,
                                                 const segment_rules& rules,
                                                 const rule_options& options = {});

/// Returns the segment of every account of a range of described account structs (see the other
/// overload): the fields the rules name are read by member name (field_table::from_accounts), so
/// rules loaded from configuration apply to a CRM's own account type. Throws as the other
/// overload, and as field_table::from_accounts for a field that is not a member of the account
/// type, or a member that is neither numeric nor categorical.
template <random_access_container Accounts>
requires described_struct<element_of<Accounts>>
[[nodiscard]] segment_assignment assign_segments(const Accounts& accounts,
                                                 const segment_rules& rules,
                                                 const rule_options& options = {}) {
  const field_table t =
      field_table::from_accounts(accounts, rules.fields(), "kam::assign_segments");
  return assign_segments(t, rules, options);
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/segmentation/detail/rules_impl.hpp>
#endif
