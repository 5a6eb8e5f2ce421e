// The next best play per account: win, expand or protect (kam::account_focus), with its expected
// value, the inputs that drove it, ties and missing inputs explained in words.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <cstdint>
#include <kam/portfolio/focus.hpp>
#include <string>
#include <vector>

namespace kam {

/// The rule of one play: its expected value is multiplied by `weight` (finite, >= 0; 0 turns the
/// play off), and the play qualifies only when that weighted value is above `min_value` (finite,
/// >= 0; on it: does not qualify, so by default a value of 0 never makes a play).
struct play_rule {
  double weight = 1;     ///< multiplies the play's expected value
  double min_value = 0;  ///< the weighted value must be above this to qualify
};
BOOST_DESCRIBE_STRUCT(play_rule, (), (weight, min_value))

/// The rule table of next_best_play, data the caller may replace. Expected values:
///   protect = weight x P(churn) x CLV
///   expand  = weight x expected expansion (e.g. whitespace_result::expected_expansion)
///   win     = weight x gap x value to win (the maturity or relationship gap in [0, 1] times
///             what the account is worth when won or developed, e.g. wallet - revenue)
/// The play is the qualifying play of the highest value; plays of equal value are ordered by
/// `tie_order` (default protect, expand, win: keeping what we have before growing it, growing
/// before winning new ground); no qualifying play gives account_focus::maintain. Requires the
/// rules above, not every weight zero, and tie_order a permutation of protect, expand and win.
struct play_rules {
  play_rule protect;  ///< P(churn) x CLV
  play_rule expand;   ///< expected expansion
  play_rule win;      ///< gap x value to win
  /// Which play wins a tie, first to last.
  std::array<account_focus, 3> tie_order{account_focus::protect, account_focus::expand,
                                         account_focus::win};
};
BOOST_DESCRIBE_STRUCT(play_rules, (), (protect, expand, win, tie_order))

/// Bit of next_play_result::missing: P(churn) is missing (NaN).
inline constexpr std::uint8_t play_missing_churn = 1;
/// Bit of next_play_result::missing: the CLV is missing.
inline constexpr std::uint8_t play_missing_clv = 2;
/// Bit of next_play_result::missing: the expected expansion is missing.
inline constexpr std::uint8_t play_missing_expansion = 4;
/// Bit of next_play_result::missing: the maturity or relationship gap is missing.
inline constexpr std::uint8_t play_missing_gap = 8;
/// Bit of next_play_result::missing: the value to win is missing.
inline constexpr std::uint8_t play_missing_win_value = 16;

/// The next best play of every account, aligned with the input rows, with the inputs as given
/// (so that play_reason can say what drove each play).
struct next_play_result {
  std::vector<account_focus> play;    ///< win, expand, protect, or maintain (no play qualifies)
  Eigen::VectorXd value;              ///< the weighted expected value of the play (0: maintain)
  Eigen::VectorXd protect_value;      ///< weighted P(churn) x CLV; NaN when an input is missing
  Eigen::VectorXd expand_value;       ///< weighted expected expansion; NaN when missing
  Eigen::VectorXd win_value;          ///< weighted gap x value to win; NaN when an input is missing
  std::vector<std::uint8_t> missing;  ///< play_missing_* bits of the inputs that are NaN
  /// 1 when another qualifying play had the same value and tie_order chose between them.
  std::vector<std::uint8_t> tied;
  std::array<Eigen::Index, 4> counts{};  ///< accounts per play, in account_focus order
  Eigen::VectorXd churn_probability;     ///< as given
  Eigen::VectorXd clv;                   ///< as given
  Eigen::VectorXd expansion;             ///< as given
  Eigen::VectorXd gap;                   ///< as given
  Eigen::VectorXd value_to_win;          ///< as given
  play_rules rules;                      ///< as given
  BOOST_DESCRIBE_CLASS(next_play_result, (),
                       (play, value, protect_value, expand_value, win_value, missing, tied, counts,
                        churn_probability, clv, expansion, gap, value_to_win, rules),
                       (), ())
};

/// Returns the next best play of every account from five inputs, one value per account, NaN
/// where the input is missing (the play is then chosen among the plays whose inputs are all
/// present, and play_reason says what was missing): `churn_probability` and `gap` in [0, 1],
/// `clv`, `expansion` and `value_to_win` >= 0 (all in the same money unit). See play_rules for
/// the values, the tie order and maintain. Complexity O(N); no allocation per account.
///
/// Throws, naming kam::next_best_play: kam::empty_input without accounts; kam::shape_mismatch for
/// an input of another length than `churn_probability`; kam::non_finite_value naming the input
/// and the row for an infinite value (NaN is missing, not an error); kam::out_of_bounds for a
/// probability or gap outside [0, 1] or a negative CLV, expansion or value to win; and what
/// validate(play_rules) throws.
[[nodiscard]] next_play_result next_best_play(
    const Eigen::Ref<const Eigen::VectorXd>& churn_probability,
    const Eigen::Ref<const Eigen::VectorXd>& clv,
    const Eigen::Ref<const Eigen::VectorXd>& expansion,
    const Eigen::Ref<const Eigen::VectorXd>& gap,
    const Eigen::Ref<const Eigen::VectorXd>& value_to_win, const play_rules& rules = {});

/// Returns the play of account `row` and why, in words, e.g. "protect: expected value 30000 =
/// P(churn) 0.3 x CLV 100000; expand 12000; win not assessed (gap missing)". Each other play is
/// given with its value, as not assessed (with the missing inputs), as off (weight 0) or as not
/// above its minimum; a tie names the play it beat by the tie order. Throws kam::out_of_bounds
/// for a row outside `result`.
[[nodiscard]] std::string play_reason(const next_play_result& result, Eigen::Index row);

/// Checks `rules` as next_best_play does: weights and minimum values finite and >= 0, not every
/// weight zero, tie_order a permutation of protect, expand and win. Throws
/// kam::non_finite_value, kam::out_of_bounds, kam::invalid_input or kam::duplicate_name naming
/// kam::validate and the field (with the element for tie_order).
void validate(const play_rules& rules);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/next_play_impl.hpp>
#endif
