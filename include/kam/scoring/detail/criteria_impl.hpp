// Not API. Definitions of kam/scoring/criteria.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/criteria.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kam {

namespace detail {

/// Throws unless the values of criterion `c` are valid: a finite non-negative weight, known
/// enumerators, and finite low < high under fixed_range.
KAM_INLINE void check_criterion_values(const criterion& c, const char* fn) {
  if (!std::isfinite(c.weight)) {
    throw non_finite_value({fn, c.name, std::nullopt}, detail::cat({"weight is ", c.weight}));
  }
  if (c.weight < 0.0) {
    throw invalid_input({fn, c.name, std::nullopt},
                        detail::cat({"weight ", c.weight, " is negative"}));
  }
  if (!is_enumerator(c.direction) || !is_enumerator(c.normalization)) {
    throw invalid_input({fn, c.name, std::nullopt},
                        "direction or normalization is not one of its enumerators");
  }
  if (c.normalization == normalization::fixed_range &&
      !(std::isfinite(c.low) && std::isfinite(c.high) && c.low < c.high)) {
    throw invalid_input({fn, c.name, std::nullopt},
                        detail::cat({"fixed_range bounds need finite low < high, got [", c.low,
                                     ", ", c.high, "]"}));
  }
}

}  // namespace detail

KAM_INLINE criteria_set::criteria_set(std::vector<criterion> items) : items_(std::move(items)) {
  validate();
}

KAM_INLINE criteria_set::criteria_set(std::initializer_list<criterion> items) : items_(items) {
  validate();
}

KAM_INLINE std::vector<std::string> criteria_set::names() const {
  std::vector<std::string> out;
  out.reserve(items_.size());
  for (const auto& c : items_) out.push_back(c.name);
  return out;
}

KAM_INLINE std::optional<Eigen::Index> criteria_set::find(std::string_view name) const noexcept {
  for (std::size_t j = 0; j < items_.size(); ++j)
    if (items_[j].name == name) return static_cast<Eigen::Index>(j);
  return std::nullopt;
}

KAM_INLINE Eigen::Index criteria_set::index_of(std::string_view name,
                                               std::string_view function) const {
  if (auto j = find(name)) return *j;
  throw unknown_name({std::string(function), "criterion", std::nullopt}, name, names());
}

KAM_INLINE criteria_set criteria_set::reweighted(std::string_view name, double weight) const {
  std::vector<criterion> items = items_;
  items[static_cast<std::size_t>(index_of(name, "kam::criteria_set::reweighted"))].weight = weight;
  return criteria_set(std::move(items));
}

KAM_INLINE criteria_set criteria_set::without(std::string_view name) const {
  std::vector<criterion> items = items_;
  items.erase(items.begin() + index_of(name, "kam::criteria_set::without"));
  return criteria_set(std::move(items));
}

KAM_INLINE criteria_set criteria_set::with(criterion c) const {
  std::vector<criterion> items = items_;
  items.push_back(std::move(c));
  return criteria_set(std::move(items));
}

KAM_INLINE criteria_set criteria_set::select(const std::vector<std::string>& names) const {
  std::vector<criterion> items;
  items.reserve(names.size());
  for (const auto& n : names)
    items.push_back(items_[static_cast<std::size_t>(index_of(n, "kam::criteria_set::select"))]);
  return criteria_set(std::move(items));
}

KAM_INLINE void criteria_set::validate() {
  constexpr const char* fn = "kam::criteria_set";
  if (items_.empty()) throw empty_input({fn, "criteria", std::nullopt}, "no criteria");
  double sum = 0.0;
  for (std::size_t j = 0; j < items_.size(); ++j) {
    const criterion& c = items_[j];
    if (c.name.empty()) {
      throw invalid_input({fn, "name", std::nullopt},
                          detail::cat({"criterion ", j, " has an empty name"}));
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (items_[k].name == c.name) {
        throw duplicate_name(
            {fn, c.name, std::nullopt},
            detail::cat({"criterion name used twice (positions ", k, " and ", j, ")"}));
      }
    }
    detail::check_criterion_values(c, fn);
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

KAM_INLINE void criteria_set::throw_weight_count(Eigen::Index n) const {
  throw shape_mismatch({"kam::criteria_set::with_weights", "weights", std::nullopt},
                       detail::cat({n, " weights for ", size(), " criteria"}));
}

}  // namespace kam
