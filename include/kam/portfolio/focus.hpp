// Account focus: win, expand or protect, and key accounts that are not merely the largest.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/scoring/rank.hpp>
#include <optional>
#include <utility>
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

/// The rules of focus_config for one account whose values are checked.
template <typename Scalar>
account_focus focus_rule(Scalar share_of_wallet, Scalar growth, Scalar churn_risk, bool large,
                         const focus_config& config) noexcept {
  // The thresholds are compared in Scalar, the type of the data: a float churn risk of 0.7f
  // reaches at_risk = 0.7 although 0.7f < 0.7 in double.
  const auto t = [](double threshold) { return static_cast<Scalar>(threshold); };
  const Scalar sow = share_of_wallet;
  if (large && churn_risk >= t(config.at_risk)) return account_focus::protect;
  if (sow < t(config.win_below_share) && growth >= t(config.win_growth)) return account_focus::win;
  if (sow >= t(config.win_below_share) && sow < t(config.expand_below_share) &&
      growth >= t(config.expand_growth))
    return account_focus::expand;
  return account_focus::maintain;
}

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

  /// Returns the number of accounts with focus `f`.
  [[nodiscard]] Eigen::Index count(account_focus f) const {
    return counts[static_cast<std::size_t>(f)];
  }
  BOOST_DESCRIBE_CLASS(focus_result, (),
                       (share_of_wallet, revenue_rank, focus, counts, large, key_not_largest,
                        largest_not_key),
                       (), ())
};

namespace detail {

template <typename = void>
void check_focus_config(const focus_config& c, const char* fn) {
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

template <typename V>
void check_account_vector(const Eigen::MatrixBase<V>& v, Eigen::Index n, const char* fn,
                          const char* field) {
  if ((v.cols() != 1 && v.rows() != 1) || v.size() != n) {
    throw shape_mismatch(
        {fn, field, std::nullopt},
        detail::cat("expects a vector of ", n, " values, got ", v.rows(), " x ", v.cols()));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isfinite(v.coeff(i))) {
      throw non_finite_value({fn, field, i}, detail::cat("value is ", v.coeff(i)));
    }
  }
}

}  // namespace detail

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
  const Eigen::Index n = revenue.size();
  if (n == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  detail::check_account_vector(revenue, n, fn, "revenue");
  detail::check_account_vector(wallet, n, fn, "category_wallet");
  detail::check_account_vector(growth, n, fn, "growth_potential");
  detail::check_account_vector(churn_risk, n, fn, "churn_risk");
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto r = static_cast<double>(revenue.coeff(i));
    const auto w = static_cast<double>(wallet.coeff(i));
    const auto g = static_cast<double>(growth.coeff(i));
    const auto c = static_cast<double>(churn_risk.coeff(i));
    if (r < 0.0)
      throw invalid_input({fn, "revenue", i}, detail::cat("revenue ", r, " is negative"));
    if (!(w > 0.0)) {
      throw invalid_input({fn, "category_wallet", i},
                          detail::cat("the category wallet ", w, " is not positive"));
    }
    if (r > w) {
      throw out_of_bounds({fn, "revenue", i},
                          detail::cat("revenue ", r, " exceeds the customer's category wallet ", w,
                                      " (share of wallet above 1)"));
    }
    if (g < config.growth_low || g > config.growth_high) {
      throw out_of_bounds({fn, "growth_potential", i},
                          detail::cat("value ", g, " is outside the scale [", config.growth_low,
                                      ", ", config.growth_high, "]"));
    }
    if (c < 0.0 || c > 1.0) {
      throw out_of_bounds({fn, "churn_risk", i},
                          detail::cat("value ", c, " is outside the scale [0, 1]"));
    }
  }
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
    // Largest: revenue rank (ties share the better rank) within the number of key accounts.
    const Eigen::Index k_largest = key_accounts.size();
    std::vector<Eigen::Index> a;
    std::vector<Eigen::Index> b;
    for (Eigen::Index k = 0; k < key_accounts.size(); ++k)
      if (r.revenue_rank(key_accounts(k)) > k_largest) a.push_back(key_accounts(k));
    for (Eigen::Index i = 0; i < n; ++i)
      if (r.revenue_rank(i) <= k_largest && !is_key[static_cast<std::size_t>(i)]) b.push_back(i);
    std::stable_sort(b.begin(), b.end(), [&](Eigen::Index x, Eigen::Index y) {
      return r.revenue_rank(x) < r.revenue_rank(y);
    });
    r.key_not_largest =
        Eigen::Map<const index_vector>(a.data(), static_cast<Eigen::Index>(a.size()));
    r.largest_not_key =
        Eigen::Map<const index_vector>(b.data(), static_cast<Eigen::Index>(b.size()));
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
