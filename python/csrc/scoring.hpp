// Not API. What the scoring bindings share (methods.cpp, reference.cpp): options from their
// string names, and the weighted sum and TOPSIS written in place into numpy arrays.
#pragma once

#include <cstddef>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wsm.hpp>
#include <span>
#include <string>
#include <utility>

#include "common.hpp"

namespace kam_python {

/// Returns kam::score_options from the names of its enums; unknown names throw
/// kam::unknown_name naming `fn`.
inline kam::score_options score_options(const std::string& missing, const std::string& impute,
                                        const std::string& scale, unsigned threads,
                                        const char* fn) {
  kam::score_options o;
  o.missing = enum_arg<kam::missing_policy>(missing, "missing", fn);
  o.impute = enum_arg<kam::imputation>(impute, "impute", fn);
  o.scale = enum_arg<kam::score_scale>(scale, "scale", fn);
  o.threads = threads;
  return o;
}

/// Returns `out` (a 1-D, C-contiguous, writeable array of `Scalar` with `n` elements, the
/// caller's storage for the scores) or, when it is None, a new numpy array of `n` Scalars
/// (numpy's allocator: large arrays get transparent huge pages, so their first touch costs a
/// fraction of the page faults of a plain malloc). The Python layer checks `out` first and says
/// what is wrong in the caller's terms; this guards the private API. Needs the GIL.
template <typename Scalar>
py::array_t<Scalar> result_vector(const py::object& out, Eigen::Index n, const char* fn) {
  if (out.is_none()) return py::array_t<Scalar>(static_cast<py::ssize_t>(n));
  const auto a = py::reinterpret_borrow<py::array>(out);
  if (!py::isinstance<py::array>(out) || !holds<Scalar>(a) || a.ndim() != 1 ||
      a.shape(0) != static_cast<py::ssize_t>(n) ||
      (n > 1 && a.strides(0) != static_cast<py::ssize_t>(sizeof(Scalar))) || !a.writeable()) {
    throw kam::invalid_input({fn, "out"},
                             "expected a writeable, contiguous 1-D array of the data's dtype "
                             "with one element per account");
  }
  return py::reinterpret_borrow<py::array_t<Scalar>>(out);
}

/// Returns f(), with a kam::error it throws renamed to `fn` (the entry point the Python caller
/// called, e.g. kam::score for kam::score_into), keeping its type, field, row and index.
template <typename F>
auto named_as(const char* fn, F&& f) {
  try {
    return f();
  } catch (const kam::error& e) {
    e.rethrow_at({fn, e.field(), e.row(), e.index()});
  }
  __builtin_unreachable();  // rethrow_at is [[noreturn]]; GCC 12 does not see it (-Wreturn-type)
}

/// The weighted sum of `x` (a view of a numpy matrix) written in place into numpy arrays by
/// kam::score_into over spans: the scores into `out` (or a new array), the coverage, under
/// impute and renormalize, into a new array. Against `reference` when it is not null, else
/// against `x` itself. Returns {"partial", "constant_criteria", "coverage" (None under reject),
/// "scores"}.
template <typename X, typename Scalar = typename X::Scalar>
py::dict score_numpy(const X& x, const kam::criteria_set& criteria,
                     const kam::score_reference<Scalar>* reference,
                     const kam::score_options& options, const py::object& out, const char* fn) {
  const auto n = x.rows();
  auto scores = result_vector<Scalar>(out, n, fn);
  const bool reject = options.missing == kam::missing_policy::reject;
  py::array_t<Scalar> coverage(static_cast<py::ssize_t>(reject ? 0 : n));
  const std::span<Scalar> s(scores.mutable_data(), static_cast<std::size_t>(n));
  const std::span<Scalar> c(reject ? nullptr : coverage.mutable_data(), reject ? 0 : s.size());
  const kam::score_summary summary = without_gil([&] {
    return named_as(fn, [&] {
      return reference == nullptr ? kam::score_into(s, c, x, criteria, options)
                                  : kam::score_into(s, c, x, criteria, *reference, options);
    });
  });
  py::dict dict;
  dict["partial"] = summary.partial;
  dict["constant_criteria"] = to_list(summary.constant_criteria);
  dict["coverage"] = reject ? py::object(py::none()) : py::object(coverage);
  dict["scores"] = scores;
  return dict;
}

/// TOPSIS of `x` fitted on `x` itself, written in place into numpy arrays by kam::topsis_into
/// over spans: the closeness into `out`, the distances to the ideal and anti-ideal points into
/// `out_ideal` and `out_anti` (each a new array when None).
template <typename X, typename Scalar = typename X::Scalar>
py::dict topsis_numpy(const X& x, const kam::criteria_set& criteria,
                      const kam::topsis_options& options, const py::object& out,
                      const py::object& out_ideal, const py::object& out_anti, const char* fn) {
  const auto n = x.rows();
  auto closeness = result_vector<Scalar>(out, n, fn);
  auto to_ideal = result_vector<Scalar>(out_ideal, n, fn);
  auto to_anti = result_vector<Scalar>(out_anti, n, fn);
  const auto size = static_cast<std::size_t>(n);
  const std::span<Scalar> pc(closeness.mutable_data(), size);
  const std::span<Scalar> pi(to_ideal.mutable_data(), size);
  const std::span<Scalar> pa(to_anti.mutable_data(), size);
  kam::topsis_summary<Scalar> summary = without_gil([&] {
    return named_as(fn, [&] { return kam::topsis_into(pc, pi, pa, x, criteria, options); });
  });
  py::dict dict;
  dict["constant_criteria"] = to_list(summary.constant_criteria);
  dict["scores"] = closeness;
  dict["distance_to_ideal"] = to_ideal;
  dict["distance_to_anti_ideal"] = to_anti;
  dict["ideal"] = to_numpy(std::move(summary.ideal));
  dict["anti_ideal"] = to_numpy(std::move(summary.anti_ideal));
  return dict;
}

}  // namespace kam_python
