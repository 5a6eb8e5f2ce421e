// Not API. kam's one thread helper: a pool that runs numbered units of work, and a one-call form.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <kam/core/parallel.hpp>
#include <thread>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// Runs numbered units of work on a fixed set of threads, the caller's among them. Units are
/// handed out in increasing order; each writes its own results, which the caller combines in unit
/// order, so which thread ran a unit changes nothing. After a unit throws, no further unit is
/// started; every lower unit was already handed out and finishes, so the exception rethrown, that
/// of the lowest unit that threw, is the same for every number of threads. The helper threads
/// sleep on C++20 atomic waits between runs: k-means keeps one pool for all its iterations.
class worker_pool {
 public:
  /// Starts `threads - 1` helper threads (`threads` as kam::resolve_threads returns it).
  explicit worker_pool(unsigned threads) {
    try {
      failures_.resize(std::max(threads, 1U));
      for (unsigned t = 1; t < threads; ++t) helpers_.emplace_back([this, t] { serve(t); });
    } catch (...) {
      stop();
      throw;
    }
  }
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;
  worker_pool(worker_pool&&) = delete;
  worker_pool& operator=(worker_pool&&) = delete;
  ~worker_pool() { stop(); }

  /// Returns the number of threads, the caller's included.
  [[nodiscard]] unsigned size() const noexcept {
    return static_cast<unsigned>(helpers_.size()) + 1;
  }

  /// Calls `f(unit, thread)` for every unit in [0, units), `thread` in [0, size()) naming the
  /// thread that runs the call (for per-thread scratch space; the caller's is 0), and returns when
  /// all calls have returned, rethrowing the exception of the lowest unit that threw.
  template <typename F>
  void run(Eigen::Index units, F&& f) {
    if (helpers_.empty() || units <= 1) {
      for (Eigen::Index u = 0; u < units; ++u) f(u, 0U);
      return;
    }
    using body = std::remove_reference_t<F>;
    // Every helper finished the previous run (the caller waited for busy_ to reach 0), so these
    // plain writes race with nothing; the release increment of generation_ publishes them.
    task_ = [](void* context, Eigen::Index u, unsigned thread) {
      (*static_cast<body*>(context))(u, thread);
    };
    context_ = &f;
    units_ = units;
    next_.store(0, std::memory_order_relaxed);
    failed_at_.store(units, std::memory_order_relaxed);
    busy_.store(static_cast<Eigen::Index>(helpers_.size()), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    drain(0);
    for (Eigen::Index b = busy_.load(std::memory_order_acquire); b != 0;
         b = busy_.load(std::memory_order_acquire))
      busy_.wait(b, std::memory_order_acquire);
    rethrow_lowest_failure();
  }

 private:
  // The first unit that failed on one thread, and its exception.
  struct failure {
    Eigen::Index unit = 0;
    std::exception_ptr error;
  };

  // Takes units until none is left, or until a unit below the next one has failed.
  void drain(unsigned worker) {
    for (Eigen::Index u = next_.fetch_add(1); u < units_; u = next_.fetch_add(1)) {
      if (failed_at_.load(std::memory_order_acquire) < u) return;
      try {
        task_(context_, u, worker);
      } catch (...) {
        failures_[worker] = {u, std::current_exception()};
        lower_failed_at(u);
        return;
      }
    }
  }

  // failed_at_ = min(failed_at_, unit), atomically.
  void lower_failed_at(Eigen::Index unit) {
    Eigen::Index seen = failed_at_.load(std::memory_order_acquire);
    while (unit < seen &&
           !failed_at_.compare_exchange_weak(seen, unit, std::memory_order_acq_rel)) {
    }
  }

  // Rethrows the exception of the lowest unit that failed, if one did, and clears every slot.
  void rethrow_lowest_failure() {
    failure lowest{units_, nullptr};
    for (auto& f : failures_) {
      if (f.error && f.unit < lowest.unit) lowest = f;
      f = {};
    }
    if (lowest.error) std::rethrow_exception(lowest.error);
  }

  void serve(unsigned worker) {
    std::uint64_t seen = 0;
    for (;;) {
      generation_.wait(seen, std::memory_order_acquire);
      seen = generation_.load(std::memory_order_acquire);
      if (stop_.load(std::memory_order_acquire)) return;
      drain(worker);
      if (busy_.fetch_sub(1, std::memory_order_acq_rel) == 1) busy_.notify_one();
    }
  }

  void stop() noexcept {
    stop_.store(true, std::memory_order_release);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    for (auto& h : helpers_) h.join();
    helpers_.clear();
  }

  std::vector<std::thread> helpers_;
  void (*task_)(void*, Eigen::Index, unsigned) = nullptr;
  void* context_ = nullptr;
  Eigen::Index units_ = 0;
  std::atomic<Eigen::Index> next_{0};
  std::atomic<Eigen::Index> failed_at_{0};
  std::vector<failure> failures_;  // one per thread, the caller's first
  std::atomic<Eigen::Index> busy_{0};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
};

/// Runs `f(unit)` for units 0 .. units - 1 on up to `threads` threads (as kam::resolve_threads
/// returns them; never more threads than units), with worker_pool's guarantees.
template <typename F>
void parallel_for(Eigen::Index units, unsigned threads, F&& f) {
  const auto wanted = std::min<Eigen::Index>(static_cast<Eigen::Index>(threads), units);
  if (wanted <= 1) {
    for (Eigen::Index u = 0; u < units; ++u) f(u);
    return;
  }
  worker_pool pool(static_cast<unsigned>(wanted));
  pool.run(units, [&f](Eigen::Index u, unsigned) { f(u); });
}

}  // namespace kam::detail
