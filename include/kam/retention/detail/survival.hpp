// Not API. The engine of kam/retention/survival.hpp: the checked input of a Kaplan-Meier estimate
// in double, and the product-limit curve computed from it (in survival_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <vector>

namespace kam {

template <real_scalar Scalar>
struct kaplan_meier_options;  // kam/retention/survival.hpp
template <real_scalar Scalar>
struct kaplan_meier_result;  // kam/retention/survival.hpp

namespace detail {

/// The accounts of a Kaplan-Meier estimate, checked: lifetimes, event flags (1 = churned) and
/// weights (1 without weights).
struct km_input {
  std::vector<double> times;
  std::vector<unsigned char> events;
  std::vector<double> weights;
};

/// A Kaplan-Meier curve in double, one entry per event time (see kam::kaplan_meier_result).
struct km_curve {
  std::vector<double> time, at_risk, events, survival, std_error, lower, upper;
  std::optional<double> median;
  double total = 0;
  double total_events = 0;
};

/// The standard normal quantile of the upper tail: z with Q(z) = P(Z > z) = q, for q in
/// (0, 1/2]. Newton's method on log Q, which is concave and decreasing: started right of the root
/// at sqrt(-2 ln q) (Q(z) <= exp(-z^2 / 2) / 2, so Q is below q there), every step stays right of
/// the root and approaches it, quadratically near it. Q comes from std::erfc, so the answer is
/// as accurate as erfc (1.959963984540054 for q = 0.025). Written out rather than taken from
/// Boost.Math, whose distributions header alone doubled the compile time of <kam/kam.hpp>.
double normal_upper_quantile(double q);

/// Returns the Kaplan-Meier curve of checked accounts with a two-sided pointwise band of level
/// `confidence`. Throws kam::invalid_input (naming `fn`) if all weights are zero.
km_curve kaplan_meier_curve(const km_input& in, double confidence, const char* fn);

/// Throws kam::shape_mismatch unless `v` is a vector of `n` values.
template <typename Derived>
void check_survival_vector(const Eigen::MatrixBase<Derived>& v, Eigen::Index n, const char* fn,
                           const char* field) {
  if ((v.cols() != 1 && v.rows() != 1) || v.size() != n) {
    throw shape_mismatch({fn, field, std::nullopt},
                         cat({"expects a vector of ", n, " values (one per account), got ",
                              v.rows(), " x ", v.cols()}));
  }
}

/// Returns the accounts of `times`, `events` and `weights` (null: all 1) after checking their
/// shapes, `confidence` in (0, 1) and every value, account by account.
template <typename Times, typename Events, typename Weights, typename Scalar>
km_input read_km_input(const Times& times, const Events& events, const Weights* weights,
                       Scalar confidence, const char* fn) {
  if (times.cols() != 1 && times.rows() != 1) {
    throw shape_mismatch({fn, "times", std::nullopt},
                         cat({"expects a vector, got ", times.rows(), " x ", times.cols()}));
  }
  const Eigen::Index n = times.size();
  if (n == 0) throw empty_input({fn, "times", std::nullopt}, "no accounts");
  check_survival_vector(events, n, fn, "events");
  if (weights != nullptr) check_survival_vector(*weights, n, fn, "weights");
  if (!(confidence > 0 && confidence < 1)) {
    throw out_of_bounds({fn, "confidence", std::nullopt},
                        cat({"confidence is ", confidence, "; it must be in (0, 1)"}));
  }
  km_input in{std::vector<double>(static_cast<std::size_t>(n)),
              std::vector<unsigned char>(static_cast<std::size_t>(n)),
              std::vector<double>(static_cast<std::size_t>(n), 1.0)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto t = times.coeff(i);
    if (!std::isfinite(t)) throw non_finite_value({fn, "times", i}, cat({"time is ", t}));
    if (t < 0) throw invalid_input({fn, "times", i}, cat({"time ", t, " is negative"}));
    in.times[static_cast<std::size_t>(i)] = static_cast<double>(t);
    const auto ev = events.coeff(i);
    if (!(ev == 0 || ev == 1)) {
      throw invalid_input({fn, "events", i},
                          cat({"event flag is ", +ev, "; it must be 1 (churned) or 0 (censored)"}));
    }
    in.events[static_cast<std::size_t>(i)] = ev == 1 ? 1 : 0;
    if (weights != nullptr) {
      const auto wi = weights->coeff(i);
      if (!std::isfinite(wi)) throw non_finite_value({fn, "weights", i}, cat({"weight is ", wi}));
      if (wi < 0) throw invalid_input({fn, "weights", i}, cat({"weight ", wi, " is negative"}));
      in.weights[static_cast<std::size_t>(i)] = static_cast<double>(wi);
    }
  }
  return in;
}

/// Returns the Kaplan-Meier result of `times`, `events` and `weights` (null: all 1).
template <typename Scalar, typename Times, typename Events, typename Weights>
kaplan_meier_result<Scalar> kaplan_meier_impl(const Times& times, const Events& events,
                                              const Weights* weights,
                                              const kaplan_meier_options<Scalar>& options) {
  constexpr const char* fn = "kam::kaplan_meier";
  const km_input in = read_km_input(times, events, weights, options.confidence, fn);
  const km_curve curve = kaplan_meier_curve(in, static_cast<double>(options.confidence), fn);
  if (curve.total > static_cast<double>(std::numeric_limits<Scalar>::max())) {
    throw invalid_input({fn, "weights", std::nullopt},
                        "the weights sum beyond the largest value of the type; divide them by a "
                        "common factor (the survival curve does not change)");
  }
  kaplan_meier_result<Scalar> out;
  const auto put = [](vector_of<Scalar>& v, const std::vector<double>& src) {
    v.resize(static_cast<Eigen::Index>(src.size()));
    for (std::size_t i = 0; i < src.size(); ++i)
      v(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(src[i]);
  };
  put(out.time, curve.time);
  put(out.at_risk, curve.at_risk);
  put(out.events, curve.events);
  put(out.survival, curve.survival);
  put(out.std_error, curve.std_error);
  put(out.lower, curve.lower);
  put(out.upper, curve.upper);
  if (curve.median) out.median = static_cast<Scalar>(*curve.median);
  out.confidence = options.confidence;
  out.total = static_cast<Scalar>(curve.total);
  out.total_events = static_cast<Scalar>(curve.total_events);
  return out;
}

}  // namespace detail
}  // namespace kam
