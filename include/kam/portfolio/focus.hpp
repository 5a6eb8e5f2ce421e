// Account focus: win, expand or protect, and key accounts that are not merely the largest.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/scoring/rank.hpp>
#include <vector>

namespace kam {

/// The account strategy: `win` (we have a low share of the customer's wallet and the potential is
/// high), `expand` (we are in, with room to grow: cross- and up-sell), `protect` (a large account
/// at risk), `maintain` (none of these: keep serving as planned).
enum class account_focus : std::uint8_t { win, expand, protect, maintain };
BOOST_DESCRIBE_ENUM(account_focus, win, expand, protect, maintain)

/// The rules of the account focus. Every threshold is "at or above" (a value on it counts as
/// reaching it), and the rules apply in order: protect, then win, then expand, else maintain.
/// - protect: large (among the `large_share` of accounts with the highest revenue) and churn risk
///   >= `at_risk`;
/// - win: share of wallet < `win_below_share` and growth potential >= `win_growth`;
/// - expand: `win_below_share` <= share of wallet < `expand_below_share` and growth potential
///   >= `expand_growth`.
struct focus_config {
  double win_below_share = 0.25;     ///< share of wallet below which we are not yet "in"
  double expand_below_share = 0.75;  ///< share of wallet from which little room is left
  double win_growth = 4.0;           ///< growth potential that makes winning worth it
  double expand_growth = 3.0;        ///< growth potential that leaves room to expand
  double at_risk = 0.3;              ///< churn risk from which a large account needs protecting
  double large_share = 0.2;          ///< the share of accounts, by revenue, that count as large
  double growth_low = 1.0;           ///< bottom of the growth-potential scale
  double growth_high = 5.0;          ///< top of the growth-potential scale
};
BOOST_DESCRIBE_STRUCT(focus_config, (),
                      (win_below_share, expand_below_share, win_growth, expand_growth, at_risk,
                       large_share, growth_low, growth_high))

namespace detail {

// Defined in kam/portfolio/detail/focus.hpp, included at the end of this header.

/// Returns the focus of one account whose values are checked, by the rules of `config`.
template <typename Scalar>
account_focus focus_rule(Scalar share_of_wallet, Scalar growth, Scalar churn_risk, bool large,
                         const focus_config& config) noexcept;

/// Throws unless the four vectors hold one finite value per account, on their scales.
template <typename Revenue, typename Wallet, typename Growth, typename Churn>
void check_focus_values(const Eigen::MatrixBase<Revenue>& revenue,
                        const Eigen::MatrixBase<Wallet>& wallet,
                        const Eigen::MatrixBase<Growth>& growth,
                        const Eigen::MatrixBase<Churn>& churn_risk, const focus_config& config,
                        const char* fn);

// Defined in kam/portfolio/detail/focus_impl.hpp.

/// Throws unless every threshold of `c` is finite and on its scale.
void check_focus_config(const focus_config& c, const char* fn);

/// Returns which of `n` accounts are key accounts, after checking the rows of `key_accounts`.
std::vector<std::uint8_t> key_account_flags(const index_vector& key_accounts, Eigen::Index n,
                                            const char* fn);

/// Sets the key accounts that are not among the largest and the largest that are not key
/// accounts (largest first), the largest being the accounts of revenue rank at most the number
/// of key accounts.
void compare_key_with_largest(const index_vector& revenue_rank, const index_vector& key_accounts,
                              const std::vector<std::uint8_t>& is_key,
                              index_vector& key_not_largest, index_vector& largest_not_key);

}  // namespace detail

/// The focus of every account, aligned with the input rows, and the comparison of key accounts
/// with the largest accounts.
template <real_scalar Scalar>
struct focus_result {
  vector_of<Scalar> share_of_wallet;     ///< revenue / category wallet, per account
  index_vector revenue_rank;             ///< 1 = highest revenue (ties share the better rank)
  std::vector<account_focus> focus;      ///< per account
  std::array<Eigen::Index, 4> counts{};  ///< accounts per focus, in enumerator order
  Eigen::Index large = 0;                ///< accounts that count as large
  /// Key accounts that are not among the largest, in the order given. With K key accounts, the
  /// largest are the accounts whose revenue rank is at most K (ties share the better rank, so an
  /// account as large as the K-th largest is among them whatever its row).
  index_vector key_not_largest;
  /// The largest accounts (revenue rank at most K) that are not key accounts, largest first
  /// (equal revenues by input order).
  index_vector largest_not_key;

  /// Returns the number of accounts with focus `f`. Checked in every build type: throws
  /// kam::out_of_bounds (naming 'f' and the range) for a value that is not an enumerator.
  [[nodiscard]] Eigen::Index count(account_focus f) const {
    const auto at = static_cast<Eigen::Index>(f);
    detail::check_index("kam::focus_result::count", "f", at,
                        static_cast<Eigen::Index>(counts.size()), "focus");
    return counts[static_cast<std::size_t>(at)];
  }
  BOOST_DESCRIBE_CLASS(focus_result, (),
                       (share_of_wallet, revenue_rank, focus, counts, large, key_not_largest,
                        largest_not_key),
                       (), ())
};

/// Returns the focus of one account from its share of wallet, growth potential, churn risk and
/// whether it is large, by the rules of `config`. The thresholds are compared in `Scalar`, the
/// type of the data: a float churn risk of 0.7f reaches `at_risk = 0.7` although 0.7f < 0.7 in
/// double. Throws as kam::focus for a bad `config`, and kam::non_finite_value or
/// kam::out_of_bounds for a share of wallet or churn risk outside [0, 1] or a growth potential
/// outside [growth_low, growth_high], each naming kam::focus_of and the argument.
template <real_scalar Scalar>
[[nodiscard]] account_focus focus_of(Scalar share_of_wallet, Scalar growth, Scalar churn_risk,
                                     bool large, const focus_config& config = {}) {
  constexpr const char* fn = "kam::focus_of";
  detail::check_focus_config(config, fn);
  detail::check_value(static_cast<double>(share_of_wallet), 0.0, 1.0, fn, "share_of_wallet",
                      "scale");
  detail::check_value(static_cast<double>(growth), config.growth_low, config.growth_high, fn,
                      "growth_potential", "scale");
  detail::check_value(static_cast<double>(churn_risk), 0.0, 1.0, fn, "churn_risk", "scale");
  return detail::focus_rule(share_of_wallet, growth, churn_risk, large, config);
}

/// Returns the focus of every account (element i of each vector is account i): share of wallet
/// = revenue / category wallet; large = revenue rank (kam::ranks, ties share the better rank) at
/// most round(large_share * N) (halves up, as kam::quotas_from_shares); then the rules of
/// focus_config. When `key_accounts` (rows, e.g. from kam::select_key_accounts) is not empty, it is
/// compared with the largest accounts: those whose revenue rank is at most the number of key
/// accounts (ties share the better rank, so equal revenues are never split by their row).
///
/// Throws kam::shape_mismatch (lengths differ), kam::empty_input, kam::non_finite_value,
/// kam::invalid_input (negative revenue, a wallet <= 0, a key account given twice),
/// kam::out_of_bounds (revenue above the wallet, growth potential or churn risk outside its scale,
/// a key-account row outside the accounts, a cut point outside its scale), each naming
/// kam::focus, the field and the row. Complexity: O(N log N).
template <typename Revenue, typename Wallet, typename Growth, typename Churn>
requires real_scalar<typename Revenue::Scalar> &&
    std::same_as<typename Revenue::Scalar, typename Wallet::Scalar> &&
    std::same_as<typename Revenue::Scalar, typename Growth::Scalar> &&
    std::same_as<typename Revenue::Scalar, typename Churn::Scalar>
[[nodiscard]] focus_result<typename Revenue::Scalar> focus(
    const Eigen::MatrixBase<Revenue>& revenue, const Eigen::MatrixBase<Wallet>& wallet,
    const Eigen::MatrixBase<Growth>& growth, const Eigen::MatrixBase<Churn>& churn_risk,
    const index_vector& key_accounts = {}, const focus_config& config = {}) {
  using Scalar = typename Revenue::Scalar;
  constexpr const char* fn = "kam::focus";
  detail::check_focus_config(config, fn);
  detail::check_focus_values(revenue, wallet, growth, churn_risk, config, fn);
  const Eigen::Index n = revenue.size();
  const std::vector<std::uint8_t> is_key = detail::key_account_flags(key_accounts, n, fn);
  focus_result<Scalar> r;
  vector_of<Scalar> rev(n);
  for (Eigen::Index i = 0; i < n; ++i) rev(i) = revenue.coeff(i);
  r.revenue_rank = ranks(rev);
  // Large: within the first round(large_share * N) ranks (halves up, as kam::quotas_from_shares).
  const Eigen::Index quota = quotas_from_shares(n, {config.large_share}).front();
  r.share_of_wallet.resize(n);
  r.focus.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const Scalar sow = revenue.coeff(i) / wallet.coeff(i);
    const bool large = r.revenue_rank(i) <= quota;
    r.large += large ? 1 : 0;
    r.share_of_wallet(i) = sow;
    const auto f = detail::focus_rule(sow, growth.coeff(i), churn_risk.coeff(i), large, config);
    r.focus[static_cast<std::size_t>(i)] = f;
    ++r.counts[static_cast<std::size_t>(f)];
  }
  if (key_accounts.size() > 0) {
    detail::compare_key_with_largest(r.revenue_rank, key_accounts, is_key, r.key_not_largest,
                                     r.largest_not_key);
  }
  return r;
}

/// Checks `config` as kam::focus does: every threshold finite, growth_low < growth_high, the
/// shares and the churn risk on [0, 1]. Throws kam::non_finite_value, kam::invalid_input or
/// kam::out_of_bounds naming kam::validate and the member at fault.
inline void validate(const focus_config& config) {
  detail::check_focus_config(config, "kam::validate");
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#include <kam/portfolio/detail/focus.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/focus_impl.hpp>
#endif
