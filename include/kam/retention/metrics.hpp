// Retention metrics over account x period revenue: movements, GRR/NRR, logo churn, cohorts, wallet.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

namespace kam {

/// How an account that comes back after at least one period without revenue is counted.
/// - `separate` (default): its revenue is `reactivated` revenue, neither new nor retained; an
///   account of a window's opening cohort that has a period without revenue inside the window has
///   churned (its opening revenue is churned revenue) and its closing revenue is reactivated.
/// - `as_new`: as `separate`, but the returning revenue and logo count as new.
/// - `endpoints`: an opening-cohort account is judged on the window's two end periods alone (a
///   gap inside the window is ignored); accounts outside the opening cohort that return are
///   `reactivated`, as under `separate`. With one-period windows all three agree on the cohort.
enum class reactivation_rule { separate, as_new, endpoints };
BOOST_DESCRIBE_ENUM(reactivation_rule, separate, as_new, endpoints)

/// What happened to one account between two consecutive periods (revenue a, then b).
/// `inactive`: a = b = 0; `new_account`: a = 0 < b and no revenue ever before; `reactivated`:
/// a = 0 < b after revenue in an earlier period; `expansion`: 0 < a < b; `contraction`:
/// 0 < b < a; `flat`: 0 < a = b; `churned`: a > 0 = b.
enum class movement : std::int8_t {
  inactive,
  new_account,
  reactivated,
  expansion,
  contraction,
  flat,
  churned
};
BOOST_DESCRIBE_ENUM(movement, inactive, new_account, reactivated, expansion, contraction, flat,
                    churned)

/// The movement of every account between consecutive periods.
struct movement_table {
  /// accounts x (periods - 1): column t - 1 is the movement from period t - 1 to period t, stored
  /// as the underlying value of `movement` (read it with `at`).
  Eigen::Matrix<std::int8_t, Eigen::Dynamic, Eigen::Dynamic> codes;

  /// Returns the movement of `account` from period `period - 1` to `period` (1 <= period).
  [[nodiscard]] movement at(Eigen::Index account, Eigen::Index period) const {
    return static_cast<movement>(codes(account, period - 1));
  }
};
BOOST_DESCRIBE_STRUCT(movement_table, (), (codes))

/// Windows over which retention is measured: (first, first + step), (first + step,
/// first + 2 step), ... while the closing period exists. step = 1 gives period-on-period figures;
/// step = 3 over monthly data gives quarters (first = 2 measures quarter q as the month-end
/// revenue of its last month against that of the quarter before).
struct retention_options {
  Eigen::Index step = 1;   ///< periods per window, >= 1
  Eigen::Index first = 0;  ///< opening period of the first window, >= 0
  reactivation_rule reactivation = reactivation_rule::separate;  ///< see reactivation_rule
};
BOOST_DESCRIBE_STRUCT(retention_options, (), (step, first, reactivation))

/// Revenue and logo retention per window, one entry per window (see retention_options).
/// Revenue identity, exact up to rounding: closing = opening + new + reactivated + expansion
/// - contraction - churned. Logos: closing = retained + new + reactivated, and
/// opening = retained + churned.
template <real_scalar Scalar>
struct retention_table {
  index_vector opening_period;            ///< S: the period that defines the opening cohort
  index_vector closing_period;            ///< E: the period the cohort is measured at
  vector_of<Scalar> opening_revenue;      ///< revenue of the opening cohort at the opening
  vector_of<Scalar> expansion;            ///< growth of retained cohort accounts
  vector_of<Scalar> contraction;          ///< shrinkage of retained cohort accounts
  vector_of<Scalar> churned_revenue;      ///< opening revenue of cohort accounts that churned
  vector_of<Scalar> new_revenue;          ///< closing revenue of accounts new in the window
  vector_of<Scalar> reactivated_revenue;  ///< closing revenue of returning accounts
  vector_of<Scalar> closing_revenue;      ///< all revenue at the closing period
  index_vector opening_accounts;          ///< S: accounts with revenue at the opening
  index_vector retained_accounts;         ///< opening accounts still counted at the closing
  index_vector churned_accounts;          ///< opening accounts not retained
  index_vector new_accounts;              ///< first revenue ever inside the window
  index_vector reactivated_accounts;      ///< returning accounts (per reactivation_rule)
  index_vector closing_accounts;          ///< E: accounts with revenue at the closing
  /// GRR = (opening - contraction - churned) / opening, in [0, 1].
  vector_of<Scalar> grr;
  /// NRR = (opening + expansion - contraction - churned) / opening, over the opening cohort only.
  vector_of<Scalar> nrr;
  /// CRR = (E - N) / S with N = new + reactivated accounts: the share of opening logos retained.
  vector_of<Scalar> customer_retention;
  /// Logo churn = 1 - CRR.
  vector_of<Scalar> logo_churn;
  /// Windows whose opening cohort is empty: their four rates are NaN (undefined), nothing else.
  std::vector<Eigen::Index> undefined_windows;

  /// Returns the number of windows.
  [[nodiscard]] Eigen::Index size() const noexcept { return opening_period.size(); }

  BOOST_DESCRIBE_CLASS(retention_table, (),
                       (opening_period, closing_period, opening_revenue, expansion, contraction,
                        churned_revenue, new_revenue, reactivated_revenue, closing_revenue,
                        opening_accounts, retained_accounts, churned_accounts, new_accounts,
                        reactivated_accounts, closing_accounts, grr, nrr, customer_retention,
                        logo_churn, undefined_windows),
                       (), ())
};

/// Accounts grouped by their first period with revenue (their cohort), followed by age.
/// Cohort k was acquired in period `period(k)`; age a is period `period(k) + a`. Cells with
/// `period(k) + a` beyond the last period are not observed yet and hold NaN (and only those).
/// Accounts with revenue in period 0 form cohort 0 whatever their true age (the data cannot
/// tell: they are left-censored).
template <real_scalar Scalar>
struct cohort_table {
  index_vector period;                  ///< acquisition period of each non-empty cohort
  index_vector size;                    ///< accounts in each cohort
  vector_of<Scalar> initial_revenue;    ///< the cohort's revenue at age 0
  matrix_of<Scalar> active;             ///< accounts with revenue at age a (returners count)
  matrix_of<Scalar> survived;           ///< accounts with revenue at every age 0..a (no return)
  matrix_of<Scalar> revenue;            ///< the cohort's revenue at age a
  matrix_of<Scalar> logo_retention;     ///< active / size
  matrix_of<Scalar> revenue_retention;  ///< revenue / initial_revenue
  Eigen::Index never_active = 0;        ///< accounts without revenue in any period (no cohort)

  BOOST_DESCRIBE_CLASS(cohort_table, (),
                       (period, size, initial_revenue, active, survived, revenue, logo_retention,
                        revenue_retention, never_active),
                       (), ())
};

namespace detail {

/// Checks an account x period revenue matrix: at least one account and `min_periods` periods,
/// every value finite and >= 0. Throws naming the account (row) and the period.
template <typename Derived>
void check_revenue(const Eigen::MatrixBase<Derived>& r, Eigen::Index min_periods, const char* fn) {
  if (r.rows() == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  if (r.cols() < min_periods) {
    throw shape_mismatch(
        {fn, "revenue", std::nullopt},
        detail::cat("needs at least ", min_periods, " periods (columns), got ", r.cols()));
  }
  for (Eigen::Index j = 0; j < r.cols(); ++j) {
    for (Eigen::Index i = 0; i < r.rows(); ++i) {
      const auto v = r.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "revenue", i}, detail::cat("period ", j, ": value is ", v));
      }
      if (v < 0) {
        throw invalid_input({fn, "revenue", i},
                            detail::cat("period ", j, ": revenue ", v, " is negative"));
      }
    }
  }
}

/// The first period with revenue of every account (-1 if none), in one column-major pass.
template <typename Derived>
std::vector<Eigen::Index> first_active_periods(const Eigen::MatrixBase<Derived>& r) {
  std::vector<Eigen::Index> first(static_cast<std::size_t>(r.rows()), -1);
  for (Eigen::Index j = 0; j < r.cols(); ++j) {
    for (Eigen::Index i = 0; i < r.rows(); ++i) {
      auto& f = first[static_cast<std::size_t>(i)];
      if (f < 0 && r.coeff(i, j) > 0) f = j;
    }
  }
  return first;
}

/// The accumulator type of sums over accounts: double for float data, so that totals over
/// millions of accounts do not lose the float's few digits.
template <typename Scalar>
using sum_t = std::conditional_t<(sizeof(Scalar) < sizeof(double)), double, Scalar>;

}  // namespace detail

/// Returns the movement of every account between consecutive periods of `revenue` (rows
/// accounts, columns periods, values >= 0; zero means no revenue, i.e. not a customer then).
/// Throws kam::empty_input without accounts, kam::shape_mismatch with fewer than 2 periods,
/// kam::non_finite_value or kam::invalid_input (negative) naming the account and the period.
/// Complexity O(accounts x periods).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] movement_table movements(const Eigen::MatrixBase<Derived>& revenue) {
  constexpr const char* fn = "kam::movements";
  detail::check_revenue(revenue, 2, fn);
  const auto first = detail::first_active_periods(revenue);
  movement_table out;
  out.codes.resize(revenue.rows(), revenue.cols() - 1);
  for (Eigen::Index t = 1; t < revenue.cols(); ++t) {
    for (Eigen::Index i = 0; i < revenue.rows(); ++i) {
      const auto a = revenue.coeff(i, t - 1);
      const auto b = revenue.coeff(i, t);
      movement m = movement::inactive;
      if (a > 0) {
        m = b == 0
                ? movement::churned
                : (b > a ? movement::expansion : (b < a ? movement::contraction : movement::flat));
      } else if (b > 0) {
        m = first[static_cast<std::size_t>(i)] < t ? movement::reactivated : movement::new_account;
      }
      out.codes(i, t - 1) = static_cast<std::int8_t>(m);
    }
  }
  return out;
}

/// Returns revenue and logo retention per window of `revenue` (rows accounts, columns periods,
/// values >= 0, zero = not a customer in that period): GRR and NRR over each window's opening
/// cohort only (accounts with revenue at its opening period), the revenue movements that explain
/// them, logo counts, CRR and logo churn. Reactivations count per `options.reactivation`.
/// A window whose opening cohort is empty has NaN rates and is listed in `undefined_windows`.
/// Throws kam::empty_input without accounts, kam::invalid_input for step < 1, first < 0 or no
/// complete window, kam::non_finite_value or kam::invalid_input (negative) naming the account
/// and the period. Complexity O(accounts x periods), one pass per window plus one.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] retention_table<typename Derived::Scalar> revenue_retention(
    const Eigen::MatrixBase<Derived>& revenue, const retention_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  using acc = detail::sum_t<Scalar>;
  constexpr const char* fn = "kam::revenue_retention";
  if (options.step < 1) {
    throw invalid_input({fn, "step", std::nullopt},
                        detail::cat("step is ", options.step, "; it must be at least 1"));
  }
  if (options.first < 0) {
    throw invalid_input({fn, "first", std::nullopt},
                        detail::cat("first is ", options.first, "; it must be at least 0"));
  }
  if (!is_enumerator(options.reactivation)) {
    throw invalid_input({fn, "reactivation", std::nullopt}, "not a reactivation_rule");
  }
  detail::check_revenue(revenue, 1, fn);
  if (options.first + options.step >= revenue.cols()) {
    throw invalid_input({fn, "revenue", std::nullopt},
                        detail::cat("no complete window: periods ", revenue.cols(), ", first ",
                                    options.first, ", step ", options.step));
  }
  const Eigen::Index n = revenue.rows();
  const Eigen::Index windows = (revenue.cols() - 1 - options.first) / options.step;
  const auto first = detail::first_active_periods(revenue);
  const bool gaps_break = options.reactivation != reactivation_rule::endpoints;
  const bool returners_new = options.reactivation == reactivation_rule::as_new;

  retention_table<Scalar> t;
  const auto zero = [&](auto& v) { v.setZero(windows); };
  t.opening_period.resize(windows);
  t.closing_period.resize(windows);
  for (auto* v : {&t.opening_revenue, &t.expansion, &t.contraction, &t.churned_revenue,
                  &t.new_revenue, &t.reactivated_revenue, &t.closing_revenue, &t.grr, &t.nrr,
                  &t.customer_retention, &t.logo_churn})
    zero(*v);
  for (auto* v : {&t.opening_accounts, &t.retained_accounts, &t.churned_accounts, &t.new_accounts,
                  &t.reactivated_accounts, &t.closing_accounts})
    zero(*v);

  // Per account: 1 while it has had revenue in every period from the opening so far.
  std::vector<std::uint8_t> unbroken;
  if (gaps_break && options.step > 1) unbroken.resize(static_cast<std::size_t>(n));
  for (Eigen::Index w = 0; w < windows; ++w) {
    const Eigen::Index s = options.first + w * options.step;
    const Eigen::Index e = s + options.step;
    t.opening_period(w) = s;
    t.closing_period(w) = e;
    if (!unbroken.empty()) {
      for (Eigen::Index i = 0; i < n; ++i)
        unbroken[static_cast<std::size_t>(i)] = revenue.coeff(i, s) > 0 ? 1 : 0;
      for (Eigen::Index j = s + 1; j < e; ++j) {
        for (Eigen::Index i = 0; i < n; ++i) {
          auto& u = unbroken[static_cast<std::size_t>(i)];
          u = static_cast<std::uint8_t>(u & (revenue.coeff(i, j) > 0 ? 1 : 0));
        }
      }
    }
    acc open = 0, expand = 0, contract = 0, churn = 0, fresh = 0, back = 0, close = 0;
    Eigen::Index n_open = 0, n_kept = 0, n_churn = 0, n_new = 0, n_back = 0, n_close = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const acc a = revenue.coeff(i, s);
      const acc b = revenue.coeff(i, e);
      if (b > 0) {
        close += b;
        ++n_close;
      }
      if (a > 0) {
        open += a;
        ++n_open;
        const bool kept = b > 0 && (unbroken.empty() || unbroken[static_cast<std::size_t>(i)]);
        if (kept) {
          ++n_kept;
          if (b > a) expand += b - a;
          if (b < a) contract += a - b;
        } else {
          ++n_churn;
          churn += a;
          if (b > 0) {  // back by the closing period after a gap inside the window
            if (returners_new) {
              fresh += b;
              ++n_new;
            } else {
              back += b;
              ++n_back;
            }
          }
        }
      } else if (b > 0) {
        // first[i] <= e here; an account whose first revenue is at or before the opening
        // period returns, any other is new.
        if (first[static_cast<std::size_t>(i)] > s || returners_new) {
          fresh += b;
          ++n_new;
        } else {
          back += b;
          ++n_back;
        }
      }
    }
    t.opening_revenue(w) = static_cast<Scalar>(open);
    t.expansion(w) = static_cast<Scalar>(expand);
    t.contraction(w) = static_cast<Scalar>(contract);
    t.churned_revenue(w) = static_cast<Scalar>(churn);
    t.new_revenue(w) = static_cast<Scalar>(fresh);
    t.reactivated_revenue(w) = static_cast<Scalar>(back);
    t.closing_revenue(w) = static_cast<Scalar>(close);
    t.opening_accounts(w) = n_open;
    t.retained_accounts(w) = n_kept;
    t.churned_accounts(w) = n_churn;
    t.new_accounts(w) = n_new;
    t.reactivated_accounts(w) = n_back;
    t.closing_accounts(w) = n_close;
    if (n_open == 0) {
      const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
      t.grr(w) = t.nrr(w) = t.customer_retention(w) = t.logo_churn(w) = nan;
      t.undefined_windows.push_back(w);
    } else {
      t.grr(w) = static_cast<Scalar>((open - contract - churn) / open);
      t.nrr(w) = static_cast<Scalar>((open + expand - contract - churn) / open);
      const double crr =
          static_cast<double>(n_close - n_new - n_back) / static_cast<double>(n_open);
      t.customer_retention(w) = static_cast<Scalar>(crr);
      t.logo_churn(w) = static_cast<Scalar>(1.0 - crr);
    }
  }
  return t;
}

/// Returns the customer retention rate CRR = (E - N) / S: `end` customers at the end of the
/// period, `acquired` of them new during it, `start` at its start. Churn is 1 - CRR.
/// Throws kam::invalid_input if start <= 0, any count is negative, acquired > end, or
/// end - acquired > start (more retained customers than there were).
template <real_scalar Scalar = double>
[[nodiscard]] Scalar customer_retention_rate(Eigen::Index start, Eigen::Index end,
                                             Eigen::Index acquired) {
  constexpr const char* fn = "kam::customer_retention_rate";
  if (start <= 0) {
    throw invalid_input({fn, "start", std::nullopt},
                        detail::cat("start is ", start, "; retention needs customers to retain"));
  }
  if (end < 0 || acquired < 0) {
    throw invalid_input({fn, end < 0 ? "end" : "acquired", std::nullopt},
                        "counts must not be negative");
  }
  if (acquired > end) {
    throw invalid_input({fn, "acquired", std::nullopt},
                        detail::cat(acquired, " acquired but only ", end, " at the end"));
  }
  if (end - acquired > start) {
    throw invalid_input(
        {fn, "end", std::nullopt},
        detail::cat(end - acquired, " retained customers but only ", start, " at the start"));
  }
  return static_cast<Scalar>(end - acquired) / static_cast<Scalar>(start);
}

/// Returns the churn rate over `periods` periods from a churn rate per period, assuming the
/// same per-period churn throughout: 1 - (1 - churn)^periods. Annual from monthly is
/// `rescale_churn(monthly, 12)` (never 12 x monthly); monthly from annual is
/// `rescale_churn(annual, 1.0 / 12)`. Throws kam::out_of_bounds if churn is outside [0, 1] or
/// periods is not a positive finite number.
template <real_scalar Scalar>
[[nodiscard]] Scalar rescale_churn(Scalar churn, Scalar periods) {
  constexpr const char* fn = "kam::rescale_churn";
  if (!(churn >= 0 && churn <= 1)) {
    throw out_of_bounds({fn, "churn", std::nullopt},
                        detail::cat("churn is ", churn, "; it must be in [0, 1]"));
  }
  if (!(periods > 0) || !std::isfinite(periods)) {
    throw out_of_bounds({fn, "periods", std::nullopt},
                        detail::cat("periods is ", periods, "; it must be positive and finite"));
  }
  // -expm1(periods * log1p(-churn)) keeps small rates exact (1 - (1 - c)^k cancels otherwise).
  if (churn == 1) return Scalar(1);
  return -std::expm1(periods * std::log1p(-churn));
}

/// Returns the retention rate over `periods` periods from a per-period retention rate:
/// retention^periods (annual from monthly: `rescale_retention(monthly, 12)`).
/// Throws kam::out_of_bounds if retention is outside [0, 1] or periods is not positive finite.
template <real_scalar Scalar>
[[nodiscard]] Scalar rescale_retention(Scalar retention, Scalar periods) {
  constexpr const char* fn = "kam::rescale_retention";
  if (!(retention >= 0 && retention <= 1)) {
    throw out_of_bounds({fn, "retention", std::nullopt},
                        detail::cat("retention is ", retention, "; it must be in [0, 1]"));
  }
  if (!(periods > 0) || !std::isfinite(periods)) {
    throw out_of_bounds({fn, "periods", std::nullopt},
                        detail::cat("periods is ", periods, "; it must be positive and finite"));
  }
  return std::pow(retention, periods);
}

/// Returns the cohort table of `revenue` (rows accounts, columns periods, values >= 0): accounts
/// grouped by their first period with revenue, with accounts active, accounts survived (revenue
/// in every period since acquisition: the input of fit_sbg), revenue, and logo and revenue
/// retention by age. Only non-empty cohorts are listed, in period order. Throws kam::empty_input
/// without accounts or periods, kam::non_finite_value or kam::invalid_input (negative) naming
/// the account and the period. Complexity O(accounts x periods + periods^2).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] cohort_table<typename Derived::Scalar> cohorts(
    const Eigen::MatrixBase<Derived>& revenue) {
  using Scalar = typename Derived::Scalar;
  using acc = detail::sum_t<Scalar>;
  constexpr const char* fn = "kam::cohorts";
  detail::check_revenue(revenue, 1, fn);
  const Eigen::Index n = revenue.rows();
  const Eigen::Index p = revenue.cols();
  const auto first = detail::first_active_periods(revenue);
  // Per account: the first age without revenue (p - first if none yet).
  std::vector<Eigen::Index> lapse(static_cast<std::size_t>(n), -1);
  Eigen::Matrix<acc, Eigen::Dynamic, Eigen::Dynamic> active = decltype(active)::Zero(p, p);
  Eigen::Matrix<acc, Eigen::Dynamic, Eigen::Dynamic> money = decltype(money)::Zero(p, p);
  for (Eigen::Index j = 0; j < p; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto f = first[static_cast<std::size_t>(i)];
      if (f < 0 || f > j) continue;
      const auto v = revenue.coeff(i, j);
      if (v > 0) {
        active(f, j - f) += 1;
        money(f, j - f) += v;
      } else if (lapse[static_cast<std::size_t>(i)] < 0) {
        lapse[static_cast<std::size_t>(i)] = j - f;
      }
    }
  }
  // survived(f, a): accounts of cohort f whose first lapse is after age a.
  Eigen::Matrix<acc, Eigen::Dynamic, Eigen::Dynamic> lapses = decltype(lapses)::Zero(p, p + 1);
  std::vector<Eigen::Index> size(static_cast<std::size_t>(p), 0);
  cohort_table<Scalar> out;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto f = first[static_cast<std::size_t>(i)];
    if (f < 0) {
      ++out.never_active;
      continue;
    }
    ++size[static_cast<std::size_t>(f)];
    const auto l = lapse[static_cast<std::size_t>(i)];
    lapses(f, l < 0 ? p - f : l) += 1;
  }
  std::vector<Eigen::Index> rows;
  for (Eigen::Index f = 0; f < p; ++f)
    if (size[static_cast<std::size_t>(f)] > 0) rows.push_back(f);
  const auto k = static_cast<Eigen::Index>(rows.size());
  const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
  out.period.resize(k);
  out.size.resize(k);
  out.initial_revenue.resize(k);
  for (auto* m :
       {&out.active, &out.survived, &out.revenue, &out.logo_retention, &out.revenue_retention})
    m->setConstant(k, p, nan);
  for (Eigen::Index r = 0; r < k; ++r) {
    const Eigen::Index f = rows[static_cast<std::size_t>(r)];
    const auto sz = size[static_cast<std::size_t>(f)];
    out.period(r) = f;
    out.size(r) = sz;
    out.initial_revenue(r) = static_cast<Scalar>(money(f, 0));
    acc alive = static_cast<acc>(sz);
    for (Eigen::Index a = 0; a < p - f; ++a) {
      alive -= lapses(f, a);
      out.active(r, a) = static_cast<Scalar>(active(f, a));
      out.survived(r, a) = static_cast<Scalar>(alive);
      out.revenue(r, a) = static_cast<Scalar>(money(f, a));
      out.logo_retention(r, a) = static_cast<Scalar>(active(f, a) / static_cast<acc>(sz));
      out.revenue_retention(r, a) = static_cast<Scalar>(money(f, a) / money(f, 0));
    }
  }
  return out;
}

/// Returns each account's share of wallet, revenue / wallet (the account's total spend in our
/// category). Throws kam::shape_mismatch if the vectors differ in length or are not vectors,
/// kam::empty_input if empty, kam::non_finite_value for NaN or infinity, kam::invalid_input for
/// negative revenue or a wallet <= 0, and kam::out_of_bounds when revenue exceeds the wallet
/// (a share above 1 means the wallet estimate is wrong), each naming the account.
template <typename Revenue, typename Wallet>
requires real_scalar<typename Revenue::Scalar> &&
    std::same_as<typename Revenue::Scalar, typename Wallet::Scalar>
[[nodiscard]] vector_of<typename Revenue::Scalar> share_of_wallet(
    const Eigen::MatrixBase<Revenue>& revenue, const Eigen::MatrixBase<Wallet>& wallet) {
  using Scalar = typename Revenue::Scalar;
  constexpr const char* fn = "kam::share_of_wallet";
  if ((revenue.cols() != 1 && revenue.rows() != 1) || (wallet.cols() != 1 && wallet.rows() != 1) ||
      revenue.size() != wallet.size()) {
    throw shape_mismatch(
        {fn, "wallet", std::nullopt},
        detail::cat("expects two vectors of equal length, got ", revenue.rows(), " x ",
                    revenue.cols(), " and ", wallet.rows(), " x ", wallet.cols()));
  }
  if (revenue.size() == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  vector_of<Scalar> share(revenue.size());
  for (Eigen::Index i = 0; i < revenue.size(); ++i) {
    const Scalar r = revenue.coeff(i);
    const Scalar w = wallet.coeff(i);
    if (!std::isfinite(r)) throw non_finite_value({fn, "revenue", i}, detail::cat("value is ", r));
    if (!std::isfinite(w)) throw non_finite_value({fn, "wallet", i}, detail::cat("value is ", w));
    if (r < 0) throw invalid_input({fn, "revenue", i}, detail::cat("revenue ", r, " is negative"));
    if (w <= 0) {
      throw invalid_input({fn, "wallet", i}, detail::cat("wallet ", w, " must be positive"));
    }
    if (r > w) {
      throw out_of_bounds({fn, "revenue", i}, detail::cat("revenue ", r, " exceeds the wallet ", w,
                                                          "; the share of wallet would exceed 1"));
    }
    share(i) = r / w;
  }
  return share;
}

/// Returns the share of wallet the Wallet Allocation Rule expects for a brand ranked `rank`
/// (1 = the customer's favourite) among the `brands` brands a customer uses:
/// (1 - rank / (brands + 1)) x 2 / brands (Keiningham, Aksoy, Buoye & Cooil, "Customer loyalty
/// isn't enough. Grow your share of wallet", Harvard Business Review 89(10), 2011; Keiningham
/// et al., The Wallet Allocation Rule, Wiley 2015). The shares of ranks 1..brands sum to 1; a
/// fractional (average) rank is allowed for ties. Throws kam::out_of_bounds if brands < 1 or
/// rank is outside [1, brands].
template <real_scalar Scalar = double>
[[nodiscard]] Scalar wallet_allocation_share(Scalar rank, Eigen::Index brands) {
  constexpr const char* fn = "kam::wallet_allocation_share";
  if (brands < 1) {
    throw out_of_bounds({fn, "brands", std::nullopt},
                        detail::cat("brands is ", brands, "; a customer uses at least one"));
  }
  const auto b = static_cast<Scalar>(brands);
  if (!(rank >= 1 && rank <= b)) {
    throw out_of_bounds({fn, "rank", std::nullopt},
                        detail::cat("rank is ", rank, "; it must be in [1, ", brands, "]"));
  }
  return (Scalar(1) - rank / (b + 1)) * Scalar(2) / b;
}

/// Returns the Wallet Allocation Rule's expected share of wallet of every brand for every
/// customer: `scores` has customers in rows and brands in columns (a satisfaction or
/// recommendation score, higher = better); NaN marks a brand the customer does not use (its
/// share is 0). Brands are ranked per customer by score, 1 = highest; tied scores share the
/// average of their ranks, so each customer's shares still sum to 1.
/// Throws kam::empty_input for no customers or brands, kam::non_finite_value for infinity and
/// kam::invalid_input for a customer who uses no brand, naming the customer (row).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> wallet_allocation(
    const Eigen::MatrixBase<Derived>& scores) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::wallet_allocation";
  if (scores.rows() == 0 || scores.cols() == 0) {
    throw empty_input({fn, "scores", std::nullopt}, "no customers or no brands");
  }
  matrix_of<Scalar> share = matrix_of<Scalar>::Zero(scores.rows(), scores.cols());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    Eigen::Index used = 0;
    for (Eigen::Index j = 0; j < scores.cols(); ++j) {
      const Scalar v = scores.coeff(i, j);
      if (std::isinf(v)) {
        throw non_finite_value({fn, "scores", i},
                               detail::cat("brand ", j, ": score is ", v, " (NaN marks unused)"));
      }
      if (!std::isnan(v)) ++used;
    }
    if (used == 0) throw invalid_input({fn, "scores", i}, "the customer uses no brand (all NaN)");
    for (Eigen::Index j = 0; j < scores.cols(); ++j) {
      const Scalar v = scores.coeff(i, j);
      if (std::isnan(v)) continue;
      Eigen::Index better = 0, equal = 0;
      for (Eigen::Index k = 0; k < scores.cols(); ++k) {
        const Scalar u = scores.coeff(i, k);
        if (std::isnan(u)) continue;
        better += u > v ? 1 : 0;
        equal += u == v ? 1 : 0;
      }
      // Tied brands occupy ranks better + 1 .. better + equal: their average.
      const Scalar rank = static_cast<Scalar>(better) + static_cast<Scalar>(equal + 1) / Scalar(2);
      share(i, j) = wallet_allocation_share(rank, used);
    }
  }
  return share;
}

}  // namespace kam
