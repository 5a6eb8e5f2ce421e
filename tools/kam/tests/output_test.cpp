// Tests of tools/kam/output.hpp: numbers, CSV fields, JSON text, described rows as tables, and
// files that appear whole or not at all.
#include "output.hpp"

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "command.hpp"
#include "score_pipeline.hpp"

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string csv_field(std::string_view f) {
  std::string out;
  kam_tool::append_csv_field(out, f);
  return out;
}
}  // namespace

TEST_CASE("output: numbers in their shortest round-trip form", "[output]") {
  CHECK(kam_tool::format_number(0.5) == "0.5");
  CHECK(kam_tool::format_number(0.1) == "0.1");
  CHECK(kam_tool::format_number(100.0) == "100");
  CHECK(kam_tool::format_number(1e-7) == "1e-07");
  CHECK(kam_tool::format_number(1.0 / 3.0) == "0.3333333333333333");  // 16 digits read back exactly
  CHECK(kam_tool::format_number(std::numeric_limits<double>::quiet_NaN()).empty());
}

TEST_CASE("output: CSV fields quoted only when RFC 4180 needs it", "[output]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\r\nlines") == "\"two\r\nlines\"");
  CHECK(csv_field(" padded ") == "\" padded \"");  // kept exactly: readers may trim bare spaces
  CHECK(csv_field("") == "");
}

TEST_CASE("output: JSON text with readable numbers", "[output]") {
  const auto v = boost::json::parse(R"({"a":[0.25,100.0,-3,1e-7],"s":"q\"x","n":null,"b":true})");
  CHECK(kam_tool::serialize_json(v) == R"({"a":[0.25,100,-3,1e-07],"s":"q\"x","n":null,"b":true})");
}

TEST_CASE("output: described rows as CSV and JSON tables", "[output]") {
  kam_tool::scored_account a;
  a.id = "A,1";
  a.score = 0.75;
  a.rank = 1;
  a.tier = 2;
  a.key_account = true;
  a.coverage = 0.5;
  a.contributions = {{"revenue", 0.5}, {"effort", 0.25}};
  kam_tool::scored_account b = a;
  b.id = "B";
  b.tier_name = "gold";
  b.key_account = false;

  std::ostringstream csv;
  kam_tool::table_writer<kam_tool::scored_account> w(csv, kam_tool::table_format::csv, "accounts");
  w.write(a);
  w.write(b);
  w.finish();
  CHECK(csv.str() ==
        "id,score,rank,tier,tier_name,key_account,coverage,contributions.revenue,"
        "contributions.effort\n"
        "\"A,1\",0.75,1,2,,true,0.5,0.5,0.25\n"
        "B,0.75,1,2,gold,false,0.5,0.5,0.25\n");

  std::ostringstream json;
  boost::json::object head;
  head["kam"] = "x";
  kam_tool::table_writer<kam_tool::scored_account> j(json, kam_tool::table_format::json, "accounts",
                                                     head);
  j.write(a);
  boost::json::object tail;
  tail["end"] = 1;
  j.finish(tail);
  CHECK(json.str() ==
        "{\"kam\":\"x\",\n\"accounts\":[\n"
        "{\"id\":\"A,1\",\"score\":0.75,\"rank\":1,\"tier\":2,\"tier_name\":null,"
        "\"key_account\":true,\"coverage\":0.5,\"contributions\":{\"revenue\":0.5,\"effort\":0.25}}"
        "\n],\n\"end\":1}\n");
  // It is JSON, and it reads back.
  const auto parsed = boost::json::parse(json.str());
  CHECK(parsed.at("accounts").at(0).at("contributions").at("effort").as_double() == 0.25);
}

TEST_CASE("output: a file appears whole on commit, and not at all otherwise", "[output]") {
  const auto dir = std::filesystem::path(KAM_TOOL_BINARY_DIR) / "output_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = dir / "out.csv";
  {
    kam_tool::output_file f(path.string(), std::cout);
    f.stream() << "first\n";
    CHECK_FALSE(std::filesystem::exists(path));  // nothing at the path before commit
    f.commit();
  }
  CHECK(slurp(path) == "first\n");
  {
    kam_tool::output_file f(path.string(), std::cout);
    f.stream() << "partial";
  }                                 // an error on the way: no commit
  CHECK(slurp(path) == "first\n");  // the earlier file is untouched
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);  // and no temporary file is left
  CHECK_THROWS_AS(kam_tool::output_file((dir / "no/such/dir/x.csv").string(), std::cout),
                  std::runtime_error);
}

TEST_CASE("output: the tool never writes over its input", "[output]") {
  const auto dir = std::filesystem::path(KAM_TOOL_BINARY_DIR) / "output_input_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto input = dir / "accounts.csv";
  std::ofstream(input) << "id\nA\n";
  // The same file however the path is spelled: refused before anything is written.
  for (const auto& out : {input, dir / "." / "accounts.csv"}) {
    CHECK_THROWS_AS(kam_tool::output_file(out.string(), std::cout, {input.string()}),
                    kam_tool::usage_error);
  }
  CHECK(slurp(input) == "id\nA\n");
  CHECK_NOTHROW(kam_tool::output_file((dir / "scores.csv").string(), std::cout, {input.string()}));
}
