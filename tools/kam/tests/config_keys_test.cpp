// Tests of tools/kam/config_keys.hpp and `kam help config`: every key the configuration reader
// knows is listed and described, and every description belongs to a key.
#include "config_keys.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "command.hpp"
#include "tool.hpp"

namespace {

// Returns the names listed after "known: " in `message` ("'a', 'b', 'c'").
std::vector<std::string> known_names(const std::string& message) {
  std::vector<std::string> out;
  const auto at = message.find("known: ");
  if (at == std::string::npos) return out;
  std::size_t i = at + 7;
  while (true) {
    const auto open = message.find('\'', i);
    if (open == std::string::npos) break;
    const auto close = message.find('\'', open + 1);
    if (close == std::string::npos) break;
    out.push_back(message.substr(open + 1, close - open - 1));
    i = close + 1;
    if (i >= message.size() || message[i] != ',') break;
  }
  return out;
}

std::set<std::string> listed_paths() {
  std::set<std::string> out;
  for (const auto& s : kam_tool::configuration_sections())
    for (const auto& k : s.keys) out.insert(k.path);
  return out;
}

// Runs `kam <command> -c CONFIG FILE` with CONFIG = `config` and returns its standard error.
// `file` names the configuration file (one per test case: ctest runs them in parallel).
std::string error_of(const std::string& command, const std::string& config, const std::string& data,
                     const std::string& file) {
  const std::string path = std::string(KAM_TOOL_BINARY_DIR) + "/" + file;
  std::ofstream(path) << config;
  std::ostringstream out;
  std::ostringstream err;
  const int rc = kam_tool::run({command, "-c", path, data}, out, err);
  CHECK(rc == 1);
  return err.str();
}

}  // namespace

TEST_CASE("config keys: every section the reader knows is listed, and only those") {
  std::set<std::string> listed;
  for (const auto& s : kam_tool::configuration_sections()) listed.insert(s.name);
  const auto known = kam_tool::known_sections();
  CHECK(listed == std::set<std::string>(known.begin(), known.end()));
}

TEST_CASE("config keys: every key has a description, and every description a key") {
  std::set<std::string> used;
  for (const auto& s : kam_tool::configuration_sections()) {
    for (const auto& k : s.keys) {
      INFO(k.path);
      CHECK_FALSE(kam_tool::describe_key(k).empty());
      used.insert(k.path);
      if (!k.kind.empty()) used.insert(k.kind + "." + k.member);
    }
  }
  for (const auto& name : kam_tool::described_names()) {
    INFO(name);
    CHECK(used.contains(name));
  }
}

TEST_CASE("config keys: kam help config shows every key with its description") {
  std::ostringstream out;
  std::ostringstream err;
  REQUIRE(kam_tool::run({"help", "config"}, out, err) == 0);
  const std::string text = out.str();
  for (const auto& s : kam_tool::configuration_sections()) {
    CHECK(text.find("\n" + s.name + ": ") != std::string::npos);
    for (const auto& k : s.keys) {
      INFO(k.path);
      const bool listed = text.find("\n  " + k.path + "  (") != std::string::npos ||
                          text.find("\n  " + k.path + "\n") != std::string::npos;
      CHECK(listed);
      CHECK(text.find(std::string(kam_tool::describe_key(k)).substr(0, 20)) != std::string::npos);
    }
  }
}

TEST_CASE("config keys: the keys the commands read are the keys listed") {
  // An unknown key makes the reader list the keys it knows; each must be in kam help config.
  const std::string data = std::string(KAM_TOOL_DATA) + "/reference.csv";
  const std::string revenue = std::string(KAM_TOOL_DATA) + "/revenue.csv";
  const auto paths = listed_paths();
  struct probe {
    std::string command, section, object, file;
  };
  const std::vector<probe> probes{
      {"score", "input", R"({"input": {"zzz": 1}})", data},
      {"score", "score", R"({"score": {"zzz": 1}})", data},
      {"score", "score.key_accounts", R"({"score": {"key_accounts": {"zzz": 1}}})", data},
      {"score", "score.weights", R"({"score": {"weights": {"zzz": 1}}})", data},
      {"position", "position", R"({"position": {"zzz": 1}})", data},
      {"position", "position.relationship", R"({"position": {"relationship": {"zzz": 1}}})", data},
      {"segment", "segment", R"({"segment": {"zzz": 1}})", data},
      {"retention", "retention", R"({"retention": {"zzz": 1}})", revenue},
      {"retention", "retention.sbg", R"({"retention": {"sbg": {"zzz": 1}}})", revenue},
      {"report", "report", R"({"report": {"zzz": 1}})", data},
  };
  for (const auto& p : probes) {
    INFO(p.command << " " << p.object);
    const auto known = known_names(error_of(p.command, p.object, p.file, "config_keys_probe.json"));
    CHECK_FALSE(known.empty());
    for (const auto& k : known) {
      INFO(k);
      CHECK(paths.contains(p.section + "." + k));
    }
  }
}

TEST_CASE("config keys: keys starting with _comment are skipped, others still rejected") {
  const std::string data = std::string(KAM_TOOL_DATA) + "/reference.csv";
  const std::string path = std::string(KAM_TOOL_BINARY_DIR) + "/config_keys_comment.json";
  std::ofstream(path) << R"({"_comment": ["a", "b"], "score": {"_comment_x": {"any": 1},)"
                      << R"( "tiers": {"_comment": "t", "edges": [0.5]}}})";
  std::ostringstream out;
  std::ostringstream err;
  CHECK(kam_tool::run({"score", "-c", path, data}, out, err) == 0);
  CHECK(err.str().empty());
  CHECK(error_of("score", R"({"score": {"_commen": 1}})", data, "config_keys_commen.json")
            .find("unknown key '_commen'") != std::string::npos);
}
