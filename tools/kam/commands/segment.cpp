// `kam segment`: groups the accounts of a CSV file three ways: ordered rules from the
// configuration (kam's condition syntax), quantile bins with a combined code (RFM style), and
// weighted k-means. One row per account, in input order: id, segment and rule, bin codes and
// combined code, cluster. Also adds the segments and clusters to `kam report`.
#include "segment.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/segmentation.hpp>
#include <kam/version.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "setup.hpp"
#include "svg.hpp"

namespace kam_tool {
namespace {

constexpr long long default_chunk_rows = 65536;

int run_segment(const invocation& args) {
  if (args.positional.size() != 1) throw usage_error("expected exactly one accounts file (CSV)");
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  const auto chunk_rows = integer_option(args, "chunk-rows", default_chunk_rows, 1);
  const auto config = configuration::load(args.get("config"));
  auto setup = load_segment_setup(config);
  apply_id_options(args, setup.layout);
  const int precision = precision_of(args);
  auto source = accounts_of(args, args.positional[0]);
  setup.kept = keep_columns(args, source, setup.layout, {"id"});
  progress bar("kam segment");
  segment_pipeline pipeline(setup, std::move(source), chunk_rows, bar);
  output_file out(out_path, *args.out, {args.positional[0], args.get("config").value_or("")});
  std::optional<table_writer<boost::json::object>> writer;
  pipeline.run([&](const std::vector<boost::json::object>& rows) {
    if (!writer) {
      boost::json::object head;
      head["kam"] = kam::version_string;
      head["command"] = "segment";
      head["summary"] = to_json(pipeline.summary());
      writer.emplace(out.stream(), format, "accounts", head);
      writer->set_precision(precision);
    }
    for (const auto& row : rows) writer->write(row);
  });
  // Counts over every account (known once every row is written).
  boost::json::object tail;
  const auto s = pipeline.summary();
  if (!s.bins.empty()) tail["bins"] = s.bins;
  if (!s.kmeans.empty()) tail["kmeans"] = s.kmeans;
  writer->finish(tail);
  bar.clear();
  out.commit();
  return 0;
}

// The clusters: size, share of the weight, and centroid in the units of the data.
report_section cluster_section(const segment_setup& setup, const segment_pipeline& pipeline) {
  const auto& km = *pipeline.kmeans();
  const auto& settings = *setup.settings.kmeans;
  table_chart t;
  t.header = {"cluster", "accounts"};
  // The weight column holds each cluster's share of the weights' total, not a centroid.
  if (settings.weights) t.header.push_back("share of " + *settings.weights);
  for (const auto& f : settings.features) t.header.push_back(f);
  const double total = km.cluster_weights.sum();
  for (Eigen::Index c = 0; c < km.k(); ++c) {
    std::vector<std::string> row{
        std::to_string(c + 1),
        std::to_string(pipeline.cluster_counts()[static_cast<std::size_t>(c)])};
    if (settings.weights) row.push_back(short_number(100 * km.cluster_weights(c) / total, 1) + "%");
    for (Eigen::Index j = 0; j < km.centroids.cols(); ++j)
      row.push_back(short_number(km.centroids(c, j), 2));
    t.rows.push_back(std::move(row));
  }
  return {"clusters", "k-means clusters",
          fmt::format("Centroids in the units of the data{}{}; k = {}, {} after {} iterations.",
                      settings.standardize ? " (clustered on z-scores)" : "",
                      settings.weights ? ", and each cluster's share of the " + *settings.weights +
                                             " total (the weights)"
                                       : "",
                      km.k(), kam::enum_name(km.status), km.iterations),
          std::move(t), true};
}

// The ten most frequent combined quantile codes.
report_section code_section(const segment_setup& setup, const segment_pipeline& pipeline,
                            const std::map<std::string, long long>& code_counts) {
  std::vector<std::pair<std::string, long long>> top(code_counts.begin(), code_counts.end());
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  bar_chart b;
  for (std::size_t k = 0; k < std::min<std::size_t>(top.size(), 10); ++k) {
    b.labels.push_back(top[k].first);
    b.values.push_back(static_cast<double>(top[k].second));
  }
  std::vector<std::string> fields;
  for (const auto& f : setup.settings.bins->fields) fields.push_back(f.name);
  return {"codes", "Most frequent quantile codes",
          fmt::format("Codes {} ({} distinct); the ten most frequent.", fmt::join(fields, "-"),
                      pipeline.distinct_codes()),
          std::move(b)};
}

// Adds the segments (accounts per rule segment), the clusters (size and centroid) and the most
// frequent combined codes to the report.
void contribute_segment(const report_input& in, report& r) {
  if (!in.config.has("segment") || in.args.positional.empty()) return;
  auto setup = load_segment_setup(in.config);
  apply_id_options(in.args, setup.layout);
  segment_pipeline pipeline(setup, accounts_of(in.args, in.args.positional[0]),
                            integer_option(in.args, "chunk-rows", default_chunk_rows, 1), in.bar);
  std::map<std::string, long long> code_counts;
  pipeline.run([&](const std::vector<boost::json::object>& rows) {
    for (const auto& row : rows)
      if (const auto* code = row.if_contains("code")) ++code_counts[std::string(code->as_string())];
  });
  if (setup.rules) {
    bar_chart b;
    const auto& names = setup.rules->segments();
    for (std::size_t k = 0; k < names.size(); ++k) {
      b.labels.push_back(names[k]);
      b.values.push_back(static_cast<double>(pipeline.segment_counts()[k]));
      b.colors.emplace_back(palette[k % palette.size()]);
    }
    if (pipeline.unmatched() > 0) {
      b.labels.emplace_back("(no segment)");
      b.values.push_back(static_cast<double>(pipeline.unmatched()));
      b.colors.emplace_back("#bab0ac");
    }
    r.sections.push_back({"segments", "Segments by rule",
                          "First matching rule wins; accounts no rule matches get the fallback.",
                          std::move(b)});
  }
  if (pipeline.kmeans()) r.sections.push_back(cluster_section(setup, pipeline));
  if (!code_counts.empty()) r.sections.push_back(code_section(setup, pipeline, code_counts));
}

}  // namespace

namespace commands {

command segment() {
  return {
      .name = "segment",
      .summary = "segment accounts by rules, quantile bins and weighted k-means",
      .usage =
          "kam segment [options] ACCOUNTS.csv\n\n"
          "Writes one row per account of ACCOUNTS.csv, in input order: its segment and the\n"
          "rule that placed it (rules in kam's condition syntax, first match wins), its\n"
          "quantile-bin codes and combined code, and its k-means cluster (1..k), as the\n"
          "configuration's \"segment\" section asks. Bins and k-means hold the values they\n"
          "are fitted on in memory; segment.fit_sample bounds that for any file size.",
      .options = {{"output", "FILE", "where to write the rows (default: standard output)", 'o'},
                  {"id", "COL", "the id column (default: input.id, else id)"},
                  {"row-number", "", "number the accounts 1, 2, ... as their ids (no id column)"},
                  {"precision", "N", "write numbers with N significant digits"},
                  {"keep", "COLS", "carry these columns (name,industry,...) into the output"},
                  {"keep-all", "", "carry every column but the id into the output"},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"chunk-rows", "N",
                   "accounts held in memory at a time (default 65536); larger files are read "
                   "twice"}},
      .section = "segment",
      .run = &run_segment,
      .contribute = &contribute_segment,
      .report_options = {},
  };
}

}  // namespace commands
}  // namespace kam_tool
