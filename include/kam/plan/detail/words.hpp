// Not API. Numbers in the sentences of kam/plan (health changes, at-risk reasons, plays).
#pragma once

#include <string>

namespace kam::detail {

/// Returns `v` rounded to 4 significant digits (whole numbers from 1000 up) in the shortest form
/// that reads back as the rounded value: 0.19999999999999996 as "0.2", 123456.7 as "123457".
/// NaN as "nan".
std::string plan_number(double v);

/// Returns plan_number(v) with an explicit sign ("+0.05", "-0.2", "0").
std::string signed_plan_number(double v);

}  // namespace kam::detail

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/words_impl.hpp>
#endif
