// Cohorts: accounts grouped by their first period with revenue, followed by age.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <kam/core/concepts.hpp>
#include <kam/retention/detail/cohorts.hpp>
#include <kam/retention/detail/revenue_matrix.hpp>

namespace kam {

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

/// Returns the cohort table of `revenue` (rows accounts, columns periods, values >= 0): accounts
/// grouped by their first period with revenue, with accounts active, accounts survived (revenue
/// in every period since acquisition: the input of fit_sbg), revenue, and logo and revenue
/// retention by age. Only non-empty cohorts are listed, in period order. Throws kam::empty_input
/// without accounts or periods, kam::non_finite_value or kam::invalid_input (negative) naming
/// the account and the period, and kam::invalid_input naming the cohort when its revenue sums
/// beyond the largest value of the type. Complexity O(accounts x periods + periods^2).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] cohort_table<typename Derived::Scalar> cohorts(
    const Eigen::MatrixBase<Derived>& revenue) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::cohorts";
  detail::check_revenue_shape(revenue, 1, fn);
  const Eigen::Index n = revenue.rows();
  detail::cohort_sums<detail::sum_t<Scalar>> sums(revenue.cols());
  constexpr Eigen::Index block = detail::retention_block_rows;
  for (Eigen::Index first = 0; first < n; first += block) {
    const Eigen::Index rows = std::min(block, n - first);
    detail::check_revenue_rows(revenue, first, rows, fn);
    detail::add_cohort_block(sums, revenue, first, rows);
  }
  detail::check_cohort_sums<Scalar>(sums, fn);
  return detail::cohort_table_of<Scalar>(sums, revenue.cols());
}

}  // namespace kam
