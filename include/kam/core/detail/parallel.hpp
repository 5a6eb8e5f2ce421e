// Not API. kam's one thread helper: a pool that runs numbered units of work, and a one-call form.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <kam/core/detail/config.hpp>
#include <type_traits>

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
  explicit worker_pool(unsigned threads);
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;
  worker_pool(worker_pool&&) = delete;
  worker_pool& operator=(worker_pool&&) = delete;
  ~worker_pool();

  /// Returns the number of threads, the caller's included.
  [[nodiscard]] unsigned size() const noexcept { return size_; }

  /// Calls `f(unit, thread)` for every unit in [0, units), `thread` in [0, size()) naming the
  /// thread that runs the call (for per-thread scratch space; the caller's is 0), and returns when
  /// all calls have returned, rethrowing the exception of the lowest unit that threw.
  template <typename F>
  void run(Eigen::Index units, F&& f) {
    if (size_ == 1 || units <= 1) {
      for (Eigen::Index u = 0; u < units; ++u) f(u, 0U);
      return;
    }
    using body = std::remove_reference_t<F>;
    run_units(
        units,
        [](void* context, Eigen::Index u, unsigned thread) {
          (*static_cast<body*>(context))(u, thread);
        },
        &f);
  }

 private:
  // The helper threads and what they share with the caller during a run (defined in
  // core/detail/parallel_impl.hpp, so that a user of kam::compiled never parses <thread>; a plain
  // owning pointer rather than std::unique_ptr keeps <memory> out too).
  struct shared_state;

  // run() without the template: hands units out to every thread, waits for them all, and
  // rethrows the lowest failure; `task(context, unit, thread)` runs one unit.
  void run_units(Eigen::Index units, void (*task)(void*, Eigen::Index, unsigned), void* context);

  unsigned size_ = 1;
  shared_state* state_;  // owned: made by the constructor, deleted by the destructor
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

#if KAM_HEADER_ONLY
#include <kam/core/detail/parallel_impl.hpp>
#endif
