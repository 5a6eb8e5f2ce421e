// Not API. Definitions of kam/portfolio/focus.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
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
    if (!std::isfinite(v))
      throw non_finite_value({fn, name, std::nullopt}, detail::cat({"is ", v}));
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
                          detail::cat({"cut point ", v, " is outside the scale [0, 1]"}));
    }
  }
  for (const auto& [name, v] : {std::pair<const char*, double>{"win_growth", c.win_growth},
                                {"expand_growth", c.expand_growth}}) {
    if (v < c.growth_low || v > c.growth_high) {
      throw out_of_bounds({fn, name, std::nullopt},
                          detail::cat({"cut point ", v, " is outside the growth scale [",
                                       c.growth_low, ", ", c.growth_high, "]"}));
    }
  }
  if (c.expand_below_share < c.win_below_share) {
    throw invalid_input({fn, "expand_below_share", std::nullopt},
                        "expand_below_share must not be below win_below_share");
  }
}

KAM_INLINE std::vector<std::uint8_t> key_account_flags(const index_vector& key_accounts,
                                                       Eigen::Index n, const char* fn) {
  std::vector<std::uint8_t> is_key(static_cast<std::size_t>(n), 0);
  for (Eigen::Index k = 0; k < key_accounts.size(); ++k) {
    const Eigen::Index row = key_accounts(k);
    if (row < 0 || row >= n) {
      throw out_of_bounds(
          {fn, "key_accounts", std::nullopt},
          detail::cat({"key account ", k, " is row ", row, ", outside [0, ", n, ")"}));
    }
    if (is_key[static_cast<std::size_t>(row)] != 0) {
      throw invalid_input({fn, "key_accounts", row}, "the account is given twice as a key account");
    }
    is_key[static_cast<std::size_t>(row)] = 1;
  }
  return is_key;
}

KAM_INLINE void compare_key_with_largest(const index_vector& revenue_rank,
                                         const index_vector& key_accounts,
                                         const std::vector<std::uint8_t>& is_key,
                                         index_vector& key_not_largest,
                                         index_vector& largest_not_key) {
  // Largest: revenue rank (ties share the better rank) within the number of key accounts.
  const Eigen::Index k_largest = key_accounts.size();
  const Eigen::Index n = revenue_rank.size();
  const auto largest_not_key_at = [&](Eigen::Index i) {
    return revenue_rank(i) <= k_largest && is_key[static_cast<std::size_t>(i)] == 0;
  };
  Eigen::Index not_largest = 0;
  for (Eigen::Index k = 0; k < k_largest; ++k)
    not_largest += revenue_rank(key_accounts(k)) > k_largest ? 1 : 0;
  key_not_largest.resize(not_largest);
  not_largest = 0;
  for (Eigen::Index k = 0; k < k_largest; ++k)
    if (revenue_rank(key_accounts(k)) > k_largest) key_not_largest(not_largest++) = key_accounts(k);
  // Largest first, rows in order within a rank: a counting sort by rank (ranks start at 1).
  std::vector<Eigen::Index> next(static_cast<std::size_t>(k_largest) + 1, 0);
  for (Eigen::Index i = 0; i < n; ++i)
    if (largest_not_key_at(i)) ++next[static_cast<std::size_t>(revenue_rank(i))];
  Eigen::Index placed = 0;
  for (Eigen::Index& count : next) {
    const Eigen::Index here = count;
    count = placed;
    placed += here;
  }
  largest_not_key.resize(placed);
  for (Eigen::Index i = 0; i < n; ++i)
    if (largest_not_key_at(i))
      largest_not_key(next[static_cast<std::size_t>(revenue_rank(i))]++) = i;
}

}  // namespace kam::detail
