// Concepts that constrain kam's templates: scalar types and Eigen dense expressions.
#pragma once

#include <Eigen/Core>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <type_traits>
#include <utility>

namespace kam {

/// A floating-point scalar kam computes in. Integers are rejected on purpose: scores, normalised
/// values and statistics are fractions, and integer division would silently truncate them.
template <typename T>
concept real_scalar = std::floating_point<T>;

/// A container whose elements are read by position (std::vector, std::array, std::span,
/// std::deque, a C array): what kam accepts as a list of account structs.
template <typename R>
concept random_access_container = requires(const R& r) {
  { std::size(r) } -> std::convertible_to<std::size_t>;
  requires std::random_access_iterator<decltype(std::begin(r))>;
};

/// The element type of a random_access_container.
template <random_access_container R>
using element_of = std::remove_cvref_t<decltype(*std::begin(std::declval<const R&>()))>;

/// A plain column vector of `Scalar`: what kam returns per account (never a lazy expression).
template <typename Scalar>
using vector_of = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/// A plain column-major matrix of `Scalar`: accounts in rows, criteria in columns.
template <typename Scalar>
using matrix_of = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

/// A plain column vector of row indices or ranks, aligned with the input rows.
using index_vector = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 1>;

}  // namespace kam
