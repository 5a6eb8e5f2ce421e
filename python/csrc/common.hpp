// Not API. What the translation units of kam's Python module share: numpy arrays mapped as Eigen
// matrices without a copy, Eigen results handed to numpy without a copy, criteria from Python.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Core>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/fit_status.hpp>
#include <kam/scoring/criteria.hpp>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam_python {

namespace py = pybind11;

/// A read-only view of a numpy matrix in its own memory order: `Order` is Eigen::RowMajor for C
/// order (numpy's default), Eigen::ColMajor for Fortran order (what pandas often gives).
template <typename Scalar, int Order>
using matrix_view = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Order>,
                               Eigen::Unaligned, Eigen::OuterStride<>>;

/// A read-only view of a 1-D numpy array with any stride.
template <typename Scalar>
using vector_view = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, 1>, Eigen::Unaligned,
                               Eigen::InnerStride<>>;

/// Returns whether `a` holds values of type `Scalar` in native byte order. Compares dtypes by
/// value: an array unpickled in another process (a Dask worker's) has a dtype equal to, but not
/// the same object as, numpy's own, so an identity test would reject it.
template <typename Scalar>
bool holds(const py::array& a) {
  return a.dtype().equal(py::dtype::of<Scalar>());
}

/// Calls `f(view)` with `a` (a 2-D float32 or float64 array whose rows or columns have unit
/// stride) viewed in place as an Eigen matrix, and returns what `f` returns. Anything else is a
/// kam::invalid_input naming `fn` and `field`; the Python layer copies other arrays first.
template <typename F>
py::object with_matrix(const py::array& a, const char* fn, const char* field, F&& f) {
  if (a.ndim() != 2) {
    throw kam::shape_mismatch({fn, field},
                              kam::detail::cat({"expected a 2-D array, got ", a.ndim(), "-D"}));
  }
  const auto run = [&](auto zero) -> py::object {
    using Scalar = decltype(zero);
    const auto item = static_cast<py::ssize_t>(sizeof(Scalar));
    const Eigen::Index rows = a.shape(0);
    const Eigen::Index cols = a.shape(1);
    const auto* p = static_cast<const Scalar*>(a.data());
    const py::ssize_t s0 = a.strides(0);
    const py::ssize_t s1 = a.strides(1);
    if ((cols <= 1 || s1 == item) && (rows <= 1 || (s0 % item == 0 && s0 / item >= cols))) {
      const Eigen::Index outer = rows <= 1 ? cols : s0 / item;
      return f(matrix_view<Scalar, Eigen::RowMajor>(p, rows, cols, Eigen::OuterStride<>(outer)));
    }
    if ((rows <= 1 || s0 == item) && (s1 % item == 0 && s1 / item >= rows)) {
      return f(
          matrix_view<Scalar, Eigen::ColMajor>(p, rows, cols, Eigen::OuterStride<>(s1 / item)));
    }
    throw kam::invalid_input({fn, field}, "neither its rows nor its columns are contiguous");
  };
  if (holds<double>(a)) return run(0.0);
  if (holds<float>(a)) return run(0.0f);
  throw kam::invalid_input({fn, field}, "expected float32 or float64 values");
}

/// Calls `f(view)` with the 1-D float32 or float64 array `a` viewed in place.
template <typename F>
py::object with_vector(const py::array& a, const char* fn, const char* field, F&& f) {
  if (a.ndim() != 1) {
    throw kam::shape_mismatch({fn, field},
                              kam::detail::cat({"expected a 1-D array, got ", a.ndim(), "-D"}));
  }
  const auto run = [&](auto zero) -> py::object {
    using Scalar = decltype(zero);
    const auto item = static_cast<py::ssize_t>(sizeof(Scalar));
    if (a.strides(0) % item != 0) {
      throw kam::invalid_input({fn, field}, "its stride is not a whole number of elements");
    }
    const Eigen::Index n = a.shape(0);
    const Eigen::Index stride = n <= 1 ? 1 : a.strides(0) / item;
    return f(
        vector_view<Scalar>(static_cast<const Scalar*>(a.data()), n, Eigen::InnerStride<>(stride)));
  };
  if (holds<double>(a)) return run(0.0);
  if (holds<float>(a)) return run(0.0f);
  throw kam::invalid_input({fn, field}, "expected float32 or float64 values");
}

/// A read-only view of a 1-D int64 numpy array with any stride.
using labels_view = Eigen::Map<const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>,
                               Eigen::Unaligned, Eigen::InnerStride<>>;

/// Returns `a`, a 1-D array of Scalar, viewed in place; anything else is a kam error naming `fn`
/// and `field` (the Python layer converts first, so this guards the private API only).
template <typename Scalar>
vector_view<Scalar> view(const py::array& a, const char* fn, const char* field) {
  if (a.ndim() != 1) {
    throw kam::shape_mismatch({fn, field},
                              kam::detail::cat({"expected a 1-D array, got ", a.ndim(), "-D"}));
  }
  if (!holds<Scalar>(a)) {
    throw kam::invalid_input({fn, field}, "expected the dtype of the other vectors of the call");
  }
  const auto item = static_cast<py::ssize_t>(sizeof(Scalar));
  if (a.strides(0) % item != 0) {
    throw kam::invalid_input({fn, field}, "its stride is not a whole number of elements");
  }
  const Eigen::Index n = a.shape(0);
  return vector_view<Scalar>(static_cast<const Scalar*>(a.data()), n,
                             Eigen::InnerStride<>(n <= 1 ? 1 : a.strides(0) / item));
}

/// Returns the 1-D int64 array `a` (labels, codes) viewed in place.
inline labels_view labels(const py::array& a, const char* fn, const char* field) {
  return view<std::int64_t>(a, fn, field);
}

/// Calls f(Scalar{}) for the dtype of `a` (float32 or float64).
template <typename F>
py::object by_dtype(const py::array& a, const char* fn, const char* field, F&& f) {
  if (holds<double>(a)) return f(0.0);
  if (holds<float>(a)) return f(0.0f);
  throw kam::invalid_input({fn, field}, "expected float32 or float64 values");
}

/// Returns `v` as a Python float, or None when empty.
template <typename Opt>
py::object optional_float(const Opt& v) {
  return v ? py::object(py::float_(static_cast<double>(*v))) : py::object(py::none());
}

/// Returns the name of a fit status ("converged", ...).
inline std::string status_name(kam::fit_status s) { return std::string(kam::enum_name(s)); }

/// Returns one scalar field of a kam result as Python has it: floating point as float, integers
/// and bools as they are, a described enum by name, an empty optional as None.
template <typename T>
py::object python_value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return py::bool_(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return py::float_(static_cast<double>(v));
  } else if constexpr (std::is_integral_v<T>) {
    return py::int_(v);
  } else if constexpr (std::is_enum_v<T>) {
    return py::str(std::string(kam::enum_name(v)));
  } else {
    return optional_float(v);  // std::optional of a floating-point type
  }
}

/// Adds every public described member of `value` to `out` under its own name (python_value); a
/// member that is itself a described struct, such as a fit's `params`, adds its members to `out`.
template <typename T>
void add_members(py::dict& out, const T& value) {
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<members>([&](auto member) {
    const auto& field = value.*member.pointer;
    using Field = std::remove_cvref_t<decltype(field)>;
    if constexpr (boost::describe::has_describe_members<Field>::value) {
      add_members(out, field);
    } else {
      out[member.name] = python_value(field);
    }
  });
}

/// Returns a model fit (kam::bgnbd_fit, kam::sbg_fit, ...) as a dict: its parameters by name, then
/// its log-likelihood, status, standard errors and counts, as add_members names them.
template <typename Fit>
py::dict fit_dict(const Fit& fit) {
  py::dict out;
  add_members(out, fit);
  return out;
}

/// Returns `f()` computed without holding the GIL.
template <typename F>
auto without_gil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

/// Returns a numpy array that owns the plain Eigen vector or matrix `m` (moved, not copied);
/// matrices come out in Fortran order, Eigen's own.
template <typename Plain>
py::array to_numpy(Plain&& m) {
  using P = std::remove_cvref_t<Plain>;
  using Scalar = typename P::Scalar;
  auto* owned = new P(std::forward<Plain>(m));
  py::capsule owner(owned, [](void* q) { delete static_cast<P*>(q); });
  const auto item = static_cast<py::ssize_t>(sizeof(Scalar));
  if constexpr (P::ColsAtCompileTime == 1) {
    return py::array_t<Scalar>({static_cast<py::ssize_t>(owned->size())}, {item}, owned->data(),
                               owner);
  } else {
    const auto rows = static_cast<py::ssize_t>(owned->rows());
    return py::array_t<Scalar>({rows, static_cast<py::ssize_t>(owned->cols())}, {item, item * rows},
                               owned->data(), owner);
  }
}

/// Returns a Python list of the positions in `v`.
inline py::list to_list(const std::vector<Eigen::Index>& v) {
  py::list out;
  for (const auto i : v) out.append(i);
  return out;
}

/// A criterion as the Python layer passes it: (name, weight, direction, normalization, low, high).
using criterion_tuple = std::tuple<std::string, double, std::string, std::string, double, double>;

/// Returns the validated criteria set of `items`; enum names that are not known throw
/// kam::unknown_name naming `fn`.
inline kam::criteria_set make_criteria(const std::vector<criterion_tuple>& items, const char* fn) {
  std::vector<kam::criterion> out;
  out.reserve(items.size());
  for (const auto& [name, weight, dir, norm, low, high] : items) {
    out.push_back({name, weight, kam::enum_from_name<kam::direction>(dir, "direction", fn),
                   kam::enum_from_name<kam::normalization>(norm, "normalization", fn), low, high});
  }
  return kam::criteria_set(std::move(out));
}

/// Returns the enumerator of `E` named `name`; throws kam::unknown_name naming `fn` and `field`.
template <typename E>
E enum_arg(const std::string& name, const char* field, const char* fn) {
  return kam::enum_from_name<E>(name, field, fn);
}

/// Each adds one area's functions to the module `m` (errors.cpp, methods.cpp, weights.cpp,
/// retention.cpp, retention_models.cpp, segmentation.cpp, portfolio.cpp, plan.cpp,
/// plan_review.cpp, explain.cpp, defaults.cpp, reference.cpp).
void bind_errors(py::module_& m);
void bind_methods(py::module_& m);
void bind_weights(py::module_& m);
void bind_retention(py::module_& m);
void bind_retention_models(py::module_& m);
void bind_segmentation(py::module_& m);
void bind_portfolio(py::module_& m);
void bind_plan(py::module_& m);
void bind_plan_review(py::module_& m);
void bind_explain(py::module_& m);
void bind_defaults(py::module_& m);
void bind_reference(py::module_& m);

}  // namespace kam_python
