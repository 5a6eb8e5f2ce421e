// Not API. The engine of kam/retention/cohorts.hpp: accounts grouped by their first period with
// revenue, their activity and revenue by age, summed block by block in a fixed order.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/revenue_matrix.hpp>
#include <limits>
#include <vector>

namespace kam {

template <real_scalar Scalar>
struct cohort_table;  // kam/retention/cohorts.hpp

namespace detail {

/// The sums of the cohort pass over p periods, by cohort f (the first period with revenue) and
/// age a, and the scratch of its counting sort.
template <typename Acc>
struct cohort_sums {
  using table = Eigen::Matrix<Acc, Eigen::Dynamic, Eigen::Dynamic>;
  table active;  ///< (f, a): accounts of cohort f with revenue at age a
  table money;   ///< (f, a): their revenue
  table lapses;  ///< (f, a): accounts whose first age without revenue is a (a = p - f: none)
  std::vector<Eigen::Index> size;   ///< accounts per cohort
  Eigen::Index never_active = 0;    ///< accounts without revenue in any period
  std::vector<Eigen::Index> start;  ///< counting sort: where each cohort's rows start
  std::vector<Eigen::Index> next;   ///< counting sort: the next free place of each cohort

  explicit cohort_sums(Eigen::Index p)
      : active(table::Zero(p, p)),
        money(table::Zero(p, p)),
        lapses(table::Zero(p, p + 1)),
        size(static_cast<std::size_t>(p), 0),
        start(static_cast<std::size_t>(p) + 2),
        next(static_cast<std::size_t>(p) + 1) {}
};

/// Adds the accounts of rows [first, first + rows) of `revenue` (checked; at most
/// retention_block_rows of them) to `sums`.
template <typename Acc, typename Derived>
void add_cohort_block(cohort_sums<Acc>& sums, const Eigen::MatrixBase<Derived>& revenue,
                      Eigen::Index first, Eigen::Index rows) {
  const Eigen::Index p = revenue.cols();
  constexpr Eigen::Index block = retention_block_rows;
  Eigen::Index cohort[block];  // first period with revenue, p while none
  Eigen::Index lapse[block];   // first age without revenue after it, -1 while none
  Eigen::Index order[block];   // the block's rows grouped by cohort
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
  std::vector<Eigen::Index>& start = sums.start;
  std::vector<Eigen::Index>& next = sums.next;
  std::fill(start.begin(), start.end(), Eigen::Index{0});
  for (Eigen::Index i = 0; i < rows; ++i) ++start[static_cast<std::size_t>(cohort[i]) + 1];
  for (std::size_t f = 0; f + 1 < start.size(); ++f) start[f + 1] += start[f];
  for (std::size_t f = 0; f < next.size(); ++f) next[f] = start[f];  // next has p + 1 places
  for (Eigen::Index i = 0; i < rows; ++i) order[next[static_cast<std::size_t>(cohort[i])]++] = i;
  sums.never_active += start[static_cast<std::size_t>(p) + 1] - start[static_cast<std::size_t>(p)];
  // Pass 2: per cohort and age, sums over its accounts in local accumulators (summing into
  // the table directly would chain every account of a cohort through one memory cell).
  for (Eigen::Index f = 0; f < p; ++f) {
    const Eigen::Index lo = start[static_cast<std::size_t>(f)];
    const Eigen::Index hi = start[static_cast<std::size_t>(f) + 1];
    if (lo == hi) continue;
    sums.size[static_cast<std::size_t>(f)] += hi - lo;
    for (Eigen::Index k = lo; k < hi; ++k) {
      const Eigen::Index l = lapse[order[k]];
      sums.lapses(f, l < 0 ? p - f : l) += 1;
    }
    for (Eigen::Index j = f; j < p; ++j) {
      Acc m = 0;
      Eigen::Index on = 0;
      for (Eigen::Index k = lo; k < hi; ++k) {
        const Acc v = revenue.coeff(first + order[k], j);
        m += v;
        on += v > 0;
      }
      sums.active(f, j - f) += static_cast<Acc>(on);
      sums.money(f, j - f) += m;
    }
  }
}

/// Throws kam::invalid_input naming `fn`, the cohort and the age when a cohort's revenue sums
/// beyond the largest value of `Scalar` (finite values near its limit): its revenue would be
/// an infinity and its revenue retention NaN.
template <typename Scalar, typename Acc>
void check_cohort_sums(const cohort_sums<Acc>& sums, const char* fn) {
  const auto top = static_cast<Acc>(std::numeric_limits<Scalar>::max());
  for (Eigen::Index f = 0; f < sums.money.rows(); ++f) {
    for (Eigen::Index a = 0; a < sums.money.cols(); ++a) {
      const Acc v = sums.money(f, a);
      if (std::isfinite(v) && v <= top) continue;
      throw invalid_input(
          {fn, "revenue", std::nullopt},
          cat({"the revenue of the cohort of period ", f, " at age ", a, overflowing_sum_advice}));
    }
  }
}

/// Returns the cohort table of the sums over p periods: the non-empty cohorts in period order,
/// NaN where an age is not observed yet.
template <typename Scalar, typename Acc>
cohort_table<Scalar> cohort_table_of(const cohort_sums<Acc>& sums, Eigen::Index p) {
  cohort_table<Scalar> out;
  out.never_active = sums.never_active;
  std::vector<Eigen::Index> rows;
  for (Eigen::Index f = 0; f < p; ++f)
    if (sums.size[static_cast<std::size_t>(f)] > 0) rows.push_back(f);
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
    const auto sz = sums.size[static_cast<std::size_t>(f)];
    out.period(r) = f;
    out.size(r) = sz;
    out.initial_revenue(r) = static_cast<Scalar>(sums.money(f, 0));
    Acc alive = static_cast<Acc>(sz);
    for (Eigen::Index a = 0; a < p - f; ++a) {
      alive -= sums.lapses(f, a);
      out.active(r, a) = static_cast<Scalar>(sums.active(f, a));
      out.survived(r, a) = static_cast<Scalar>(alive);
      out.revenue(r, a) = static_cast<Scalar>(sums.money(f, a));
      out.logo_retention(r, a) = static_cast<Scalar>(sums.active(f, a) / static_cast<Acc>(sz));
      out.revenue_retention(r, a) = static_cast<Scalar>(sums.money(f, a) / sums.money(f, 0));
    }
  }
  return out;
}

}  // namespace detail
}  // namespace kam
