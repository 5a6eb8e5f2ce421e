// Quantile methods: how a quantile between two order statistics is read (numpy's method names).
#pragma once

#include <boost/describe/enum.hpp>

namespace kam {

/// How the quantile at probability p of n sorted values x_0 <= ... <= x_{n-1} is computed, with
/// the virtual index h = p (n - 1), i = floor(h), g = h - i (numpy's methods of the same names,
/// Hyndman & Fan's type 7 for `linear`):
/// - `linear` (default; numpy's and pandas' default): x_i + g (x_{i+1} - x_i), computed as
///   numpy's `_lerp` does (from the upper end when g >= 0.5, so it is exact at both ends);
/// - `lower`: x_i; `higher`: x_ceil(h); `midpoint`: (x_i + x_ceil(h)) / 2;
/// - `nearest`: x_round(h), a half rounded to the even index (numpy rounds with np.around).
enum class quantile_method { linear, lower, higher, midpoint, nearest };
BOOST_DESCRIBE_ENUM(quantile_method, linear, lower, higher, midpoint, nearest)

}  // namespace kam
