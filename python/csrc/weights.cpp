// Weights (AHP, rank-order centroid, entropy, CRITIC, and the mergeable statistics these derive
// from) and what comes after scores: ranks, key-account selection and tiers.
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/objective_weights.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <kam/scoring/weight_statistics.hpp>
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

// --- weight statistics: entropy, CRITIC and standard-deviation weights from mergeable sums -----

/// Returns kam::weight_statistics `s` as {"count", "min", "max", "sum", "xlogx", "mean",
/// "comoment"} (numpy arrays; the co-moments K x K).
template <typename Scalar>
py::dict statistics_dict(kam::weight_statistics<Scalar>&& s) {
  py::dict out;
  out["count"] = s.count;
  out["min"] = to_numpy(std::move(s.min));
  out["max"] = to_numpy(std::move(s.max));
  out["sum"] = to_numpy(std::move(s.sum));
  out["xlogx"] = to_numpy(std::move(s.xlogx));
  out["mean"] = to_numpy(std::move(s.mean));
  out["comoment"] = to_numpy(std::move(s.comoment));
  return out;
}

/// Returns the kam::weight_statistics<Scalar> held by the arrays of `state` (as statistics_dict
/// gives them; copied, K and K x K values); a state that does not fit is kam::invalid_input
/// naming `fn`.
template <typename Scalar>
kam::weight_statistics<Scalar> statistics_from(const py::dict& state, const char* fn) {
  const auto vec = [&](const char* name) {
    const auto a = py::array_t<Scalar, py::array::forcecast>::ensure(state[name]);
    if (!a || a.ndim() != 1) throw kam::invalid_input({fn, name}, "expected a vector");
    kam::vector_of<Scalar> v(a.shape(0));
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = a.at(i);
    return v;
  };
  kam::weight_statistics<Scalar> s;
  s.count = state["count"].cast<Eigen::Index>();
  s.min = vec("min");
  s.max = vec("max");
  s.sum = vec("sum");
  s.xlogx = vec("xlogx");
  s.mean = vec("mean");
  const auto c = py::array_t<Scalar, py::array::forcecast>::ensure(state["comoment"]);
  const Eigen::Index k = s.mean.size();
  if (!c || c.ndim() != 2 || c.shape(0) != k || c.shape(1) != k || s.min.size() != k ||
      s.max.size() != k || s.sum.size() != k || s.xlogx.size() != k || s.count < 0) {
    throw kam::invalid_input({fn, "statistics"}, "not the statistics of one matrix");
  }
  s.comoment.resize(k, k);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = 0; j < k; ++j) s.comoment(i, j) = c.at(i, j);
  return s;
}

/// kam::weight_statistics of `data`, built as kam::weight_statistics_builder builds them (units
/// of 4096 rows merged in kam::merge_tree).
py::object statistics_of(const py::array& data) {
  constexpr const char* fn = "kam::weight_statistics_builder";
  return with_matrix(data, fn, "data", [&](const auto& x) -> py::object {
    using Scalar = typename std::remove_cvref_t<decltype(x)>::Scalar;
    return statistics_dict(without_gil([&] {
      kam::weight_statistics_builder<Scalar> b(x.cols());
      b.add(x);
      return b.finish();
    }));
  });
}

/// kam::weight_statistics::merge: `first` with the rows of `second` after its own.
py::object merge_statistics(const py::dict& first, const py::dict& second,
                            const std::string& dtype) {
  constexpr const char* fn = "kam::weight_statistics::merge";
  const auto run = [&](auto zero) -> py::object {
    using Scalar = decltype(zero);
    auto a = statistics_from<Scalar>(first, fn);
    a.merge(statistics_from<Scalar>(second, fn));
    return statistics_dict(std::move(a));
  };
  return dtype == "float32" ? run(0.0f) : run(0.0);
}

/// Entropy ("entropy"), CRITIC ("critic", with `directions`) or standard-deviation ("std_dev",
/// with `ddof`) weights of the statistics `state`.
py::object weights_of_statistics(const py::dict& state, const std::string& dtype,
                                 const std::string& kind,
                                 const std::vector<std::string>& directions, Eigen::Index ddof) {
  const auto run = [&](auto zero) -> py::object {
    using Scalar = decltype(zero);
    if (kind == "entropy") {
      const auto s = statistics_from<Scalar>(state, "kam::entropy_weights");
      return derived(kam::entropy_weights(s));
    }
    if (kind == "critic") {
      constexpr const char* fn = "kam::critic_weights";
      const auto s = statistics_from<Scalar>(state, fn);
      std::vector<kam::direction> d;
      for (const auto& name : directions)
        d.push_back(enum_arg<kam::direction>(name, "directions", fn));
      return derived(kam::critic_weights(s, d));
    }
    const auto s = statistics_from<Scalar>(state, "kam::std_dev_weights");
    return derived(kam::std_dev_weights(s, ddof));
  };
  return dtype == "float32" ? run(0.0f) : run(0.0);
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
  m.def("weight_statistics", &statistics_of, arg("data"),
        "kam::weight_statistics of the columns (kam::weight_statistics_builder), as a dict.");
  m.def("merge_weight_statistics", &merge_statistics, arg("first"), arg("second"), arg("dtype"),
        "kam::weight_statistics::merge of two statistics dicts (the rows of `second` after).");
  m.def("weights_of_statistics", &weights_of_statistics, arg("statistics"), arg("dtype"),
        arg("kind"), arg("directions"), arg("ddof"),
        "Entropy, CRITIC or standard-deviation weights of a statistics dict.");
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
