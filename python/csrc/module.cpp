// kam._kam: the compiled half of kam's Python module (the Python half is src/kam).
#include <kam/core/describe.hpp>
#include <kam/core/direction.hpp>
#include <kam/plan/account_plan.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <kam/plan/objectives.hpp>
#include <kam/plan/self_assessment.hpp>
#include <kam/plan/whitespace.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/focus.hpp>
#include <kam/portfolio/maturity.hpp>
#include <kam/portfolio/position.hpp>
#include <kam/portfolio/relationship.hpp>
#include <kam/retention/cox_fit.hpp>
#include <kam/retention/fit_status.hpp>
#include <kam/retention/logrank.hpp>
#include <kam/retention/movements.hpp>
#include <kam/retention/revenue_retention.hpp>
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/catalogue.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/sensitivity.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wpm.hpp>
#include <kam/segmentation/kmeans_result.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/rules.hpp>
#include <kam/version.hpp>
#include <string>
#include <vector>

#include "common.hpp"

namespace kam_python {

namespace {

/// Returns the names of every enum the module takes as a string, by the argument they go to.
py::dict enum_names() {
  py::dict out;
  out["direction"] = kam::enum_names<kam::direction>();
  out["normalization"] = kam::enum_names<kam::normalization>();
  out["missing"] = kam::enum_names<kam::missing_policy>();
  out["impute"] = kam::enum_names<kam::imputation>();
  out["scale"] = kam::enum_names<kam::score_scale>();
  out["product_normalization"] = kam::enum_names<kam::product_normalization>();
  out["topsis_normalization"] = kam::enum_names<kam::topsis_normalization>();
  out["ahp_method"] = kam::enum_names<kam::ahp_method>();
  out["ties"] = kam::enum_names<kam::tie_rule>();
  out["cox_ties"] = kam::enum_names<kam::cox_ties>();
  out["weighting"] = kam::enum_names<kam::logrank_weighting>();
  out["fit_status"] = kam::enum_names<kam::fit_status>();
  out["quantile_method"] = kam::enum_names<kam::quantile_method>();
  out["duplicates"] = kam::enum_names<kam::duplicate_edges>();
  out["rule_missing"] = kam::enum_names<kam::rule_missing>();
  out["kmeans_status"] = kam::enum_names<kam::kmeans_status>();
  out["reactivation"] = kam::enum_names<kam::reactivation_rule>();
  out["movement"] = kam::enum_names<kam::movement>();
  out["cut_basis"] = kam::enum_names<kam::cut_basis>();
  out["on_cut"] = kam::enum_names<kam::on_cut_rule>();
  out["kraljic_quadrant"] = kam::enum_names<kam::kraljic_quadrant>();
  out["preferencing_quadrant"] = kam::enum_names<kam::preferencing_quadrant>();
  out["value_band"] = kam::enum_names<kam::value_band>();
  out["relationship_risk"] = kam::enum_names<kam::relationship_risk>();
  out["posture"] = kam::enum_names<kam::posture>();
  out["purchasing_stage"] = kam::enum_names<kam::purchasing_stage>();
  out["seller_role"] = kam::enum_names<kam::seller_role>();
  out["role_fit"] = kam::enum_names<kam::role_fit>();
  out["buying_role"] = kam::enum_names<kam::buying_role>();
  out["hierarchy_level"] = kam::enum_names<kam::hierarchy_level>();
  out["business_function"] = kam::enum_names<kam::business_function>();
  out["relationship_shape"] = kam::enum_names<kam::relationship_shape>();
  out["relationship_stage"] = kam::enum_names<kam::relationship_stage>();
  out["account_focus"] = kam::enum_names<kam::account_focus>();
  out["plan_section"] = kam::enum_names<kam::plan_section>();
  out["stakeholder_role"] = kam::enum_names<kam::stakeholder_role>();
  out["team_role"] = kam::enum_names<kam::team_role>();
  out["process_step"] = kam::enum_names<kam::process_step>();
  out["cell_state"] = kam::enum_names<kam::cell_state>();
  out["pace_curve"] = kam::enum_names<kam::pace_curve>();
  out["objective_status"] = kam::enum_names<kam::objective_status>();
  out["trend_status"] = kam::enum_names<kam::trend_status>();
  out["kam_practice"] = kam::enum_names<kam::kam_practice>();
  out["weight_perturbation"] = kam::enum_names<kam::weight_perturbation>();
  return out;
}

/// Returns kam::selection_catalogue() as (name, weight, direction, normalization, low, high).
std::vector<criterion_tuple> catalogue() {
  std::vector<criterion_tuple> out;
  for (const auto& c : kam::selection_catalogue()) {
    out.emplace_back(c.name, c.weight, std::string(kam::enum_name(c.direction)),
                     std::string(kam::enum_name(c.normalization)), c.low, c.high);
  }
  return out;
}

}  // namespace

}  // namespace kam_python

PYBIND11_MODULE(_kam, m) {
  namespace kp = kam_python;
  m.doc() = "The compiled half of kam's Python module; use the package kam instead.";
  m.attr("version") = kam::version_string;
  m.def("enum_names", &kp::enum_names, "The names each enum argument accepts.");
  m.def("selection_catalogue", &kp::catalogue,
        "kam::selection_catalogue() as (name, weight, direction, normalization, low, high).");
  kp::bind_errors(m);
  kp::bind_methods(m);
  kp::bind_weights(m);
  kp::bind_retention(m);
  kp::bind_retention_models(m);
  kp::bind_segmentation(m);
  kp::bind_portfolio(m);
  kp::bind_plan(m);
  kp::bind_plan_review(m);
  kp::bind_explain(m);
  kp::bind_defaults(m);
  kp::bind_reference(m);
}
