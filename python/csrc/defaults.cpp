// kam's C++ option defaults, for the Python layer's signatures to be checked against (a test
// compares them) and for the options it leaves to C++.
#include <kam/core/describe.hpp>
#include <kam/plan/health_history.hpp>
#include <kam/plan/kpi_series.hpp>
#include <kam/plan/next_play.hpp>
#include <kam/plan/objectives.hpp>
#include <kam/plan/plan_scores.hpp>
#include <kam/plan/whitespace.hpp>
#include <kam/portfolio/focus.hpp>
#include <kam/portfolio/maturity.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <kam/portfolio/relationship.hpp>
#include <kam/scoring/sensitivity.hpp>
#include <string>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

/// The defaults of the portfolio options.
void portfolio_defaults(py::dict& out) {
  const kam::focus_config f;
  out["focus"] =
      py::dict(py::arg("win_below_share") = f.win_below_share,
               py::arg("expand_below_share") = f.expand_below_share,
               py::arg("win_growth") = f.win_growth, py::arg("expand_growth") = f.expand_growth,
               py::arg("at_risk") = f.at_risk, py::arg("large_share") = f.large_share,
               py::arg("growth_low") = f.growth_low, py::arg("growth_high") = f.growth_high);
  const kam::preferencing_config p;
  out["preferencing"] =
      py::dict(py::arg("value_edges") = p.value_edges,
               py::arg("high_value_from") = std::string(kam::enum_name(p.high_value_from)));
  const kam::maturity_config m;
  out["maturity"] =
      py::dict(py::arg("scale_low") = m.scale_low, py::arg("scale_high") = m.scale_high,
               py::arg("stage_edges") = m.stage_edges);
  const kam::relationship_config r;
  out["relationship"] =
      py::dict(py::arg("active_days") = r.active_days, py::arg("breadth_target") = r.breadth_target,
               py::arg("stage_edges") = r.stage_edges);
}

/// The defaults of the plan options.
void plan_defaults(py::dict& out) {
  const kam::plan_config c;
  out["plan"] = py::dict(py::arg("section_weights") = c.section_weights,
                         py::arg("customer_role_weights") = c.customer_role_weights,
                         py::arg("team_role_weights") = c.team_role_weights,
                         py::arg("objectives_weight") = c.objectives_weight,
                         py::arg("review_interval_days") = c.review_interval_days);
  out["whitespace"] = py::dict(py::arg("smoothing") = kam::whitespace_options{}.smoothing);
  const kam::play_rules p;
  std::vector<std::string> ties;
  for (const auto t : p.tie_order) ties.emplace_back(kam::enum_name(t));
  out["play_rules"] = py::dict(
      py::arg("protect") = py::make_tuple(p.protect.weight, p.protect.min_value),
      py::arg("expand") = py::make_tuple(p.expand.weight, p.expand.min_value),
      py::arg("win") = py::make_tuple(p.win.weight, p.win.min_value), py::arg("tie_order") = ties);
  const kam::review_options v;
  out["review"] = py::dict(py::arg("curve") = std::string(kam::enum_name(v.curve)),
                           py::arg("on_track_from") = v.on_track_from,
                           py::arg("at_risk_from") = v.at_risk_from);
  const kam::kpi_options k;
  out["kpi"] = py::dict(py::arg("ewma_alpha") = k.ewma_alpha, py::arg("level") = k.level);
  const kam::health_options h;
  out["health"] = py::dict(
      py::arg("band_edges") = h.band_edges, py::arg("band_names") = h.band_names,
      py::arg("dead_band") = h.dead_band, py::arg("window") = h.window,
      py::arg("fall_threshold") = h.fall_threshold,
      py::arg("churn_rise_threshold") = h.churn_rise_threshold, py::arg("tolerance") = h.tolerance);
}

/// Returns the defaults of the options structs the Python layer repeats, by struct.
py::dict option_defaults() {
  py::dict out;
  portfolio_defaults(out);
  plan_defaults(out);
  const kam::sensitivity_options s;
  out["sensitivity"] =
      py::dict(py::arg("draws") = s.draws, py::arg("seed") = s.seed,
               py::arg("distribution") = std::string(kam::enum_name(s.distribution)),
               py::arg("concentration") = s.concentration, py::arg("sigma") = s.sigma);
  return out;
}

}  // namespace

void bind_defaults(py::module_& m) {
  m.def("option_defaults", &option_defaults,
        "The defaults of kam's options structs that the Python layer repeats, by struct.");
}

}  // namespace kam_python
