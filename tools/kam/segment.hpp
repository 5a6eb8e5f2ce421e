// `kam segment` behind the command line: the "segment" configuration (rules in kam's condition
// syntax, quantile bins, weighted k-means) and the passes over an accounts file that give every
// account its segment and rule, its bin codes and combined code, and its cluster.
//
// Rules are applied chunk by chunk (they read one account at a time). Quantile bins and k-means
// need the values of every account they are fitted on in memory: pass 1 keeps the binned fields
// and the k-means features (8 bytes per value and account), or, with `fit_sample`, a uniform
// random sample of that many accounts (reservoir sampling on kam::random_stream, seeded), so
// that memory stays bounded for any file. The fitted bins and centroids are then applied to
// every account in pass 2 (on the accounts they were fitted on they give exactly the fitted codes
// and labels), which writes one row per account in input order.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <kam/core.hpp>
#include <kam/segmentation.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "command.hpp"
#include "progress.hpp"
#include "table.hpp"

namespace kam_tool {

/// One rule of the configuration: accounts for which `when` (kam's condition syntax, see
/// kam::parse_condition) holds belong to `segment`; `name` labels the rule in the output
/// (default: the segment).
struct rule_settings {
  std::string segment;
  std::string when;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(rule_settings, (), (segment, when, name))

/// Quantile bins (kam::fit_quantile_bins): the fields (columns) with their number of bins and
/// direction, the quantile method and the rule for coinciding edges, and the separator of the
/// combined code.
struct bin_settings : kam::quantile_bin_options {
  std::vector<kam::bin_field> fields;
  std::string separator = "-";
};
BOOST_DESCRIBE_STRUCT(bin_settings, (kam::quantile_bin_options), (fields, separator))

/// Weighted k-means (kam::kmeans): the feature columns, the weight column (null: every account
/// weighs 1) and kam::kmeans_options.
struct kmeans_settings : kam::kmeans_options {
  std::vector<std::string> features;
  std::optional<std::string> weights;
};
BOOST_DESCRIBE_STRUCT(kmeans_settings, (kam::kmeans_options), (features, weights))

/// The "segment" section of the configuration: any of rules, bins and k-means (at least one).
/// `fit_sample` (null: every account) fits bins and k-means on a seeded uniform sample of at
/// most that many accounts, to bound memory for files of any size.
struct segment_settings {
  std::vector<rule_settings> rules;
  std::string fallback;
  kam::rule_missing missing = kam::rule_missing::reject;
  std::optional<bin_settings> bins;
  std::optional<kmeans_settings> kmeans;
  std::optional<Eigen::Index> fit_sample;
  std::uint64_t sample_seed = 0;
};
BOOST_DESCRIBE_STRUCT(segment_settings, (),
                      (rules, fallback, missing, bins, kmeans, fit_sample, sample_seed))

/// A validated "segment" section and the columns it reads.
struct segment_setup {
  segment_settings settings;
  std::optional<kam::segment_rules> rules;
  table_layout layout;
  /// Per rule field: numeric (index into layout.numeric) or categorical (index into layout.text).
  struct rule_field {
    std::string name;
    bool categorical = false;
    std::size_t column = 0;
  };
  std::vector<rule_field> rule_fields;
  std::vector<Eigen::Index> bin_cols;      ///< into layout.numeric
  std::vector<Eigen::Index> feature_cols;  ///< into layout.numeric
  std::optional<Eigen::Index> weight_col;  ///< into layout.numeric
  text_position k_at;                      ///< where segment.kmeans.k is (or would be) given
  std::vector<std::size_t> kept;           ///< --keep: the kept columns (into layout.text)
};

/// Reads and validates the "input" and "segment" sections: each rule's condition is parsed
/// (kam::parse_condition) and checked (kam::segment_rules), bins are checked by kam::validate and
/// the k-means options against the tool's limits; every rejection is reported at its place in
/// the file.
[[nodiscard]] segment_setup load_segment_setup(const configuration& cfg);

/// The summary of a `kam segment` run (the head of its JSON output).
struct segment_summary {
  std::string input;
  Eigen::Index accounts = 0;
  Eigen::Index fitted_on = 0;  ///< accounts the bins and k-means were fitted on
  boost::json::object rules;
  boost::json::object bins;
  boost::json::object kmeans;
};
BOOST_DESCRIBE_STRUCT(segment_summary, (), (input, accounts, fitted_on, rules, bins, kmeans))

/// The two passes of `kam segment` over one accounts file.
class segment_pipeline {
 public:
  segment_pipeline(const segment_setup& setup, accounts_source source, Eigen::Index chunk_rows,
                   progress& bar);

  /// Runs both passes; `sink(rows)` receives pass 2's rows chunk by chunk, in input order.
  void run(const std::function<void(const std::vector<boost::json::object>&)>& sink);

  /// Returns the summary (after the fit; counts of codes and clusters over every account after
  /// run).
  [[nodiscard]] segment_summary summary() const;

  /// Returns the fitted bins (when configured).
  [[nodiscard]] const std::optional<kam::quantile_bins<double>>& bins() const noexcept {
    return bins_;
  }
  /// Returns the k-means result (when configured).
  [[nodiscard]] const std::optional<kam::kmeans_result<double>>& kmeans() const noexcept {
    return km_;
  }
  /// Returns the accounts per segment (in kam::segment_rules::segments order).
  [[nodiscard]] const std::vector<long long>& segment_counts() const noexcept {
    return segment_counts_;
  }
  /// Returns the accounts per cluster.
  [[nodiscard]] const std::vector<long long>& cluster_counts() const noexcept {
    return cluster_counts_;
  }
  /// Returns the number of accounts without a segment.
  [[nodiscard]] long long unmatched() const noexcept { return unmatched_; }
  /// Returns the number of distinct combined codes.
  [[nodiscard]] std::size_t distinct_codes() const noexcept { return distinct_codes_.size(); }

 private:
  [[nodiscard]] field_columns fields() const;
  [[nodiscard]] kam::segment_assignment apply_rules(const table_chunk& c) const;
  void count_rules(const table_chunk& c);
  void copy_row(const table_chunk& c, Eigen::Index r, const std::vector<Eigen::Index>& cols,
                double* dst, const char* use) const;
  [[nodiscard]] double weight_of(const table_chunk& c, Eigen::Index r) const;
  void keep_for_fit(const table_chunk& c, Eigen::Index r);
  void collect();
  void fit();
  [[nodiscard]] boost::json::object rules_summary() const;
  [[nodiscard]] boost::json::object bins_summary() const;
  [[nodiscard]] boost::json::object kmeans_summary() const;
  [[nodiscard]] const Eigen::MatrixXd& gather(const table_chunk& c,
                                              const std::vector<Eigen::Index>& cols);
  [[nodiscard]] std::vector<boost::json::object> assign(const table_chunk& c);

  const segment_setup& setup_;
  chunked_table table_;
  Eigen::MatrixXd values_;  ///< fit rows: bin fields, k-means features, weight
  Eigen::Index fit_rows_ = 0;
  Eigen::Index seen_ = 0;   ///< accounts offered to the sample
  kam::random_engine rng_;  ///< the sample's random stream
  std::vector<double> row_;
  Eigen::MatrixXd buf_;
  std::optional<kam::quantile_bins<double>> bins_;
  std::optional<kam::kmeans_result<double>> km_;
  std::vector<long long> segment_counts_, rule_counts_, cluster_counts_;
  long long fallback_ = 0, unmatched_ = 0, with_missing_ = 0;
  std::vector<kam::index_vector> code_counts_;
  std::vector<Eigen::Index> outside_;
  std::set<std::string> distinct_codes_;
};

}  // namespace kam_tool
