// Must NOT compile: integer matrices are rejected by the real_scalar constraint, because integer
// division would truncate normalised values.
#include <kam/scoring/wsm.hpp>

int main() {
  const Eigen::MatrixXi x = Eigen::MatrixXi::Ones(2, 1);
  const kam::criteria_set c{kam::benefit("x", 1)};
  return static_cast<int>(kam::score(x, c).scores.size());
}
