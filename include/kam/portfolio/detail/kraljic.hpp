// Not API. The engine of kam/portfolio/kraljic.hpp: scoring both axes and placing every account.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <limits>
#include <optional>

namespace kam::detail {

// The functions kam/portfolio/kraljic.hpp declares (and includes this header at its end for).

template <typename Scalar>
void kraljic_classify(kraljic_result<Scalar>& r, const axis_cut& impact_cut,
                      score_scale impact_scale, const axis_cut& risk_cut, score_scale risk_scale,
                      const char* fn) {
  check_cut(impact_cut, impact_scale, fn, "impact_cut");
  check_cut(risk_cut, risk_scale, fn, "risk_cut");
  r.impact_cut = resolve_cut(r.impact, impact_cut, impact_scale);
  r.risk_cut = resolve_cut(r.risk, risk_cut, risk_scale);
  const auto hi_impact = make_high_test(r.impact_cut, impact_cut.on_cut, impact_scale);
  const auto hi_risk = make_high_test(r.risk_cut, risk_cut.on_cut, risk_scale);
  const Scalar tol_i = cut_tolerance<Scalar>(impact_scale);
  const Scalar tol_r = cut_tolerance<Scalar>(risk_scale);
  const Eigen::Index n = r.impact.size();
  r.quadrant.resize(static_cast<std::size_t>(n));
  r.counts = {};
  r.on_impact_cut = 0;
  r.on_risk_cut = 0;
  const Scalar* im = r.impact.data();
  const Scalar* rk = r.risk.data();
  kraljic_quadrant* q = r.quadrant.data();
  Eigen::Index per[4] = {0, 0, 0, 0};
  Eigen::Index on_i = 0;
  Eigen::Index on_r = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    // strategic 0, leverage 1, bottleneck 2, non_critical 3: (!impact) * 2 + (!risk).
    const int k = (hi_impact(im[i]) ? 0 : 2) + (hi_risk(rk[i]) ? 0 : 1);
    q[i] = static_cast<kraljic_quadrant>(k);
    ++per[k];
    on_i += std::abs(im[i] - r.impact_cut) <= tol_i ? 1 : 0;
    on_r += std::abs(rk[i] - r.risk_cut) <= tol_r ? 1 : 0;
  }
  for (std::size_t k = 0; k < 4; ++k) r.counts[k] = per[k];
  r.on_impact_cut = on_i;
  r.on_risk_cut = on_r;
}

/// Throws kam::shape_mismatch unless `a` and `b` have as many rows (accounts).
template <typename Impact, typename Risk>
void check_same_rows(const Eigen::MatrixBase<Impact>& a, const Eigen::MatrixBase<Risk>& b,
                     const char* fn, const char* field, const char* what_a, const char* what_b) {
  if (a.rows() != b.rows()) {
    throw shape_mismatch(
        {fn, field, std::nullopt},
        detail::cat({what_a, " has ", a.rows(), " accounts (rows), ", what_b, " has ", b.rows()}));
  }
}

template <typename Impact, typename Risk>
void kraljic_into_impl(kraljic_result<typename Impact::Scalar>& r,
                       const Eigen::MatrixBase<Impact>& impact_x,
                       const Eigen::MatrixBase<Risk>& risk_x, const kraljic_config& config,
                       const score_reference<typename Impact::Scalar>* impact_ref,
                       const score_reference<typename Impact::Scalar>* risk_ref, const char* fn) {
  using Scalar = typename Impact::Scalar;
  check_same_rows(impact_x, risk_x, fn, "risk", "the impact matrix", "the risk matrix");
  check_cut(config.impact.cut, config.impact.options.scale, fn, "impact_cut");
  check_cut(config.risk.cut, config.risk.options.scale, fn, "risk_cut");
  score_result<Scalar> s;
  s.scores.swap(r.impact);  // reuse the caller's storage
  score_axis_into(s, impact_x, config.impact, impact_ref, fn);
  s.scores.swap(r.impact);
  r.impact_constant = s.constant_criteria;
  Eigen::Index partial_rows = 0;
  vector_of<Scalar> impact_coverage;
  if (s.coverage.size() > 0) impact_coverage.swap(s.coverage);
  s.scores.swap(r.risk);
  score_axis_into(s, risk_x, config.risk, risk_ref, fn);
  s.scores.swap(r.risk);
  r.risk_constant = s.constant_criteria;
  constexpr Scalar complete = Scalar(1) - Scalar(64) * std::numeric_limits<Scalar>::epsilon();
  for (Eigen::Index i = 0; i < r.impact.size(); ++i) {
    const bool partial_i = impact_coverage.size() > 0 && impact_coverage(i) < complete;
    const bool partial_r = s.coverage.size() > 0 && s.coverage(i) < complete;
    partial_rows += partial_i || partial_r ? 1 : 0;
  }
  r.partial = partial_rows;
  kraljic_classify(r, config.impact.cut, config.impact.options.scale, config.risk.cut,
                   config.risk.options.scale, fn);
}

}  // namespace kam::detail
