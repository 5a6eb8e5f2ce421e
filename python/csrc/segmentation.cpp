// Segmentation: quantiles and quantile (RFM-style) bins, rule-based segments over named columns,
// and weighted k-means. The Python layer (src/kam/_segmentation.py) picks DataFrame columns,
// converts dtypes and wraps the dicts returned here in fitted objects.
#include <pybind11/eigen.h>

#include <cstdint>
#include <kam/segmentation/condition.hpp>
#include <kam/segmentation/field_table.hpp>
#include <kam/segmentation/kmeans.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/rules.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

// --- quantiles and quantile bins -------------------------------------------------------------

/// A field as the Python layer passes it: (name, bins, direction).
using bin_field_tuple = std::tuple<std::string, Eigen::Index, std::string>;

/// Returns the fields of `items`; unknown directions throw kam::unknown_name naming `fn`.
std::vector<kam::bin_field> bin_fields(const std::vector<bin_field_tuple>& items, const char* fn) {
  std::vector<kam::bin_field> out;
  for (const auto& [name, bins, dir] : items) {
    out.push_back({name, bins, enum_arg<kam::direction>(dir, "direction", fn)});
  }
  return out;
}

/// Returns the options of kam::fit_quantile_bins named by `method` and `duplicates`.
kam::quantile_bin_options bin_options(const std::string& method, const std::string& duplicates,
                                      const char* fn) {
  return {enum_arg<kam::quantile_method>(method, "method", fn),
          enum_arg<kam::duplicate_edges>(duplicates, "duplicates", fn)};
}

/// kam::quantiles of the 1-D array `values` at `probs`.
py::object quantiles(const py::array& values, const std::vector<double>& probs,
                     const std::string& method) {
  constexpr const char* fn = "kam::quantiles";
  const auto m = enum_arg<kam::quantile_method>(method, "method", fn);
  return with_vector(values, fn, "values", [&](const auto& v) -> py::object {
    return to_numpy(without_gil([&] { return kam::quantiles(v, probs, m); }));
  });
}

/// kam::fit_quantile_bins: {"edges": [array per field], "bins": [int per field], "accounts"}.
py::object fit_bins(const py::array& x, const std::vector<bin_field_tuple>& fields,
                    const std::string& method, const std::string& duplicates) {
  constexpr const char* fn = "kam::fit_quantile_bins";
  const auto f = bin_fields(fields, fn);
  const auto o = bin_options(method, duplicates, fn);
  return with_matrix(x, fn, "data", [&](const auto& m) -> py::object {
    auto b = without_gil([&] { return kam::fit_quantile_bins(m, f, o); });
    py::list edges;
    for (auto& e : b.edges) edges.append(to_numpy(std::move(e)));
    py::dict out;
    out["edges"] = edges;
    out["bins"] = to_numpy(std::move(b.bins));
    out["accounts"] = b.accounts;
    return out;
  });
}

/// kam::quantile_bins::assign with bins rebuilt from `fields`, `edges` and `bins`: the codes
/// (accounts x fields), counts per field, `outside` and, when `combined`, the combined codes.
py::object assign_bins(const py::array& x, const std::vector<bin_field_tuple>& fields,
                       const std::vector<std::vector<double>>& edges,
                       const std::vector<Eigen::Index>& bins, bool combined,
                       const std::string& separator) {
  constexpr const char* fn = "kam::quantile_bins::assign";
  return with_matrix(x, fn, "data", [&](const auto& m) -> py::object {
    using S = typename std::remove_cvref_t<decltype(m)>::Scalar;
    kam::quantile_bins<S> q;
    q.fields = bin_fields(fields, fn);
    for (const auto& e : edges) {
      q.edges.emplace_back(Eigen::Map<const Eigen::VectorXd>(e.data(), std::ssize(e)).cast<S>());
    }
    q.bins = Eigen::Map<const kam::index_vector>(bins.data(), std::ssize(bins));
    auto c = without_gil([&] { return q.assign(m); });
    py::dict out;
    py::list counts;
    for (auto& v : c.counts) counts.append(to_numpy(std::move(v)));
    out["counts"] = counts;
    out["outside"] = to_numpy(std::move(c.outside));
    if (combined) out["combined"] = c.combined_codes(separator);
    out["codes"] = to_numpy(std::move(c.codes));
    return out;
  });
}

// --- rules -----------------------------------------------------------------------------------

/// A rule as the Python layer passes it: (segment, condition text, name).
using rule_tuple = std::tuple<std::string, std::string, std::string>;

/// Returns the validated rule set of `rules` (conditions parsed from text) and `fallback`.
kam::segment_rules make_rules(const std::vector<rule_tuple>& rules, const std::string& fallback) {
  std::vector<kam::segment_rule> out;
  for (const auto& [segment, when, name] : rules) {
    out.push_back({segment, kam::parse_condition(when), name});
  }
  return kam::segment_rules(std::move(out), fallback);
}

/// The distinct fields the rules read, in order of first use (validates the rules).
std::vector<std::string> rule_fields(const std::vector<rule_tuple>& rules,
                                     const std::string& fallback) {
  return make_rules(rules, fallback).fields();
}

/// Numeric, open categorical and closed categorical columns, as the Python layer passes them.
using numeric_columns = std::vector<std::pair<std::string, py::array>>;
using open_columns = std::vector<std::pair<std::string, std::vector<std::optional<std::string>>>>;
using closed_columns =
    std::vector<std::tuple<std::string, std::vector<std::string>, std::vector<std::int32_t>>>;

/// Returns the field table of the columns (with the GIL held: numeric arrays are read here).
kam::field_table make_table(const numeric_columns& numeric, const open_columns& open,
                            const closed_columns& closed) {
  constexpr const char* fn = "kam::assign_segments";
  kam::field_table t;
  for (const auto& [name, values] : numeric) {
    with_vector(values, fn, name.c_str(), [&](const auto& v) -> py::object {
      t.add_numeric(name, v);
      return py::none();
    });
  }
  for (const auto& [name, values] : open) t.add_categorical(name, values);
  for (const auto& [name, categories, codes] : closed) t.add_categorical(name, categories, codes);
  return t;
}

/// kam::assign_segments over the columns: segment and rule per account, counts.
py::object assign(const numeric_columns& numeric, const open_columns& open,
                  const closed_columns& closed, const std::vector<rule_tuple>& rules,
                  const std::string& fallback, const std::string& missing) {
  const kam::rule_options o{
      enum_arg<kam::rule_missing>(missing, "missing", "kam::assign_segments")};
  const auto r = make_rules(rules, fallback);
  const auto t = make_table(numeric, open, closed);
  auto a = without_gil([&] { return kam::assign_segments(t, r, o); });
  py::dict out;
  out["segment"] = to_numpy(std::move(a.segment));
  out["rule"] = to_numpy(std::move(a.rule));
  out["segments"] = a.segments;
  out["counts"] = to_numpy(std::move(a.counts));
  out["rule_counts"] = to_numpy(std::move(a.rule_counts));
  out["fallback"] = a.fallback;
  out["unmatched"] = a.unmatched;
  out["with_missing"] = a.with_missing;
  return out;
}

// --- k-means ---------------------------------------------------------------------------------

/// The options of kam::kmeans from the estimator's parameters.
kam::kmeans_options kmeans_opts(Eigen::Index k, Eigen::Index restarts, Eigen::Index iterations,
                                double tolerance, std::uint64_t seed, bool standardize,
                                Eigen::Index local_trials, unsigned threads) {
  return {k, restarts, iterations, tolerance, seed, standardize, local_trials, threads};
}

/// Returns the kmeans_result `r` as a dict of arrays and numbers.
template <typename Scalar>
py::dict kmeans_dict(kam::kmeans_result<Scalar>&& r) {
  py::dict out;
  out["status"] = std::string(kam::enum_name(r.status));
  out["inertia"] = static_cast<double>(r.inertia);
  out["iterations"] = r.iterations;
  out["relocations"] = r.relocations;
  out["empty_clusters"] = r.empty_clusters;
  out["best_restart"] = r.best_restart;
  out["centroids"] = to_numpy(std::move(r.centroids));
  out["scaled_centroids"] = to_numpy(std::move(r.scaled_centroids));
  out["labels"] = to_numpy(std::move(r.labels));
  out["sizes"] = to_numpy(std::move(r.sizes));
  out["cluster_weights"] = to_numpy(std::move(r.cluster_weights));
  out["restart_inertia"] = to_numpy(std::move(r.restart_inertia));
  out["feature_offset"] = to_numpy(std::move(r.feature_offset));
  out["feature_scale"] = to_numpy(std::move(r.feature_scale));
  return out;
}

/// kam::kmeans of `x`, optionally weighted and from initial centroids (then one run).
py::object kmeans(const py::array& x, const std::optional<py::array>& weights,
                  const std::optional<py::array>& initial, const kam::kmeans_options& o) {
  constexpr const char* fn = "kam::kmeans";
  return with_matrix(x, fn, "data", [&](const auto& m) -> py::object {
    using S = typename std::remove_cvref_t<decltype(m)>::Scalar;
    // The caller's weights read in place when contiguous (kam.KMeans passes them so): no copy
    // of N values per fit. A strided array is copied, no weights are ones.
    kam::vector_of<S> copy;
    const S* data = nullptr;
    Eigen::Index n = m.rows();
    if (weights) {
      const auto v = view<S>(*weights, fn, "weights");
      n = v.size();
      if (v.innerStride() == 1) {
        data = v.data();
      } else {
        copy = v;
      }
    } else {
      copy = kam::vector_of<S>::Ones(n);
    }
    const Eigen::Map<const kam::vector_of<S>> w(data != nullptr ? data : copy.data(), n);
    if (!initial) return kmeans_dict(without_gil([&] { return kam::kmeans(m, w, o); }));
    return with_matrix(*initial, fn, "initial", [&](const auto& c) -> py::object {
      using C = typename std::remove_cvref_t<decltype(c)>::Scalar;
      if constexpr (std::is_same_v<C, S>) {
        return kmeans_dict(without_gil([&] { return kam::kmeans(m, w, c, o); }));
      } else {
        const kam::matrix_of<S> cs = c.template cast<S>();
        return kmeans_dict(without_gil([&] { return kam::kmeans(m, w, cs, o); }));
      }
    });
  });
}

/// kam::kmeans_result::predict with the fitted space of `model` (scaled_centroids,
/// feature_offset, feature_scale, centroids).
py::object kmeans_predict(const py::dict& model, const py::array& x) {
  constexpr const char* fn = "kam::kmeans_result::predict";
  return with_matrix(x, fn, "data", [&](const auto& m) -> py::object {
    using S = typename std::remove_cvref_t<decltype(m)>::Scalar;
    kam::kmeans_result<S> r;
    r.centroids = model["centroids"].cast<Eigen::MatrixXd>().cast<S>();
    r.scaled_centroids = model["scaled_centroids"].cast<Eigen::MatrixXd>().cast<S>();
    r.feature_offset = model["feature_offset"].cast<Eigen::VectorXd>().cast<S>();
    r.feature_scale = model["feature_scale"].cast<Eigen::VectorXd>().cast<S>();
    return to_numpy(without_gil([&] { return r.predict(m); }));
  });
}

}  // namespace

void bind_segmentation(py::module_& m) {
  using py::arg;
  m.def("quantiles", &quantiles, arg("values"), arg("probs"), arg("method"),
        "kam::quantiles: numpy.quantile's values at probs.");
  m.def("fit_quantile_bins", &fit_bins, arg("data"), arg("fields"), arg("method"),
        arg("duplicates"), "kam::fit_quantile_bins: edges and bins per field.");
  m.def("assign_quantile_bins", &assign_bins, arg("data"), arg("fields"), arg("edges"), arg("bins"),
        arg("combined"), arg("separator"),
        "kam::quantile_bins::assign: codes, counts, outside (and combined codes).");
  m.def("rule_fields", &rule_fields, arg("rules"), arg("fallback"),
        "kam::segment_rules::fields of (segment, condition text, name) rules.");
  m.def("assign_segments", &assign, arg("numeric"), arg("open"), arg("closed"), arg("rules"),
        arg("fallback"), arg("missing"), "kam::assign_segments over named columns.");
  m.def(
      "parse_condition", [](const std::string& t) { return kam::to_text(kam::parse_condition(t)); },
      arg("text"), "kam::to_text(kam::parse_condition(text)).");
  py::class_<kam::kmeans_options>(m, "KmeansOptions", "kam::kmeans_options (opaque).");
  m.def("kmeans_options", &kmeans_opts, arg("k"), arg("restarts"), arg("max_iterations"),
        arg("tolerance"), arg("seed"), arg("standardize"), arg("local_trials"), arg("threads"),
        "kam::kmeans_options.");
  m.def("kmeans", &kmeans, arg("data"), arg("weights"), arg("initial"), arg("options"),
        "kam::kmeans, weighted, optionally from initial centroids.");
  m.def("kmeans_predict", &kmeans_predict, arg("model"), arg("data"),
        "kam::kmeans_result::predict.");
}

}  // namespace kam_python
