// Revenue movements: what happened to each account between two consecutive periods.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/revenue_matrix.hpp>

namespace kam {

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

  /// Returns the movement of `account` from period `period - 1` to `period`. Checked in every
  /// build type: throws kam::out_of_bounds naming 'account' (and the row) and the range
  /// [0, codes.rows()), or 'period' and the range [1, codes.cols() + 1), for an index outside it.
  [[nodiscard]] movement at(Eigen::Index account, Eigen::Index period) const {
    constexpr const char* fn = "kam::movement_table::at";
    detail::check_index(fn, "account", account, codes.rows(), "account", true);
    detail::check_index(fn, "period", period, codes.cols() + 1, "period", false, 1);
    return static_cast<movement>(codes(account, period - 1));
  }
};
BOOST_DESCRIBE_STRUCT(movement_table, (), (codes))
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

}  // namespace kam
