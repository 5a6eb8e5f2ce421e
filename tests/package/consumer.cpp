// Uses the installed kam package exactly as the README's usage snippet does.
#include <iostream>
#include <kam/kam.hpp>

int main() {
  // Rows are accounts, columns are criteria, in the order of the criteria set.
  const kam::criteria_set criteria{kam::benefit("revenue", 40), kam::benefit("growth", 35),
                                   kam::cost("effort", 25)};  // weights normalise to 1
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3, 400, 0.05, 5, 250, 0.20, 2, 50, 0.25, 2;
  const auto scored = kam::score(x, criteria);   // 0.311, 0.400, 0.741, 0.600
  const auto ranks = kam::ranks(scored.scores);  // 4, 3, 1, 2
  const auto chosen = kam::select_key_accounts(scored.scores, {.cap = 2, .min_score = 0.5});
  std::cout << "kam " << kam::version_string << "\nranks:";
  for (const auto r : ranks) std::cout << ' ' << r;
  std::cout << "\nkey accounts:";
  for (const auto row : chosen.accounts) std::cout << ' ' << row;  // C (row 2), then D (row 3)
  std::cout << '\n';
  return 0;
}
