// Account plans: plan scores (completeness, freshness, gaps in words), whitespace by price or by
// the revenue of owners (with the best openings per account) and the next best play with its
// reason. The Python layer (src/kam/_plan.py) turns DataFrames into the flat columns taken here
// and the dicts returned into DataFrames; enums cross as their names, dates as days since
// 1970-01-01.
#include <pybind11/eigen.h>

#include <chrono>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/account_plan.hpp>
#include <kam/plan/next_play.hpp>
#include <kam/plan/plan_scores.hpp>
#include <kam/plan/whitespace.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

/// Returns the day `days` after 1970-01-01.
std::chrono::sys_days day(std::int32_t days) {
  return std::chrono::sys_days{std::chrono::days{days}};
}

/// Returns the names of the bits set in `mask`, bit b naming enumerator b of E.
template <typename E>
std::vector<std::string> bit_names(std::uint8_t mask) {
  std::vector<std::string> out;
  const auto names = kam::enum_names<E>();
  for (std::size_t b = 0; b < names.size(); ++b) {
    if ((mask >> b) & 1u) out.push_back(names[b]);
  }
  return out;
}

// --- plan scores -----------------------------------------------------------------------------

/// The plan table as the Python layer passes it (see kam::plan_table).
struct plan_columns {
  std::vector<std::string> account;
  std::vector<std::uint8_t> section_flags;
  std::vector<std::int32_t> section_updated;
  std::vector<std::uint8_t> customer_roles, team_roles;
  std::vector<std::int32_t> objectives;
  std::vector<std::string> step;
};

/// Returns the plan table of `c`; an unknown step names its row.
kam::plan_table make_plans(plan_columns&& c, const char* fn) {
  kam::plan_table t;
  t.account = std::move(c.account);
  t.section_flags = std::move(c.section_flags);
  t.section_updated = std::move(c.section_updated);
  t.customer_roles = std::move(c.customer_roles);
  t.team_roles = std::move(c.team_roles);
  t.objectives = std::move(c.objectives);
  for (std::size_t i = 0; i < c.step.size(); ++i) {
    try {
      t.step.push_back(kam::enum_from_name<kam::process_step>(c.step[i], "step", fn));
    } catch (const kam::unknown_name&) {
      throw kam::unknown_name({fn, "step", static_cast<std::ptrdiff_t>(i)}, c.step[i],
                              kam::enum_names<kam::process_step>());
    }
  }
  return t;
}

/// The weights and review interval of kam::plan_config, in its order.
using plan_config_tuple =
    std::tuple<std::array<double, kam::plan_section_count>,
               std::array<double, kam::stakeholder_role_count>,
               std::array<double, kam::team_role_count>, double, std::int32_t>;

/// kam::score_plans as of `as_of` (days since 1970-01-01), with every plan's gaps in words.
py::object score_plans(plan_columns columns, std::int32_t as_of, const plan_config_tuple& c) {
  constexpr const char* fn = "kam::score_plans";
  const auto& [sections, customer, team, objectives, interval] = c;
  const kam::plan_config config{sections, customer, team, objectives, interval};
  const auto plans = make_plans(std::move(columns), fn);
  auto [r, gaps] = without_gil([&] {
    auto s = kam::score_plans(plans, day(as_of), config);
    std::vector<std::vector<std::string>> words(plans.account.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      words[i] = kam::plan_gaps(s, static_cast<Eigen::Index>(i));
    }
    return std::pair{std::move(s), std::move(words)};
  });
  py::list missing, unowned, stale, roles, team_roles;
  for (std::size_t i = 0; i < plans.account.size(); ++i) {
    missing.append(bit_names<kam::plan_section>(r.missing_sections[i]));
    unowned.append(bit_names<kam::plan_section>(r.unowned_sections[i]));
    stale.append(bit_names<kam::plan_section>(r.stale_sections[i]));
    roles.append(bit_names<kam::stakeholder_role>(r.missing_customer_roles[i]));
    team_roles.append(bit_names<kam::team_role>(r.missing_team_roles[i]));
  }
  py::dict out;
  out["missing_sections"] = missing;
  out["unowned_sections"] = unowned;
  out["stale_sections"] = stale;
  out["missing_customer_roles"] = roles;
  out["missing_team_roles"] = team_roles;
  out["missing_objectives"] = r.missing_objectives;
  out["section_age_days"] = r.section_age_days;
  out["gaps"] = gaps;
  out["completeness"] = to_numpy(std::move(r.completeness));
  out["freshness"] = to_numpy(std::move(r.freshness));
  return out;
}

// --- whitespace ------------------------------------------------------------------------------

/// Returns the best openings of every account as an N x top int64 matrix (-1 padded).
Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> openings(
    const kam::whitespace_result& r, const kam::holdings_table& h,
    const Eigen::Ref<const kam::index_vector>& groups, std::size_t top) {
  const Eigen::Index n = h.account_count();
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> out =
      Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>::Constant(
          n, static_cast<Eigen::Index>(top), -1);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto best = kam::best_openings(r, h, groups, i, top);
    for (std::size_t k = 0; k < best.size(); ++k) out(i, static_cast<Eigen::Index>(k)) = best[k];
  }
  return out;
}

/// kam::whitespace_by_price (with `price`) or kam::whitespace_by_peer_revenue (with `revenue`)
/// of the N x M uint8 cell states, with each account's `top` best openings.
py::object whitespace(
    const py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>& cells,
    std::vector<std::string> offerings, const kam::index_vector& groups,
    const std::optional<Eigen::VectorXd>& price, const std::optional<Eigen::MatrixXd>& revenue,
    double smoothing, Eigen::Index group_count, unsigned threads, std::size_t top) {
  kam::holdings_table h;
  h.offerings = std::move(offerings);
  const auto* p = cells.data();
  h.cells.reserve(static_cast<std::size_t>(cells.size()));
  for (py::ssize_t k = 0; k < cells.size(); ++k) h.cells.push_back(kam::cell_state{p[k]});
  const kam::whitespace_options o{smoothing, group_count, threads};
  auto [r, best] = without_gil([&] {
    auto w = price ? kam::whitespace_by_price(h, groups, *price, o)
                   : kam::whitespace_by_peer_revenue(h, groups, *revenue, o);
    auto b = openings(w, h, groups, top);
    return std::pair{std::move(w), std::move(b)};
  });
  py::dict out;
  out["best_openings"] = to_numpy(std::move(best));
  out["owned"] = to_numpy(std::move(r.owned));
  out["pipeline"] = to_numpy(std::move(r.pipeline));
  out["open"] = to_numpy(std::move(r.open));
  out["eligible"] = to_numpy(std::move(r.eligible));
  out["account_penetration"] = to_numpy(std::move(r.account_penetration));
  out["offering_owners"] = to_numpy(std::move(r.offering_owners));
  out["offering_eligible"] = to_numpy(std::move(r.offering_eligible));
  out["offering_penetration"] = to_numpy(std::move(r.offering_penetration));
  out["offering_value"] = to_numpy(std::move(r.offering_value));
  out["group_propensity"] = to_numpy(std::move(r.group_propensity));
  out["open_value"] = to_numpy(std::move(r.open_value));
  out["expected_expansion"] = to_numpy(std::move(r.expected_expansion));
  return out;
}

// --- next best play --------------------------------------------------------------------------

/// A play rule as (weight, min_value).
using rule_pair = std::pair<double, double>;

/// kam::next_best_play of the five inputs with every account's reason in words.
py::object next_play(const Eigen::Ref<const Eigen::VectorXd>& churn,
                     const Eigen::Ref<const Eigen::VectorXd>& clv,
                     const Eigen::Ref<const Eigen::VectorXd>& expansion,
                     const Eigen::Ref<const Eigen::VectorXd>& gap,
                     const Eigen::Ref<const Eigen::VectorXd>& value_to_win,
                     const rule_pair& protect, const rule_pair& expand, const rule_pair& win,
                     const std::vector<std::string>& tie_order) {
  constexpr const char* fn = "kam::next_best_play";
  kam::play_rules rules{
      {protect.first, protect.second}, {expand.first, expand.second}, {win.first, win.second}, {}};
  if (tie_order.size() != rules.tie_order.size()) {
    throw kam::shape_mismatch({fn, "tie_order"},
                              kam::detail::cat({"expected 3 plays, got ", tie_order.size()}));
  }
  for (std::size_t k = 0; k < tie_order.size(); ++k) {
    rules.tie_order[k] = enum_arg<kam::account_focus>(tie_order[k], "tie_order", fn);
  }
  auto [r, reasons] = without_gil([&] {
    auto p = kam::next_best_play(churn, clv, expansion, gap, value_to_win, rules);
    std::vector<std::string> words(p.play.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      words[i] = kam::play_reason(p, static_cast<Eigen::Index>(i));
    }
    return std::pair{std::move(p), std::move(words)};
  });
  std::vector<std::string> plays;
  for (const auto f : r.play) plays.emplace_back(kam::enum_name(f));
  py::dict out;
  out["play"] = plays;
  out["reason"] = reasons;
  out["missing"] = r.missing;
  out["tied"] = r.tied;
  out["value"] = to_numpy(std::move(r.value));
  out["protect_value"] = to_numpy(std::move(r.protect_value));
  out["expand_value"] = to_numpy(std::move(r.expand_value));
  out["win_value"] = to_numpy(std::move(r.win_value));
  return out;
}

}  // namespace

void bind_plan(py::module_& m) {
  using py::arg;
  py::class_<plan_columns>(m, "PlanColumns", "The columns of a kam::plan_table (opaque).")
      .def(py::init([](std::vector<std::string> a, std::vector<std::uint8_t> f,
                       std::vector<std::int32_t> u, std::vector<std::uint8_t> c,
                       std::vector<std::uint8_t> t, std::vector<std::int32_t> o,
                       std::vector<std::string> s) {
             return plan_columns{std::move(a), std::move(f), std::move(u), std::move(c),
                                 std::move(t), std::move(o), std::move(s)};
           }),
           arg("account"), arg("section_flags"), arg("section_updated"), arg("customer_roles"),
           arg("team_roles"), arg("objectives"), arg("step"));
  m.def("score_plans", &score_plans, arg("plans"), arg("as_of"), arg("config"),
        "kam::score_plans with kam::plan_gaps of every plan; dates in days since 1970-01-01.");
  m.def(
      "plan_question",
      [](const std::string& s) {
        return std::string(
            kam::plan_question(enum_arg<kam::plan_section>(s, "section", "kam::plan_question")));
      },
      arg("section"), "kam::plan_question: the deck's question a section answers.");
  m.def("label_codes", &kam::label_codes, arg("labels"),
        "kam::label_codes: codes of string labels by first appearance.");
  m.def("whitespace", &whitespace, arg("cells"), arg("offerings"), arg("peer_group"), arg("price"),
        arg("revenue"), arg("smoothing"), arg("groups"), arg("threads"), arg("top"),
        "kam::whitespace_by_price (price) or whitespace_by_peer_revenue (revenue), with "
        "best_openings.");
  m.def("next_best_play", &next_play, arg("churn_probability"), arg("clv"), arg("expansion"),
        arg("gap"), arg("value_to_win"), arg("protect"), arg("expand"), arg("win"),
        arg("tie_order"), "kam::next_best_play with kam::play_reason of every account.");
}

}  // namespace kam_python
