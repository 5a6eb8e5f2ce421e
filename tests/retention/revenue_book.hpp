// The book shared by the tests of the retention metrics: six accounts over four periods.
#pragma once

#include <kam/core/concepts.hpp>
#include <type_traits>

namespace kam_test {

// Six accounts over four periods (rows accounts, columns periods 0..3), every movement once:
//   A0: 100 120 120   0   expansion, flat, churn
//   A1: 200 150   0 180   contraction, churn, reactivation
//   A2:   0  50  60  60   new, expansion, flat
//   A3:  80  80  90  40   flat, expansion, contraction
//   A4:   0   0   0   0   never a customer
//   A5:   0   0   0  70   new in period 3
template <typename Scalar>
kam::matrix_of<Scalar> book() {
  kam::matrix_of<Scalar> r(6, 4);
  r << 100, 120, 120, 0,  //
      200, 150, 0, 180,   //
      0, 50, 60, 60,      //
      80, 80, 90, 40,     //
      0, 0, 0, 0,         //
      0, 0, 0, 70;
  return r;
}

template <typename Scalar>
double tol() {
  return std::is_same_v<Scalar, float> ? 1e-6 : 1e-14;
}

}  // namespace kam_test
