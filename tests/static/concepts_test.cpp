// Compile-time tests of kam/core/concepts.hpp and the shapes of kam's public types.
#include <Eigen/Core>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <stdexcept>
#include <type_traits>

// Scores are fractions: integers are not a real_scalar.
static_assert(kam::real_scalar<double> && kam::real_scalar<float>);
static_assert(!kam::real_scalar<int> && !kam::real_scalar<long>);

// Matrices, Maps, Blocks and expressions are dense expressions; plain arrays are not.
static_assert(kam::dense_expr<Eigen::MatrixXd>);
static_assert(kam::dense_expr<Eigen::Map<const Eigen::MatrixXf>>);
static_assert(kam::dense_expr<Eigen::Block<Eigen::MatrixXd>>);
static_assert(kam::dense_expr<decltype(Eigen::MatrixXd() * 2.0)>);
static_assert(!kam::dense_expr<Eigen::ArrayXXd>);
static_assert(!kam::dense_expr<double>);
static_assert(kam::real_dense_expr<Eigen::MatrixXf> && !kam::real_dense_expr<Eigen::MatrixXi>);

// Each error is a kam::error and the matching standard exception, with one std::exception base.
static_assert(std::is_base_of_v<std::invalid_argument, kam::shape_mismatch>);
static_assert(std::is_base_of_v<kam::error, kam::shape_mismatch>);
static_assert(std::is_base_of_v<std::out_of_range, kam::unknown_name>);
static_assert(std::is_base_of_v<kam::error, kam::unknown_name>);
static_assert(std::is_convertible_v<kam::non_finite_value*, std::exception*>);  // unambiguous
static_assert(!std::is_base_of_v<std::exception, kam::error>);
