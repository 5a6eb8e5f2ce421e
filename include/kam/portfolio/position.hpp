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
#include <string>
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
  /// The row: our quadrant in the customer's Kraljic matrix.
  kraljic_quadrant kraljic = kraljic_quadrant::strategic;
  /// The column: the customer's quadrant in our preferencing.
  preferencing_quadrant preferencing = preferencing_quadrant::core;
  /// The relationship risk of this combination.
  relationship_risk risk = relationship_risk::low;
  /// The posture it calls for.
  kam::posture posture = kam::posture::partner;
  /// Why, in words.
  std::string rationale;
};
BOOST_DESCRIBE_STRUCT(position_rule, (), (kraljic, preferencing, risk, posture, rationale))

/// The 4 x 4 table of Kraljic quadrant x preferencing quadrant: data the user can replace (e.g.
/// from a configuration file, with kam::enum_from_name for the names). Every one of the 16
/// combinations must appear exactly once; the functions that use a table check it.
struct position_table {
  /// The 16 cells, in any order.
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
[[nodiscard]] position_table default_position_table();

/// Checks that `table` has every one of the 16 Kraljic x preferencing combinations exactly once
/// and only valid enumerators. Throws kam::invalid_input (an incomplete table, listing the
/// missing cells; an invalid enumerator, naming the rule) or kam::duplicate_name (a cell given
/// twice, naming both rules).
void validate(const position_table& table);

/// Returns the cell of `table` for one account. Throws as kam::validate for a bad table, and
/// kam::invalid_input for a quadrant that is not an enumerator. Complexity: O(16) (the table is
/// checked on each call; classify many accounts with kam::position).
[[nodiscard]] position_rule position_of(kraljic_quadrant k, preferencing_quadrant p,
                                        const position_table& table = default_position_table());

/// The combined position of every account, aligned with the input rows.
struct position_result {
  std::vector<relationship_risk> risk;        ///< per account
  std::vector<kam::posture> posture;          ///< per account
  std::array<Eigen::Index, 4> risk_counts{};  ///< accounts per risk level, in enumerator order
  std::array<Eigen::Index, posture_count> posture_counts{};  ///< accounts per posture

  /// Returns the number of accounts at risk level `r`. Checked in every build type: throws
  /// kam::out_of_bounds (naming 'r' and the range) for a value that is not an enumerator.
  [[nodiscard]] Eigen::Index count(relationship_risk r) const {
    const auto at = static_cast<Eigen::Index>(r);
    detail::check_index("kam::position_result::count", "r", at,
                        static_cast<Eigen::Index>(risk_counts.size()), "risk level");
    return risk_counts[static_cast<std::size_t>(at)];
  }
  BOOST_DESCRIBE_CLASS(position_result, (), (risk, posture, risk_counts, posture_counts), (), ())
};

/// Fills `result` with the risk and posture of every account from its Kraljic and preferencing
/// quadrants (element i of each is account i) through `table`, reusing its storage.
/// Throws kam::shape_mismatch (lengths differ), kam::empty_input (no accounts),
/// kam::invalid_input (a quadrant that is not an enumerator, naming the row), and as
/// kam::validate for a bad table, each naming kam::position_into. Complexity: O(N).
void position_into(position_result& result, const std::vector<kraljic_quadrant>& kraljic,
                   const std::vector<preferencing_quadrant>& preferencing,
                   const position_table& table = default_position_table());

/// Returns the risk and posture of every account from its Kraljic and preferencing quadrants
/// (element i of each is account i) through `table`. Throws as position_into, naming
/// kam::position. Complexity: O(N).
[[nodiscard]] position_result position(const std::vector<kraljic_quadrant>& kraljic,
                                       const std::vector<preferencing_quadrant>& preferencing,
                                       const position_table& table = default_position_table());

/// Returns the risk and posture of every account from a Kraljic and a preferencing result over
/// the same accounts. Throws as position_into.
template <real_scalar Scalar>
[[nodiscard]] position_result position(const kraljic_result<Scalar>& kraljic,
                                       const preferencing_result<Scalar>& preferencing,
                                       const position_table& table = default_position_table()) {
  return position(kraljic.quadrant, preferencing.quadrant, table);
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/position_impl.hpp>
#endif
