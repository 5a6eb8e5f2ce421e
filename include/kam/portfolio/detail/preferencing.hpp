// Not API. The engine of kam/portfolio/preferencing.hpp: revenue shares, bands and quadrants.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <optional>

namespace kam::detail {

// The functions kam/portfolio/preferencing.hpp declares (and includes this header at its end for).

template <typename Revenue>
double check_revenue(const Eigen::MatrixBase<Revenue>& revenue, Eigen::Index accounts,
                     const preferencing_config& c, const char* fn) {
  check_score_vector(revenue, fn, "revenue");
  if (revenue.size() != accounts) {
    throw shape_mismatch({fn, "revenue", std::nullopt},
                         detail::cat({revenue.size(), " revenues for ", accounts, " accounts"}));
  }
  double sum = 0.0;
  for (Eigen::Index i = 0; i < revenue.size(); ++i) {
    const auto v = static_cast<double>(revenue.coeff(i));
    if (!std::isfinite(v))
      throw non_finite_value({fn, "revenue", i}, detail::cat({"revenue is ", v}));
    if (v < 0.0) {
      throw invalid_input({fn, "revenue", i}, detail::cat({"revenue ", v, " is negative"}));
    }
    if (c.our_revenue && v > *c.our_revenue) {
      throw out_of_bounds(
          {fn, "revenue", i},
          detail::cat({"the account's revenue ", v, " exceeds our revenue ", *c.our_revenue}));
    }
    sum += v;
  }
  if (c.our_revenue) return *c.our_revenue;
  if (!(sum > 0.0) || !std::isfinite(sum)) {
    throw invalid_input({fn, "revenue", std::nullopt},
                        detail::cat({"the accounts' revenue adds up to ", sum,
                                     "; give our_revenue or at least one positive revenue"}));
  }
  return sum;
}

template <typename Scalar, typename Revenue>
void preferencing_classify(preferencing_result<Scalar>& r,
                           const Eigen::MatrixBase<Revenue>& revenue, double total,
                           const preferencing_config& c) {
  const score_scale scale = c.attractiveness.options.scale;
  r.our_revenue = total;
  r.attractiveness_cut = resolve_cut(r.attractiveness, c.attractiveness.cut, scale);
  const auto attractive = make_high_test(r.attractiveness_cut, c.attractiveness.cut.on_cut, scale);
  const Scalar tol = cut_tolerance<Scalar>(scale);
  const Eigen::Index n = r.attractiveness.size();
  r.relative_value.resize(n);
  r.band.resize(static_cast<std::size_t>(n));
  r.quadrant.resize(static_cast<std::size_t>(n));
  const int high_from = static_cast<int>(c.high_value_from);
  Eigen::Index per[4] = {0, 0, 0, 0};
  Eigen::Index per_band[4] = {0, 0, 0, 0};
  Eigen::Index on_cut = 0;
  const Scalar* a = r.attractiveness.data();
  for (Eigen::Index i = 0; i < n; ++i) {
    const double share = static_cast<double>(revenue.coeff(i)) / total;
    const int band = band_of(share, c.value_edges, 0.0);
    // core 0, development 1, exploitable 2, nuisance 3: (!attractive) * 2 + (!high value).
    const int k = (attractive(a[i]) ? 0 : 2) + (band >= high_from ? 0 : 1);
    r.relative_value(i) = static_cast<Scalar>(share);
    r.band[static_cast<std::size_t>(i)] = static_cast<value_band>(band);
    r.quadrant[static_cast<std::size_t>(i)] = static_cast<preferencing_quadrant>(k);
    ++per[k];
    ++per_band[band];
    on_cut += std::abs(a[i] - r.attractiveness_cut) <= tol ? 1 : 0;
  }
  for (std::size_t k = 0; k < 4; ++k) {
    r.counts[k] = per[k];
    r.band_counts[k] = per_band[k];
  }
  r.on_attractiveness_cut = on_cut;
}

template <typename Attractiveness, typename Revenue>
void preferencing_into_impl(preferencing_result<typename Attractiveness::Scalar>& r,
                            const Eigen::MatrixBase<Attractiveness>& x,
                            const Eigen::MatrixBase<Revenue>& revenue,
                            const preferencing_config& config,
                            const score_reference<typename Attractiveness::Scalar>* reference,
                            const char* fn) {
  using Scalar = typename Attractiveness::Scalar;
  check_preferencing_config(config, fn);
  const double total = check_revenue(revenue, x.rows(), config, fn);
  score_result<Scalar> s;
  s.scores.swap(r.attractiveness);
  score_axis_into(s, x, config.attractiveness, reference, fn);
  s.scores.swap(r.attractiveness);
  r.attractiveness_constant = s.constant_criteria;
  r.partial = s.partial;
  preferencing_classify(r, revenue, total, config);
}

}  // namespace kam::detail
