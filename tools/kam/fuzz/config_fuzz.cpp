// libFuzzer harness: configuration parsing (JSON with positions, described structs, every
// command's section and its validation), then each command's pipeline on a small fixed input
// with whatever was accepted: scoring (weights and methods), position, segmentation and
// retention. Every rejection must be a kam::error; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <kam/core.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "output.hpp"
#include "position.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "retention.hpp"
#include "score_pipeline.hpp"
#include "segment.hpp"

namespace {

// The first six accounts of the bundled sample (every column of the default catalogues), plus
// three plain columns, so fuzzed criteria and fields can match.
const std::string& portfolio() {
  static const std::string text = [] {
    std::ifstream in(KAM_SAMPLE_DIR "/sample_portfolio.csv", std::ios::binary);
    std::string with;
    std::string line;
    for (int n = 0; n < 7 && std::getline(in, line); ++n)
      with += line + (n == 0 ? ",a,b,c\n" : "," + std::to_string(n) + ",-1,0\n");
    return with;
  }();
  return text;
}

constexpr const char* revenue = "id,p1,p2,p3,p4\nA,1,0,2,2\nB,0,3,3,0\nC,2,2,0,1\nD,0,0,0,0\n";

template <typename F>
void guarded(F&& f) {
  try {
    f();
  } catch (const kam::error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<kam_tool::configuration> parsed;
  try {
    parsed.emplace(
        kam_tool::json_document(std::string(reinterpret_cast<const char*>(data), size),
                                "fuzz.json"),
        std::vector<std::string>{"input", "position", "report", "retention", "score", "segment"});
    (void)parsed->section<kam_tool::report_config>("report");
  } catch (const kam::error&) {
    return 0;
  }
  const auto& cfg = *parsed;
  kam_tool::progress bar("fuzz");
  std::ostringstream out;
  guarded([&] {
    const auto setup = kam_tool::load_score_setup(cfg);
    kam_tool::score_pipeline pipeline(setup, kam_tool::accounts_source::text(portfolio(), "p.csv"),
                                      2, bar);
    std::optional<kam_tool::table_writer<kam_tool::scored_account>> writer;
    pipeline.run([&](const kam_tool::scored_chunk& c) {
      if (!writer) {
        boost::json::object head;
        head["summary"] = kam_tool::to_json(pipeline.summary());
        writer.emplace(out, kam_tool::table_format::json, "accounts", head);
      }
      for (Eigen::Index r = 0; r < c.accounts.rows; ++r) writer->write(pipeline.row(c, r));
    });
  });
  guarded([&] {
    const auto setup = kam_tool::load_position_setup(cfg);
    kam_tool::position_pipeline pipeline(
        setup, kam_tool::accounts_source::text(portfolio(), "p.csv"), nullptr, 4, bar);
    kam_tool::table_writer<kam_tool::position_row> writer(out, kam_tool::table_format::csv, "rows");
    pipeline.run([&](const kam_tool::table_chunk& c) {
      for (Eigen::Index r = 0; r < c.rows; ++r) writer.write(pipeline.row(c, r));
    });
    out << kam_tool::serialize_json(kam_tool::to_json(pipeline.summary()));
  });
  guarded([&] {
    const auto setup = kam_tool::load_segment_setup(cfg);
    kam_tool::segment_pipeline pipeline(
        setup, kam_tool::accounts_source::text(portfolio(), "p.csv"), 4, bar);
    kam_tool::table_writer<boost::json::object> writer(out, kam_tool::table_format::csv, "rows");
    pipeline.run([&](const std::vector<boost::json::object>& rows) {
      for (const auto& r : rows) writer.write(r);
    });
    out << kam_tool::serialize_json(kam_tool::to_json(pipeline.summary()));
  });
  guarded([&] {
    const auto source = kam_tool::accounts_source::text(revenue, "r.csv");
    const auto setup = kam_tool::load_retention_setup(cfg, source);
    kam_tool::retention_pipeline pipeline(setup, source, 3, bar);
    kam_tool::table_writer<kam_tool::retention_row> writer(out, kam_tool::table_format::json,
                                                           "rows");
    pipeline.run([&](const std::vector<kam_tool::retention_row>& rows) {
      for (const auto& r : rows) writer.write(r);
    });
    out << kam_tool::serialize_json(kam_tool::to_json(pipeline.sbg()));
  });
  return 0;
}
