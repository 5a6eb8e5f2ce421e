// Tests of tools/kam/suggest.hpp: edit distance and "did you mean".
#include "suggest.hpp"

#include <string>
#include <vector>

#include "catch.hpp"

TEST_CASE("suggest: optimal string alignment distance, case ignored", "[suggest]") {
  using kam_tool::edit_distance;
  CHECK(edit_distance("weight", "weight") == 0);
  CHECK(edit_distance("wieght", "weight") == 1);  // two neighbours swapped
  CHECK(edit_distance("Revenue", "revenue") == 0);
  CHECK(edit_distance("growht", "growth") == 1);
  CHECK(edit_distance("costs", "cost") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("suggest: did you mean only for a likely typo", "[suggest]") {
  using kam_tool::did_you_mean;
  const std::vector<std::string> known{"name", "weight", "direction", "normalization"};
  CHECK(did_you_mean("wieght", known) == "did you mean 'weight'? ");
  CHECK(did_you_mean("Name", known) == "did you mean 'name'? ");
  CHECK(did_you_mean("normalisation", known) == "did you mean 'normalization'? ");
  CHECK(did_you_mean("colour", known).empty());  // nothing close
  CHECK(did_you_mean("weight", known).empty());  // the name itself: no suggestion
  const std::vector<std::string> periods{"p1", "p2", "ID"};
  CHECK(did_you_mean("p5", periods).empty());  // short names: case only
  CHECK(did_you_mean("id", periods) == "did you mean 'ID'? ");
}
