// The scoring methods: weighted sum (with normalize and contributions), weighted product, TOPSIS.
#include <kam/scoring/contributions.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wpm.hpp>
#include <kam/scoring/wsm.hpp>
#include <string>

#include "common.hpp"
#include "scoring.hpp"

namespace kam_python {

namespace {

using criteria_list = std::vector<criterion_tuple>;

py::object wsm(const py::array& data, const criteria_list& items, const std::string& missing,
               const std::string& impute, const std::string& scale, unsigned threads,
               const py::object& out) {
  constexpr const char* fn = "kam::score";
  const auto criteria = make_criteria(items, fn);
  const auto options = score_options(missing, impute, scale, threads, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    using Scalar = typename std::remove_cvref_t<decltype(x)>::Scalar;
    return score_numpy<std::remove_cvref_t<decltype(x)>, Scalar>(x, criteria, nullptr, options, out,
                                                                 fn);
  });
}

py::object normalized(const py::array& data, const criteria_list& items, const std::string& missing,
                      const std::string& impute) {
  constexpr const char* fn = "kam::normalize";
  const auto criteria = make_criteria(items, fn);
  const auto options = score_options(missing, impute, "unit", 1, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    return to_numpy(without_gil([&] {
      const auto reference = kam::fit_reference(x, criteria, options);
      return kam::normalize(x, criteria, reference, options);
    }));
  });
}

py::object contributions(const py::array& data, const criteria_list& items,
                         const std::string& missing, const std::string& impute,
                         const std::string& scale, unsigned threads) {
  constexpr const char* fn = "kam::contributions";
  const auto criteria = make_criteria(items, fn);
  const auto options = score_options(missing, impute, scale, threads, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    return to_numpy(without_gil([&] {
      const auto reference = kam::fit_reference(x, criteria, options);
      return kam::contributions(x, criteria, reference, options);
    }));
  });
}

py::object wpm(const py::array& data, const criteria_list& items, const std::string& norm,
               unsigned threads) {
  constexpr const char* fn = "kam::weighted_product";
  const auto criteria = make_criteria(items, fn);
  kam::weighted_product_options options;
  options.normalization = enum_arg<kam::product_normalization>(norm, "normalization", fn);
  options.threads = threads;
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    auto r = without_gil([&] { return kam::weighted_product(x, criteria, options); });
    py::dict out;
    out["zero_scores"] = r.zero_scores;
    out["scores"] = to_numpy(std::move(r.scores));
    return out;
  });
}

py::object topsis(const py::array& data, const criteria_list& items, const std::string& norm,
                  unsigned threads, const py::object& out, const py::object& out_ideal,
                  const py::object& out_anti) {
  constexpr const char* fn = "kam::topsis";
  const auto criteria = make_criteria(items, fn);
  kam::topsis_options options;
  options.normalization = enum_arg<kam::topsis_normalization>(norm, "normalization", fn);
  options.threads = threads;
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    return topsis_numpy(x, criteria, options, out, out_ideal, out_anti, fn);
  });
}

}  // namespace

void bind_methods(py::module_& m) {
  using py::arg;
  m.def("wsm", &wsm, arg("data"), arg("criteria"), arg("missing"), arg("impute"), arg("scale"),
        arg("threads"), arg("out") = py::none(),
        "Weighted sum (kam::score) of every row against the rows themselves, the scores written "
        "into `out` when given; returns a dict of scores, coverage (None under 'reject'), partial "
        "and constant_criteria.");
  m.def("normalize", &normalized, arg("data"), arg("criteria"), arg("missing"), arg("impute"),
        "kam::normalize against the rows themselves: directed values on [0, 1], N x K.");
  m.def("contributions", &contributions, arg("data"), arg("criteria"), arg("missing"),
        arg("impute"), arg("scale"), arg("threads"),
        "kam::contributions: w_j v_ij per row and criterion, each row adding up to its score.");
  m.def("wpm", &wpm, arg("data"), arg("criteria"), arg("normalization"), arg("threads"),
        "Weighted product (kam::weighted_product); returns a dict of scores and zero_scores.");
  m.def("topsis", &topsis, arg("data"), arg("criteria"), arg("normalization"), arg("threads"),
        arg("out") = py::none(), arg("out_ideal") = py::none(), arg("out_anti") = py::none(),
        "TOPSIS (kam::topsis), the closeness and the distances to the ideal and anti-ideal "
        "points written into `out`, `out_ideal` and `out_anti` when given; returns a dict of "
        "scores (closeness), distance_to_ideal, distance_to_anti_ideal, ideal, anti_ideal and "
        "constant_criteria.");
}

}  // namespace kam_python
