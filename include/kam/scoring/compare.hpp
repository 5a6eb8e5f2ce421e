// Two accounts side by side: which criteria put one account's weighted-sum score above another's.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/contributions.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <numeric>
#include <optional>
#include <utility>
#include <vector>

namespace kam {

/// Which criteria put one account above another: per criterion, its contribution to the score of
/// `first` minus its contribution to the score of `second` (they add up to the score difference).
template <real_scalar Scalar>
struct contribution_gap {
  Eigen::Index first = 0;   ///< row of the first account
  Eigen::Index second = 0;  ///< row of the second account
  Scalar first_score = 0;   ///< weighted-sum score of the first account
  Scalar second_score = 0;  ///< weighted-sum score of the second account
  /// Per criterion, in criteria order: contribution to `first` minus contribution to `second`.
  vector_of<Scalar> difference;
  /// Criteria sorted by `difference`, the one most in favour of `first` first and the one most in
  /// favour of `second` last; equal differences keep criteria order.
  index_vector order;
  BOOST_DESCRIBE_CLASS(contribution_gap, (),
                       (first, second, first_score, second_score, difference, order), (), ())
};

/// Returns, for accounts `first` and `second` (rows of `x`), each criterion's contribution to the
/// first's score minus its contribution to the second's (see kam::contributions), sorted: the
/// criteria that put `first` above `second` come first, those that pull it below come last. The
/// differences add up to first_score - second_score (up to rounding). Only the two rows are read.
/// Throws kam::out_of_bounds (naming `first` or `second`) for a row outside the matrix, and as
/// kam::contributions for their values (naming the original row) and for the reference, each
/// error naming kam::compare_accounts.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] contribution_gap<typename Derived::Scalar> compare_accounts(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, Eigen::Index first,
    Eigen::Index second, const score_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::compare_accounts";
  detail::check_shape(x, criteria, fn, false);
  for (const auto& [name, row] : {std::pair{"first", first}, std::pair{"second", second}}) {
    if (row < 0 || row >= x.rows()) {
      throw out_of_bounds({fn, name, std::nullopt},
                          detail::cat({"row ", row, " is outside [0, ", x.rows(), ")"}));
    }
  }
  matrix_of<Scalar> two(2, x.cols());
  two.row(0) = x.row(first);
  two.row(1) = x.row(second);
  matrix_of<Scalar> c;
  // Every error names this function; one about a row names the original row (rethrow_at keeps
  // each error's type).
  try {
    c = contributions(two, criteria, reference, options);
  } catch (const error& e) {
    std::optional<std::ptrdiff_t> row = e.row();
    if (row) row = *row == 0 ? first : second;
    e.rethrow_at({fn, e.field(), row, e.index()});
  }
  contribution_gap<Scalar> g;
  g.first = first;
  g.second = second;
  g.difference = (c.row(0) - c.row(1)).transpose();
  g.first_score = c.row(0).sum();
  g.second_score = c.row(1).sum();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(x.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return g.difference(a) > g.difference(b);
  });
  g.order.resize(x.cols());
  for (std::size_t j = 0; j < order.size(); ++j) g.order(static_cast<Eigen::Index>(j)) = order[j];
  return g;
}

}  // namespace kam
