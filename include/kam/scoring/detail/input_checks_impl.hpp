// Not API. Definitions of kam/scoring/detail/input_checks.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <optional>

namespace kam::detail {

KAM_INLINE void check_shape(Eigen::Index rows, Eigen::Index cols, const criteria_set& criteria,
                            const char* fn, bool allow_empty) {
  if (cols != criteria.size()) {
    throw shape_mismatch({fn, "columns", std::nullopt},
                         detail::cat({"the matrix has ", cols, " columns for ", criteria.size(),
                                      " criteria (", detail::quoted_list(criteria.names()), ")"}));
  }
  if (!allow_empty && rows == 0) {
    throw empty_input({fn, "accounts", std::nullopt}, "no accounts (the matrix has no rows)");
  }
}

}  // namespace kam::detail
