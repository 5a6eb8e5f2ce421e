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
               const std::string& impute, const std::string& scale, unsigned threads) {
  constexpr const char* fn = "kam::score";
  const auto criteria = make_criteria(items, fn);
  const auto options = score_options(missing, impute, scale, threads, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    return score_dict(without_gil([&] { return kam::score(x, criteria, options); }));
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
                  unsigned threads) {
  constexpr const char* fn = "kam::topsis";
  const auto criteria = make_criteria(items, fn);
  kam::topsis_options options;
  options.normalization = enum_arg<kam::topsis_normalization>(norm, "normalization", fn);
  options.threads = threads;
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    auto r = without_gil([&] { return kam::topsis(x, criteria, options); });
    py::dict out;
    out["constant_criteria"] = to_list(r.constant_criteria);
    out["scores"] = to_numpy(std::move(r.closeness));
    out["distance_to_ideal"] = to_numpy(std::move(r.distance_to_ideal));
    out["distance_to_anti_ideal"] = to_numpy(std::move(r.distance_to_anti_ideal));
    out["ideal"] = to_numpy(std::move(r.ideal));
    out["anti_ideal"] = to_numpy(std::move(r.anti_ideal));
    return out;
  });
}

}  // namespace

void bind_methods(py::module_& m) {
  using py::arg;
  m.def("wsm", &wsm, arg("data"), arg("criteria"), arg("missing"), arg("impute"), arg("scale"),
        arg("threads"),
        "Weighted sum (kam::score) of every row against the rows themselves; returns a dict of "
        "scores, coverage (None under 'reject'), partial and constant_criteria.");
  m.def("normalize", &normalized, arg("data"), arg("criteria"), arg("missing"), arg("impute"),
        "kam::normalize against the rows themselves: directed values on [0, 1], N x K.");
  m.def("contributions", &contributions, arg("data"), arg("criteria"), arg("missing"),
        arg("impute"), arg("scale"), arg("threads"),
        "kam::contributions: w_j v_ij per row and criterion, each row adding up to its score.");
  m.def("wpm", &wpm, arg("data"), arg("criteria"), arg("normalization"), arg("threads"),
        "Weighted product (kam::weighted_product); returns a dict of scores and zero_scores.");
  m.def("topsis", &topsis, arg("data"), arg("criteria"), arg("normalization"), arg("threads"),
        "TOPSIS (kam::topsis); returns a dict of scores (closeness), distance_to_ideal, "
        "distance_to_anti_ideal, ideal, anti_ideal and constant_criteria.");
}

}  // namespace kam_python
