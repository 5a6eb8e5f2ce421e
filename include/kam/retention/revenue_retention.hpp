// Revenue and logo retention per window: GRR, NRR, CRR and the revenue movements that explain them.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/retention/detail/revenue_matrix.hpp>
#include <kam/retention/detail/revenue_retention.hpp>
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

/// Returns revenue and logo retention per window of `revenue` (rows accounts, columns periods,
/// values >= 0, zero = not a customer in that period): GRR and NRR over each window's opening
/// cohort only (accounts with revenue at its opening period), the revenue movements that
/// explain them, logo counts, CRR and logo churn. Reactivations count per
/// `options.reactivation`. A window whose opening cohort is empty has NaN rates and is listed
/// in `undefined_windows`. Sums are accumulated per block of 1024 accounts (in double for float
/// data), so they are the same on every run. Throws kam::empty_input without accounts,
/// kam::invalid_input for step < 1, first < 0 or no complete window, kam::non_finite_value or
/// kam::invalid_input (negative) naming the account and the period, and kam::invalid_input
/// naming the window when a revenue sum or the NRR exceeds the largest value of the type
/// (values near its limits, or an opening revenue of nearly zero: an infinite total or rate is
/// never returned). Complexity O(accounts x
/// periods); the matrix is read from memory once.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] retention_table<typename Derived::Scalar> revenue_retention(
    const Eigen::MatrixBase<Derived>& revenue, const retention_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::revenue_retention";
  detail::check_windows(revenue, options.step, options.first, is_enumerator(options.reactivation),
                        fn);
  const detail::window_plan plan{
      options.first, options.step, (revenue.cols() - 1 - options.first) / options.step,
      options.reactivation != reactivation_rule::endpoints && options.step > 1,
      options.reactivation == reactivation_rule::as_new};
  detail::window_totals<detail::sum_t<Scalar>> totals(plan.windows);
  const Eigen::Index n = revenue.rows();
  constexpr Eigen::Index block = detail::retention_block_rows;
  for (Eigen::Index first = 0; first < n; first += block) {
    const Eigen::Index rows = std::min(block, n - first);
    detail::check_revenue_rows(revenue, first, rows, fn);
    detail::add_window_block(totals, revenue, first, rows, plan);
  }
  detail::check_window_sums<Scalar>(totals, plan, fn);
  return detail::retention_table_of<Scalar>(totals, plan, fn);
}

/// Checks retention windows for revenue over `periods` periods as kam::revenue_retention does:
/// step >= 1, first >= 0, a known reactivation rule, and at least one complete window. Throws
/// kam::invalid_input naming kam::validate and 'step', 'first', 'reactivation' or, when no
/// window fits in the periods, 'periods'.
void validate(const retention_options& options, Eigen::Index periods);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/revenue_retention_impl.hpp>
#endif
