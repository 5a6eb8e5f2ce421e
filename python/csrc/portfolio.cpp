// Portfolio position: Kraljic from the supplier's side, supplier preferencing, the combined
// position, purchasing maturity, relationship structure and account focus. The Python layer
// (src/kam/_portfolio.py) picks DataFrame columns, converts dtypes and builds the result objects
// from the dicts returned here; enums cross as their names.
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/focus.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <kam/portfolio/maturity.hpp>
#include <kam/portfolio/position.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <kam/portfolio/relationship.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.hpp"
#include "scoring.hpp"

namespace kam_python {

namespace {

using criteria_list = std::vector<criterion_tuple>;

/// A cut as the Python layer passes it: (basis, value, on_cut).
using cut_tuple = std::tuple<std::string, double, std::string>;

/// Returns the axis cut of `t`; unknown names throw kam::unknown_name naming `fn` and `field`.
kam::axis_cut make_cut(const cut_tuple& t, const char* fn) {
  const auto& [basis, value, on_cut] = t;
  return {enum_arg<kam::cut_basis>(basis, "cut_basis", fn), value,
          enum_arg<kam::on_cut_rule>(on_cut, "on_cut", fn)};
}

/// Returns the names of the enumerators of `v`.
template <typename E>
std::vector<std::string> names_of(const std::vector<E>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto e : v) out.emplace_back(kam::enum_name(e));
  return out;
}

/// Returns the enumerators named by `names`; an unknown one throws kam::unknown_name naming `fn`,
/// `field` and its row.
template <typename E>
std::vector<E> enums_of(const std::vector<std::string>& names, const char* field, const char* fn) {
  std::vector<E> out;
  out.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    try {
      out.push_back(kam::enum_from_name<E>(names[i], field, fn));
    } catch (const kam::unknown_name&) {
      throw kam::unknown_name({fn, field, static_cast<std::ptrdiff_t>(i)}, names[i],
                              kam::enum_names<E>());
    }
  }
  return out;
}

/// Returns `counts` (one per enumerator of E) as a dict by enumerator name.
template <typename E, std::size_t N>
py::dict counts_of(const std::array<Eigen::Index, N>& counts) {
  py::dict out;
  const auto names = kam::enum_names<E>();
  for (std::size_t i = 0; i < N; ++i) out[py::str(names[i])] = counts[i];
  return out;
}

/// Returns the criteria of a catalogue as (name, weight, direction, normalization, low, high).
criteria_list tuples_of(const kam::criteria_set& set) {
  criteria_list out;
  for (const auto& c : set) {
    out.emplace_back(c.name, c.weight, std::string(kam::enum_name(c.direction)),
                     std::string(kam::enum_name(c.normalization)), c.low, c.high);
  }
  return out;
}

/// The default criteria of one portfolio axis: "profit_impact", "replaceability",
/// "attractiveness", "maturity" or "relationship".
criteria_list catalogue(const std::string& name) {
  if (name == "profit_impact") return tuples_of(kam::profit_impact_catalogue());
  if (name == "replaceability") return tuples_of(kam::replaceability_catalogue());
  if (name == "attractiveness") return tuples_of(kam::attractiveness_catalogue());
  if (name == "maturity") return tuples_of(kam::maturity_catalogue());
  if (name == "relationship") return tuples_of(kam::relationship_score_catalogue());
  throw kam::unknown_name(
      {"kam.portfolio_catalogue", "name"}, name,
      {"profit_impact", "replaceability", "attractiveness", "maturity", "relationship"});
}

/// The guide (behaviour, play, source) of a Kraljic quadrant, preferencing quadrant or stage.
std::tuple<std::string, std::string, std::string> guide(const std::string& kind,
                                                        const std::string& name) {
  constexpr const char* fn = "kam.quadrant_guide";
  kam::quadrant_guide g;
  if (kind == "kraljic") {
    g = kam::kraljic_guide(enum_arg<kam::kraljic_quadrant>(name, "name", fn));
  } else if (kind == "preferencing") {
    g = kam::preferencing_guide(enum_arg<kam::preferencing_quadrant>(name, "name", fn));
  } else if (kind == "maturity") {
    g = kam::maturity_guide(enum_arg<kam::purchasing_stage>(name, "name", fn));
  } else {
    throw kam::unknown_name({fn, "kind"}, kind, {"kraljic", "preferencing", "maturity"});
  }
  return {g.behaviour, g.play, g.source};
}

// --- Kraljic ---------------------------------------------------------------------------------

/// Returns the Kraljic result `r` as a dict of arrays, names and counts.
template <typename Scalar>
py::dict kraljic_dict(kam::kraljic_result<Scalar>&& r) {
  py::dict out;
  out["impact_cut"] = static_cast<double>(r.impact_cut);
  out["risk_cut"] = static_cast<double>(r.risk_cut);
  out["quadrant"] = names_of(r.quadrant);
  out["counts"] = counts_of<kam::kraljic_quadrant>(r.counts);
  out["on_impact_cut"] = r.on_impact_cut;
  out["on_risk_cut"] = r.on_risk_cut;
  out["impact_constant"] = to_list(r.impact_constant);
  out["risk_constant"] = to_list(r.risk_constant);
  out["partial"] = r.partial;
  out["impact"] = to_numpy(std::move(r.impact));
  out["risk"] = to_numpy(std::move(r.risk));
  return out;
}

/// The axis of `criteria` scored with `options` and cut by `cut`.
kam::portfolio_axis make_axis(const criteria_list& criteria, const kam::score_options& options,
                              const cut_tuple& cut, const char* fn) {
  return {make_criteria(criteria, fn), options, make_cut(cut, fn)};
}

/// kam::kraljic of the impact and risk sub-criteria (same dtype; the Python layer converts).
py::object kraljic(const py::array& impact_x, const py::array& risk_x, const criteria_list& impact,
                   const criteria_list& risk, const cut_tuple& impact_cut,
                   const cut_tuple& risk_cut, const std::string& missing, const std::string& impute,
                   const std::string& scale) {
  constexpr const char* fn = "kam::kraljic";
  const auto o = score_options(missing, impute, scale, 1, fn);
  const kam::kraljic_config c{make_axis(impact, o, impact_cut, fn),
                              make_axis(risk, o, risk_cut, fn)};
  return with_matrix(impact_x, fn, "impact", [&](const auto& i) -> py::object {
    using S = typename std::remove_cvref_t<decltype(i)>::Scalar;
    return with_matrix(risk_x, fn, "risk", [&](const auto& k) -> py::object {
      using K = typename std::remove_cvref_t<decltype(k)>::Scalar;
      if constexpr (std::is_same_v<K, S>) {
        return kraljic_dict(without_gil([&] { return kam::kraljic(i, k, c); }));
      } else {
        const kam::matrix_of<S> cast = k.template cast<S>();
        return kraljic_dict(without_gil([&] { return kam::kraljic(i, cast, c); }));
      }
    });
  });
}

/// kam::kraljic_from_scores of known axis scores (same dtype).
py::object kraljic_scores(const py::array& impact, const py::array& risk,
                          const cut_tuple& impact_cut, const cut_tuple& risk_cut,
                          const std::string& scale) {
  constexpr const char* fn = "kam::kraljic_from_scores";
  const auto ic = make_cut(impact_cut, fn);
  const auto rc = make_cut(risk_cut, fn);
  const auto s = enum_arg<kam::score_scale>(scale, "scale", fn);
  return with_vector(impact, fn, "impact", [&](const auto& i) -> py::object {
    using S = typename std::remove_cvref_t<decltype(i)>::Scalar;
    const auto k = view<S>(risk, fn, "risk");
    return kraljic_dict(without_gil([&] { return kam::kraljic_from_scores(i, k, ic, rc, s); }));
  });
}

// --- preferencing ----------------------------------------------------------------------------

/// Returns the preferencing result `r` as a dict.
template <typename Scalar>
py::dict preferencing_dict(kam::preferencing_result<Scalar>&& r) {
  py::dict out;
  out["attractiveness_cut"] = static_cast<double>(r.attractiveness_cut);
  out["our_revenue"] = r.our_revenue;
  out["band"] = names_of(r.band);
  out["quadrant"] = names_of(r.quadrant);
  out["counts"] = counts_of<kam::preferencing_quadrant>(r.counts);
  out["band_counts"] = counts_of<kam::value_band>(r.band_counts);
  out["on_attractiveness_cut"] = r.on_attractiveness_cut;
  out["attractiveness_constant"] = to_list(r.attractiveness_constant);
  out["partial"] = r.partial;
  out["attractiveness"] = to_numpy(std::move(r.attractiveness));
  out["relative_value"] = to_numpy(std::move(r.relative_value));
  return out;
}

/// The preferencing configuration of the Python arguments (criteria empty: scores given).
kam::preferencing_config preferencing_config(const criteria_list& criteria, const cut_tuple& cut,
                                             const kam::score_options& o,
                                             const std::array<double, 3>& edges,
                                             const std::string& high_from,
                                             std::optional<double> ours, const char* fn) {
  kam::preferencing_config c;
  if (!criteria.empty()) c.attractiveness.criteria = make_criteria(criteria, fn);
  c.attractiveness.options = o;
  c.attractiveness.cut = make_cut(cut, fn);
  c.value_edges = edges;
  c.high_value_from = enum_arg<kam::value_band>(high_from, "high_value_from", fn);
  c.our_revenue = ours;
  return c;
}

/// kam::preferencing (or, with `scores`, kam::preferencing_from_scores) with revenue.
py::object preferencing(const py::array& x, const py::array& revenue, bool scores,
                        const criteria_list& criteria, const cut_tuple& cut,
                        const std::string& missing, const std::string& impute,
                        const std::string& scale, const std::array<double, 3>& edges,
                        const std::string& high_from, std::optional<double> ours) {
  const char* fn = scores ? "kam::preferencing_from_scores" : "kam::preferencing";
  const auto o = score_options(missing, impute, scale, 1, fn);
  const auto c = preferencing_config(criteria, cut, o, edges, high_from, ours, fn);
  if (scores) {
    return with_vector(x, fn, "attractiveness", [&](const auto& a) -> py::object {
      using S = typename std::remove_cvref_t<decltype(a)>::Scalar;
      const auto r = view<S>(revenue, fn, "revenue");
      return preferencing_dict(without_gil([&] { return kam::preferencing_from_scores(a, r, c); }));
    });
  }
  return with_matrix(x, fn, "attractiveness", [&](const auto& a) -> py::object {
    using S = typename std::remove_cvref_t<decltype(a)>::Scalar;
    const auto r = view<S>(revenue, fn, "revenue");
    return preferencing_dict(without_gil([&] { return kam::preferencing(a, r, c); }));
  });
}

// --- combined position -----------------------------------------------------------------------

/// A rule of the position table as the Python layer passes it: (kraljic, preferencing, risk,
/// posture, rationale).
using rule_tuple = std::tuple<std::string, std::string, std::string, std::string, std::string>;

/// Returns kam::default_position_table() as rule tuples.
std::vector<rule_tuple> default_table() {
  std::vector<rule_tuple> out;
  for (const auto& r : kam::default_position_table().rules) {
    out.emplace_back(kam::enum_name(r.kraljic), kam::enum_name(r.preferencing),
                     kam::enum_name(r.risk), kam::enum_name(r.posture), r.rationale);
  }
  return out;
}

/// Returns the position table of `rules` (unknown names name the rule as the row).
kam::position_table make_table(const std::vector<rule_tuple>& rules, const char* fn) {
  kam::position_table t;
  std::vector<std::string> k, p, r, s;
  for (const auto& [kr, pr, risk, posture, why] : rules) {
    k.push_back(kr);
    p.push_back(pr);
    r.push_back(risk);
    s.push_back(posture);
    t.rules.push_back({{}, {}, {}, {}, why});
  }
  const auto ke = enums_of<kam::kraljic_quadrant>(k, "table.kraljic", fn);
  const auto pe = enums_of<kam::preferencing_quadrant>(p, "table.preferencing", fn);
  const auto re = enums_of<kam::relationship_risk>(r, "table.risk", fn);
  const auto se = enums_of<kam::posture>(s, "table.posture", fn);
  for (std::size_t i = 0; i < t.rules.size(); ++i) {
    t.rules[i].kraljic = ke[i];
    t.rules[i].preferencing = pe[i];
    t.rules[i].risk = re[i];
    t.rules[i].posture = se[i];
  }
  return t;
}

/// kam::position of the quadrant names through `rules` (None: the default table).
py::object position(const std::vector<std::string>& kraljic,
                    const std::vector<std::string>& preferencing,
                    const std::optional<std::vector<rule_tuple>>& rules) {
  constexpr const char* fn = "kam::position";
  const auto k = enums_of<kam::kraljic_quadrant>(kraljic, "kraljic", fn);
  const auto p = enums_of<kam::preferencing_quadrant>(preferencing, "preferencing", fn);
  const auto t = rules ? make_table(*rules, fn) : kam::default_position_table();
  const auto r = without_gil([&] { return kam::position(k, p, t); });
  py::dict out;
  out["risk"] = names_of(r.risk);
  out["posture"] = names_of(r.posture);
  out["risk_counts"] = counts_of<kam::relationship_risk>(r.risk_counts);
  out["posture_counts"] = counts_of<kam::posture>(r.posture_counts);
  return out;
}

// --- maturity --------------------------------------------------------------------------------

/// kam::maturity of the ratings (columns named by `dimensions`), optionally against the roles
/// served today.
py::object maturity(const py::array& x, const std::vector<std::string>& dimensions,
                    const std::vector<std::string>& served, const criteria_list& criteria,
                    double low, double high, const std::array<double, 3>& edges,
                    const std::string& missing, const std::string& impute) {
  constexpr const char* fn = "kam::maturity";
  kam::maturity_config c;
  if (!criteria.empty()) c.dimensions = make_criteria(criteria, fn);
  c.scale_low = low;
  c.scale_high = high;
  c.stage_edges = edges;
  c.options = score_options(missing, impute, "unit", 1, fn);
  const auto roles = enums_of<kam::seller_role>(served, "served", fn);
  return with_matrix(x, fn, "assessment", [&](const auto& a) -> py::object {
    auto r = without_gil([&] { return kam::maturity(a, dimensions, roles, c); });
    py::dict out;
    out["stage"] = names_of(r.stage);
    out["matched"] = names_of(r.matched);
    out["fit"] = names_of(r.fit);
    out["gap"] = r.gap;
    out["stage_counts"] = counts_of<kam::purchasing_stage>(r.stage_counts);
    out["behind"] = r.behind;
    out["ahead"] = r.ahead;
    out["partial"] = r.partial;
    out["index"] = to_numpy(std::move(r.index));
    return out;
  });
}

// --- relationship ----------------------------------------------------------------------------

/// The contact map as columns: account rows, our and their person ids, role, level, function,
/// weight and days since contact.
struct contact_columns {
  std::vector<std::int64_t> account;
  std::vector<std::string> ours, theirs, role, level, function;
  std::vector<double> weight, days;
};

/// Returns the contacts of the columns `c` (unknown enumerator names name their contact row).
std::vector<kam::contact> make_contacts(const contact_columns& c, const char* fn) {
  const auto roles = enums_of<kam::buying_role>(c.role, "role", fn);
  const auto levels = enums_of<kam::hierarchy_level>(c.level, "level", fn);
  const auto functions = enums_of<kam::business_function>(c.function, "function", fn);
  const std::size_t n = c.account.size();
  for (const auto size : {c.ours.size(), c.theirs.size(), c.role.size(), c.level.size(),
                          c.function.size(), c.weight.size(), c.days.size()}) {
    if (size != n) {
      throw kam::shape_mismatch({fn, "contacts"},
                                kam::detail::cat({"columns of ", n, " and ", size, " contacts"}));
    }
  }
  std::vector<kam::contact> out(c.account.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = {c.account[i], c.ours[i],    c.theirs[i], roles[i],
              levels[i],    functions[i], c.weight[i], c.days[i]};
  }
  return out;
}

/// The relationship configuration of the Python arguments.
/// The shape thresholds in kam::shape_thresholds' member order.
using shape_tuple = std::tuple<double, Eigen::Index, double, double, double, double>;

/// Names as the Python layer passes an optional list (None: kam's default).
using optional_names = std::optional<std::vector<std::string>>;

/// The relationship configuration of the Python arguments; None keeps kam's default.
kam::relationship_config relationship_config(double active_days, const optional_names& roles,
                                             const optional_names& levels,
                                             const optional_names& functions, double breadth_target,
                                             const std::array<double, 4>& edges,
                                             const std::optional<shape_tuple>& shape,
                                             const criteria_list& criteria, const char* fn) {
  kam::relationship_config c;
  c.active_days = active_days;
  if (roles) c.required_roles = enums_of<kam::buying_role>(*roles, "required_roles", fn);
  if (levels) c.required_levels = enums_of<kam::hierarchy_level>(*levels, "required_levels", fn);
  if (functions) {
    c.required_functions = enums_of<kam::business_function>(*functions, "required_functions", fn);
  }
  c.breadth_target = breadth_target;
  c.stage_edges = edges;
  if (shape) {
    const auto& [bow, people, effective, role_cov, level_cov, function_cov] = *shape;
    c.shape = {bow, people, effective, role_cov, level_cov, function_cov};
  }
  if (!criteria.empty()) c.score_criteria = make_criteria(criteria, fn);
  return c;
}

/// Returns one relationship profile as a tuple in the order of relationship_columns().
py::tuple profile_row(const kam::relationship_profile& p) {
  return py::make_tuple(p.contacts, p.active_contacts, p.stale_contacts, p.our_people,
                        p.their_people, p.role_coverage, p.level_coverage, p.function_coverage,
                        p.hhi, p.effective_contacts, p.effective_their_people, p.single_threaded,
                        std::string(kam::enum_name(p.shape)), p.score,
                        std::string(kam::enum_name(p.stage)), names_of(p.missing_roles));
}

/// kam::relationship of `accounts` accounts from their contact map; a profile tuple per account.
py::object relationship(const contact_columns& columns, Eigen::Index accounts,
                        const kam::relationship_config& config) {
  constexpr const char* fn = "kam::relationship";
  const auto contacts = make_contacts(columns, fn);
  const auto r = without_gil([&] { return kam::relationship(contacts, accounts, config); });
  py::list rows;
  for (const auto& p : r.accounts) rows.append(profile_row(p));
  py::dict out;
  out["rows"] = rows;
  out["shape_counts"] = counts_of<kam::relationship_shape>(r.shape_counts);
  out["stage_counts"] = counts_of<kam::relationship_stage>(r.stage_counts);
  out["single_threaded"] = r.single_threaded;
  return out;
}

// --- focus -----------------------------------------------------------------------------------

/// kam::focus of the four vectors (same dtype), compared with `key_accounts` (rows).
py::object focus(const py::array& revenue, const py::array& wallet, const py::array& growth,
                 const py::array& churn, const std::vector<Eigen::Index>& key_accounts,
                 const kam::focus_config& config) {
  constexpr const char* fn = "kam::focus";
  const kam::index_vector keys =
      Eigen::Map<const kam::index_vector>(key_accounts.data(), std::ssize(key_accounts));
  return with_vector(revenue, fn, "revenue", [&](const auto& rv) -> py::object {
    using S = typename std::remove_cvref_t<decltype(rv)>::Scalar;
    const auto w = view<S>(wallet, fn, "wallet");
    const auto g = view<S>(growth, fn, "growth_potential");
    const auto c = view<S>(churn, fn, "churn_risk");
    auto r = without_gil([&] { return kam::focus(rv, w, g, c, keys, config); });
    py::dict out;
    out["focus"] = names_of(r.focus);
    out["counts"] = counts_of<kam::account_focus>(r.counts);
    out["large"] = r.large;
    out["key_not_largest"] = to_numpy(std::move(r.key_not_largest));
    out["largest_not_key"] = to_numpy(std::move(r.largest_not_key));
    out["revenue_rank"] = to_numpy(std::move(r.revenue_rank));
    out["share_of_wallet"] = to_numpy(std::move(r.share_of_wallet));
    return out;
  });
}

/// Returns the focus configuration of the eight thresholds, in focus_config's order.
kam::focus_config focus_options(double win_below_share, double expand_below_share,
                                double win_growth, double expand_growth, double at_risk,
                                double large_share, double growth_low, double growth_high) {
  return {win_below_share, expand_below_share, win_growth, expand_growth,
          at_risk,         large_share,        growth_low, growth_high};
}

/// Binds the relationship entry points and their argument types.
void bind_relationship(py::module_& m) {
  using py::arg;
  py::class_<contact_columns>(m, "ContactColumns", "The contact map as columns (opaque).")
      .def(py::init<std::vector<std::int64_t>, std::vector<std::string>, std::vector<std::string>,
                    std::vector<std::string>, std::vector<std::string>, std::vector<std::string>,
                    std::vector<double>, std::vector<double>>(),
           arg("account"), arg("ours"), arg("theirs"), arg("role"), arg("level"), arg("function"),
           arg("weight"), arg("days"));
  py::class_<kam::relationship_config>(m, "RelationshipConfig",
                                       "kam::relationship_config (opaque).");
  m.def(
      "relationship_config",
      [](double a, const optional_names& r, const optional_names& l, const optional_names& f,
         double b, const std::array<double, 4>& e, const std::optional<shape_tuple>& s,
         const criteria_list& c) {
        return relationship_config(a, r, l, f, b, e, s, c, "kam::relationship");
      },
      arg("active_days"), arg("required_roles"), arg("required_levels"), arg("required_functions"),
      arg("breadth_target"), arg("stage_edges"), arg("shape"), arg("criteria"),
      "kam::relationship_config from its members (None: kam's default).");
  m.def("relationship", &relationship, arg("contacts"), arg("accounts"), arg("config"),
        "kam::relationship: a profile tuple per account, shape and stage counts.");
}

}  // namespace

void bind_portfolio(py::module_& m) {
  using py::arg;
  m.def("portfolio_catalogue", &catalogue, arg("name"),
        "The default criteria of a portfolio axis as criterion tuples.");
  m.def("quadrant_guide", &guide, arg("kind"), arg("name"),
        "kam::kraljic_guide / preferencing_guide / maturity_guide: (behaviour, play, source).");
  m.def("kraljic", &kraljic, arg("impact_x"), arg("risk_x"), arg("impact"), arg("risk"),
        arg("impact_cut"), arg("risk_cut"), arg("missing"), arg("impute"), arg("scale"),
        "kam::kraljic: axis scores, cuts and quadrants.");
  m.def("kraljic_from_scores", &kraljic_scores, arg("impact"), arg("risk"), arg("impact_cut"),
        arg("risk_cut"), arg("scale"), "kam::kraljic_from_scores.");
  m.def("preferencing", &preferencing, arg("x"), arg("revenue"), arg("scores"), arg("criteria"),
        arg("cut"), arg("missing"), arg("impute"), arg("scale"), arg("value_edges"),
        arg("high_value_from"), arg("our_revenue"),
        "kam::preferencing (or kam::preferencing_from_scores when scores).");
  m.def("default_position_table", &default_table,
        "kam::default_position_table() as (kraljic, preferencing, risk, posture, rationale).");
  m.def("position", &position, arg("kraljic"), arg("preferencing"), arg("table"),
        "kam::position of quadrant names through a table (None: the default).");
  m.def("maturity", &maturity, arg("assessment"), arg("dimensions"), arg("served"), arg("criteria"),
        arg("scale_low"), arg("scale_high"), arg("stage_edges"), arg("missing"), arg("impute"),
        "kam::maturity: index, stage, matched role, fit and gap.");
  py::class_<kam::focus_config>(m, "FocusConfig", "kam::focus_config (opaque).");
  m.def("focus_config", &focus_options, arg("win_below_share"), arg("expand_below_share"),
        arg("win_growth"), arg("expand_growth"), arg("at_risk"), arg("large_share"),
        arg("growth_low"), arg("growth_high"), "kam::focus_config from its members.");
  m.def("focus", &focus, arg("revenue"), arg("wallet"), arg("growth_potential"), arg("churn_risk"),
        arg("key_accounts"), arg("config"),
        "kam::focus: win / expand / protect / maintain, key against largest accounts.");
  bind_relationship(m);
}

}  // namespace kam_python
