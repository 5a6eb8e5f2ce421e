// The combined position: our Kraljic quadrant at the customer x its preferencing quadrant at us.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kam {

/// How exposed the relationship is: the chance that it sours or ends because what each side wants
/// from it does not match (Kraljic's view of us against Steele & Court's view of them).
enum class relationship_risk : std::uint8_t { low, moderate, high, critical };
BOOST_DESCRIBE_ENUM(relationship_risk, low, moderate, high, critical)

/// The posture we recommend towards an account (see default_position_table for where each applies).
enum class posture : std::uint8_t {
  partner,             ///< mutual partnership: joint plans, investment, a diamond team
  develop,             ///< invest to grow the account
  rebalance,           ///< stop exploiting a dependent customer before it engineers us out
  commit_or_exit,      ///< a dependent customer we neglect: raise our commitment or hand over well
  defend_on_value,     ///< defend a valuable account that can replace us: value and total cost
  compete_on_cost,     ///< win share where price and efficiency decide
  harvest_cautiously,  ///< take the margin, but the customer can leave: watch the price gap
  serve_at_low_cost,   ///< lowest cost to serve, self-service, or a managed exit
  secure_and_broaden,  ///< assure supply and widen our relevance to their results
  harvest,             ///< take the margin the position allows
  raise_relevance      ///< make ourselves matter to a customer who barely notices us
};
BOOST_DESCRIBE_ENUM(posture, partner, develop, rebalance, commit_or_exit, defend_on_value,
                    compete_on_cost, harvest_cautiously, serve_at_low_cost, secure_and_broaden,
                    harvest, raise_relevance)

/// The number of postures (the enumerators of kam::posture).
inline constexpr std::size_t posture_count =
    boost::mp11::mp_size<boost::describe::describe_enumerators<posture>>::value;

/// One cell of the 4 x 4 table: the risk and posture of a Kraljic quadrant x preferencing
/// quadrant, and why.
struct position_rule {
  kraljic_quadrant kraljic = kraljic_quadrant::strategic;
  preferencing_quadrant preferencing = preferencing_quadrant::core;
  relationship_risk risk = relationship_risk::low;
  kam::posture posture = kam::posture::partner;
  std::string rationale;
};
BOOST_DESCRIBE_STRUCT(position_rule, (), (kraljic, preferencing, risk, posture, rationale))

/// The 4 x 4 table of Kraljic quadrant x preferencing quadrant: data the user can replace (e.g.
/// from a configuration file, with kam::enum_from_name for the names). Every one of the 16
/// combinations must appear exactly once; the functions that use a table check it.
struct position_table {
  std::vector<position_rule> rules;
};
BOOST_DESCRIBE_STRUCT(position_table, (), (rules))

/// Returns kam's default table. Rows: our quadrant in the customer's Kraljic matrix; columns: the
/// customer's quadrant in our preferencing.
///
/// (risk, posture) by Kraljic quadrant, then preferencing core / development / exploitable /
/// nuisance:
/// - strategic:    (low, partner), (moderate, develop), (high, rebalance),
///                 (critical, commit_or_exit)
/// - leverage:     (high, defend_on_value), (moderate, compete_on_cost),
///                 (high, harvest_cautiously), (moderate, serve_at_low_cost)
/// - bottleneck:   (moderate, secure_and_broaden), (low, develop), (high, harvest),
///                 (high, commit_or_exit)
/// - non_critical: (moderate, raise_relevance), (low, develop), (low, harvest),
///                 (low, serve_at_low_cost)
///
/// The diagonal of mutual interest (strategic x core) is a partnership; a customer that depends on
/// us while we do not care (strategic x nuisance) is critical (DESIGN.md); a customer that can
/// replace us easily while we value it (leverage x core) is at high risk of a tender we lose.
/// The reading follows Kraljic (1983) for the customer's behaviour and Steele & Court (1996) for
/// ours; the levels are kam's judgement, to be replaced where a business knows better.
template <typename = void>
[[nodiscard]] position_table default_position_table() {
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

template <typename = void>
position_lookup check_position_table(const position_table& table, const char* fn) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  position_lookup l;
  for (auto& row : l.at) row.fill(none);
  for (std::size_t i = 0; i < table.rules.size(); ++i) {
    const position_rule& rule = table.rules[i];
    const std::string field = detail::cat("rules[", i, "]");
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
          detail::cat("(", enum_name(rule.kraljic), ", ", enum_name(rule.preferencing),
                      ") is given twice (rules ", slot, " and ", i, ")"));
    }
    slot = i;
  }
  std::string missing;
  for (std::size_t a = 0; a < 4; ++a) {
    for (std::size_t b = 0; b < 4; ++b) {
      if (l.at[a][b] != none) continue;
      if (!missing.empty()) missing += ", ";
      missing += detail::cat("(", enum_name(static_cast<kraljic_quadrant>(a)), ", ",
                             enum_name(static_cast<preferencing_quadrant>(b)), ")");
    }
  }
  if (!missing.empty()) {
    throw invalid_input({fn, "rules", std::nullopt},
                        detail::cat("the 4 x 4 table is incomplete; missing ", missing));
  }
  return l;
}

}  // namespace detail

/// Checks that `table` has every one of the 16 Kraljic x preferencing combinations exactly once
/// and only valid enumerators. Throws kam::invalid_input (an incomplete table, listing the
/// missing cells; an invalid enumerator, naming the rule) or kam::duplicate_name (a cell given
/// twice, naming both rules).
template <typename = void>
void validate(const position_table& table) {
  (void)detail::check_position_table(table, "kam::validate");
}

/// Returns the cell of `table` for one account. Throws as kam::validate for a bad table, and
/// kam::invalid_input for a quadrant that is not an enumerator. Complexity: O(16) (the table is
/// checked on each call; classify many accounts with kam::position).
template <typename = void>
[[nodiscard]] position_rule position_of(kraljic_quadrant k, preferencing_quadrant p,
                                        const position_table& table = default_position_table()) {
  constexpr const char* fn = "kam::position_of";
  const auto l = detail::check_position_table(table, fn);
  if (!is_enumerator(k) || !is_enumerator(p)) {
    throw invalid_input({fn, "quadrant", std::nullopt}, "a quadrant is not one of its enumerators");
  }
  return table.rules[l.at[static_cast<std::size_t>(k)][static_cast<std::size_t>(p)]];
}

/// The combined position of every account, aligned with the input rows.
struct position_result {
  std::vector<relationship_risk> risk;        ///< per account
  std::vector<kam::posture> posture;          ///< per account
  std::array<Eigen::Index, 4> risk_counts{};  ///< accounts per risk level, in enumerator order
  std::array<Eigen::Index, posture_count> posture_counts{};  ///< accounts per posture

  /// Returns the number of accounts at risk level `r`.
  [[nodiscard]] Eigen::Index count(relationship_risk r) const {
    return risk_counts[static_cast<std::size_t>(r)];
  }
  BOOST_DESCRIBE_CLASS(position_result, (), (risk, posture, risk_counts, posture_counts), (), ())
};

namespace detail {
template <typename = void>
void position_impl(position_result& result, const std::vector<kraljic_quadrant>& kraljic,
                   const std::vector<preferencing_quadrant>& preferencing,
                   const position_table& table, const char* fn) {
  const auto l = detail::check_position_table(table, fn);
  if (kraljic.size() != preferencing.size()) {
    throw shape_mismatch({fn, "preferencing", std::nullopt},
                         detail::cat(kraljic.size(), " Kraljic quadrants, ", preferencing.size(),
                                     " preferencing quadrants"));
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

/// Fills `result` with the risk and posture of every account from its Kraljic and preferencing
/// quadrants (element i of each is account i) through `table`, reusing its storage.
/// Throws kam::shape_mismatch (lengths differ), kam::empty_input (no accounts),
/// kam::invalid_input (a quadrant that is not an enumerator, naming the row), and as
/// kam::validate for a bad table, each naming kam::position_into. Complexity: O(N).
template <typename = void>
void position_into(position_result& result, const std::vector<kraljic_quadrant>& kraljic,
                   const std::vector<preferencing_quadrant>& preferencing,
                   const position_table& table = default_position_table()) {
  detail::position_impl(result, kraljic, preferencing, table, "kam::position_into");
}

/// Returns the risk and posture of every account from its Kraljic and preferencing quadrants
/// (element i of each is account i) through `table`. Throws as position_into, naming
/// kam::position. Complexity: O(N).
template <typename = void>
[[nodiscard]] position_result position(const std::vector<kraljic_quadrant>& kraljic,
                                       const std::vector<preferencing_quadrant>& preferencing,
                                       const position_table& table = default_position_table()) {
  position_result r;
  detail::position_impl(r, kraljic, preferencing, table, "kam::position");
  return r;
}

/// Returns the risk and posture of every account from a Kraljic and a preferencing result over
/// the same accounts. Throws as position_into.
template <real_scalar Scalar>
[[nodiscard]] position_result position(const kraljic_result<Scalar>& kraljic,
                                       const preferencing_result<Scalar>& preferencing,
                                       const position_table& table = default_position_table()) {
  return position(kraljic.quadrant, preferencing.quadrant, table);
}

}  // namespace kam
