// What the kam halves of the peer comparisons share (benchmarks/*_peer.cpp): the command line
// `<program> write|run <data.bin> [--name value] [--flag]`, the raw binary data files the Python
// halves read with numpy, and the best-of-R wall time of a call.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>

namespace kam_peer {

/// Returns the integer after `name` among the options (argv[3] on), or `fallback`.
inline std::int64_t option(int argc, char** argv, const char* name, std::int64_t fallback) {
  for (int i = 3; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::stoll(argv[i + 1]);
  return fallback;
}

/// Returns the text after `name` among the options, or null.
inline const char* text_option(int argc, char** argv, const char* name) {
  for (int i = 3; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return nullptr;
}

/// Returns whether the flag `name` is among the options.
inline bool flag(int argc, char** argv, const char* name) {
  for (int i = 3; i < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return true;
  return false;
}

/// Writes `count` values of `data` as raw bytes (little-endian on this machine, as numpy reads).
template <typename T>
void put(std::ofstream& out, const T* data, std::size_t count) {
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
}

/// Reads `count` values into `data`; throws std::runtime_error if the file ends first.
template <typename T>
void get(std::ifstream& in, T* data, std::size_t count) {
  in.read(reinterpret_cast<char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
  if (!in) throw std::runtime_error("the data file is truncated");
}

/// Returns the shortest wall time of `repeat` calls of `call`, in seconds.
template <typename Call>
double best_seconds(int repeat, Call&& call) {
  double best = std::numeric_limits<double>::infinity();
  for (int k = 0; k < repeat; ++k) {
    const auto start = std::chrono::steady_clock::now();
    call();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

}  // namespace kam_peer
