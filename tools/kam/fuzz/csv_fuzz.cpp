// libFuzzer harness: CSV reading, then the whole scoring pipeline, on arbitrary bytes. Every
// rejection must be a kam::error; anything else (another exception, a crash, a sanitizer report)
// is a finding. The first column is the id; every other column becomes a criterion.
#include <cstddef>
#include <cstdint>
#include <kam/core.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "csv.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "score_pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> header;
  try {
    std::istringstream in(text, std::ios::binary);
    kam_tool::csv_reader reader(in, "fuzz.csv");
    header = reader.header();
    kam_tool::csv_record record;
    while (reader.next(record)) {
      for (std::size_t k = 0; k < record.size(); ++k) {
        if (record.present(k)) (void)kam_tool::parse_number(record.field(k));
      }
    }
  } catch (const kam::error&) {
    return 0;
  }
  if (header.empty()) return 0;
  try {
    // A configuration naming the columns, written with Boost.JSON's escaping.
    boost::json::array criteria;
    for (std::size_t c = 1; c < header.size(); ++c) {
      criteria.push_back(boost::json::object{{"name", header[c]}, {"weight", 1}});
    }
    const boost::json::object config{
        {"input", boost::json::object{{"id", header[0]}}},
        {"score", boost::json::object{
                      {"criteria", criteria},
                      {"options", boost::json::object{{"missing", "renormalize"}}},
                      {"key_accounts", boost::json::object{{"cap", 2}}},
                      {"tiers", boost::json::object{{"shares", boost::json::array{0.25, 0.25}}}}}}};
    const kam_tool::configuration cfg(
        kam_tool::json_document(kam_tool::serialize_json(config), "fuzz.json"), {"input", "score"});
    const auto setup = kam_tool::load_score_setup(cfg);
    kam_tool::progress bar("fuzz");
    kam_tool::score_pipeline pipeline(setup, kam_tool::accounts_source::text(text, "fuzz.csv"), 2,
                                      bar);
    std::ostringstream out;
    std::optional<kam_tool::table_writer<kam_tool::scored_account>> writer;
    pipeline.run([&](const kam_tool::scored_chunk& c) {
      if (!writer) writer.emplace(out, kam_tool::table_format::csv, "accounts");
      for (Eigen::Index r = 0; r < c.accounts.rows; ++r) writer->write(pipeline.row(c, r));
    });
  } catch (const kam::error&) {
  }
  return 0;
}
