// Not API. What the scoring bindings share (methods.cpp, reference.cpp): options from their
// string names, and the weighted sum and TOPSIS written in place into numpy arrays.
#pragma once

#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wsm.hpp>
#include <limits>
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

/// The weighted sum of `x` (a view of a numpy matrix) written in place into numpy arrays, as
/// kam::score_into does into its own vectors: the scores into `out` (or a new array), the
/// coverage, under impute and renormalize, into a new array. Against `reference` when it is not
/// null, else against `x` itself, fitted here. Returns {"partial", "constant_criteria",
/// "coverage" (None under reject), "scores"}. The binding calls
/// kam's own steps (kam::detail: the checks, the reference, the transforms, the kernel that
/// kam::score_into runs) because kam::score_result holds Eigen vectors of its own, which can be
/// neither the caller's `out` nor numpy's allocation; the scores are the same, bit for bit, as
/// kam::score's (tested).
template <typename X, typename Scalar = typename X::Scalar>
py::dict score_numpy(const X& x, const kam::criteria_set& criteria,
                     const kam::score_reference<Scalar>* reference,
                     const kam::score_options& options, const py::object& out, const char* fn) {
  kam::detail::check_shape(x, criteria, fn, false);
  const auto& xd = kam::detail::direct(x);
  auto scores = result_vector<Scalar>(out, xd.rows(), fn);
  const bool reject = options.missing == kam::missing_policy::reject;
  py::array_t<Scalar> coverage(static_cast<py::ssize_t>(reject ? 0 : xd.rows()));
  Scalar* s = scores.mutable_data();
  Scalar* c = reject ? nullptr : coverage.mutable_data();
  std::vector<Eigen::Index> constant;
  const Eigen::Index partial = without_gil([&] {
    kam::score_reference<Scalar> fitted;
    if (reference == nullptr) {
      fitted = kam::detail::fit_reference_checked(xd, criteria, options, fn);
      reference = &fitted;
    } else {
      kam::detail::check_bounds(xd, criteria, fn);
    }
    const unsigned threads = kam::resolve_threads(options.threads, fn);
    const auto t =
        kam::detail::make_transforms(criteria, reference->stats, reference->samples, options, fn);
    constant = t.constant;
    const Scalar factor = options.scale == kam::score_scale::percent ? Scalar(100) : Scalar(1);
    switch (options.missing) {
      case kam::missing_policy::reject:
        kam::detail::score_all<kam::missing_policy::reject>(xd, t, criteria, factor, threads, s, c,
                                                            fn);
        break;
      case kam::missing_policy::impute:
        kam::detail::score_all<kam::missing_policy::impute>(xd, t, criteria, factor, threads, s, c,
                                                            fn);
        break;
      case kam::missing_policy::renormalize:
        kam::detail::score_all<kam::missing_policy::renormalize>(xd, t, criteria, factor, threads,
                                                                 s, c, fn);
        break;
    }
    // As kam::score_result::partial: a coverage below 1 by rounding only is not partial data.
    constexpr Scalar complete = Scalar(1) - Scalar(64) * std::numeric_limits<Scalar>::epsilon();
    Eigen::Index n = 0;
    if (c != nullptr) {
      for (Eigen::Index i = 0; i < xd.rows(); ++i) n += c[i] < complete ? 1 : 0;
    }
    return n;
  });
  py::dict dict;
  dict["partial"] = partial;
  dict["constant_criteria"] = to_list(constant);
  dict["coverage"] = reject ? py::object(py::none()) : py::object(coverage);
  dict["scores"] = scores;
  return dict;
}

/// TOPSIS of `x` fitted on `x` itself (kam::topsis_into), written in place into numpy arrays:
/// the closeness into `out`, the distances to the ideal and anti-ideal points into `out_ideal`
/// and `out_anti` (each a new array when None). As score_numpy, through kam's own steps
/// (kam::detail) so that numpy owns the storage.
template <typename X, typename Scalar = typename X::Scalar>
py::dict topsis_numpy(const X& x, const kam::criteria_set& criteria,
                      const kam::topsis_options& options, const py::object& out,
                      const py::object& out_ideal, const py::object& out_anti, const char* fn) {
  kam::detail::check_shape(x, criteria, fn, false);
  const auto& xd = kam::detail::direct(x);
  auto closeness = result_vector<Scalar>(out, xd.rows(), fn);
  auto to_ideal = result_vector<Scalar>(out_ideal, xd.rows(), fn);
  auto to_anti = result_vector<Scalar>(out_anti, xd.rows(), fn);
  Scalar* pc = closeness.mutable_data();
  Scalar* pi = to_ideal.mutable_data();
  Scalar* pa = to_anti.mutable_data();
  kam::topsis_result<Scalar> r;  // the points and the constant criteria only
  without_gil([&] {
    const unsigned threads = kam::resolve_threads(options.threads, fn);
    const bool vector = options.normalization == kam::topsis_normalization::vector;
    const auto stats = kam::detail::topsis_reference(xd, criteria, vector, threads, fn);
    if (!kam::is_enumerator(options.normalization)) {
      throw kam::invalid_input({fn, "normalization", std::nullopt}, "not a topsis_normalization");
    }
    r.normalization = options.normalization;
    const auto co = kam::detail::topsis_points(r, criteria, stats, options.normalization, fn);
    const kam::detail::topsis_kernel<Scalar> kernel{
        co.a.data(), co.c_ideal.data(), co.c_anti.data(), criteria.size(), pi, pa, pc};
    kam::detail::topsis_distances(xd, kernel, criteria, stats, false, threads, fn);
  });
  py::dict dict;
  dict["constant_criteria"] = to_list(r.constant_criteria);
  dict["scores"] = closeness;
  dict["distance_to_ideal"] = to_ideal;
  dict["distance_to_anti_ideal"] = to_anti;
  dict["ideal"] = to_numpy(std::move(r.ideal));
  dict["anti_ideal"] = to_numpy(std::move(r.anti_ideal));
  return dict;
}

}  // namespace kam_python
