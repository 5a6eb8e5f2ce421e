// Tests of kam/core/parallel.hpp and its pool: the threads convention, every unit run once, the
// lowest failing unit's error whatever the thread count.
#include <kam/core/detail/parallel.hpp>
#include <kam/core/parallel.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "catch.hpp"

TEST_CASE("resolve_threads: 1 is the caller's thread, 0 every hardware thread", "[parallel]") {
  CHECK(kam::resolve_threads(1, "kam::f") == 1);
  CHECK(kam::resolve_threads(7, "kam::f") == 7);
  const unsigned hw = std::thread::hardware_concurrency();
  CHECK(kam::resolve_threads(0, "kam::f") == (hw == 0 ? 1 : hw));
  CHECK(kam::resolve_threads(kam::max_threads, "kam::f") == kam::max_threads);
}

TEST_CASE("resolve_threads: above max_threads is an error naming the option", "[parallel]") {
  try {
    (void)kam::resolve_threads(kam::max_threads + 1, "kam::kmeans");
    FAIL("no exception");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::kmeans");
    CHECK(e.field() == "threads");
    CHECK(e.reason() ==
          "threads = 1025 is above kam::max_threads (1024); 0 means one per "
          "hardware thread");
  }
}

TEST_CASE("worker_pool: every unit runs exactly once, on every thread count", "[parallel]") {
  for (unsigned threads : {1U, 2U, 3U, 8U}) {
    kam::detail::worker_pool pool(threads);
    CHECK(pool.size() == threads);
    for (Eigen::Index units : {0, 1, 5, 1000}) {
      std::vector<int> runs(static_cast<std::size_t>(units), 0);
      std::vector<int> on_thread(static_cast<std::size_t>(units), -1);
      pool.run(units, [&](Eigen::Index u, unsigned t) {
        ++runs[static_cast<std::size_t>(u)];  // each unit writes only its own slot
        on_thread[static_cast<std::size_t>(u)] = static_cast<int>(t);
      });
      for (Eigen::Index u = 0; u < units; ++u) {
        CHECK(runs[static_cast<std::size_t>(u)] == 1);
        CHECK(on_thread[static_cast<std::size_t>(u)] >= 0);
        CHECK(on_thread[static_cast<std::size_t>(u)] < static_cast<int>(threads));
      }
    }
  }
}

TEST_CASE("worker_pool: the error is the lowest failing unit's, whatever the threads",
          "[parallel]") {
  // Units 37, 38 and 500 fail; every thread count must report unit 37.
  for (unsigned threads : {1U, 2U, 4U}) {
    kam::detail::worker_pool pool(threads);
    for (int round = 0; round < 20; ++round) {
      try {
        pool.run(1000, [](Eigen::Index u, unsigned) {
          if (u == 37 || u == 38 || u == 500) throw std::runtime_error(std::to_string(u));
        });
        FAIL("no exception");
      } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()) == "37");
      }
    }
    // The pool is reusable after a failure, and a clean run reports nothing.
    int sum = 0;
    std::vector<int> parts(10, 0);
    pool.run(10, [&](Eigen::Index u, unsigned) { parts[static_cast<std::size_t>(u)] = 1; });
    for (int p : parts) sum += p;
    CHECK(sum == 10);
  }
}

TEST_CASE("parallel_for: runs each unit once and never more threads than units", "[parallel]") {
  std::vector<int> runs(3, 0);
  kam::detail::parallel_for(3, 64, [&](Eigen::Index u) { ++runs[static_cast<std::size_t>(u)]; });
  CHECK(runs == std::vector<int>{1, 1, 1});
  CHECK_THROWS_AS(kam::detail::parallel_for(5, 2,
                                            [](Eigen::Index u) {
                                              if (u == 3) throw std::logic_error("3");
                                            }),
                  std::logic_error);
}
