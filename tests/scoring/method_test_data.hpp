// Test data shared by the scoring method tests (wsm, wpm, topsis): eight criteria and a seeded
// portfolio of three full segments of accounts and a partial fourth.
#pragma once

#include <Eigen/Core>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/blocks.hpp>
#include <kam/scoring/criteria.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace kam_test {

/// Eight criteria, three of them costs, weights as the default catalogue's (25 .. 5).
inline kam::criteria_set eight_criteria() {
  return {kam::benefit("a", 25), kam::benefit("b", 20), kam::cost("c", 15),   kam::benefit("d", 10),
          kam::cost("e", 10),    kam::benefit("f", 10), kam::benefit("g", 5), kam::cost("h", 5)};
}

/// Three full segments of kam::detail::segment_rows (65536) accounts and a partial fourth one,
/// whose length is not a multiple of any block size; `cols` criteria with values on [0.5, 10),
/// seeded.
template <typename Scalar>
kam::matrix_of<Scalar> segmented_accounts(Eigen::Index cols = 8) {
  const Eigen::Index rows = 3 * kam::detail::segment_rows + 1234;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.5, 10.0);
  kam::matrix_of<Scalar> x(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) x(i, j) = static_cast<Scalar>(u(rng));
  return x;
}

/// `k` criteria named c0, c1, ... with weights 1, 2, ..., every third one a cost (min-max).
inline kam::criteria_set numbered_criteria(Eigen::Index k) {
  std::vector<kam::criterion> items;
  for (Eigen::Index j = 0; j < k; ++j) {
    auto name = kam_test::numbered("c", j);
    const auto weight = static_cast<double>(j + 1);
    items.push_back(j % 3 == 2 ? kam::cost(std::move(name), weight)
                               : kam::benefit(std::move(name), weight));
  }
  return kam::criteria_set(std::move(items));
}

/// A row-major matrix of `Scalar`: packed rows, as numpy's C order.
template <typename Scalar>
using row_major_of = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace kam_test
