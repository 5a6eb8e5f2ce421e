// Compile-time tests of kam/core/concepts.hpp and the shapes of kam's public types.
#include <Eigen/Core>
#include <array>
#include <deque>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <list>
#include <stdexcept>
#include <type_traits>
#include <vector>

// Scores are fractions: integers are not a real_scalar.
static_assert(kam::real_scalar<double> && kam::real_scalar<float>);
static_assert(!kam::real_scalar<int> && !kam::real_scalar<long>);

// Lists of account structs: anything read by position.
static_assert(kam::random_access_container<std::vector<int>>);
static_assert(kam::random_access_container<std::array<double, 3>>);
static_assert(kam::random_access_container<std::deque<int>>);
static_assert(!kam::random_access_container<std::list<int>>);
static_assert(!kam::random_access_container<int>);
static_assert(std::is_same_v<kam::element_of<const std::vector<float>>, float>);

// Each error is a kam::error and the matching standard exception, with one std::exception base.
static_assert(std::is_base_of_v<std::invalid_argument, kam::shape_mismatch>);
static_assert(std::is_base_of_v<kam::error, kam::shape_mismatch>);
static_assert(std::is_base_of_v<std::out_of_range, kam::unknown_name>);
static_assert(std::is_base_of_v<kam::error, kam::unknown_name>);
static_assert(std::is_convertible_v<kam::non_finite_value*, std::exception*>);  // unambiguous
static_assert(!std::is_base_of_v<std::exception, kam::error>);
