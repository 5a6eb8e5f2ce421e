// Not API. Definitions of kam/core/parallel.hpp and of the worker pool of
// kam/core/detail/parallel.hpp (compiled once in compiled mode: only they need <thread>).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <kam/core/detail/config.hpp>
#include <kam/core/detail/parallel.hpp>
#include <kam/core/parallel.hpp>
#include <string>
#include <thread>
#include <vector>

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

namespace detail {

// The helper threads of a worker_pool and the state of the current run. A run's plain fields
// (task, context, units) are written by the caller while every helper sleeps, and published by
// the release increment of `generation`.
struct worker_pool::shared_state {
  // The first unit that failed on one thread, and its exception.
  struct failure {
    Eigen::Index unit = 0;
    std::exception_ptr error;
  };

  std::vector<std::thread> helpers;
  void (*task)(void*, Eigen::Index, unsigned) = nullptr;
  void* context = nullptr;
  Eigen::Index units = 0;
  std::atomic<Eigen::Index> next{0};
  std::atomic<Eigen::Index> failed_at{0};
  std::vector<failure> failures;  // one per thread, the caller's first
  std::atomic<Eigen::Index> busy{0};
  std::atomic<std::uint64_t> generation{0};
  std::atomic<bool> stopping{false};

  // Takes units until none is left, or until a unit below the next one has failed.
  void drain(unsigned worker) {
    for (Eigen::Index u = next.fetch_add(1); u < units; u = next.fetch_add(1)) {
      if (failed_at.load(std::memory_order_acquire) < u) return;
      try {
        task(context, u, worker);
      } catch (...) {
        failures[worker] = {u, std::current_exception()};
        lower_failed_at(u);
        return;
      }
    }
  }

  // failed_at = min(failed_at, unit), atomically.
  void lower_failed_at(Eigen::Index unit) {
    Eigen::Index seen = failed_at.load(std::memory_order_acquire);
    while (unit < seen && !failed_at.compare_exchange_weak(seen, unit, std::memory_order_acq_rel)) {
    }
  }

  // Rethrows the exception of the lowest unit that failed, if one did, and clears every slot.
  void rethrow_lowest_failure() {
    failure lowest{units, nullptr};
    for (auto& f : failures) {
      if (f.error && f.unit < lowest.unit) lowest = f;
      f = {};
    }
    if (lowest.error) std::rethrow_exception(lowest.error);
  }

  // A helper thread's loop: sleeps until the next run (or the stop), drains it, reports done.
  void serve(unsigned worker) {
    std::uint64_t seen = 0;
    for (;;) {
      generation.wait(seen, std::memory_order_acquire);
      seen = generation.load(std::memory_order_acquire);
      if (stopping.load(std::memory_order_acquire)) return;
      drain(worker);
      if (busy.fetch_sub(1, std::memory_order_acq_rel) == 1) busy.notify_one();
    }
  }

  // Wakes every helper to stop, and joins them.
  void stop() noexcept {
    stopping.store(true, std::memory_order_release);
    generation.fetch_add(1, std::memory_order_release);
    generation.notify_all();
    for (auto& h : helpers) h.join();
    helpers.clear();
  }
};

KAM_INLINE worker_pool::worker_pool(unsigned threads)
    : size_(std::max(threads, 1U)), state_(new shared_state) {
  shared_state& s = *state_;
  try {
    s.failures.resize(size_);
    for (unsigned t = 1; t < size_; ++t) s.helpers.emplace_back([&s, t] { s.serve(t); });
  } catch (...) {
    s.stop();
    delete state_;
    throw;
  }
}

KAM_INLINE worker_pool::~worker_pool() {
  state_->stop();
  delete state_;
}

KAM_INLINE void worker_pool::run_units(Eigen::Index units,
                                       void (*task)(void*, Eigen::Index, unsigned), void* context) {
  shared_state& s = *state_;
  // Every helper finished the previous run (the caller waited for busy to reach 0), so these
  // plain writes race with nothing; the release increment of generation publishes them.
  s.task = task;
  s.context = context;
  s.units = units;
  s.next.store(0, std::memory_order_relaxed);
  s.failed_at.store(units, std::memory_order_relaxed);
  s.busy.store(static_cast<Eigen::Index>(s.helpers.size()), std::memory_order_relaxed);
  s.generation.fetch_add(1, std::memory_order_release);
  s.generation.notify_all();
  s.drain(0);
  for (Eigen::Index b = s.busy.load(std::memory_order_acquire); b != 0;
       b = s.busy.load(std::memory_order_acquire))
    s.busy.wait(b, std::memory_order_acquire);
  s.rethrow_lowest_failure();
}

}  // namespace detail
}  // namespace kam
