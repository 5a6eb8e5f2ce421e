// Criteria: a name, a weight, a direction and a normalisation each; a validated criteria set.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <kam/core/describe.hpp>  // the enums by name: enum_name, enum_from_name
#include <kam/core/direction.hpp>
#include <kam/core/error.hpp>  // what the set throws
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kam {

/// How a criterion's raw values are mapped onto [0, 1] before weighting (higher = more of it;
/// cost criteria are inverted afterwards, as a separate step: v -> 1 - v).
///
/// - `min_max`: (x - min) / (max - min) over the reference portfolio; values of new accounts
///   beyond the reference's min or max are clamped to 0 or 1.
/// - `z_score`: Phi((x - mean) / sd), the standard normal CDF of the standard score (sd with
///   ddof 0, as scikit-learn's StandardScaler), so 0.5 is the portfolio mean.
/// - `vector`: x / sqrt(sum of x^2) (Hwang & Yoon's vector normalisation); needs x >= 0;
///   clamped to 1 for new accounts beyond the reference.
/// - `fixed_range`: (x - low) / (high - low) for a declared scale such as a 1-5 rating; a value
///   outside [low, high] is an error (the bounds rounded to the values' scalar type, so a float
///   0.3f is on the scale [0, 0.3]).
/// - `percentile_rank`: (#{r < x} + #{r <= x} - 1) / (2 (n - 1)) over the n reference values r,
///   clamped to [0, 1]: (rank - 1) / (n - 1) with average ranks for ties, so the smallest value
///   maps to 0 and the largest to 1. Robust to the heavy tails of revenue.
///
/// The constant-column rule: when every finite reference value of a criterion is the same (zero
/// range, zero sd, or a single value), every account gets 0.5 on it under `min_max`, `z_score`,
/// `vector` and `percentile_rank` alike, so the criterion adds the same amount to every score
/// whatever its direction; the result lists it as constant. `fixed_range` is never constant: its
/// bounds come from the user.
enum class normalization { min_max, z_score, vector, fixed_range, percentile_rank };
BOOST_DESCRIBE_ENUM(normalization, min_max, z_score, vector, fixed_range, percentile_rank)

/// One selection criterion. `weight` is relative (any non-negative scale: 40/35/25 or
/// 0.4/0.35/0.25); the criteria set normalises the weights to sum to 1. `low` and `high` are the
/// bounds of the scale and are read only for `normalization::fixed_range`.
struct criterion {
  /// The column it reads; unique within a criteria set.
  std::string name;
  /// The relative weight, >= 0 (the criteria set normalises the weights to sum to 1).
  double weight = 1.0;
  /// Benefit (more is better) or cost (less is better).
  kam::direction direction = kam::direction::benefit;
  /// How the column is put on [0, 1] before weighting.
  kam::normalization normalization = kam::normalization::min_max;
  double low = 0.0;   ///< lower end of the scale (fixed_range only)
  double high = 0.0;  ///< upper end of the scale (fixed_range only)

  /// Returns a copy that uses `fixed_range` normalisation over [low, high] (e.g. a 1-5 rating).
  [[nodiscard]] criterion on_scale(double lo, double hi) const {
    criterion c = *this;
    c.normalization = kam::normalization::fixed_range;
    c.low = lo;
    c.high = hi;
    return c;
  }
  /// Returns a copy that uses normalisation `n`.
  [[nodiscard]] criterion normalized_by(kam::normalization n) const {
    criterion c = *this;
    c.normalization = n;
    return c;
  }

  /// Two criteria are equal when every member is.
  friend bool operator==(const criterion&, const criterion&) = default;
};
BOOST_DESCRIBE_STRUCT(criterion, (), (name, weight, direction, normalization, low, high))

/// Returns a benefit criterion (more is better) with min-max normalisation.
[[nodiscard]] inline criterion benefit(std::string name, double weight) {
  return {std::move(name), weight, direction::benefit, normalization::min_max, 0.0, 0.0};
}

/// Returns a cost criterion (more is worse, e.g. the effort to get traction) with min-max
/// normalisation.
[[nodiscard]] inline criterion cost(std::string name, double weight) {
  return {std::move(name), weight, direction::cost, normalization::min_max, 0.0, 0.0};
}

/// A validated, ordered set of criteria: the columns of the accounts x criteria matrix, in order.
///
/// Invariants, checked on construction (kam::error subtypes otherwise, naming the criterion):
/// at least one criterion; non-empty unique names; finite, non-negative weights with a positive
/// sum; known enum values; for fixed_range, finite bounds with low < high. The set is an immutable
/// value: the `with...` and `without` members return new, re-validated sets.
class criteria_set {
 public:
  /// Builds and validates the set; throws kam::empty_input, kam::duplicate_name,
  /// kam::non_finite_value or kam::invalid_input.
  explicit criteria_set(std::vector<criterion> items);
  /// Builds and validates the set from a list; throws as the other constructor.
  criteria_set(std::initializer_list<criterion> items);

  /// Returns the number of criteria.
  [[nodiscard]] Eigen::Index size() const noexcept {
    return static_cast<Eigen::Index>(items_.size());
  }
  /// Returns criterion `j` (its weight as given, not normalised). Checked in every build type:
  /// throws kam::out_of_bounds (naming 'j' and the range [0, size())) unless 0 <= j < size().
  [[nodiscard]] const criterion& operator[](Eigen::Index j) const {
    detail::check_index("kam::criteria_set::operator[]", "j", j, size(), "criterion");
    return items_[static_cast<std::size_t>(j)];
  }
  /// Returns an iterator to the first criterion.
  [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
  /// Returns an iterator past the last criterion.
  [[nodiscard]] auto end() const noexcept { return items_.end(); }
  /// Returns the criteria as given.
  [[nodiscard]] const std::vector<criterion>& items() const noexcept { return items_; }

  /// Returns the weights normalised to sum to 1, in criterion order.
  [[nodiscard]] const Eigen::VectorXd& weights() const noexcept { return weights_; }

  /// Returns the names in criterion order.
  [[nodiscard]] std::vector<std::string> names() const;

  /// Returns the position of the criterion named `name`, if there is one.
  [[nodiscard]] std::optional<Eigen::Index> find(std::string_view name) const noexcept;

  /// Returns the position of the criterion named `name`.
  /// Throws kam::unknown_name listing the known names; `function` names the caller.
  [[nodiscard]] Eigen::Index index_of(
      std::string_view name, std::string_view function = "kam::criteria_set::index_of") const;

  /// Returns a copy with the relative weights replaced, in criterion order (`weights`: any sized
  /// range of numbers, e.g. a std::vector or an Eigen vector).
  /// Throws kam::shape_mismatch if the count differs, and as the constructor for bad weights.
  template <typename Weights>
  [[nodiscard]] criteria_set with_weights(const Weights& weights) const {
    const auto n = static_cast<Eigen::Index>(std::size(weights));
    if (n != size()) throw_weight_count(n);
    std::vector<criterion> items = items_;
    Eigen::Index j = 0;
    for (const auto& w : weights)
      items[static_cast<std::size_t>(j++)].weight = static_cast<double>(w);
    return criteria_set(std::move(items));
  }

  /// Returns a copy in which the criterion named `name` has relative weight `weight`.
  [[nodiscard]] criteria_set reweighted(std::string_view name, double weight) const;

  /// Returns a copy without the criterion named `name` (the other weights are re-normalised).
  [[nodiscard]] criteria_set without(std::string_view name) const;

  /// Returns a copy with `c` appended.
  [[nodiscard]] criteria_set with(criterion c) const;

  /// Returns the criteria named in `names`, in that order (e.g. to match the columns of a file).
  [[nodiscard]] criteria_set select(const std::vector<std::string>& names) const;

  /// Returns whether both sets hold the same criteria in the same order.
  friend bool operator==(const criteria_set& a, const criteria_set& b) {
    return a.items_ == b.items_;
  }

 private:
  void validate();
  [[noreturn]] void throw_weight_count(Eigen::Index n) const;

  std::vector<criterion> items_;
  Eigen::VectorXd weights_;
};

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/criteria_impl.hpp>
#endif
