// Customer lifetime value: the retention perpetuity, finite horizons, retention-improvement NPV.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/clv.hpp>
#include <optional>

namespace kam {

/// Returns the lifetime value of an account with margin `margin` per period, retention `retention`
/// per period and discount rate `discount` per period, over an infinite horizon, the first margin
/// one period ahead (and only if the account is retained): m r / (1 + d - r) = sum over t >= 1 of
/// m r^t / (1 + d)^t. Subtract the acquisition cost for a prospect's value (see net_clv).
/// Throws kam::non_finite_value for NaN or infinity, kam::out_of_bounds if retention is outside
/// [0, 1], discount <= -1, retention >= 1 + discount (the sum diverges: use a horizon), or the
/// value overflows Scalar.
template <real_scalar Scalar>
[[nodiscard]] Scalar clv(Scalar margin, Scalar retention, Scalar discount) {
  return detail::clv_perpetuity(margin, retention, discount, "kam::clv");
}

/// Returns the lifetime value over `horizon` periods: the sum over t = 1..horizon of
/// m r^t / (1 + d)^t (closed form q (1 - q^T) / (1 - q) with q = r / (1 + d)).
/// Throws as clv for margin, retention, discount and overflow (any retention in [0, 1] is fine
/// here), and kam::out_of_bounds if horizon < 0.
template <real_scalar Scalar>
[[nodiscard]] Scalar clv(Scalar margin, Scalar retention, Scalar discount, Eigen::Index horizon) {
  return detail::clv_horizon(margin, retention, discount, horizon, "kam::clv");
}

/// Returns the lifetime value of a prospect net of the cost to acquire it:
/// clv(margin, retention, discount) - acquisition_cost (infinite horizon), or over `horizon`
/// periods when given. Throws as clv (naming kam::net_clv), kam::non_finite_value for a
/// non-finite cost, and kam::out_of_bounds naming 'acquisition_cost' when the difference
/// overflows Scalar (a value and a cost of opposite signs near its largest value).
template <real_scalar Scalar>
[[nodiscard]] Scalar net_clv(Scalar margin, Scalar retention, Scalar discount,
                             Scalar acquisition_cost,
                             std::optional<Eigen::Index> horizon = std::nullopt) {
  constexpr const char* fn = "kam::net_clv";
  detail::check_finite_arg(acquisition_cost, fn, "acquisition_cost");
  const Scalar value = horizon ? detail::clv_horizon(margin, retention, discount, *horizon, fn)
                               : detail::clv_perpetuity(margin, retention, discount, fn);
  const Scalar net = value - acquisition_cost;
  if (!std::isfinite(net)) {
    throw out_of_bounds({fn, "acquisition_cost", std::nullopt},
                        detail::cat({"the value ", value, " minus the acquisition cost ",
                                     acquisition_cost, " overflows the type"}));
  }
  return net;
}

/// How a retention improvement is applied to each period's retention r.
/// - `points`: r + improvement (0.05 = five points more retention, five points less defection),
///   capped at 1.
/// - `defection_share`: r + improvement x (1 - r), i.e. defection (1 - r) cut by that share
///   (0.05 = five per cent fewer defections).
enum class improvement_unit { points, defection_share };
BOOST_DESCRIBE_ENUM(improvement_unit, points, defection_share)

/// A retention-economics scenario: the margin an account earns in each period of its tenure, the
/// chance to be retained into each period, a discount rate and a retention improvement. The value
/// of an account at acquisition is sum over t of m_t S_t / (1 + d)^t with S_t = r_1 ... r_t: the
/// first margin one period ahead, as in clv. (Reichheld & Sasser's "5 points less defection, 25 to
/// 85 per cent more profit" is the outcome of such a calculation for their industries, never a
/// constant: compute it for yours.)
template <real_scalar Scalar>
struct retention_scenario {
  vector_of<Scalar> margin;     ///< m_t for tenure t = 1..T (T = horizon)
  vector_of<Scalar> retention;  ///< r_t for t = 1..T, or a single value used for every t
  Scalar discount = 0;          ///< per period, > -1
  Scalar improvement = 0;       ///< in `unit`; may be negative (a deterioration)
  /// How `improvement` is applied to each period's retention.
  improvement_unit unit = improvement_unit::points;
  /// When true, the last margin and the last retention continue for ever after T (the tail is
  /// m_T S_T q / (1 - q), q = r_T' / (1 + d), and needs q < 1).
  bool perpetuity = false;
  BOOST_DESCRIBE_CLASS(retention_scenario, (),
                       (margin, retention, discount, improvement, unit, perpetuity), (), ())
};

/// The value of a scenario before and after the retention improvement.
template <real_scalar Scalar>
struct retention_uplift {
  Scalar base_value = 0;                  ///< NPV per acquired account with today's retention
  Scalar improved_value = 0;              ///< NPV with the improved retention
  Scalar uplift = 0;                      ///< improved_value - base_value
  std::optional<Scalar> relative_uplift;  ///< uplift / base_value; empty when base_value is 0
  vector_of<Scalar> base_survival;        ///< S_t, t = 1..T
  vector_of<Scalar> improved_survival;    ///< S_t with the improvement
  BOOST_DESCRIBE_CLASS(retention_uplift, (),
                       (base_value, improved_value, uplift, relative_uplift, base_survival,
                        improved_survival),
                       (), ())
};

/// Returns the NPV of a retention improvement (see retention_scenario). Throws
/// kam::empty_input for an empty margin path, kam::shape_mismatch if retention has neither one
/// value nor one per margin, kam::non_finite_value naming the period for a non-finite value,
/// kam::out_of_bounds for a retention outside [0, 1] (naming the period), discount <= -1, an
/// improvement that takes a retention outside [0, 1] before capping at 1 (below 0), a
/// perpetuity that diverges, or a value beyond the range of double (naming 'margin').
/// Complexity O(T).
template <real_scalar Scalar>
[[nodiscard]] retention_uplift<Scalar> retention_improvement_value(
    const retention_scenario<Scalar>& s) {
  constexpr const char* fn = "kam::retention_improvement_value";
  detail::check_retention_scenario(s, fn);
  const Eigen::Index horizon = s.margin.size();
  const auto improve = [&](double r) {
    const double i = static_cast<double>(s.improvement);
    const double v = s.unit == improvement_unit::points ? r + i : r + i * (1.0 - r);
    return v;
  };
  retention_uplift<Scalar> out;
  out.base_survival.resize(horizon);
  out.improved_survival.resize(horizon);
  const double d = static_cast<double>(s.discount);
  double base = 0, better = 0, sb = 1, si = 1, disc = 1, rb = 0, ri = 0;
  for (Eigen::Index t = 0; t < horizon; ++t) {
    rb = static_cast<double>(s.retention(s.retention.size() == 1 ? 0 : t));
    ri = improve(rb);
    if (ri < 0) {
      throw out_of_bounds(
          {fn, "improvement", t},
          detail::cat({"period ", t + 1, ": the improved retention ", ri, " is negative"}));
    }
    ri = std::min(ri, 1.0);
    sb *= rb;
    si *= ri;
    disc /= 1.0 + d;
    const double m = static_cast<double>(s.margin(t));
    base += m * sb * disc;
    better += m * si * disc;
    out.base_survival(t) = static_cast<Scalar>(sb);
    out.improved_survival(t) = static_cast<Scalar>(si);
  }
  if (s.perpetuity) {
    const double m = static_cast<double>(s.margin(horizon - 1));
    const double qb = rb / (1.0 + d);
    const double qi = ri / (1.0 + d);
    if (qi >= 1 || qb >= 1) {
      throw out_of_bounds({fn, "perpetuity", std::nullopt},
                          detail::cat({"the last retention ", qi >= 1 ? ri : rb,
                                       " >= 1 + discount: the perpetuity diverges"}));
    }
    base += m * sb * disc * qb / (1.0 - qb);
    better += m * si * disc * qi / (1.0 - qi);
  }
  // Margins near the limit of double, or a discount near -1, take the sums beyond it.
  if (!(std::isfinite(base) && std::isfinite(better) && std::isfinite(better - base) &&
        (base == 0 || std::isfinite((better - base) / base)))) {
    throw out_of_bounds({fn, "margin", std::nullopt},
                        "the value of the scenario exceeds the range of double; rescale the "
                        "margins");
  }
  out.base_value = static_cast<Scalar>(base);
  out.improved_value = static_cast<Scalar>(better);
  out.uplift = static_cast<Scalar>(better - base);
  if (base != 0) out.relative_uplift = static_cast<Scalar>((better - base) / base);
  return out;
}

/// The inputs of an acquisition-versus-retention comparison: keep an at-risk account, or let it
/// go and acquire a replacement.
template <real_scalar Scalar>
struct acquisition_retention_inputs {
  Scalar acquisition_cost = 0;  ///< cost to acquire one new account (CAC), >= 0
  Scalar retention_cost = 0;    ///< retention spend per at-risk account targeted, >= 0
  Scalar save_rate = 1;         ///< share of targeted accounts the spend keeps, in (0, 1]
  Scalar retained_value = 0;    ///< value of a kept account (e.g. its residual CLV)
  Scalar new_value = 0;         ///< value of a new account before its acquisition cost
  BOOST_DESCRIBE_CLASS(acquisition_retention_inputs, (),
                       (acquisition_cost, retention_cost, save_rate, retained_value, new_value), (),
                       ())
};

/// The comparison of keeping and replacing an account.
template <real_scalar Scalar>
struct acquisition_retention_comparison {
  Scalar cost_per_saved_account = 0;  ///< retention_cost / save_rate
  /// acquisition_cost / cost_per_saved_account: how many times dearer a replacement is
  /// (empty when retention costs nothing).
  std::optional<Scalar> cost_ratio;
  Scalar retain_net_value = 0;     ///< retained_value - cost_per_saved_account
  Scalar acquire_net_value = 0;    ///< new_value - acquisition_cost
  Scalar retention_advantage = 0;  ///< retain_net_value - acquire_net_value
  /// The save rate at which both are worth the same, retention_cost / (retained_value -
  /// new_value + acquisition_cost); empty when no save rate makes retention pay (denominator
  /// <= 0). It may exceed 1 (retention cannot pay at these costs).
  std::optional<Scalar> break_even_save_rate;
  BOOST_DESCRIBE_CLASS(acquisition_retention_comparison, (),
                       (cost_per_saved_account, cost_ratio, retain_net_value, acquire_net_value,
                        retention_advantage, break_even_save_rate),
                       (), ())
};

/// Returns the comparison of retaining an at-risk account against acquiring a replacement.
/// Throws kam::non_finite_value for NaN or infinity, kam::invalid_input for a negative cost and
/// kam::out_of_bounds for a save rate outside (0, 1], naming the field, and kam::out_of_bounds
/// when a result exceeds the range of the type (costs or values near its limit, or a cost over
/// a tiny save rate).
template <real_scalar Scalar>
[[nodiscard]] acquisition_retention_comparison<Scalar> compare_acquisition_retention(
    const acquisition_retention_inputs<Scalar>& in) {
  constexpr const char* fn = "kam::compare_acquisition_retention";
  detail::check_finite_arg(in.acquisition_cost, fn, "acquisition_cost");
  detail::check_finite_arg(in.retention_cost, fn, "retention_cost");
  detail::check_finite_arg(in.save_rate, fn, "save_rate");
  detail::check_finite_arg(in.retained_value, fn, "retained_value");
  detail::check_finite_arg(in.new_value, fn, "new_value");
  if (in.acquisition_cost < 0) {
    throw invalid_input({fn, "acquisition_cost", std::nullopt}, "a cost must not be negative");
  }
  if (in.retention_cost < 0) {
    throw invalid_input({fn, "retention_cost", std::nullopt}, "a cost must not be negative");
  }
  if (!(in.save_rate > 0 && in.save_rate <= 1)) {
    throw out_of_bounds({fn, "save_rate", std::nullopt},
                        detail::cat({"save rate is ", in.save_rate, "; it must be in (0, 1]"}));
  }
  acquisition_retention_comparison<Scalar> out;
  out.cost_per_saved_account = in.retention_cost / in.save_rate;
  if (out.cost_per_saved_account > 0)
    out.cost_ratio = in.acquisition_cost / out.cost_per_saved_account;
  out.retain_net_value = in.retained_value - out.cost_per_saved_account;
  out.acquire_net_value = in.new_value - in.acquisition_cost;
  out.retention_advantage = out.retain_net_value - out.acquire_net_value;
  const Scalar gain = in.retained_value - in.new_value + in.acquisition_cost;
  if (gain > 0) out.break_even_save_rate = in.retention_cost / gain;
  // Costs and values near the limit of the type, or a tiny save rate, overflow the differences.
  const auto finite = [](Scalar v) { return std::isfinite(v); };
  if (!(finite(out.cost_per_saved_account) && finite(out.retain_net_value) &&
        finite(out.acquire_net_value) && finite(out.retention_advantage) && finite(gain) &&
        (!out.cost_ratio || finite(*out.cost_ratio)) &&
        (!out.break_even_save_rate || finite(*out.break_even_save_rate)))) {
    throw out_of_bounds(
        {fn, finite(out.cost_per_saved_account) ? "retained_value" : "save_rate", std::nullopt},
        "the comparison exceeds the range of the floating-point type; rescale "
        "the costs and values");
  }
  return out;
}

}  // namespace kam
