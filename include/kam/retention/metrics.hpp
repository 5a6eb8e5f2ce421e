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
#include <optional>
#include <type_traits>
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

static_assert(static_cast<int>(movement::inactive) == 0 &&
                  static_cast<int>(movement::new_account) == 1 &&
                  static_cast<int>(movement::reactivated) == 2 &&
                  static_cast<int>(movement::expansion) == 3 &&
                  static_cast<int>(movement::contraction) == 4 &&
                  static_cast<int>(movement::flat) == 5 && static_cast<int>(movement::churned) == 6,
              "kam::movements computes these codes arithmetically");

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

/// Checks the shape of an account x period revenue matrix: at least one account and
/// `min_periods` periods.
template <typename Derived>
void check_revenue_shape(const Eigen::MatrixBase<Derived>& r, Eigen::Index min_periods,
                         const char* fn) {
  if (r.rows() == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  if (r.cols() < min_periods) {
    throw shape_mismatch(
        {fn, "revenue", std::nullopt},
        detail::cat("needs at least ", min_periods, " periods (columns), got ", r.cols()));
  }
}

/// Checks rows [first, first + rows) of a revenue matrix: every value finite and >= 0. Throws
/// naming the account (row) and the period of the first bad value in period order.
template <typename Derived>
void check_revenue_rows(const Eigen::MatrixBase<Derived>& r, Eigen::Index first, Eigen::Index rows,
                        const char* fn) {
  const auto block = r.middleRows(first, rows);
  // Fast path (vectorised, and the block is then in cache for the caller's pass).
  if (block.allFinite() && block.minCoeff() >= 0) return;
  for (Eigen::Index j = 0; j < r.cols(); ++j) {
    for (Eigen::Index i = first; i < first + rows; ++i) {
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

/// Accounts per block of the retention passes: a block of 36 periods of doubles is 288 KiB, so
/// each value is read from memory once however many windows use it, and the per-account state
/// lives on the stack.
inline constexpr Eigen::Index retention_block_rows = 1024;

/// The accumulator type of sums over accounts: double for float data, so that totals over
/// millions of accounts do not lose the float's few digits.
template <typename Scalar>
using sum_t = std::conditional_t<(sizeof(Scalar) < sizeof(double)), double, Scalar>;

/// Sets `seen[i] |= revenue(first + i, j) > 0` for the rows of a block.
template <typename Derived>
void fold_active(const Eigen::MatrixBase<Derived>& r, Eigen::Index first, Eigen::Index rows,
                 Eigen::Index j, std::uint8_t* seen) {
  for (Eigen::Index i = 0; i < rows; ++i)
    seen[i] = static_cast<std::uint8_t>(seen[i] | (r.coeff(first + i, j) > 0 ? 1 : 0));
}

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
  detail::check_revenue_shape(revenue, 2, fn);
  movement_table out;
  out.codes.resize(revenue.rows(), revenue.cols() - 1);
  constexpr Eigen::Index block = detail::retention_block_rows;
  std::uint8_t seen[block];
  std::int32_t kind[block];
  for (Eigen::Index first = 0; first < revenue.rows(); first += block) {
    const Eigen::Index rows = std::min(block, revenue.rows() - first);
    detail::check_revenue_rows(revenue, first, rows, fn);
    std::fill_n(seen, rows, std::uint8_t{0});
    for (Eigen::Index t = 1; t < revenue.cols(); ++t) {
      detail::fold_active(revenue, first, rows, t - 1, seen);
      std::int8_t* code = out.codes.data() + (t - 1) * out.codes.rows() + first;
      for (Eigen::Index i = 0; i < rows; ++i) {
        const auto a = revenue.coeff(first + i, t - 1);
        const auto b = revenue.coeff(first + i, t);
        // Arithmetic rather than branches, so the loop vectorises (the codes are checked by the
        // static_asserts below): both periods 5 - 2 up - down; churned 6; new 1, reactivated 2.
        const int ha = a > 0 ? 1 : 0;
        const int hb = b > 0 ? 1 : 0;
        const int up = b > a ? 1 : 0;
        const int down = b < a ? 1 : 0;
        const int back = seen[i] != 0 ? 1 : 0;
        kind[i] = ha * (hb * (5 - 2 * up - down) + (1 - hb) * 6) + (1 - ha) * hb * (1 + back);
      }
      // Stored apart: a store through a character type may alias anything, which would keep
      // the loop above from vectorising.
      for (Eigen::Index i = 0; i < rows; ++i) code[i] = static_cast<std::int8_t>(kind[i]);
    }
  }
  return out;
}

/// Returns revenue and logo retention per window of `revenue` (rows accounts, columns periods,
/// values >= 0, zero = not a customer in that period): GRR and NRR over each window's opening
/// cohort only (accounts with revenue at its opening period), the revenue movements that explain
/// them, logo counts, CRR and logo churn. Reactivations count per `options.reactivation`.
/// A window whose opening cohort is empty has NaN rates and is listed in `undefined_windows`.
/// Sums are accumulated per block of 1024 accounts (in double for float data), so they are the
/// same on every run. Throws kam::empty_input without accounts, kam::invalid_input for step < 1,
/// first < 0 or no complete window, kam::non_finite_value or kam::invalid_input (negative)
/// naming the account and the period. Complexity O(accounts x periods); the matrix is read from
/// memory once.
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
  detail::check_revenue_shape(revenue, 1, fn);
  // (step >= cols - first rather than first + step >= cols: a huge step must not overflow.)
  if (options.step >= revenue.cols() - options.first) {
    detail::check_revenue_rows(revenue, 0, revenue.rows(), fn);
    throw invalid_input({fn, "revenue", std::nullopt},
                        detail::cat("no complete window: periods ", revenue.cols(), ", first ",
                                    options.first, ", step ", options.step));
  }
  const Eigen::Index n = revenue.rows();
  const Eigen::Index windows = (revenue.cols() - 1 - options.first) / options.step;
  const bool gaps_break = options.reactivation != reactivation_rule::endpoints && options.step > 1;
  const bool returners_new = options.reactivation == reactivation_rule::as_new;

  // Per window: 7 sums and 6 counts, accumulated over blocks of accounts.
  Eigen::Matrix<acc, Eigen::Dynamic, 7> sum =
      Eigen::Matrix<acc, Eigen::Dynamic, 7>::Zero(windows, 7);
  using counts = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 6>;
  counts count = counts::Zero(windows, 6);
  constexpr Eigen::Index block = detail::retention_block_rows;
  std::uint8_t seen[block];  // revenue in any period up to the current opening
  std::uint8_t run[block];   // revenue in every period from the opening so far
  // Per-account contributions of a block: the pass that fills them has no branch and no
  // floating-point reduction, so it vectorises; Eigen then sums each one (also vectorised, and
  // in a fixed order: the same bits on every run).
  using contributions = Eigen::Array<acc, block, 7>;
  using flags = Eigen::Array<std::int32_t, block, 6>;
  contributions v;
  flags c;
  for (Eigen::Index first = 0; first < n; first += block) {
    const Eigen::Index rows = std::min(block, n - first);
    detail::check_revenue_rows(revenue, first, rows, fn);
    std::fill_n(seen, rows, std::uint8_t{0});
    std::fill_n(run, rows, std::uint8_t{1});
    Eigen::Index folded = 0;
    for (Eigen::Index w = 0; w < windows; ++w) {
      const Eigen::Index s = options.first + w * options.step;
      const Eigen::Index e = s + options.step;
      for (; folded <= s; ++folded) detail::fold_active(revenue, first, rows, folded, seen);
      if (gaps_break) {
        std::fill_n(run, rows, std::uint8_t{1});
        for (Eigen::Index j = s + 1; j < e; ++j) {
          for (Eigen::Index i = 0; i < rows; ++i)
            run[i] = static_cast<std::uint8_t>(run[i] & (revenue.coeff(first + i, j) > 0 ? 1 : 0));
        }
      }
      for (Eigen::Index i = 0; i < rows; ++i) {
        const acc a = revenue.coeff(first + i, s);
        const acc b = revenue.coeff(first + i, e);
        const bool ha = a > 0;
        const bool hb = b > 0;
        const bool kept = ha & hb & (run[i] != 0);
        const bool lost = ha & !kept;
        // Closing revenue outside the kept cohort: a return (revenue before the opening, or a
        // gap inside the window) unless returns count as new.
        const bool other = hb & !kept;
        const bool is_back = other & !returners_new & (ha | (seen[i] != 0));
        const bool is_new = other & !is_back;
        v(i, 0) = a;
        v(i, 1) = (kept & (b > a)) ? b - a : acc(0);
        v(i, 2) = (kept & (a > b)) ? a - b : acc(0);
        v(i, 3) = lost ? a : acc(0);
        v(i, 4) = is_new ? b : acc(0);
        v(i, 5) = is_back ? b : acc(0);
        v(i, 6) = b;
        c(i, 0) = ha;
        c(i, 1) = kept;
        c(i, 2) = lost;
        c(i, 3) = is_new;
        c(i, 4) = is_back;
        c(i, 5) = hb;
      }
      for (int q = 0; q < 7; ++q) sum(w, q) += v.col(q).head(rows).sum();
      for (int q = 0; q < 6; ++q) count(w, q) += c.col(q).head(rows).sum();
    }
  }

  retention_table<Scalar> t;
  t.opening_period.resize(windows);
  t.closing_period.resize(windows);
  for (auto* rate : {&t.grr, &t.nrr, &t.customer_retention, &t.logo_churn}) rate->resize(windows);
  const auto as_scalar = [](const auto& col) { return col.template cast<Scalar>().eval(); };
  t.opening_revenue = as_scalar(sum.col(0));
  t.expansion = as_scalar(sum.col(1));
  t.contraction = as_scalar(sum.col(2));
  t.churned_revenue = as_scalar(sum.col(3));
  t.new_revenue = as_scalar(sum.col(4));
  t.reactivated_revenue = as_scalar(sum.col(5));
  t.closing_revenue = as_scalar(sum.col(6));
  t.opening_accounts = count.col(0);
  t.retained_accounts = count.col(1);
  t.churned_accounts = count.col(2);
  t.new_accounts = count.col(3);
  t.reactivated_accounts = count.col(4);
  t.closing_accounts = count.col(5);
  for (Eigen::Index w = 0; w < windows; ++w) {
    t.opening_period(w) = options.first + w * options.step;
    t.closing_period(w) = t.opening_period(w) + options.step;
    const acc open = sum(w, 0);
    if (count(w, 0) == 0) {
      const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
      t.grr(w) = t.nrr(w) = t.customer_retention(w) = t.logo_churn(w) = nan;
      t.undefined_windows.push_back(w);
    } else {
      t.grr(w) = static_cast<Scalar>((open - sum(w, 2) - sum(w, 3)) / open);
      t.nrr(w) = static_cast<Scalar>((open + sum(w, 1) - sum(w, 2) - sum(w, 3)) / open);
      const double crr = static_cast<double>(count(w, 1)) / static_cast<double>(count(w, 0));
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
  using table = Eigen::Matrix<acc, Eigen::Dynamic, Eigen::Dynamic>;
  constexpr const char* fn = "kam::cohorts";
  detail::check_revenue_shape(revenue, 1, fn);
  const Eigen::Index n = revenue.rows();
  const Eigen::Index p = revenue.cols();
  // active(f, a), money(f, a): accounts with revenue and their revenue at age a of cohort f;
  // lapses(f, a): accounts of cohort f whose first age without revenue is a (a = p - f: none).
  table active = table::Zero(p, p);
  table money = table::Zero(p, p);
  table lapses = table::Zero(p, p + 1);
  std::vector<Eigen::Index> size(static_cast<std::size_t>(p), 0);
  cohort_table<Scalar> out;
  constexpr Eigen::Index block = detail::retention_block_rows;
  Eigen::Index cohort[block];  // first period with revenue, p while none
  Eigen::Index lapse[block];   // first age without revenue after it, -1 while none
  Eigen::Index order[block];   // the block's rows grouped by cohort
  std::vector<Eigen::Index> start(static_cast<std::size_t>(p) + 2);
  std::vector<Eigen::Index> next(static_cast<std::size_t>(p) + 1);
  for (Eigen::Index first = 0; first < n; first += block) {
    const Eigen::Index rows = std::min(block, n - first);
    detail::check_revenue_rows(revenue, first, rows, fn);
    std::fill_n(cohort, rows, p);
    std::fill_n(lapse, rows, Eigen::Index{-1});
    // Pass 1, branch-free (it vectorises): every account's cohort and first lapse.
    for (Eigen::Index j = 0; j < p; ++j) {
      for (Eigen::Index i = 0; i < rows; ++i) {
        const bool on = revenue.coeff(first + i, j) > 0;
        const Eigen::Index f = cohort[i] == p && on ? j : cohort[i];
        cohort[i] = f;
        lapse[i] = f <= j && !on && lapse[i] < 0 ? j - f : lapse[i];
      }
    }
    // Group the block's rows by cohort (a counting sort; cohort p = never active).
    std::fill(start.begin(), start.end(), Eigen::Index{0});
    for (Eigen::Index i = 0; i < rows; ++i) ++start[static_cast<std::size_t>(cohort[i]) + 1];
    for (std::size_t f = 0; f + 1 < start.size(); ++f) start[f + 1] += start[f];
    std::copy(start.begin(), start.end() - 1, next.begin());
    for (Eigen::Index i = 0; i < rows; ++i) order[next[static_cast<std::size_t>(cohort[i])]++] = i;
    out.never_active += start[static_cast<std::size_t>(p) + 1] - start[static_cast<std::size_t>(p)];
    // Pass 2: per cohort and age, sums over its accounts in local accumulators (summing into
    // the table directly would chain every account of a cohort through one memory cell).
    for (Eigen::Index f = 0; f < p; ++f) {
      const Eigen::Index lo = start[static_cast<std::size_t>(f)];
      const Eigen::Index hi = start[static_cast<std::size_t>(f) + 1];
      if (lo == hi) continue;
      size[static_cast<std::size_t>(f)] += hi - lo;
      for (Eigen::Index k = lo; k < hi; ++k) {
        const Eigen::Index l = lapse[order[k]];
        lapses(f, l < 0 ? p - f : l) += 1;
      }
      for (Eigen::Index j = f; j < p; ++j) {
        acc m = 0;
        Eigen::Index on = 0;
        for (Eigen::Index k = lo; k < hi; ++k) {
          const acc v = revenue.coeff(first + order[k], j);
          m += v;
          on += v > 0;
        }
        active(f, j - f) += static_cast<acc>(on);
        money(f, j - f) += m;
      }
    }
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

/// Checks retention windows for revenue over `periods` periods as kam::revenue_retention does:
/// step >= 1, first >= 0, a known reactivation rule, and at least one complete window. Throws
/// kam::invalid_input naming kam::validate and 'step', 'first', 'reactivation' or, when no
/// window fits in the periods, 'periods'.
inline void validate(const retention_options& options, Eigen::Index periods) {
  constexpr const char* fn = "kam::validate";
  if (options.step < 1) {
    throw invalid_input({fn, "step"},
                        detail::cat("step is ", options.step, "; it must be at least 1"));
  }
  if (options.first < 0) {
    throw invalid_input({fn, "first"},
                        detail::cat("first is ", options.first, "; it must be at least 0"));
  }
  if (!is_enumerator(options.reactivation)) {
    throw invalid_input({fn, "reactivation"}, "not a reactivation_rule");
  }
  if (options.step >= periods - options.first) {
    throw invalid_input({fn, "periods"},
                        detail::cat("no complete window: periods ", periods, ", first ",
                                    options.first, ", step ", options.step));
  }
}

}  // namespace kam
