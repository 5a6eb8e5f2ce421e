// Must NOT compile: to_matrix needs a struct described with Boost.Describe.
#include <kam/core/describe.hpp>
#include <vector>

struct not_described {
  double revenue = 0;
};

int main() {
  const std::vector<not_described> accounts(2);
  return static_cast<int>(kam::to_matrix(accounts, {"revenue"}).rows());
}
