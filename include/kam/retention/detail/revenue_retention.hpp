// Not API. The engine of kam/retention/revenue_retention.hpp: per window, the revenue movements
// and logo counts of every account, summed block by block in a fixed order.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/revenue_matrix.hpp>
#include <limits>
#include <optional>
#include <vector>

namespace kam {

template <real_scalar Scalar>
struct retention_table;  // kam/retention/revenue_retention.hpp

namespace detail {

/// The windows of one revenue_retention call.
struct window_plan {
  Eigen::Index first = 0;      ///< opening period of the first window
  Eigen::Index step = 1;       ///< periods per window
  Eigen::Index windows = 0;    ///< complete windows
  bool gaps_break = false;     ///< a period without revenue inside a window ends the cohort
  bool returners_new = false;  ///< returning revenue and logos count as new
};

/// Per window: 7 revenue sums (opening, expansion, contraction, churned, new, reactivated,
/// closing) and 6 logo counts (opening, retained, churned, new, reactivated, closing).
template <typename Acc>
struct window_totals {
  Eigen::Matrix<Acc, Eigen::Dynamic, 7> sum;
  /// The counts of window w at [6 w, 6 w + 6) (plain integers: no Eigen type of their own).
  std::vector<Eigen::Index> count;

  explicit window_totals(Eigen::Index windows)
      : sum(Eigen::Matrix<Acc, Eigen::Dynamic, 7>::Zero(windows, 7)),
        count(static_cast<std::size_t>(6 * windows), 0) {}
};

/// Throws unless `step` >= 1, `first` >= 0, `reactivation_known`, and `revenue` has accounts and
/// a complete window; the values are checked first when there is no window.
template <typename Derived>
void check_windows(const Eigen::MatrixBase<Derived>& revenue, Eigen::Index step, Eigen::Index first,
                   bool reactivation_known, const char* fn) {
  if (step < 1) {
    throw invalid_input({fn, "step", std::nullopt},
                        detail::cat({"step is ", step, "; it must be at least 1"}));
  }
  if (first < 0) {
    throw invalid_input({fn, "first", std::nullopt},
                        detail::cat({"first is ", first, "; it must be at least 0"}));
  }
  if (!reactivation_known) {
    throw invalid_input({fn, "reactivation", std::nullopt}, "not a reactivation_rule");
  }
  check_revenue_shape(revenue, 1, fn);
  // (step >= cols - first rather than first + step >= cols: a huge step must not overflow.)
  if (step >= revenue.cols() - first) {
    check_revenue_rows(revenue, 0, revenue.rows(), fn);
    throw invalid_input({fn, "revenue", std::nullopt},
                        detail::cat({"no complete window: periods ", revenue.cols(), ", first ",
                                     first, ", step ", step}));
  }
}

/// Adds the accounts of rows [first, first + rows) of `revenue` (checked; at most
/// retention_block_rows of them) to `totals`, window after window.
template <typename Acc, typename Derived>
void add_window_block(window_totals<Acc>& totals, const Eigen::MatrixBase<Derived>& revenue,
                      Eigen::Index first, Eigen::Index rows, const window_plan& plan) {
  constexpr Eigen::Index block = retention_block_rows;
  std::uint8_t seen[block];  // revenue in any period up to the current opening
  std::uint8_t run[block];   // revenue in every period from the opening so far
  // Per-account contributions of a block: the pass that fills them has no branch and no
  // floating-point reduction, so it vectorises; Eigen then sums each revenue column (also
  // vectorised, and in a fixed order: the same bits on every run), and plain loops the counts
  // (integers: exact in any order).
  Eigen::Array<Acc, block, 7> v;
  std::int32_t c[6][block];
  std::fill_n(seen, rows, std::uint8_t{0});
  std::fill_n(run, rows, std::uint8_t{1});
  Eigen::Index folded = 0;
  for (Eigen::Index w = 0; w < plan.windows; ++w) {
    const Eigen::Index s = plan.first + w * plan.step;
    const Eigen::Index e = s + plan.step;
    for (; folded <= s; ++folded) fold_active(revenue, first, rows, folded, seen);
    if (plan.gaps_break) {
      std::fill_n(run, rows, std::uint8_t{1});
      for (Eigen::Index j = s + 1; j < e; ++j) {
        for (Eigen::Index i = 0; i < rows; ++i)
          run[i] = static_cast<std::uint8_t>(run[i] & (revenue.coeff(first + i, j) > 0 ? 1 : 0));
      }
    }
    for (Eigen::Index i = 0; i < rows; ++i) {
      const Acc a = revenue.coeff(first + i, s);
      const Acc b = revenue.coeff(first + i, e);
      const bool ha = a > 0;
      const bool hb = b > 0;
      const bool kept = ha & hb & (run[i] != 0);
      const bool lost = ha & !kept;
      // Closing revenue outside the kept cohort: a return (revenue before the opening, or a
      // gap inside the window) unless returns count as new.
      const bool other = hb & !kept;
      const bool is_back = other & !plan.returners_new & (ha | (seen[i] != 0));
      const bool is_new = other & !is_back;
      v(i, 0) = a;
      v(i, 1) = (kept & (b > a)) ? b - a : Acc(0);
      v(i, 2) = (kept & (a > b)) ? a - b : Acc(0);
      v(i, 3) = lost ? a : Acc(0);
      v(i, 4) = is_new ? b : Acc(0);
      v(i, 5) = is_back ? b : Acc(0);
      v(i, 6) = b;
      c[0][i] = ha;
      c[1][i] = kept;
      c[2][i] = lost;
      c[3][i] = is_new;
      c[4][i] = is_back;
      c[5][i] = hb;
    }
    for (int q = 0; q < 7; ++q) totals.sum(w, q) += v.col(q).head(rows).sum();
    for (int q = 0; q < 6; ++q) {
      std::int32_t n = 0;  // exact in any order: at most `block` ones
      for (Eigen::Index i = 0; i < rows; ++i) n += c[q][i];
      totals.count[static_cast<std::size_t>(6 * w + q)] += n;
    }
  }
}

/// Names of the revenue sums of window_totals, in their column order.
inline constexpr const char* window_sum_names[7] = {
    "opening revenue", "expansion",           "contraction",    "churned revenue",
    "new revenue",     "reactivated revenue", "closing revenue"};

/// Throws kam::invalid_input naming `fn`, the window and the sum when a revenue sum of the
/// window totals is beyond the range of `Scalar` (values near the limits of the type: every
/// value is finite, their sum is not): a total or a rate from it would be an infinity or NaN.
template <typename Scalar, typename Acc>
void check_window_sums(const window_totals<Acc>& totals, const window_plan& plan, const char* fn) {
  const auto top = static_cast<Acc>(std::numeric_limits<Scalar>::max());
  for (Eigen::Index w = 0; w < totals.sum.rows(); ++w) {
    for (int q = 0; q < 7; ++q) {
      const Acc v = totals.sum(w, q);
      if (std::isfinite(v) && v <= top) continue;
      const Eigen::Index opening = plan.first + w * plan.step;
      throw invalid_input({fn, "revenue", std::nullopt},
                          cat({"the ", window_sum_names[q], " of the window from period ", opening,
                               " to ", opening + plan.step, overflowing_sum_advice}));
    }
  }
}

/// Returns the retention table of the window totals: sums and counts as they are, and the four
/// rates of every window whose opening cohort is not empty (NaN otherwise). Throws
/// kam::invalid_input naming `fn` and the window when NRR is beyond the type (an opening revenue
/// of nearly zero, e.g. subnormal, next to a real expansion).
template <typename Scalar, typename Acc>
retention_table<Scalar> retention_table_of(const window_totals<Acc>& totals,
                                           const window_plan& plan, const char* fn) {
  const auto& sum = totals.sum;
  const auto& count = totals.count;
  const Eigen::Index windows = plan.windows;
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
  index_vector* const logos[6] = {&t.opening_accounts,     &t.retained_accounts,
                                  &t.churned_accounts,     &t.new_accounts,
                                  &t.reactivated_accounts, &t.closing_accounts};
  for (std::size_t q = 0; q < 6; ++q) {
    logos[q]->resize(windows);
    for (Eigen::Index w = 0; w < windows; ++w)
      (*logos[q])(w) = count[static_cast<std::size_t>(6 * w) + q];
  }
  for (Eigen::Index w = 0; w < windows; ++w) {
    t.opening_period(w) = plan.first + w * plan.step;
    t.closing_period(w) = t.opening_period(w) + plan.step;
    const Acc open = sum(w, 0);
    if (t.opening_accounts(w) == 0) {
      const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
      t.grr(w) = t.nrr(w) = t.customer_retention(w) = t.logo_churn(w) = nan;
      t.undefined_windows.push_back(w);
    } else {
      // Contraction and churn are parts of the opening revenue: open - them cannot overflow.
      // open + expansion can, near the limits of the type; the expansion over the opening
      // revenue added afterwards cannot.
      const Acc kept = (open - sum(w, 2) - sum(w, 3)) / open;
      Acc net = (open + sum(w, 1) - sum(w, 2) - sum(w, 3)) / open;
      if (!std::isfinite(net)) net = kept + sum(w, 1) / open;
      if (!std::isfinite(net) ||
          std::abs(net) > static_cast<Acc>(std::numeric_limits<Scalar>::max())) {
        throw invalid_input(
            {fn, "revenue", std::nullopt},
            cat({"NRR of the window from period ", t.opening_period(w), " to ", t.closing_period(w),
                 " is beyond the largest value of the type: the opening revenue ", open,
                 " is tiny next to the expansion ", sum(w, 1)}));
      }
      t.grr(w) = static_cast<Scalar>(kept);
      t.nrr(w) = static_cast<Scalar>(net);
      const double crr =
          static_cast<double>(t.retained_accounts(w)) / static_cast<double>(t.opening_accounts(w));
      t.customer_retention(w) = static_cast<Scalar>(crr);
      t.logo_churn(w) = static_cast<Scalar>(1.0 - crr);
    }
  }
  return t;
}

}  // namespace detail
}  // namespace kam
