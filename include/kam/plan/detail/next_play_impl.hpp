// Not API. Definitions of kam/plan/next_play.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/detail/words.hpp>
#include <kam/plan/next_play.hpp>
#include <limits>
#include <string>

namespace kam {
namespace detail {

KAM_INLINE void check_play_rule(const play_rule& r, const char* field, const char* fn) {
  if (!std::isfinite(r.weight)) {
    throw non_finite_value({fn, field}, cat({"weight ", r.weight, " is not finite"}));
  }
  if (r.weight < 0) throw out_of_bounds({fn, field}, cat({"weight ", r.weight, " is negative"}));
  if (!std::isfinite(r.min_value)) {
    throw non_finite_value({fn, field}, cat({"minimum value ", r.min_value, " is not finite"}));
  }
  if (r.min_value < 0) {
    throw out_of_bounds({fn, field}, cat({"minimum value ", r.min_value, " is negative"}));
  }
}

KAM_INLINE void check_play_rules(const play_rules& r, const char* fn) {
  check_play_rule(r.protect, "protect", fn);
  check_play_rule(r.expand, "expand", fn);
  check_play_rule(r.win, "win", fn);
  if (r.protect.weight == 0 && r.expand.weight == 0 && r.win.weight == 0) {
    throw invalid_input({fn, "weight"}, "every weight is zero: no play could ever qualify");
  }
  for (std::size_t k = 0; k < r.tie_order.size(); ++k) {
    const account_focus f = r.tie_order[k];
    const auto at = static_cast<std::ptrdiff_t>(k);
    if (f != account_focus::protect && f != account_focus::expand && f != account_focus::win) {
      throw invalid_input({fn, "tie_order", std::nullopt, at},
                          cat({"value ", static_cast<int>(f),
                               " is not a play; the tie order holds 'protect', 'expand' and "
                               "'win', once each"}));
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (r.tie_order[j] == f) {
        throw duplicate_name({fn, "tie_order", std::nullopt, at},
                             cat({"'", enum_name(f), "' is at ", j, " already"}));
      }
    }
  }
}

/// Throws unless `v` holds `n` values, each NaN (missing) or finite within [low, high].
KAM_INLINE void check_play_input(const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Index n,
                                 double high, const char* field, const char* fn) {
  if (v.size() != n) {
    throw shape_mismatch({fn, field}, cat({v.size(), " values for ", n, " accounts"}));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = v(i);
    if (std::isnan(x)) continue;
    if (!std::isfinite(x)) {
      throw non_finite_value({fn, field, i},
                             cat({"value ", x, " is infinite (NaN marks a missing value)"}));
    }
    if (x < 0 || x > high) {
      throw out_of_bounds({fn, field, i}, high < std::numeric_limits<double>::infinity()
                                              ? cat({"value ", x, " is outside [0, ", high, "]"})
                                              : cat({"value ", x, " is negative"}));
    }
  }
}

/// Returns the rule of play `f` (protect, expand or win).
KAM_INLINE const play_rule& rule_of(const play_rules& r, account_focus f) {
  return f == account_focus::protect ? r.protect : f == account_focus::expand ? r.expand : r.win;
}

/// Returns the value of play `f` for account `i` of `r` (NaN: not assessed).
KAM_INLINE double play_value(const next_play_result& r, account_focus f, Eigen::Index i) {
  return f == account_focus::protect  ? r.protect_value(i)
         : f == account_focus::expand ? r.expand_value(i)
                                      : r.win_value(i);
}

/// Returns "2 x " for a weight other than 1, else nothing.
KAM_INLINE std::string weight_prefix(double w) {
  return w == 1 ? std::string() : cat({plan_number(w), " x "});
}

/// Returns the formula of play `f` for account `i`, "P(churn) 0.3 x CLV 100000".
KAM_INLINE std::string play_formula(const next_play_result& r, account_focus f, Eigen::Index i) {
  const std::string w = weight_prefix(rule_of(r.rules, f).weight);
  if (f == account_focus::protect) {
    return cat(
        {w, "P(churn) ", plan_number(r.churn_probability(i)), " x CLV ", plan_number(r.clv(i))});
  }
  if (f == account_focus::expand) {
    return cat({w, "expected expansion ", plan_number(r.expansion(i))});
  }
  return cat(
      {w, "gap ", plan_number(r.gap(i)), " x value to win ", plan_number(r.value_to_win(i))});
}

/// Returns the inputs of play `f` that are missing for an account with `missing` bits.
KAM_INLINE std::string missing_inputs(account_focus f, unsigned missing) {
  std::string s;
  const auto add = [&](unsigned bit, const char* name) {
    if ((missing & bit) != 0) s += cat({s.empty() ? "" : " and ", name});
  };
  if (f == account_focus::protect) {
    add(play_missing_churn, "P(churn)");
    add(play_missing_clv, "CLV");
  } else if (f == account_focus::expand) {
    add(play_missing_expansion, "expected expansion");
  } else {
    add(play_missing_gap, "gap");
    add(play_missing_win_value, "value to win");
  }
  return s;
}

}  // namespace detail

KAM_INLINE next_play_result
next_best_play(const Eigen::Ref<const Eigen::VectorXd>& churn_probability,
               const Eigen::Ref<const Eigen::VectorXd>& clv,
               const Eigen::Ref<const Eigen::VectorXd>& expansion,
               const Eigen::Ref<const Eigen::VectorXd>& gap,
               const Eigen::Ref<const Eigen::VectorXd>& value_to_win, const play_rules& rules) {
  constexpr const char* fn = "kam::next_best_play";
  constexpr double inf = std::numeric_limits<double>::infinity();
  detail::check_play_rules(rules, fn);
  const Eigen::Index n = churn_probability.size();
  if (n == 0) throw empty_input({fn, "churn_probability"}, "no accounts");
  detail::check_play_input(churn_probability, n, 1, "churn_probability", fn);
  detail::check_play_input(clv, n, inf, "clv", fn);
  detail::check_play_input(expansion, n, inf, "expansion", fn);
  detail::check_play_input(gap, n, 1, "gap", fn);
  detail::check_play_input(value_to_win, n, inf, "value_to_win", fn);
  next_play_result r;
  r.rules = rules;
  r.churn_probability = churn_probability;
  r.clv = clv;
  r.expansion = expansion;
  r.gap = gap;
  r.value_to_win = value_to_win;
  r.play.resize(static_cast<std::size_t>(n));
  r.value.resize(n);
  r.protect_value.resize(n);
  r.expand_value.resize(n);
  r.win_value.resize(n);
  r.missing.resize(static_cast<std::size_t>(n));
  r.tied.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const double p = churn_probability(i), c = clv(i), e = expansion(i), g = gap(i),
                 v = value_to_win(i);
    const unsigned missing =
        (std::isnan(p) ? play_missing_churn : 0u) | (std::isnan(c) ? play_missing_clv : 0u) |
        (std::isnan(e) ? play_missing_expansion : 0u) | (std::isnan(g) ? play_missing_gap : 0u) |
        (std::isnan(v) ? play_missing_win_value : 0u);
    // NaN propagates: a play with a missing input has a NaN value and never qualifies.
    r.protect_value(i) = rules.protect.weight * p * c;
    r.expand_value(i) = rules.expand.weight * e;
    r.win_value(i) = rules.win.weight * g * v;
    account_focus best = account_focus::maintain;
    double best_value = 0;
    bool tied = false;
    for (const account_focus f : rules.tie_order) {
      const double x = detail::play_value(r, f, i);
      if (!(x > detail::rule_of(rules, f).min_value)) continue;  // NaN, or not above the minimum
      if (best == account_focus::maintain || x > best_value) {
        best = f;
        best_value = x;
        tied = false;
      } else if (x == best_value) {
        tied = true;
      }
    }
    const auto k = static_cast<std::size_t>(i);
    r.play[k] = best;
    r.value(i) = best_value;
    r.missing[k] = static_cast<std::uint8_t>(missing);
    r.tied[k] = tied ? 1 : 0;
    ++r.counts[static_cast<std::size_t>(best)];
  }
  return r;
}

KAM_INLINE std::string play_reason(const next_play_result& result, Eigen::Index row) {
  const auto n = static_cast<Eigen::Index>(result.play.size());
  if (row < 0 || row >= n) {
    throw out_of_bounds({"kam::play_reason", "row", row},
                        detail::cat({"row ", row, " is outside the ", n, " accounts"}));
  }
  const auto k = static_cast<std::size_t>(row);
  const account_focus chosen = result.play[k];
  std::string s;
  if (chosen == account_focus::maintain) {
    s = "maintain: no play qualifies";
  } else {
    s = detail::cat({enum_name(chosen), ": expected value ", detail::plan_number(result.value(row)),
                     " = ", detail::play_formula(result, chosen, row)});
  }
  for (const account_focus f :
       {account_focus::protect, account_focus::expand, account_focus::win}) {
    if (f == chosen) continue;
    const play_rule& rule = detail::rule_of(result.rules, f);
    const double x = detail::play_value(result, f, row);
    s += detail::cat({"; ", enum_name(f), " "});
    if (std::isnan(x)) {
      s += detail::cat(
          {"not assessed (", detail::missing_inputs(f, result.missing[k]), " missing)"});
    } else if (rule.weight == 0) {
      s += "off (weight 0)";
    } else if (!(x > rule.min_value)) {
      s += detail::cat({detail::plan_number(x), ", not above its minimum ",
                        detail::plan_number(rule.min_value)});
    } else {
      s += detail::plan_number(x);
      if (x == result.value(row)) {
        s += detail::cat({", a tie: ", enum_name(chosen), " comes first in the tie order"});
      }
    }
  }
  return s;
}

KAM_INLINE void validate(const play_rules& rules) {
  detail::check_play_rules(rules, "kam::validate");
}

}  // namespace kam
