// Criteria: a name, a weight, a direction and a normalisation each; a validated criteria set.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <kam/core/describe.hpp>
#include <kam/core/direction.hpp>
#include <kam/core/error.hpp>
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
  std::string name;
  double weight = 1.0;
  kam::direction direction = kam::direction::benefit;
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
  template <typename = void>
  explicit criteria_set(std::vector<criterion> items) : items_(std::move(items)) {
    validate();
  }
  template <typename = void>
  criteria_set(std::initializer_list<criterion> items) : items_(items) {
    validate();
  }

  /// Returns the number of criteria.
  [[nodiscard]] Eigen::Index size() const noexcept {
    return static_cast<Eigen::Index>(items_.size());
  }
  /// Returns criterion `j` (its weight as given, not normalised). @pre 0 <= j < size().
  [[nodiscard]] const criterion& operator[](Eigen::Index j) const {
    return items_[static_cast<std::size_t>(j)];
  }
  [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
  [[nodiscard]] auto end() const noexcept { return items_.end(); }
  /// Returns the criteria as given.
  [[nodiscard]] const std::vector<criterion>& items() const noexcept { return items_; }

  /// Returns the weights normalised to sum to 1, in criterion order.
  [[nodiscard]] const Eigen::VectorXd& weights() const noexcept { return weights_; }

  /// Returns the names in criterion order.
  template <typename = void>
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const auto& c : items_) out.push_back(c.name);
    return out;
  }

  /// Returns the position of the criterion named `name`, if there is one.
  template <typename = void>
  [[nodiscard]] std::optional<Eigen::Index> find(std::string_view name) const noexcept {
    for (std::size_t j = 0; j < items_.size(); ++j)
      if (items_[j].name == name) return static_cast<Eigen::Index>(j);
    return std::nullopt;
  }

  /// Returns the position of the criterion named `name`.
  /// Throws kam::unknown_name listing the known names; `function` names the caller.
  template <typename = void>
  [[nodiscard]] Eigen::Index index_of(
      std::string_view name, std::string_view function = "kam::criteria_set::index_of") const {
    if (auto j = find(name)) return *j;
    throw unknown_name({std::string(function), "criterion", std::nullopt}, name, names());
  }

  /// Returns a copy with the relative weights replaced, in criterion order.
  /// Throws kam::shape_mismatch if the count differs, and as the constructor for bad weights.
  template <typename Weights>
  [[nodiscard]] criteria_set with_weights(const Weights& weights) const {
    const auto n = static_cast<Eigen::Index>(std::size(weights));
    if (n != size()) {
      throw shape_mismatch({"kam::criteria_set::with_weights", "weights", std::nullopt},
                           detail::cat(n, " weights for ", size(), " criteria"));
    }
    std::vector<criterion> items = items_;
    Eigen::Index j = 0;
    for (const auto& w : weights)
      items[static_cast<std::size_t>(j++)].weight = static_cast<double>(w);
    return criteria_set(std::move(items));
  }

  /// Returns a copy in which the criterion named `name` has relative weight `weight`.
  template <typename = void>
  [[nodiscard]] criteria_set reweighted(std::string_view name, double weight) const {
    std::vector<criterion> items = items_;
    items[static_cast<std::size_t>(index_of(name, "kam::criteria_set::reweighted"))].weight =
        weight;
    return criteria_set(std::move(items));
  }

  /// Returns a copy without the criterion named `name` (the other weights are re-normalised).
  template <typename = void>
  [[nodiscard]] criteria_set without(std::string_view name) const {
    std::vector<criterion> items = items_;
    items.erase(items.begin() + index_of(name, "kam::criteria_set::without"));
    return criteria_set(std::move(items));
  }

  /// Returns a copy with `c` appended.
  template <typename = void>
  [[nodiscard]] criteria_set with(criterion c) const {
    std::vector<criterion> items = items_;
    items.push_back(std::move(c));
    return criteria_set(std::move(items));
  }

  /// Returns the criteria named in `names`, in that order (e.g. to match the columns of a file).
  template <typename = void>
  [[nodiscard]] criteria_set select(const std::vector<std::string>& names) const {
    std::vector<criterion> items;
    items.reserve(names.size());
    for (const auto& n : names)
      items.push_back(items_[static_cast<std::size_t>(index_of(n, "kam::criteria_set::select"))]);
    return criteria_set(std::move(items));
  }

  friend bool operator==(const criteria_set& a, const criteria_set& b) {
    return a.items_ == b.items_;
  }

 private:
  template <typename = void>
  void validate() {
    constexpr const char* fn = "kam::criteria_set";
    if (items_.empty()) throw empty_input({fn, "criteria", std::nullopt}, "no criteria");
    double sum = 0.0;
    for (std::size_t j = 0; j < items_.size(); ++j) {
      const criterion& c = items_[j];
      if (c.name.empty()) {
        throw invalid_input({fn, "name", std::nullopt},
                            detail::cat("criterion ", j, " has an empty name"));
      }
      for (std::size_t k = 0; k < j; ++k) {
        if (items_[k].name == c.name) {
          throw duplicate_name(
              {fn, c.name, std::nullopt},
              detail::cat("criterion name used twice (positions ", k, " and ", j, ")"));
        }
      }
      if (!std::isfinite(c.weight)) {
        throw non_finite_value({fn, c.name, std::nullopt}, detail::cat("weight is ", c.weight));
      }
      if (c.weight < 0.0) {
        throw invalid_input({fn, c.name, std::nullopt},
                            detail::cat("weight ", c.weight, " is negative"));
      }
      if (!is_enumerator(c.direction) || !is_enumerator(c.normalization)) {
        throw invalid_input({fn, c.name, std::nullopt},
                            "direction or normalization is not one of its enumerators");
      }
      if (c.normalization == normalization::fixed_range &&
          !(std::isfinite(c.low) && std::isfinite(c.high) && c.low < c.high)) {
        throw invalid_input({fn, c.name, std::nullopt},
                            detail::cat("fixed_range bounds need finite low < high, got [", c.low,
                                        ", ", c.high, "]"));
      }
      sum += c.weight;
    }
    if (!(sum > 0.0) || !std::isfinite(sum)) {
      throw invalid_input({fn, "weight", std::nullopt},
                          sum > 0.0 ? "weights overflow when summed"
                                    : "all weights are zero; at least one must be positive");
    }
    weights_.resize(size());
    for (std::size_t j = 0; j < items_.size(); ++j)
      weights_(static_cast<Eigen::Index>(j)) = items_[j].weight / sum;
  }

  std::vector<criterion> items_;
  Eigen::VectorXd weights_;
};

}  // namespace kam
