// Tests of kam/core/merge_tree.hpp: the tree's shape depends on the number of units alone.
#include <kam/core/merge_tree.hpp>
#include <string>
#include <vector>

#include "catch.hpp"

namespace {

// A statistic that records the order of its merges: "(a b)" for a merged with b.
struct trace {
  std::string text;
  void merge(const trace& other) { text = "(" + text + " " + other.text + ")"; }
};

std::string tree_of(int units) {
  kam::merge_tree<trace> tree;
  for (int u = 0; u < units; ++u) tree.add({std::to_string(u)});
  CHECK(tree.units() == static_cast<std::size_t>(units));
  const auto out = tree.finish();
  CHECK(tree.units() == 0);
  return out ? out->text : "none";
}

}  // namespace

TEST_CASE("merge_tree: a binary counter of units, older subtrees first", "[merge_tree]") {
  // Worked by hand: units pair up as they arrive (0 1), (2 3), then ((0 1) (2 3)); the rest
  // are merged from the largest subtree down, each keeping unit order.
  CHECK(tree_of(0) == "none");
  CHECK(tree_of(1) == "0");
  CHECK(tree_of(2) == "(0 1)");
  CHECK(tree_of(3) == "((0 1) 2)");
  CHECK(tree_of(4) == "((0 1) (2 3))");
  CHECK(tree_of(5) == "(((0 1) (2 3)) 4)");
  CHECK(tree_of(7) == "(((0 1) (2 3)) ((4 5) 6))");
}

TEST_CASE("merge_tree: floating-point sums are the same bits however the units arrive",
          "[merge_tree]") {
  // Sums of values of very different sizes round differently in another order; the tree fixes it.
  struct sum {
    double value = 0;
    void merge(const sum& o) { value += o.value; }
  };
  const std::vector<double> units{1e16, 1.0, -1e16, 1.0, 3.5, 1e-3, 7.0};
  kam::merge_tree<sum> a;
  kam::merge_tree<sum> b;
  for (double u : units) a.add({u});
  for (double u : units) b.add({u});  // a second reader, same units: same tree, same bits
  const double left = a.finish()->value;
  CHECK(left == b.finish()->value);
  // ((1e16 + 1) + (-1e16 + 1)) + ((3.5 + 1e-3) + 7): 1e16 + 1 rounds to 1e16 in double.
  CHECK(left == ((1e16 + 1.0) + (-1e16 + 1.0)) + ((3.5 + 1e-3) + 7.0));
}
