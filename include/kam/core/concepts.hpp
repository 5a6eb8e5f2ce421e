// Concepts that constrain kam's templates: scalar types and Eigen dense expressions.
#pragma once

#include <Eigen/Core>
#include <concepts>
#include <type_traits>

namespace kam {

/// A floating-point scalar kam computes in. Integers are rejected on purpose: scores, normalised
/// values and statistics are fractions, and integer division would silently truncate them.
template <typename T>
concept real_scalar = std::floating_point<T>;

/// Any Eigen dense expression (a Matrix, a Map over the caller's buffer, a Block, a product, ...).
/// Functions take `const Eigen::MatrixBase<D>&` so Maps and Blocks bind without a copy.
template <typename T>
concept dense_expr =
    std::derived_from<std::remove_cvref_t<T>, Eigen::MatrixBase<std::remove_cvref_t<T>>>;

/// A dense expression whose coefficients are a `real_scalar`.
template <typename T>
concept real_dense_expr = dense_expr<T> && real_scalar<typename std::remove_cvref_t<T>::Scalar>;

/// A plain column vector of `Scalar`: what kam returns per account (never a lazy expression).
template <typename Scalar>
using vector_of = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/// A plain column-major matrix of `Scalar`: accounts in rows, criteria in columns.
template <typename Scalar>
using matrix_of = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

/// A plain column vector of row indices or ranks, aligned with the input rows.
using index_vector = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 1>;

namespace detail {

template <typename Context, typename T>
struct dependent {
  using type = T;
};

/// `T`, spelled so that the type depends on the template parameter `Context`. Inside a template,
/// `Eigen::Matrix<Eigen::Index, ...>` and the expressions over it are instantiated where the
/// template is defined, in every translation unit that includes the header; spelled through
/// dependent_t they are instantiated only if the template is (docs/decisions.md, "Compile time").
template <typename Context, typename T>
using dependent_t = typename dependent<Context, T>::type;

}  // namespace detail

}  // namespace kam
