// Not API. Definitions of kam/portfolio/focus.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/focus.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace kam::detail {

KAM_INLINE void check_focus_config(const focus_config& c, const char* fn) {
  const std::array<std::pair<const char*, double>, 8> all{
      {{"win_below_share", c.win_below_share},
       {"expand_below_share", c.expand_below_share},
       {"win_growth", c.win_growth},
       {"expand_growth", c.expand_growth},
       {"at_risk", c.at_risk},
       {"large_share", c.large_share},
       {"growth_low", c.growth_low},
       {"growth_high", c.growth_high}}};
  for (const auto& [name, v] : all) {
    if (!std::isfinite(v)) throw non_finite_value({fn, name, std::nullopt}, detail::cat("is ", v));
  }
  if (!(c.growth_low < c.growth_high)) {
    throw invalid_input({fn, "growth_high", std::nullopt},
                        "the growth-potential scale needs growth_low < growth_high");
  }
  for (const auto& [name, v] :
       {std::pair<const char*, double>{"win_below_share", c.win_below_share},
        {"expand_below_share", c.expand_below_share},
        {"at_risk", c.at_risk},
        {"large_share", c.large_share}}) {
    if (v < 0.0 || v > 1.0) {
      throw out_of_bounds({fn, name, std::nullopt},
                          detail::cat("cut point ", v, " is outside the scale [0, 1]"));
    }
  }
  for (const auto& [name, v] : {std::pair<const char*, double>{"win_growth", c.win_growth},
                                {"expand_growth", c.expand_growth}}) {
    if (v < c.growth_low || v > c.growth_high) {
      throw out_of_bounds({fn, name, std::nullopt},
                          detail::cat("cut point ", v, " is outside the growth scale [",
                                      c.growth_low, ", ", c.growth_high, "]"));
    }
  }
  if (c.expand_below_share < c.win_below_share) {
    throw invalid_input({fn, "expand_below_share", std::nullopt},
                        "expand_below_share must not be below win_below_share");
  }
}

KAM_INLINE std::vector<bool> key_account_flags(const index_vector& key_accounts, Eigen::Index n,
                                               const char* fn) {
  std::vector<bool> is_key(static_cast<std::size_t>(n), false);
  for (Eigen::Index k = 0; k < key_accounts.size(); ++k) {
    const Eigen::Index row = key_accounts(k);
    if (row < 0 || row >= n) {
      throw out_of_bounds(
          {fn, "key_accounts", std::nullopt},
          detail::cat("key account ", k, " is row ", row, ", outside [0, ", n, ")"));
    }
    if (is_key[static_cast<std::size_t>(row)]) {
      throw invalid_input({fn, "key_accounts", row}, "the account is given twice as a key account");
    }
    is_key[static_cast<std::size_t>(row)] = true;
  }
  return is_key;
}

KAM_INLINE void compare_key_with_largest(const index_vector& revenue_rank,
                                         const index_vector& key_accounts,
                                         const std::vector<bool>& is_key,
                                         index_vector& key_not_largest,
                                         index_vector& largest_not_key) {
  // Largest: revenue rank (ties share the better rank) within the number of key accounts.
  const Eigen::Index k_largest = key_accounts.size();
  const Eigen::Index n = revenue_rank.size();
  std::vector<Eigen::Index> a;
  std::vector<Eigen::Index> b;
  for (Eigen::Index k = 0; k < key_accounts.size(); ++k)
    if (revenue_rank(key_accounts(k)) > k_largest) a.push_back(key_accounts(k));
  for (Eigen::Index i = 0; i < n; ++i)
    if (revenue_rank(i) <= k_largest && !is_key[static_cast<std::size_t>(i)]) b.push_back(i);
  std::stable_sort(b.begin(), b.end(), [&](Eigen::Index x, Eigen::Index y) {
    return revenue_rank(x) < revenue_rank(y);
  });
  key_not_largest = Eigen::Map<const index_vector>(a.data(), static_cast<Eigen::Index>(a.size()));
  largest_not_key = Eigen::Map<const index_vector>(b.data(), static_cast<Eigen::Index>(b.size()));
}

}  // namespace kam::detail
