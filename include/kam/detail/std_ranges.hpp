// The range concepts kam's templates use, without the cost of all of <ranges>.
#pragma once

#include <cstddef>  // defines __GLIBCXX__ under libstdc++

// std::ranges::random_access_range, range_value_t, begin and size are all kam needs; libstdc++
// declares them in <bits/ranges_base.h>, which parses in a fraction of the time of <ranges>
// (the views and adaptors). Any other standard library gets <ranges>.
#if defined(__GLIBCXX__) && __has_include(<bits/ranges_base.h>)
#include <initializer_list>  // what <bits/ranges_base.h> expects to have been included before it
#include <iterator>
// clang-format off
#include <bits/ranges_base.h>
// clang-format on
#else
#include <ranges>
#endif
