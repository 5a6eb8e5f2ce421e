// Not API. Student's t distribution for the prediction intervals of kam/plan/kpi_trend.hpp.
#pragma once

namespace kam::detail {

/// Returns A(t | df) = P(|T| <= t) for T Student-t with a whole number `df` >= 1 of degrees of
/// freedom and t >= 0, by the finite sums of Abramowitz & Stegun 26.7.3 (odd df) and 26.7.4
/// (even df) in theta = atan(t / sqrt(df)): exact up to rounding, O(df).
double student_t_central(double t, long df);

/// Returns the t with A(t | df) = `level` (0 < level < 1): the two-sided quantile, e.g. 2.2281
/// for level 0.95 and df 10. A is increasing in theta, so bisection on theta in (0, pi / 2)
/// pins it to double precision. O(df) per step, 64 steps.
double student_t_two_sided(double level, long df);

}  // namespace kam::detail

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/student_t_impl.hpp>
#endif
