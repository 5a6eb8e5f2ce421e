// Not API. How each criterion's raw value becomes its directed, normalised value on [0, 1], built
// from the reference portfolio's statistics.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/options.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace kam::detail {

/// Returns whether scoring criterion `c` under `options` needs the sorted reference values
/// (kam::needs_sample).
[[nodiscard]] inline bool keeps_sample(const criterion& c, const score_options& options) noexcept {
  return c.normalization == normalization::percentile_rank ||
         (options.missing == missing_policy::impute && options.impute == imputation::median);
}

/// How one criterion's raw value becomes its directed, normalised value on [0, 1].
template <typename Scalar>
struct column_transform {
  enum class kind { linear, normal_cdf, percentile };
  kind k = kind::linear;
  bool invert = false;  ///< cost criterion: v -> 1 - v after normalising
  Scalar origin = 0;    ///< linear: (x - origin) * scale + offset, clamped; normal_cdf: the mean
  Scalar scale = 0;     ///< linear: 1 / range; normal_cdf: 1 / sd
  Scalar offset = 0;    ///< 0.5 for a constant column (with scale 0), else 0
  const Scalar* sorted = nullptr;  ///< percentile: the sorted reference values
  Eigen::Index n = 0;              ///< percentile: how many
  Scalar impute = 0;               ///< the value that replaces NaN under missing_policy::impute
  Scalar weight = 0;               ///< the normalised weight

  /// Returns the normalised value before inversion.
  [[nodiscard]] Scalar normalized(Scalar x) const {
    switch (k) {
      case kind::linear:
        return clamp01((x - origin) * scale + offset);
      case kind::normal_cdf:
        // Phi(z) = erfc(-z / sqrt 2) / 2.
        return Scalar(0.5) * std::erfc(-((x - origin) * scale) * Scalar(0.70710678118654752440));
      case kind::percentile:
        return percentile(x);
    }
    return x;
  }
  /// Returns the directed, normalised value (cost criteria inverted).
  [[nodiscard]] Scalar operator()(Scalar x) const {
    const Scalar v = normalized(x);
    return invert ? Scalar(1) - v : v;
  }

  [[nodiscard]] static Scalar clamp01(Scalar v) {
    // Written so that NaN passes through (it marks a missing or invalid value upstream).
    v = v < Scalar(0) ? Scalar(0) : v;
    return v > Scalar(1) ? Scalar(1) : v;
  }
  [[nodiscard]] Scalar percentile(Scalar x) const {
    const auto below = std::lower_bound(sorted, sorted + n, x) - sorted;
    const auto at_or_below = std::upper_bound(sorted, sorted + n, x) - sorted;
    return percentile_of_ranks(below, at_or_below);
  }
  /// Returns the percentile rank of a value with `below` reference values less than it and
  /// `at_or_below` less than or equal to it.
  [[nodiscard]] Scalar percentile_of_ranks(std::ptrdiff_t below, std::ptrdiff_t at_or_below) const {
    return clamp01(static_cast<Scalar>(below + at_or_below - 1) / static_cast<Scalar>(2 * (n - 1)));
  }
};

/// The transforms of every criterion, and which criteria are constant in the reference.
template <typename Scalar>
struct transforms {
  std::vector<column_transform<Scalar>> columns;
  std::vector<Eigen::Index> constant;
};

/// Throws unless `scale` (and `origin`) of a non-constant criterion are finite and the scale is
/// positive: a range, norm or standard deviation that overflows `Scalar` gives a scale of 0 (the
/// criterion would silently count the same for everyone), one that underflows an infinite scale
/// (0 * inf = NaN). `quantity` names what was inverted.
template <typename Scalar>
void check_scale(Scalar origin, Scalar scale, const char* quantity, const criterion& c, Scalar lo,
                 Scalar hi, const char* fn) {
  if (std::isfinite(origin) && std::isfinite(scale) && scale > Scalar(0)) return;
  constexpr std::string_view advice =
      "), so it cannot be normalised; rescale the values (e.g. to thousands) or compute in double";
  throw invalid_input(
      {fn, c.name, std::nullopt},
      detail::cat({quantity, " of this criterion overflows or underflows ", scalar_name<Scalar>(),
                   " (values from ", lo, " to ", hi, advice}));
}

/// Throws unless the reference (statistics `stats` and `samples` sorted value lists) describes
/// the criteria and the options are known enumerators.
template <typename Scalar>
void check_reference_fits(const criteria_set& criteria, const column_stats<Scalar>& stats,
                          std::size_t samples, const score_options& options, const char* fn) {
  if (stats.cols() != criteria.size() || samples != static_cast<std::size_t>(stats.cols())) {
    throw shape_mismatch({fn, "reference", std::nullopt},
                         detail::cat({"the reference describes ", stats.cols(),
                                      " criteria, the set has ", criteria.size()}));
  }
  if (!is_enumerator(options.missing) || !is_enumerator(options.impute) ||
      !is_enumerator(options.scale)) {
    throw invalid_input({fn, "options", std::nullopt}, "an option is not one of its enumerators");
  }
}

/// Sets how `t` normalises criterion `c` (column j of the reference statistics `s`, with its
/// sorted values `sample`); returns whether the criterion is constant in the reference.
template <typename Scalar>
bool set_normalization(column_transform<Scalar>& t, const criterion& c,
                       const column_stats<Scalar>& s, Eigen::Index j,
                       const std::vector<Scalar>& sample, const char* fn) {
  using kind = typename column_transform<Scalar>::kind;
  const bool constant = !(s.max(j) > s.min(j));
  switch (c.normalization) {
    case normalization::fixed_range:
      t.origin = static_cast<Scalar>(c.low);
      t.scale = static_cast<Scalar>(1.0 / (c.high - c.low));
      if (!(static_cast<Scalar>(c.high) > t.origin)) t.scale = Scalar(0);  // collapsed in Scalar
      check_scale(t.origin, t.scale, "the scale's range", c, t.origin, static_cast<Scalar>(c.high),
                  fn);
      return false;  // the bounds come from the user: never constant
    case normalization::min_max:
      t.origin = s.min(j);
      t.scale = constant ? Scalar(0) : Scalar(1) / (s.max(j) - s.min(j));
      if (!constant) check_scale(t.origin, t.scale, "the range", c, s.min(j), s.max(j), fn);
      break;
    case normalization::vector:
      t.scale = constant ? Scalar(0) : Scalar(1) / std::sqrt(s.sum_of_squares(j));
      if (!constant) {
        check_scale(t.origin, t.scale, "the norm sqrt(sum of x^2)", c, s.min(j), s.max(j), fn);
      }
      break;
    case normalization::z_score:
      if (!constant) {
        t.k = kind::normal_cdf;
        t.origin = s.mean(j);
        t.scale = Scalar(1) / std::sqrt(s.m2(j) / static_cast<Scalar>(s.count(j)));
        check_scale(t.origin, t.scale, "the standard deviation", c, s.min(j), s.max(j), fn);
      }
      break;
    case normalization::percentile_rank:
      if (!constant) {
        t.k = kind::percentile;
        t.sorted = sample.data();
        t.n = static_cast<Eigen::Index>(sample.size());
      }
      break;
  }
  if (constant) {  // the constant-column rule: 0.5 for every account
    t.k = kind::linear;
    t.origin = 0;
    t.scale = 0;
    t.offset = Scalar(0.5);
  }
  return constant;
}

/// Returns the value that replaces a missing value of column j under `rule` (the mean, the median
/// of the sorted `sample` when there is one, or the worst value by direction).
template <typename Scalar>
Scalar imputed_value(imputation rule, const column_stats<Scalar>& s, Eigen::Index j,
                     const std::vector<Scalar>& sample, bool invert) {
  switch (rule) {
    case imputation::median: {
      const auto n = sample.size();
      if (n == 0) return s.mean(j);
      return n % 2 == 1 ? sample[n / 2] : sample[n / 2 - 1] / 2 + sample[n / 2] / 2;
    }
    case imputation::worst:
      return invert ? s.max(j) : s.min(j);
    case imputation::mean:
      break;
  }
  return s.mean(j);
}

/// Builds the per-criterion transforms from the reference (statistics `stats`, sorted values
/// `samples` per criterion); validates that the reference fits the criteria and the options, and
/// that each transform can be computed in `Scalar`.
template <typename Scalar>
transforms<Scalar> make_transforms(const criteria_set& criteria, const column_stats<Scalar>& stats,
                                   const std::vector<std::vector<Scalar>>& samples,
                                   const score_options& options, const char* fn) {
  check_reference_fits(criteria, stats, samples.size(), options, fn);
  transforms<Scalar> out;
  out.columns.resize(static_cast<std::size_t>(criteria.size()));
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    const criterion& c = criteria[j];
    auto& t = out.columns[static_cast<std::size_t>(j)];
    t.invert = c.direction == direction::cost;
    t.weight = static_cast<Scalar>(criteria.weights()(j));
    if (stats.count(j) == 0) {
      throw empty_input({fn, c.name, std::nullopt},
                        "the reference has no finite value for this criterion");
    }
    const auto& sample = samples[static_cast<std::size_t>(j)];
    if (keeps_sample(c, options) && sample.size() != static_cast<std::size_t>(stats.count(j))) {
      throw invalid_input({fn, c.name, std::nullopt},
                          "the reference keeps no sorted values for this criterion; fit it with "
                          "the same criteria and options you score with");
    }
    if (set_normalization(t, c, stats, j, sample, fn)) out.constant.push_back(j);
    t.impute = imputed_value(options.impute, stats, j, sample, t.invert);
  }
  return out;
}

}  // namespace kam::detail
