// A consumer built with pkg-config's flags alone (no CMake), from the unpacked .deb: the scoring
// example of consumer.cpp, small so the check stays quick. Compiled once against kam (header-only)
// and once against kam-compiled (libkam.a); deb_check.cmake runs both.
#include <cmath>
#include <cstdio>
#include <kam/scoring/score.hpp>

int main() {
  // Min-max per criterion, effort a cost, weights 40/35/25 (worked out in consumer.cpp):
  // account C scores .4 * 4/7 + .35 * .75 + .25 = 0.7410714...
  const kam::criteria_set criteria{kam::benefit("revenue", 40), kam::benefit("growth", 35),
                                   kam::cost("effort", 25)};
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3, 400, 0.05, 5, 250, 0.20, 2, 50, 0.25, 2;
  const double c = kam::score(x, criteria).scores(2);
  const bool ok = std::abs(c - (0.4 * 4 / 7 + 0.35 * 0.75 + 0.25)) <= 1e-12;
  std::printf("%s: score of C from a pkg-config build\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
