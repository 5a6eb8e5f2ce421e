// Not API. Definitions of kam/plan/self_assessment.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/detail/words.hpp>
#include <kam/plan/self_assessment.hpp>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam {
namespace detail {

KAM_INLINE void check_assessment_config(const assessment_config& c, const char* fn) {
  if (c.levels.size() < 2) {
    throw invalid_input({fn, "levels"},
                        cat({c.levels.size(), " levels; a questionnaire needs at least 2"}));
  }
  for (std::size_t k = 0; k < c.levels.size(); ++k) {
    const auto at = static_cast<std::ptrdiff_t>(k);
    if (c.levels[k].empty()) {
      throw invalid_input({fn, "levels", std::nullopt, at}, "the level name is empty");
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (c.levels[j] == c.levels[k]) {
        throw duplicate_name({fn, "levels", std::nullopt, at},
                             cat({"level '", c.levels[k], "' is named at ", j, " already"}));
      }
    }
  }
  double total = 0;
  for (std::size_t p = 0; p < kam_practice_count; ++p) {
    const double w = c.weights[p];
    const auto at = static_cast<std::ptrdiff_t>(p);
    if (!std::isfinite(w)) {
      throw non_finite_value({fn, "weights", std::nullopt, at},
                             cat({"weight ", w, " is not finite"}));
    }
    if (w < 0) {
      throw out_of_bounds({fn, "weights", std::nullopt, at}, cat({"weight ", w, " is negative"}));
    }
    total += w;
  }
  if (!(total > 0)) throw invalid_input({fn, "weights"}, "every weight is zero");
  if (!(c.weak_below >= 0 && c.weak_below <= 1)) {
    throw out_of_bounds({fn, "weak_below"},
                        cat({"threshold ", c.weak_below, " is outside [0, 1]"}));
  }
}

/// Returns levels[round half up of x], or "" for NaN.
KAM_INLINE std::string level_name(const std::vector<std::string>& levels, double x) {
  if (std::isnan(x)) return {};
  const auto k = static_cast<std::size_t>(std::floor(x + 0.5));
  return levels[std::min(k, levels.size() - 1)];
}

}  // namespace detail

KAM_INLINE std::string_view practice_text(kam_practice practice) {
  switch (practice) {
    case kam_practice::definition:
      return "an effective definition of KAM";
    case kam_practice::identification:
      return "knowing how to identify key accounts";
    case kam_practice::planning:
      return "mastering account planning and execution";
    case kam_practice::process:
      return "a structured account process";
    case kam_practice::people:
      return "the right people in the right roles";
    case kam_practice::selling_vs_management:
      return "knowing the difference between selling and account management";
    case kam_practice::collaboration:
      return "internal trust and frequent collaboration";
    case kam_practice::management_support:
      return "management support";
  }
  throw invalid_input(
      {"kam::practice_text", "practice"},
      detail::cat({"value ", static_cast<int>(practice), " is not a kam_practice"}));
}

KAM_INLINE Eigen::Index level_index(const assessment_config& config, std::string_view name,
                                    std::optional<std::ptrdiff_t> row) {
  for (std::size_t k = 0; k < config.levels.size(); ++k) {
    if (config.levels[k] == name) return static_cast<Eigen::Index>(k);
  }
  throw unknown_name({"kam::level_index", "levels", row}, name, config.levels);
}

KAM_INLINE assessment_result assess_programme(const Eigen::Ref<const Eigen::MatrixXd>& answers,
                                              const assessment_config& config) {
  constexpr const char* fn = "kam::assess_programme";
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  detail::check_assessment_config(config, fn);
  if (answers.rows() == 0) throw empty_input({fn, "answers"}, "no respondents");
  constexpr auto practices = static_cast<Eigen::Index>(kam_practice_count);
  if (answers.cols() != practices) {
    throw shape_mismatch({fn, "answers"}, detail::cat({answers.cols(),
                                                       " columns; one per "
                                                       "practice, 8, in kam_practice order"}));
  }
  const auto top = static_cast<double>(config.levels.size() - 1);
  assessment_result r;
  r.score.resize(practices);
  r.mean_level.resize(practices);
  r.answered = index_vector::Zero(practices);
  r.level.resize(kam_practice_count);
  double weighted = 0, weight_answered = 0, weight_total = 0;
  for (Eigen::Index p = 0; p < practices; ++p) {
    const auto practice = static_cast<kam_practice>(p);
    double sum = 0;
    for (Eigen::Index i = 0; i < answers.rows(); ++i) {
      const double a = answers(i, p);
      if (std::isnan(a)) continue;
      const std::string field(enum_name(practice));
      if (!std::isfinite(a)) {
        throw non_finite_value({fn, field, i, p}, detail::cat({"answer ", a, " is infinite"}));
      }
      if (a < 0 || a > top || a != std::floor(a)) {
        throw out_of_bounds(
            {fn, field, i, p},
            detail::cat({"answer ", a, " is not a level 0 to ", config.levels.size() - 1, " (",
                         detail::quoted_list(config.levels), ")"}));
      }
      sum += a;
      ++r.answered(p);
    }
    const double w = config.weights[static_cast<std::size_t>(p)];
    weight_total += w;
    if (r.answered(p) == 0) {
      r.mean_level(p) = nan;
      r.score(p) = nan;
      r.unanswered.push_back(practice);
      continue;
    }
    r.mean_level(p) = sum / static_cast<double>(r.answered(p));
    r.score(p) = r.mean_level(p) / top;
    r.level[static_cast<std::size_t>(p)] = detail::level_name(config.levels, r.mean_level(p));
    weighted += w * r.score(p);
    weight_answered += w;
  }
  r.maturity = weight_answered > 0 ? weighted / weight_answered : nan;
  r.coverage = weight_answered / weight_total;
  r.maturity_level = detail::level_name(config.levels, r.maturity * top);
  for (Eigen::Index p = 0; p < practices; ++p) {
    if (r.answered(p) > 0) r.weakest.push_back(static_cast<kam_practice>(p));
  }
  std::stable_sort(r.weakest.begin(), r.weakest.end(), [&](kam_practice a, kam_practice b) {
    return r.score(static_cast<Eigen::Index>(a)) < r.score(static_cast<Eigen::Index>(b));
  });
  for (const kam_practice p : r.weakest) {
    if (r.score(static_cast<Eigen::Index>(p)) < config.weak_below) r.weak.push_back(p);
  }
  return r;
}

KAM_INLINE std::vector<std::string> assessment_gaps(const assessment_result& result) {
  std::vector<std::string> out;
  for (const kam_practice p : result.weak) {
    const auto k = static_cast<Eigen::Index>(p);
    out.push_back(
        detail::cat({"weak: ", practice_text(p), " scores ", detail::plan_number(result.score(k)),
                     " (", result.level[static_cast<std::size_t>(k)], ")"}));
  }
  for (const kam_practice p : result.unanswered) {
    out.push_back(detail::cat({"not answered: ", practice_text(p)}));
  }
  return out;
}

KAM_INLINE void validate(const assessment_config& config) {
  detail::check_assessment_config(config, "kam::validate");
}

}  // namespace kam
