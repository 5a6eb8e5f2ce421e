// Not API. Definitions of kam/portfolio/position.hpp (compiled once in compiled mode).
#pragma once

#include <array>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/position.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kam {

KAM_INLINE position_table default_position_table() {
  using k = kraljic_quadrant;
  using p = preferencing_quadrant;
  using r = relationship_risk;
  using s = posture;
  return {{
      {k::strategic, p::core, r::low, s::partner,
       "mutual dependence and mutual interest: build the partnership"},
      {k::strategic, p::development, r::moderate, s::develop,
       "they depend on us more than we invest in them: grow the account before they notice"},
      {k::strategic, p::exploitable, r::high, s::rebalance,
       "a dependent customer we exploit will work to reduce its dependence on us"},
      {k::strategic, p::nuisance, r::critical, s::commit_or_exit,
       "the customer depends on a supplier that does not care"},
      {k::leverage, p::core, r::high, s::defend_on_value,
       "a valuable account that can replace us easily and will tender"},
      {k::leverage, p::development, r::moderate, s::compete_on_cost,
       "an attractive account that buys on price: win share on cost and efficiency"},
      {k::leverage, p::exploitable, r::high, s::harvest_cautiously,
       "we overcharge a customer that has alternatives and cares about the spend"},
      {k::leverage, p::nuisance, r::moderate, s::serve_at_low_cost,
       "neither side would miss much: keep the cost to serve low"},
      {k::bottleneck, p::core, r::moderate, s::secure_and_broaden,
       "they cannot easily replace us but we matter little to them: secure and widen"},
      {k::bottleneck, p::development, r::low, s::develop,
       "a locked-in, attractive customer: grow the account"},
      {k::bottleneck, p::exploitable, r::high, s::harvest,
       "lock-in invites exploitation, and exploitation invites a search for substitutes"},
      {k::bottleneck, p::nuisance, r::high, s::commit_or_exit,
       "they need our supply and we neglect them"},
      {k::non_critical, p::core, r::moderate, s::raise_relevance,
       "we value an account that barely notices us and may consolidate us away"},
      {k::non_critical, p::development, r::low, s::develop,
       "an attractive account that does not yet value us: develop it efficiently"},
      {k::non_critical, p::exploitable, r::low, s::harvest,
       "they pay little attention to what we charge"},
      {k::non_critical, p::nuisance, r::low, s::serve_at_low_cost,
       "mutual indifference: automate or exit"},
  }};
}

namespace detail {

/// The table as a 4 x 4 array of rule indices, after checking that it is complete.
struct position_lookup {
  std::array<std::array<std::size_t, 4>, 4> at{};
};

KAM_INLINE position_lookup check_position_table(const position_table& table, const char* fn) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  position_lookup l;
  for (auto& row : l.at) row.fill(none);
  for (std::size_t i = 0; i < table.rules.size(); ++i) {
    const position_rule& rule = table.rules[i];
    const std::string field = detail::cat({"rules[", i, "]"});
    if (!is_enumerator(rule.kraljic) || !is_enumerator(rule.preferencing) ||
        !is_enumerator(rule.risk) || !is_enumerator(rule.posture)) {
      throw invalid_input({fn, field, std::nullopt},
                          "a quadrant, risk or posture is not one of its enumerators");
    }
    auto& slot =
        l.at[static_cast<std::size_t>(rule.kraljic)][static_cast<std::size_t>(rule.preferencing)];
    if (slot != none) {
      throw duplicate_name(
          {fn, field, std::nullopt},
          detail::cat({"(", enum_name(rule.kraljic), ", ", enum_name(rule.preferencing),
                       ") is given twice (rules ", slot, " and ", i, ")"}));
    }
    slot = i;
  }
  std::string missing;
  for (std::size_t a = 0; a < 4; ++a) {
    for (std::size_t b = 0; b < 4; ++b) {
      if (l.at[a][b] != none) continue;
      if (!missing.empty()) missing += ", ";
      missing += detail::cat({"(", enum_name(static_cast<kraljic_quadrant>(a)), ", ",
                              enum_name(static_cast<preferencing_quadrant>(b)), ")"});
    }
  }
  if (!missing.empty()) {
    throw invalid_input({fn, "rules", std::nullopt},
                        detail::cat({"the 4 x 4 table is incomplete; missing ", missing}));
  }
  return l;
}

KAM_INLINE void position_impl(position_result& result, const std::vector<kraljic_quadrant>& kraljic,
                              const std::vector<preferencing_quadrant>& preferencing,
                              const position_table& table, const char* fn) {
  const auto l = detail::check_position_table(table, fn);
  if (kraljic.size() != preferencing.size()) {
    throw shape_mismatch({fn, "preferencing", std::nullopt},
                         detail::cat({kraljic.size(), " Kraljic quadrants, ", preferencing.size(),
                                      " preferencing quadrants"}));
  }
  if (kraljic.empty()) throw empty_input({fn, "accounts", std::nullopt}, "no accounts");
  // The table flattened: risk and posture per (kraljic * 4 + preferencing).
  std::array<relationship_risk, 16> risk_of{};
  std::array<kam::posture, 16> posture_of{};
  for (std::size_t a = 0; a < 4; ++a) {
    for (std::size_t b = 0; b < 4; ++b) {
      const position_rule& rule = table.rules[l.at[a][b]];
      risk_of[a * 4 + b] = rule.risk;
      posture_of[a * 4 + b] = rule.posture;
    }
  }
  const std::size_t n = kraljic.size();
  result.risk.resize(n);
  result.posture.resize(n);
  result.risk_counts = {};
  result.posture_counts = {};
  std::array<Eigen::Index, 16> cell_counts{};
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = static_cast<std::size_t>(kraljic[i]);
    const auto b = static_cast<std::size_t>(preferencing[i]);
    if (a > 3 || b > 3) {
      throw invalid_input({fn, a > 3 ? "kraljic" : "preferencing", static_cast<std::ptrdiff_t>(i)},
                          "the quadrant is not one of its enumerators");
    }
    const std::size_t cell = a * 4 + b;
    result.risk[i] = risk_of[cell];
    result.posture[i] = posture_of[cell];
    ++cell_counts[cell];
  }
  for (std::size_t cell = 0; cell < 16; ++cell) {
    result.risk_counts[static_cast<std::size_t>(risk_of[cell])] += cell_counts[cell];
    result.posture_counts[static_cast<std::size_t>(posture_of[cell])] += cell_counts[cell];
  }
}

}  // namespace detail

KAM_INLINE void validate(const position_table& table) {
  (void)detail::check_position_table(table, "kam::validate");
}

KAM_INLINE position_rule position_of(kraljic_quadrant k, preferencing_quadrant p,
                                     const position_table& table) {
  constexpr const char* fn = "kam::position_of";
  const auto l = detail::check_position_table(table, fn);
  if (!is_enumerator(k) || !is_enumerator(p)) {
    throw invalid_input({fn, "quadrant", std::nullopt}, "a quadrant is not one of its enumerators");
  }
  return table.rules[l.at[static_cast<std::size_t>(k)][static_cast<std::size_t>(p)]];
}

KAM_INLINE void position_into(position_result& result, const std::vector<kraljic_quadrant>& kraljic,
                              const std::vector<preferencing_quadrant>& preferencing,
                              const position_table& table) {
  detail::position_impl(result, kraljic, preferencing, table, "kam::position_into");
}

KAM_INLINE position_result position(const std::vector<kraljic_quadrant>& kraljic,
                                    const std::vector<preferencing_quadrant>& preferencing,
                                    const position_table& table) {
  position_result r;
  detail::position_impl(r, kraljic, preferencing, table, "kam::position");
  return r;
}

}  // namespace kam
