// Threads: the one convention every options struct's `threads` member follows.
#pragma once

#include <kam/core/error.hpp>
#include <string_view>

namespace kam {

/// The most threads any kam function starts for one call. A larger `threads` is an error rather
/// than an attempt to start that many (which would fail, or slow everything down).
inline constexpr unsigned max_threads = 1024;

/// Returns the number of threads a `threads` option asks for, the calling thread included:
///
/// - `1` (every default): the calling thread only; no thread is started.
/// - `0`: one per hardware thread (std::thread::hardware_concurrency(), at least 1).
/// - `n` > 1: up to n (fewer when there are fewer units of work than threads).
///
/// Results never depend on the number: work is cut into units fixed by the data alone (for the
/// accounts, segments of 65536 rows), every unit computes the same bits on any thread, units are
/// combined in their fixed order, and the error reported for bad input is the one of the lowest
/// unit that fails. Throws kam::out_of_bounds naming `function` and `field` above max_threads.
[[nodiscard]] unsigned resolve_threads(unsigned threads, std::string_view function,
                                       std::string_view field = "threads");

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/core/detail/parallel_impl.hpp>
#endif
