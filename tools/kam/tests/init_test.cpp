// Tests of `kam init`: the configuration it writes is taken as it is by `kam score -c` on the
// same file, and kam score gives with it what the written settings say.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "tool.hpp"

namespace {

struct run_result {
  int rc = 0;
  std::string out, err;
};

run_result kam(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int rc = kam_tool::run(args, out, err);
  return {rc, out.str(), err.str()};
}

}  // namespace

TEST_CASE("kam init: its configuration is accepted by kam score -c on the same file") {
  const std::string dir = std::string(KAM_TOOL_BINARY_DIR) + "/init_test";
  std::filesystem::create_directories(dir);
  for (const std::string& data :
       {std::string(KAM_TOOL_DATA) + "/crm.csv", std::string(KAM_TOOL_DATA) + "/reference.csv",
        std::string(KAM_TOOL_DATA) + "/init_numeric_id.csv",
        std::string(KAM_SAMPLE_DIR) + "/sample_portfolio.csv"}) {
    INFO(data);
    const std::string config = dir + "/" + std::filesystem::path(data).stem().string() + ".json";
    std::filesystem::remove(config);
    const auto init = kam({"init", "-o", config, data});
    REQUIRE(init.rc == 0);
    CHECK(init.err.empty());
    const auto score = kam({"score", "-c", config, data});
    CHECK(score.err.empty());
    CHECK(score.rc == 0);
    const auto report = kam({"report", "-c", config, data});
    CHECK(report.rc == 0);
    // Written again without --force: refused, the file unchanged.
    std::ifstream before_in(config);
    const std::string before((std::istreambuf_iterator<char>(before_in)),
                             std::istreambuf_iterator<char>());
    CHECK(kam({"init", "-o", config, data}).rc == 2);
    std::ifstream after_in(config);
    const std::string after((std::istreambuf_iterator<char>(after_in)),
                            std::istreambuf_iterator<char>());
    CHECK(before == after);
    CHECK(kam({"init", "--force", "-o", config, data}).rc == 0);
  }
}

TEST_CASE("kam init: on the bundled sample, its position section is the library's defaults") {
  const std::string data = std::string(KAM_SAMPLE_DIR) + "/sample_portfolio.csv";
  const std::string contacts = std::string(KAM_SAMPLE_DIR) + "/sample_contacts.csv";
  const std::string config = std::string(KAM_TOOL_BINARY_DIR) + "/init_test_sample.json";
  std::filesystem::remove(config);
  REQUIRE(kam({"init", "-o", config, data}).rc == 0);
  const auto with_config = kam({"position", "-c", config, "--contacts", contacts, data});
  const auto defaults = kam({"position", "--contacts", contacts, data});
  REQUIRE(with_config.rc == 0);
  CHECK(with_config.out == defaults.out);
}

TEST_CASE("kam init: on crm.csv, the same scores as the flags it spells out") {
  const std::string data = std::string(KAM_TOOL_DATA) + "/crm.csv";
  const std::string config = std::string(KAM_TOOL_BINARY_DIR) + "/init_test_crm.json";
  std::filesystem::remove(config);
  REQUIRE(kam({"init", "-o", config, data}).rc == 0);
  const auto with_config = kam({"score", "-c", config, data});
  const auto with_flags =
      kam({"score", "--id", "account", "--criteria", "revenue,growth,effort:cost", "--cap", "20%",
           "--tiers", "20%,30%", data});
  REQUIRE(with_config.rc == 0);
  CHECK(with_config.out == with_flags.out);
}
