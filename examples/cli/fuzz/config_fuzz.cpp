// libFuzzer harness: configuration parsing (JSON with positions, described structs, the score
// section's validation), then scoring a small fixed portfolio with whatever was accepted. Every
// rejection must be a kam::error; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <kam/core/error.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/report.hpp"
#include "cli/score_pipeline.hpp"

namespace {
// The default catalogue's columns plus three plain ones, so fuzzed criteria can match.
constexpr const char* portfolio =
    "id,current_revenue,growth_potential,cross_up_sell,win_expand,effort,relationship_strength,"
    "fit,logo_value,a,b,c\n"
    "A,100,3,0.5,0.4,2,3,3,2,1,-1,0\n"
    "B,250,5,0.9,0.1,1,5,4,5,2,,0\n"
    "C,50,1,0.1,0.9,5,1,1,1,3,7,0\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const kam_cli::configuration cfg(
        kam_cli::json_document(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json"),
        {"input", "report", "score"});
    (void)cfg.section<kam_cli::report_config>("report");
    const auto setup = kam_cli::load_score_setup(cfg);
    kam_cli::progress bar("fuzz");
    kam_cli::score_pipeline pipeline(setup, kam_cli::accounts_source::text(portfolio, "p.csv"), 2,
                                     bar);
    std::ostringstream out;
    std::optional<kam_cli::table_writer<kam_cli::scored_account>> writer;
    pipeline.run([&](const kam_cli::scored_chunk& c) {
      if (!writer) {
        boost::json::object head;
        head["summary"] = kam_cli::to_json(pipeline.summary());
        writer.emplace(out, kam_cli::table_format::json, "accounts", head);
      }
      for (Eigen::Index r = 0; r < c.accounts.rows; ++r) writer->write(pipeline.row(c, r));
    });
  } catch (const kam::error&) {
  }
  return 0;
}
