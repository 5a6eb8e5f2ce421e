// pareto_nbd.hpp on its own, header-only: a program that includes nothing else links and runs.
// Its predictions call a check defined with BG/NBD's (detail::check_bgnbd_time); before the
// header included that definition, this program failed to link (undefined reference), which the
// test suites missed because their other files include bgnbd.hpp. Found by the Python bindings.
#include <cmath>
#include <cstdio>
#include <kam/retention/pareto_nbd.hpp>

int main() {
  // Expected transactions in (0, t] of a new customer: r beta / (alpha (s - 1)) x
  // (1 - (beta / (beta + t))^(s - 1)) (Fader & Hardie 2005, "A note on deriving the Pareto/NBD
  // model and related expressions", eq. 17). With r = alpha = beta = 1, s = 2 and t = 1:
  // 1 x (1 - 1/2) = 0.5.
  const kam::pareto_nbd_params<double> p{1, 1, 2, 1};
  const double e = kam::pareto_nbd_expected_transactions(p, 1.0);
  if (std::abs(e - 0.5) > 1e-15) {
    std::printf("expected 0.5, got %.17g\n", e);
    return 1;
  }
  return 0;
}
