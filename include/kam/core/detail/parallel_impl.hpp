// Not API. Definitions of kam/core/parallel.hpp (compiled once in compiled mode).
#pragma once

#include <kam/core/detail/config.hpp>
#include <kam/core/parallel.hpp>
#include <string>
#include <thread>

namespace kam {

KAM_INLINE unsigned resolve_threads(unsigned threads, std::string_view function,
                                    std::string_view field) {
  if (threads > max_threads) {
    throw out_of_bounds({std::string(function), std::string(field), std::nullopt, std::nullopt},
                        detail::cat({field, " = ", threads, " is above kam::max_threads (",
                                     max_threads, "); 0 means one per hardware thread"}));
  }
  if (threads != 0) return threads;
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1U : (hardware > max_threads ? max_threads : hardware);
}

}  // namespace kam
