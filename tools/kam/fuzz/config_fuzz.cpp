// libFuzzer harness: configuration parsing (JSON with positions, described structs, every
// command's section and its validation), then each command's pipeline on a small fixed input
// with whatever was accepted: scoring (weights and methods), position, segmentation and
// retention. Every rejection must be a kam::error; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <kam/core/error.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/sample_portfolio.hpp"
#include "output.hpp"
#include "position.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "retention.hpp"
#include "score_pipeline.hpp"
#include "segment.hpp"

namespace {

// Six generated accounts with every column of the sample portfolio (the default catalogues'),
// plus three plain columns, so fuzzed criteria and fields can match.
const std::string& portfolio() {
  static const std::string text = [] {
    std::ostringstream out;
    kam_examples::write_sample_csv(out, 6);
    std::string csv = out.str();
    std::string with;
    std::istringstream in(csv);
    std::string line;
    for (int n = 0; std::getline(in, line); ++n)
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
  std::optional<kam_cli::configuration> parsed;
  try {
    parsed.emplace(
        kam_cli::json_document(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json"),
        std::vector<std::string>{"input", "position", "report", "retention", "score", "segment"});
    (void)parsed->section<kam_cli::report_config>("report");
  } catch (const kam::error&) {
    return 0;
  }
  const auto& cfg = *parsed;
  kam_cli::progress bar("fuzz");
  std::ostringstream out;
  guarded([&] {
    const auto setup = kam_cli::load_score_setup(cfg);
    kam_cli::score_pipeline pipeline(setup, kam_cli::accounts_source::text(portfolio(), "p.csv"), 2,
                                     bar);
    std::optional<kam_cli::table_writer<kam_cli::scored_account>> writer;
    pipeline.run([&](const kam_cli::scored_chunk& c) {
      if (!writer) {
        boost::json::object head;
        head["summary"] = kam_cli::to_json(pipeline.summary());
        writer.emplace(out, kam_cli::table_format::json, "accounts", head);
      }
      for (Eigen::Index r = 0; r < c.accounts.rows; ++r) writer->write(pipeline.row(c, r));
    });
  });
  guarded([&] {
    const auto setup = kam_cli::load_position_setup(cfg);
    kam_cli::position_pipeline pipeline(setup, kam_cli::accounts_source::text(portfolio(), "p.csv"),
                                        nullptr, 4, bar);
    kam_cli::table_writer<kam_cli::position_row> writer(out, kam_cli::table_format::csv, "rows");
    pipeline.run([&](const kam_cli::table_chunk& c) {
      for (Eigen::Index r = 0; r < c.rows; ++r) writer.write(pipeline.row(c, r));
    });
    out << kam_cli::serialize_json(kam_cli::to_json(pipeline.summary()));
  });
  guarded([&] {
    const auto setup = kam_cli::load_segment_setup(cfg);
    kam_cli::segment_pipeline pipeline(setup, kam_cli::accounts_source::text(portfolio(), "p.csv"),
                                       4, bar);
    kam_cli::table_writer<boost::json::object> writer(out, kam_cli::table_format::csv, "rows");
    pipeline.run([&](const std::vector<boost::json::object>& rows) {
      for (const auto& r : rows) writer.write(r);
    });
    out << kam_cli::serialize_json(kam_cli::to_json(pipeline.summary()));
  });
  guarded([&] {
    const auto source = kam_cli::accounts_source::text(revenue, "r.csv");
    const auto setup = kam_cli::load_retention_setup(cfg, source);
    kam_cli::retention_pipeline pipeline(setup, source, 3, bar);
    kam_cli::table_writer<kam_cli::retention_row> writer(out, kam_cli::table_format::json, "rows");
    pipeline.run([&](const std::vector<kam_cli::retention_row>& rows) {
      for (const auto& r : rows) writer.write(r);
    });
    out << kam_cli::serialize_json(kam_cli::to_json(pipeline.sbg()));
  });
  return 0;
}
