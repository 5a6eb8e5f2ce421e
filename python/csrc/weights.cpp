// Weights (AHP, rank-order centroid, entropy, CRITIC) and what comes after scores: ranks,
// key-account selection and tiers.
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/objective_weights.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

py::object ahp(const py::array& pairwise, const std::string& method, double cr_threshold,
               const std::optional<std::vector<double>>& random_index, double reciprocal_tolerance,
               Eigen::Index max_iterations, double tolerance) {
  constexpr const char* fn = "kam::ahp";
  kam::ahp_options o;
  o.method = enum_arg<kam::ahp_method>(method, "method", fn);
  o.cr_threshold = cr_threshold;
  if (random_index) o.random_index = *random_index;
  o.reciprocal_tolerance = reciprocal_tolerance;
  o.max_iterations = max_iterations;
  o.tolerance = tolerance;
  return with_matrix(pairwise, fn, "pairwise", [&](const auto& a) -> py::object {
    auto r = without_gil([&] { return kam::ahp(a, o); });
    py::dict out;
    out["lambda_max"] = static_cast<double>(r.lambda_max);
    out["consistency_index"] = static_cast<double>(r.consistency_index);
    out["random_index"] = static_cast<double>(r.random_index);
    out["consistency_ratio"] = static_cast<double>(r.consistency_ratio);
    out["consistent"] = r.consistent;
    out["converged"] = r.converged;
    out["iterations"] = r.iterations;
    out["weights"] = to_numpy(std::move(r.weights));
    return out;
  });
}

py::object derived(auto&& r) {
  py::dict out;
  out["constant_criteria"] = to_list(r.constant_criteria);
  out["weights"] = to_numpy(std::move(r.weights));
  return out;
}

py::object entropy(const py::array& data) {
  return with_matrix(data, "kam::entropy_weights", "data", [&](const auto& x) -> py::object {
    return derived(without_gil([&] { return kam::entropy_weights(x); }));
  });
}

py::object critic(const py::array& data, const std::vector<std::string>& names) {
  constexpr const char* fn = "kam::critic_weights";
  std::vector<kam::direction> directions;
  for (const auto& d : names) directions.push_back(enum_arg<kam::direction>(d, "directions", fn));
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    return derived(without_gil([&] { return kam::critic_weights(x, directions); }));
  });
}

py::object roc(Eigen::Index n) { return to_numpy(kam::rank_order_centroid(n)); }

py::object roc_weights(const std::vector<Eigen::Index>& ranks) {
  const kam::index_vector r =
      Eigen::Map<const kam::index_vector>(ranks.data(), static_cast<Eigen::Index>(ranks.size()));
  return to_numpy(kam::rank_order_centroid_weights(r));
}

py::object ranks(const py::array& scores, const std::string& ties) {
  constexpr const char* fn = "kam::ranks";
  const auto rule = enum_arg<kam::tie_rule>(ties, "ties", fn);
  return with_vector(scores, fn, "scores", [&](const auto& s) -> py::object {
    return to_numpy(without_gil([&] { return kam::ranks(s, rule); }));
  });
}

py::object top_k(const py::array& scores, Eigen::Index k) {
  return with_vector(scores, "kam::top_k", "scores", [&](const auto& s) -> py::object {
    return to_numpy(without_gil([&] { return kam::top_k(s, k); }));
  });
}

py::object select(const py::array& scores, std::optional<Eigen::Index> cap,
                  std::optional<double> min_score) {
  const kam::key_account_policy policy{cap, min_score};
  return with_vector(scores, "kam::select_key_accounts", "scores", [&](const auto& s) {
    auto r = without_gil([&] { return kam::select_key_accounts(s, policy); });
    py::dict out;
    out["eligible"] = r.eligible;
    out["cut_by_cap"] = r.cut_by_cap;
    out["tie_at_cap"] = r.tie_at_cap;
    out["accounts"] = to_numpy(std::move(r.accounts));
    return py::object(out);
  });
}

py::object tiers(const py::array& scores, const std::vector<double>& edges) {
  return with_vector(scores, "kam::tiers_by_bands", "scores", [&](const auto& s) {
    auto r = without_gil([&] { return kam::tiers_by_bands(s, edges); });
    py::dict out;
    out["counts"] = to_list(r.counts);
    out["tier"] = to_numpy(std::move(r.tier));
    return py::object(out);
  });
}

}  // namespace

void bind_weights(py::module_& m) {
  using py::arg;
  m.def("ahp", &ahp, arg("pairwise"), arg("method"), arg("cr_threshold"), arg("random_index"),
        arg("reciprocal_tolerance"), arg("max_iterations"), arg("tolerance"),
        "kam::ahp: priorities and consistency of a pairwise comparison matrix.");
  m.def("saaty_random_index", &kam::saaty_random_index,
        "Saaty's random consistency index for n = 1..15.");
  m.def("entropy_weights", &entropy, arg("data"), "kam::entropy_weights of the columns.");
  m.def("critic_weights", &critic, arg("data"), arg("directions"),
        "kam::critic_weights of the columns, with one direction per column.");
  m.def("rank_order_centroid", &roc, arg("n"), "kam::rank_order_centroid(n).");
  m.def("rank_order_centroid_weights", &roc_weights, arg("ranks"),
        "kam::rank_order_centroid_weights: ROC weights from each criterion's importance rank.");
  m.def("ranks", &ranks, arg("scores"), arg("ties"), "kam::ranks: 1 = the highest score.");
  m.def("top_k", &top_k, arg("scores"), arg("k"),
        "kam::top_k: the rows of the k highest scores, best first (ties: input order).");
  m.def("select_key_accounts", &select, arg("scores"), arg("cap"), arg("min_score"),
        "kam::select_key_accounts under a cap and a minimum score.");
  m.def("tiers_by_bands", &tiers, arg("scores"), arg("edges"),
        "kam::tiers_by_bands: tier 1 is the top band; a score on an edge belongs to the band "
        "above it.");
}

}  // namespace kam_python
