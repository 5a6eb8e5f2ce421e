// kam.ScoreReference: the mergeable statistics scores are relative to (kam::score_reference), so
// that partitions of a portfolio can be fitted apart, merged, and scored as one (kam.dask).
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common.hpp"
#include "scoring.hpp"

namespace kam_python {

namespace {

using criteria_list = std::vector<criterion_tuple>;

/// A kam::score_reference of the float32 or float64 values it was fitted on.
struct reference_holder {
  std::variant<kam::score_reference<double>, kam::score_reference<float>> ref;

  /// Returns "float64" or "float32": the dtype of the data it was fitted on.
  [[nodiscard]] std::string dtype() const { return ref.index() == 0 ? "float64" : "float32"; }
};

/// kam::fit_reference of `data` (float32 or float64, read in place).
reference_holder fit(const py::array& data, const criteria_list& items, const std::string& missing,
                     const std::string& impute, unsigned threads) {
  constexpr const char* fn = "kam::fit_reference";
  const auto criteria = make_criteria(items, fn);
  const auto options = score_options(missing, impute, "unit", threads, fn);
  reference_holder out;
  with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    auto ref = without_gil([&] { return kam::fit_reference(x, criteria, options); });
    out.ref = std::move(ref);
    return py::none();
  });
  return out;
}

/// Merges the reference of the rows after `self`'s into it (kam::score_reference::merge).
reference_holder& merge(reference_holder& self, const reference_holder& other) {
  if (self.ref.index() != other.ref.index()) {
    throw kam::invalid_input({"kam::score_reference::merge", "dtype"},
                             kam::detail::cat({"cannot merge a ", other.dtype(),
                                               " reference into a ", self.dtype(), " one"}));
  }
  std::visit(
      [&](auto& mine) {
        using R = std::remove_cvref_t<decltype(mine)>;
        mine.merge(std::get<R>(other.ref));
      },
      self.ref);
  return self;
}

/// kam::score of `data` against `reference` (the weighted sum), as the dict kam.score reads.
py::object score_against(const py::array& data, const criteria_list& items,
                         const reference_holder& reference, const std::string& missing,
                         const std::string& impute, const std::string& scale, unsigned threads,
                         const py::object& out) {
  constexpr const char* fn = "kam::score";
  const auto criteria = make_criteria(items, fn);
  const auto options = score_options(missing, impute, scale, threads, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    using Scalar = typename std::remove_cvref_t<decltype(x)>::Scalar;
    const auto* ref = std::get_if<kam::score_reference<Scalar>>(&reference.ref);
    if (ref == nullptr) {
      throw kam::invalid_input(
          {fn, "reference"},
          kam::detail::cat({"a ", reference.dtype(), " reference for data of another dtype"}));
    }
    return score_numpy(x, criteria, ref, options, out, fn);
  });
}

/// Returns the statistics of `reference` as a tuple: dtype, count, non_finite, min, max, mean,
/// m2 and the sorted samples (a list of arrays), for pickling and inspection.
py::tuple state_of(const reference_holder& reference) {
  return std::visit(
      [&](const auto& r) {
        py::list samples;
        using Scalar = typename std::remove_cvref_t<decltype(r.stats.min)>::Scalar;
        for (const auto& s : r.samples) {
          Eigen::Matrix<Scalar, Eigen::Dynamic, 1> v(static_cast<Eigen::Index>(s.size()));
          for (std::size_t i = 0; i < s.size(); ++i) v(static_cast<Eigen::Index>(i)) = s[i];
          samples.append(to_numpy(std::move(v)));
        }
        return py::make_tuple(reference.dtype(), to_numpy(r.stats.count.eval()),
                              to_numpy(r.stats.non_finite.eval()), to_numpy(r.stats.min.eval()),
                              to_numpy(r.stats.max.eval()), to_numpy(r.stats.mean.eval()),
                              to_numpy(r.stats.m2.eval()), samples);
      },
      reference.ref);
}

/// Returns the 1-D array `o` as a plain Eigen vector of `T` (a copy, converted if needed).
template <typename T>
Eigen::Matrix<T, Eigen::Dynamic, 1> vector_from(const py::handle& o) {
  const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(o);
  if (!a || a.ndim() != 1)
    throw kam::invalid_input({"kam.ScoreReference", "state"}, "not a vector");
  Eigen::Matrix<T, Eigen::Dynamic, 1> v(a.shape(0));
  for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = a.at(i);
  return v;
}

/// Rebuilds a reference from state_of's tuple.
reference_holder from_state(const py::tuple& t) {
  if (t.size() != 8) throw kam::invalid_input({"kam.ScoreReference", "state"}, "not a state");
  const auto build = [&](auto zero) {
    using Scalar = decltype(zero);
    kam::score_reference<Scalar> r;
    r.stats.count = vector_from<Eigen::Index>(t[1]);
    r.stats.non_finite = vector_from<Eigen::Index>(t[2]);
    r.stats.min = vector_from<Scalar>(t[3]);
    r.stats.max = vector_from<Scalar>(t[4]);
    r.stats.mean = vector_from<Scalar>(t[5]);
    r.stats.m2 = vector_from<Scalar>(t[6]);
    for (const auto& s : t[7].cast<py::list>()) {
      const auto v = vector_from<Scalar>(s);
      r.samples.emplace_back(v.data(), v.data() + v.size());
    }
    return reference_holder{std::move(r)};
  };
  return t[0].cast<std::string>() == "float32" ? build(0.0f) : build(0.0);
}

}  // namespace

void bind_reference(py::module_& m) {
  py::class_<reference_holder>(m, "ScoreReference",
                               "kam::score_reference: what scores are relative to (per criterion: "
                               "count, min, max, mean, M2 and, where needed, the sorted values).")
      .def_property_readonly("dtype", &reference_holder::dtype, "float64 or float32.")
      .def("merge", &merge, py::arg("other"), py::return_value_policy::reference_internal,
           "Merges the reference of the rows after this one's into it; returns it.")
      .def("state", &state_of, "(dtype, count, non_finite, min, max, mean, m2, samples).")
      .def(py::pickle(&state_of, &from_state));
  m.def("fit_reference", &fit, py::arg("data"), py::arg("criteria"), py::arg("missing"),
        py::arg("impute"), py::arg("threads"), "kam::fit_reference of a matrix.");
  m.def("wsm_against", &score_against, py::arg("data"), py::arg("criteria"), py::arg("reference"),
        py::arg("missing"), py::arg("impute"), py::arg("scale"), py::arg("threads"),
        py::arg("out") = py::none(),
        "kam::score of a matrix against a fitted reference, into `out` when given.");
}

}  // namespace kam_python
