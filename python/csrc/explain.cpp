// Explanations of a weighted-sum score beyond kam.contributions (methods.cpp): which criteria put
// one account above another, how stable ranks and the key-account set are when the weights move,
// and the ranking with each criterion left out. Every function scores against the reference of
// the accounts passed, as kam.score does.
#include <cstdint>
#include <kam/scoring/compare.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/sensitivity.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "scoring.hpp"

namespace kam_python {

namespace {

using criteria_list = std::vector<criterion_tuple>;

/// Returns the reference of `x` fitted as kam.score fits it; errors name `fn` (the entry point the
/// caller called), not kam::fit_reference, keeping their type, field, row and index.
template <typename Matrix>
auto reference_of(const Matrix& x, const kam::criteria_set& criteria, const kam::score_options& o,
                  const char* fn) {
  try {
    return kam::fit_reference(x, criteria, o);
  } catch (const kam::error& e) {
    e.rethrow_at({fn, e.field(), e.row(), e.index()});
  }
  // Not reached: rethrow_at is [[noreturn]], which GCC 12 does not see through the virtual call
  // (it warned -Wreturn-type here).
  __builtin_unreachable();
}

/// kam::compare_accounts of rows `first` and `second`.
py::object compare(const py::array& data, const criteria_list& items, Eigen::Index first,
                   Eigen::Index second, const std::string& missing, const std::string& impute,
                   const std::string& scale) {
  constexpr const char* fn = "kam::compare_accounts";
  const auto criteria = make_criteria(items, fn);
  const auto o = score_options(missing, impute, scale, 1, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    auto g = without_gil([&] {
      const auto reference = reference_of(x, criteria, o, fn);
      return kam::compare_accounts(x, criteria, reference, first, second, o);
    });
    py::dict out;
    out["first_score"] = static_cast<double>(g.first_score);
    out["second_score"] = static_cast<double>(g.second_score);
    out["difference"] = to_numpy(std::move(g.difference));
    out["order"] = to_numpy(std::move(g.order));
    return out;
  });
}

/// kam::weight_sensitivity under the key-account policy (cap, min_score).
py::object sensitivity(const py::array& data, const criteria_list& items,
                       std::optional<Eigen::Index> cap, std::optional<double> min_score,
                       Eigen::Index draws, std::uint64_t seed, const std::string& distribution,
                       double concentration, double sigma, unsigned threads,
                       const std::string& missing, const std::string& impute,
                       const std::string& scale) {
  constexpr const char* fn = "kam::weight_sensitivity";
  const auto criteria = make_criteria(items, fn);
  const auto o = score_options(missing, impute, scale, 1, fn);
  const kam::key_account_policy policy{cap, min_score};
  const kam::sensitivity_options s{
      draws,         seed,  enum_arg<kam::weight_perturbation>(distribution, "distribution", fn),
      concentration, sigma, threads};
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    auto r = without_gil([&] {
      const auto reference = reference_of(x, criteria, o, fn);
      return kam::weight_sensitivity(x, criteria, reference, policy, s, o);
    });
    py::dict out;
    out["draws"] = r.draws;
    out["base_rank"] = to_numpy(std::move(r.base_rank));
    out["base_in_set"] = to_numpy(std::move(r.base_in_set));
    out["probability_in_set"] = to_numpy(std::move(r.probability_in_set));
    out["best_rank"] = to_numpy(std::move(r.best_rank));
    out["worst_rank"] = to_numpy(std::move(r.worst_rank));
    out["mean_rank"] = to_numpy(std::move(r.mean_rank));
    return out;
  });
}

/// kam::leave_one_criterion_out.
py::object leave_one_out(const py::array& data, const criteria_list& items,
                         const std::string& missing, const std::string& impute,
                         const std::string& scale) {
  constexpr const char* fn = "kam::leave_one_criterion_out";
  const auto criteria = make_criteria(items, fn);
  const auto o = score_options(missing, impute, scale, 1, fn);
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    auto r = without_gil([&] {
      const auto reference = reference_of(x, criteria, o, fn);
      return kam::leave_one_criterion_out(x, criteria, reference, o);
    });
    py::dict out;
    out["base_rank"] = to_numpy(std::move(r.base_rank));
    out["rank_without"] = to_numpy(std::move(r.rank_without));
    out["spearman"] = to_numpy(std::move(r.spearman));
    out["changed"] = to_numpy(std::move(r.changed));
    out["max_shift"] = to_numpy(std::move(r.max_shift));
    return out;
  });
}

}  // namespace

void bind_explain(py::module_& m) {
  using py::arg;
  m.def("compare_accounts", &compare, arg("data"), arg("criteria"), arg("first"), arg("second"),
        arg("missing"), arg("impute"), arg("scale"),
        "kam::compare_accounts against the reference of data.");
  m.def("weight_sensitivity", &sensitivity, arg("data"), arg("criteria"), arg("cap"),
        arg("min_score"), arg("draws"), arg("seed"), arg("distribution"), arg("concentration"),
        arg("sigma"), arg("threads"), arg("missing"), arg("impute"), arg("scale"),
        "kam::weight_sensitivity against the reference of data.");
  m.def("leave_one_criterion_out", &leave_one_out, arg("data"), arg("criteria"), arg("missing"),
        arg("impute"), arg("scale"), "kam::leave_one_criterion_out against the reference of data.");
}

}  // namespace kam_python
