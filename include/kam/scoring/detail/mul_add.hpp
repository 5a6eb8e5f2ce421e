// Not API. The one multiply-add of the scoring kernels, rounded the same way in every kernel.
#pragma once

#include <cmath>

namespace kam::detail {

/// Returns a * b + c, rounded once where the target has fused multiply-add instructions and
/// twice otherwise. Explicit rather than left to the compiler's contraction (-ffp-contract),
/// which may fuse the same expression in one loop and not in another: every kernel that computes
/// an account (vectorised or not, row- or column-major) then rounds it the same way.
template <typename Scalar>
Scalar mul_add(Scalar a, Scalar b, Scalar c) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

}  // namespace kam::detail
