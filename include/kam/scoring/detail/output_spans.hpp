// Not API. Checks of the caller's storage that the *_into functions over std::span write into:
// its length, and that it overlaps neither the accounts' values nor another output.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <kam/core/detail/message.hpp>
#include <kam/core/error.hpp>
#include <optional>
#include <span>

namespace kam::detail {

/// Returns whether the bytes [a, a + a_bytes) and [b, b + b_bytes) overlap.
inline bool overlaps(const void* a, std::size_t a_bytes, const void* b, std::size_t b_bytes) {
  const auto pa = reinterpret_cast<std::uintptr_t>(a);
  const auto pb = reinterpret_cast<std::uintptr_t>(b);
  return a_bytes != 0 && b_bytes != 0 && pa < pb + b_bytes && pb < pa + a_bytes;
}

/// Throws kam::shape_mismatch naming `fn` and `field` unless `out` holds x.rows() values, and
/// kam::invalid_input unless it lies outside the values of `x` (direct access, any strides; the
/// scores are written while `x` is read).
template <typename X, typename Scalar>
void check_output_span(std::span<Scalar> out, const X& x, const char* field, const char* fn) {
  if (static_cast<Eigen::Index>(out.size()) != x.rows()) {
    throw shape_mismatch({fn, field, std::nullopt},
                         cat({"holds ", out.size(), " values; the accounts are ", x.rows()}));
  }
  const Eigen::Index span_of_x = x.size() == 0 ? 0
                                               : (x.outerSize() - 1) * x.outerStride() +
                                                     (x.innerSize() - 1) * x.innerStride() + 1;
  if (overlaps(out.data(), out.size_bytes(), x.data(),
               static_cast<std::size_t>(span_of_x) * sizeof(Scalar))) {
    throw invalid_input({fn, field, std::nullopt},
                        "shares memory with the accounts' values; give separate storage");
  }
}

}  // namespace kam::detail
