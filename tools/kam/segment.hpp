// `kam segment` behind the command line: the "segment" configuration (rules in kam's condition
// syntax, quantile bins, weighted k-means) and the passes over an accounts file that give every
// account its segment and rule, its bin codes and combined code, and its cluster.
//
// Rules are applied chunk by chunk (they read one account at a time). Quantile bins and k-means
// need the values of every account they are fitted on in memory: pass 1 keeps the binned fields
// and the k-means features (8 bytes per value and account), or, with `fit_sample`, a uniform
// random sample of that many accounts (reservoir sampling, seeded), so that memory stays bounded
// for any file. The fitted bins and centroids are then applied to every account in pass 2 (on
// the accounts they were fitted on they give exactly the fitted codes and labels), which writes
// one row per account in input order.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <kam/kam.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "progress.hpp"
#include "score_pipeline.hpp"
#include "setup.hpp"
#include "table.hpp"

namespace kam_cli {

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
};

namespace detail {

/// Returns where column `column` (1-based) of the condition text at `at` is in the file: the
/// text starts one character after the opening quote (exact unless the string has escapes).
inline text_position in_string(const json_document& doc, const json_path& at, std::size_t column) {
  auto p = doc.position(at.pointer);
  p.column += column;
  return p;
}

/// Reads "column N: ..." off a kam::parse_condition message.
inline std::size_t condition_column(const std::string& detail) {
  std::size_t n = 0;
  if (detail.starts_with("column ")) {
    for (std::size_t i = 7; i < detail.size() && detail[i] >= '0' && detail[i] <= '9'; ++i)
      n = n * 10 + static_cast<std::size_t>(detail[i] - '0');
  }
  return n == 0 ? 1 : n;
}

inline void collect_categorical(const kam::condition& c, std::vector<std::string>& out) {
  for (const auto& p : c.predicates) {
    if ((p.op == kam::predicate_op::in || p.op == kam::predicate_op::not_in) &&
        std::find(out.begin(), out.end(), p.field) == out.end())
      out.push_back(p.field);
  }
  for (const auto& g : c.groups) collect_categorical(g, out);
}

}  // namespace detail

/// Reads and validates the "input" and "segment" sections: each rule's condition is parsed
/// (kam::parse_condition) and checked (kam::segment_rules), bins and k-means options are checked
/// by the library on placeholder accounts; every rejection is reported at its place in the file.
[[nodiscard]] inline segment_setup load_segment_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("segment");
  segment_setup s;
  s.settings = cfg.section<segment_settings>("segment");
  auto& p = s.settings;
  const auto input = cfg.section<input_config>("input");
  if (input.id.empty()) doc.fail(json_path{}.key("input").key("id"), "the id column has no name");
  s.layout.id = input.id;
  if (p.rules.empty() && p.fallback.empty() && !p.bins && !p.kmeans) {
    doc.fail(base, "nothing to do: give segment rules (or a fallback), bins or kmeans");
  }

  // Rules: parsed one by one (errors at the rule), then checked together.
  if (!p.rules.empty() || !p.fallback.empty()) {
    std::vector<kam::segment_rule> rules;
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
      const json_path at = base.key("rules").index(i);
      auto& r = p.rules[i];
      if (r.name.empty()) r.name = r.segment;
      kam::segment_rule rule{r.segment, {}, r.name};
      try {
        rule.when = kam::parse_condition(r.when);
      } catch (const kam::error& e) {
        const std::string detail = without_site(e);
        throw located_error(
            e.function(), "when",
            detail::in_string(doc, at.key("when"), detail::condition_column(detail)), detail);
      }
      try {
        (void)kam::segment_rules({rule});
      } catch (const kam::error& e) {
        const bool segment = e.field() == kam::detail::cat("rules[0]") && rule.segment.empty();
        throw located_error(e.function(), e.field(),
                            doc.position(at.key(segment ? "segment" : "when").pointer),
                            kam::detail::cat("rule '", r.name, "': ", without_site(e)));
      }
      rules.push_back(std::move(rule));
    }
    try {
      s.rules.emplace(std::move(rules), p.fallback);
    } catch (const kam::error& e) {
      throw located_error(e.function(), e.field(), doc.position(base.key("rules").pointer),
                          without_site(e));
    }
    std::vector<std::string> categorical;
    for (const auto& r : s.rules->rules()) detail::collect_categorical(r.when, categorical);
    for (const auto& f : s.rules->fields()) {
      const bool cat = std::find(categorical.begin(), categorical.end(), f) != categorical.end();
      segment_setup::rule_field rf{f, cat, 0};
      const column_request req{f, {}, "rule field"};
      if (cat) {
        rf.column = s.layout.text.size();
        s.layout.text.push_back(req);
      } else {
        rf.column = static_cast<std::size_t>(detail::add_numeric(s.layout, f, {}, "rule field"));
      }
      s.rule_fields.push_back(std::move(rf));
    }
  }

  if (p.bins) {
    const json_path at = base.key("bins");
    if (p.bins->fields.empty()) doc.fail(at.key("fields"), "bins need at least one field");
    const Eigen::Index f = static_cast<Eigen::Index>(p.bins->fields.size());
    for (std::size_t j = 0; j < p.bins->fields.size(); ++j) {
      const auto b = p.bins->fields[j].bins;
      if (b < 1 || b > 100) {
        doc.fail(at.key("fields").index(j).key("bins"),
                 kam::detail::cat("bins ", b, " must be between 1 and 100"));
      }
    }
    try {
      (void)kam::fit_quantile_bins(Eigen::MatrixXd::Zero(1, f), p.bins->fields, *p.bins);
    } catch (const kam::error& e) {
      for (std::size_t j = 0; j < p.bins->fields.size(); ++j) {
        if (p.bins->fields[j].name == e.field()) {
          throw located_error(e.function(), e.field(),
                              doc.position(at.key("fields").index(j).pointer),
                              kam::detail::cat("field '", e.field(), "': ", without_site(e)));
        }
      }
      fail_config_field(doc, at, e);
    }
    for (std::size_t j = 0; j < p.bins->fields.size(); ++j) {
      s.bin_cols.push_back(detail::add_numeric(
          s.layout, p.bins->fields[j].name,
          doc.position(at.key("fields").index(j).key("name").pointer), "bin field"));
    }
  }

  if (p.kmeans) {
    const json_path at = base.key("kmeans");
    const auto& km = *p.kmeans;
    if (km.features.empty()) doc.fail(at.key("features"), "k-means needs at least one feature");
    for (std::size_t j = 0; j < km.features.size(); ++j) {
      for (std::size_t k = 0; k < j; ++k) {
        if (km.features[k] == km.features[j]) {
          doc.fail(at.key("features").index(j),
                   kam::detail::cat("feature '", km.features[j], "' is given twice"));
        }
      }
      s.feature_cols.push_back(detail::add_numeric(
          s.layout, km.features[j], doc.position(at.key("features").index(j).pointer),
          "k-means feature"));
    }
    if (km.weights) {
      s.weight_col = detail::add_numeric(s.layout, *km.weights,
                                         doc.position(at.key("weights").pointer), "weight column");
    }
    // The options (k against the accounts is checked when fitting). The upper limits are the
    // tool's: larger values are surely typing mistakes, and would take hours or all memory.
    const auto check = [&](const char* key, double v, double lo, double hi) {
      if (!(v >= lo && v <= hi)) {
        doc.fail(at.key(key),
                 kam::detail::cat(key, " ", v, " must be between ", kam::detail::cat(lo), " and ",
                                  kam::detail::cat(hi)));
      }
    };
    s.k_at = doc.position(at.key("k").pointer);
    check("k", static_cast<double>(km.k), 1, 10000);
    check("restarts", static_cast<double>(km.restarts), 1, 1000);
    check("max_iterations", static_cast<double>(km.max_iterations), 1, 1e6);
    check("tolerance", km.tolerance, 0, 1e6);
    check("local_trials", static_cast<double>(km.local_trials), 0, 1000);
    check("threads", static_cast<double>(km.threads), 0, 256);
  }
  if (p.fit_sample && *p.fit_sample < 1)
    doc.fail(base.key("fit_sample"), "fit_sample must be >= 1 (null: fit on every account)");
  return s;
}

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
                   progress& bar)
      : setup_(setup), table_(std::move(source), setup.layout, chunk_rows, bar) {}

  /// Runs both passes; `sink(rows)` receives pass 2's rows chunk by chunk, in input order.
  void run(const std::function<void(const std::vector<boost::json::object>&)>& sink) {
    collect();
    fit();
    table_.again("pass 2/2 (assign)", [&](const table_chunk& c) { sink(assign(c)); });
  }

  /// Returns the summary (after the fit; counts of codes and clusters over every account after
  /// run).
  [[nodiscard]] segment_summary summary() const {
    segment_summary s;
    s.input = table_.name();
    s.accounts = table_.accounts();
    s.fitted_on = fit_rows_;
    if (setup_.rules) {
      boost::json::object o;
      boost::json::object counts;
      for (std::size_t k = 0; k < setup_.rules->segments().size(); ++k)
        counts[setup_.rules->segments()[k]] = segment_counts_[k];
      o["segments"] = counts;
      boost::json::object per_rule;
      for (std::size_t k = 0; k < setup_.rules->rules().size(); ++k)
        per_rule[setup_.rules->rules()[k].name] = rule_counts_[k];
      o["rules"] = per_rule;
      o["fallback"] = fallback_;
      o["unmatched"] = unmatched_;
      o["with_missing"] = with_missing_;
      s.rules = std::move(o);
    }
    if (bins_) {
      boost::json::object o;
      o["method"] = to_json(bins_->options.method);
      o["duplicates"] = to_json(bins_->options.duplicates);
      boost::json::object fields;
      for (std::size_t j = 0; j < bins_->fields.size(); ++j) {
        boost::json::object f;
        f["bins"] = bins_->bins(static_cast<Eigen::Index>(j));
        f["direction"] = to_json(bins_->fields[j].direction);
        f["edges"] = to_json(bins_->edges[j]);
        f["counts"] = to_json(code_counts_[j]);
        f["outside"] = outside_[j];
        fields[bins_->fields[j].name] = std::move(f);
      }
      o["fields"] = std::move(fields);
      o["distinct_codes"] = static_cast<std::int64_t>(distinct_codes_.size());
      s.bins = std::move(o);
    }
    if (km_) {
      boost::json::object o;
      const auto& names = setup_.settings.kmeans->features;
      o["features"] = to_json(names);
      o["weights"] = to_json(setup_.settings.kmeans->weights);
      o["k"] = km_->k();
      o["status"] = to_json(km_->status);
      o["iterations"] = km_->iterations;
      o["inertia"] = km_->inertia;
      o["restart_inertia"] = to_json(km_->restart_inertia);
      o["best_restart"] = km_->best_restart;
      o["relocations"] = km_->relocations;
      o["empty_clusters"] = km_->empty_clusters;
      boost::json::array clusters;
      for (Eigen::Index c = 0; c < km_->k(); ++c) {
        boost::json::object cl;
        cl["cluster"] = c + 1;
        cl["accounts"] =
            cluster_counts_.empty() ? km_->sizes(c) : cluster_counts_[static_cast<std::size_t>(c)];
        cl["fitted_accounts"] = km_->sizes(c);
        cl["fitted_weight"] = km_->cluster_weights(c);
        boost::json::object centroid;
        for (std::size_t j = 0; j < names.size(); ++j)
          centroid[names[j]] = km_->centroids(c, static_cast<Eigen::Index>(j));
        cl["centroid"] = std::move(centroid);
        clusters.push_back(std::move(cl));
      }
      o["clusters"] = std::move(clusters);
      s.kmeans = std::move(o);
    }
    return s;
  }

  /// Returns the fitted bins and k-means result (when configured).
  [[nodiscard]] const std::optional<kam::quantile_bins<double>>& bins() const noexcept {
    return bins_;
  }
  [[nodiscard]] const std::optional<kam::kmeans_result<double>>& kmeans() const noexcept {
    return km_;
  }
  /// Returns the accounts per segment (in kam::segment_rules::segments order) and per cluster.
  [[nodiscard]] const std::vector<long long>& segment_counts() const noexcept {
    return segment_counts_;
  }
  [[nodiscard]] const std::vector<long long>& cluster_counts() const noexcept {
    return cluster_counts_;
  }
  /// Returns the number of accounts without a segment, and of distinct combined codes.
  [[nodiscard]] long long unmatched() const noexcept { return unmatched_; }
  [[nodiscard]] std::size_t distinct_codes() const noexcept { return distinct_codes_.size(); }

 private:
  [[nodiscard]] field_columns fields() const {
    field_columns f = table_.numeric_fields();
    for (const auto& rf : setup_.rule_fields)
      if (rf.categorical) f.emplace_back(rf.name, table_.text_column(rf.column));
    return f;
  }

  kam::segment_assignment apply_rules(const table_chunk& c) const {
    kam::field_table t;
    std::vector<std::optional<std::string>> text;
    for (const auto& rf : setup_.rule_fields) {
      if (rf.categorical) {
        text.assign(static_cast<std::size_t>(c.rows), std::nullopt);
        for (Eigen::Index r = 0; r < c.rows; ++r) {
          if (const auto v = c.text_of(rf.column, r)) text[static_cast<std::size_t>(r)] = *v;
        }
        t.add_categorical(rf.name, text);
      } else {
        t.add_numeric(rf.name, c.column(static_cast<Eigen::Index>(rf.column)));
      }
    }
    kam::rule_options o;
    o.missing = setup_.settings.missing;
    try {
      if (setup_.rule_fields.empty()) {
        // Only a fallback: everyone gets it (the library needs the row count).
        t.add_numeric("__rows", Eigen::VectorXd::Zero(c.rows));
      }
      return kam::assign_segments(t, *setup_.rules, o);
    } catch (const kam::error& e) {
      table_.rethrow_at(e, c, fields());
    }
  }

  // Copies the columns `cols` of row r of `c` into `dst`, checking that each value is present.
  void copy_row(const table_chunk& c, Eigen::Index r, const std::vector<Eigen::Index>& cols,
                double* dst, const char* use) const {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      const double v = c.x(r, cols[j]);
      if (std::isnan(v)) {
        const auto col = table_.numeric_column(static_cast<std::size_t>(cols[j]));
        throw located_error("kam_cli::read_accounts", table_.header()[col],
                            table_.position(c, r, col),
                            kam::detail::cat("the value is missing (column '", table_.header()[col],
                                             "'); ", use, " need a value for every account"));
      }
      dst[j] = v;
    }
  }

  // --- pass 1: rules (counts), the values to fit on -----------------------------------------

  void collect() {
    const Eigen::Index nb = static_cast<Eigen::Index>(setup_.bin_cols.size());
    const Eigen::Index nf = static_cast<Eigen::Index>(setup_.feature_cols.size());
    const bool fitting = nb > 0 || nf > 0;
    const auto cap = setup_.settings.fit_sample;
    // The sample's random stream: std::mt19937_64 through std::seed_seq (both fully specified by
    // the standard), uniforms from the top 53 bits, as kam's k-means does.
    const std::uint64_t seed = setup_.settings.sample_seed;
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
    std::mt19937_64 rng(seq);
    if (setup_.rules) {
      segment_counts_.assign(setup_.rules->segments().size(), 0);
      rule_counts_.assign(setup_.rules->rules().size(), 0);
    }
    std::vector<double> row(static_cast<std::size_t>(nb + nf + 1));
    Eigen::Index seen = 0;
    table_.first_pass("pass 1/2 (read)", [&](const table_chunk& c) {
      if (setup_.rules) {
        const auto a = apply_rules(c);
        for (std::size_t k = 0; k < segment_counts_.size(); ++k)
          segment_counts_[k] += a.counts(static_cast<Eigen::Index>(k));
        for (std::size_t k = 0; k < rule_counts_.size(); ++k)
          rule_counts_[k] += a.rule_counts(static_cast<Eigen::Index>(k));
        fallback_ += a.fallback;
        unmatched_ += a.unmatched;
        with_missing_ += a.with_missing;
      }
      if (!fitting) return;
      for (Eigen::Index r = 0; r < c.rows; ++r) {
        copy_row(c, r, setup_.bin_cols, row.data(), "quantile bins");
        copy_row(c, r, setup_.feature_cols, row.data() + nb, "k-means features");
        double w = 1;
        if (setup_.weight_col) {
          w = c.x(r, *setup_.weight_col);
          const auto col = table_.numeric_column(static_cast<std::size_t>(*setup_.weight_col));
          if (!(w >= 0)) {
            throw located_error(
                "kam_cli::read_accounts", table_.header()[col], table_.position(c, r, col),
                kam::detail::cat(std::isnan(w) ? std::string("the weight is missing")
                                               : kam::detail::cat("the weight ", w, " is negative"),
                                 " (column '", table_.header()[col],
                                 "'); k-means weights must be >= 0"));
          }
        }
        row[static_cast<std::size_t>(nb + nf)] = w;
        // Reservoir sampling (Algorithm R): the first `cap` rows, then row i replaces a random
        // kept row with probability cap / (i + 1).
        Eigen::Index slot = seen;
        if (cap && seen >= *cap) {
          const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
          slot = static_cast<Eigen::Index>(u * static_cast<double>(seen + 1));
          if (slot >= *cap) slot = -1;
        }
        ++seen;
        if (slot < 0) continue;
        if (slot >= values_.rows()) {
          const Eigen::Index grow = std::max<Eigen::Index>(1024, 2 * values_.rows());
          values_.conservativeResize(cap ? std::min(*cap, grow) : grow, nb + nf + 1);
        }
        for (Eigen::Index j = 0; j < nb + nf + 1; ++j)
          values_(slot, j) = row[static_cast<std::size_t>(j)];
        fit_rows_ = std::max(fit_rows_, slot + 1);
      }
    });
  }

  // --- the fit ----------------------------------------------------------------------------

  void fit() {
    const Eigen::Index nb = static_cast<Eigen::Index>(setup_.bin_cols.size());
    const Eigen::Index nf = static_cast<Eigen::Index>(setup_.feature_cols.size());
    const auto rows = values_.topRows(fit_rows_);
    if (nb > 0) {
      const auto& b = *setup_.settings.bins;
      bins_ = kam::fit_quantile_bins(rows.leftCols(nb), b.fields, b);
      code_counts_.assign(static_cast<std::size_t>(nb), kam::index_vector());
      for (Eigen::Index j = 0; j < nb; ++j)
        code_counts_[static_cast<std::size_t>(j)] = kam::index_vector::Zero(bins_->bins(j));
      outside_.assign(static_cast<std::size_t>(nb), 0);
    }
    if (nf > 0) {
      const auto& k = *setup_.settings.kmeans;
      try {
        km_ = kam::kmeans(rows.middleCols(nb, nf), rows.col(nb + nf), k);
      } catch (const kam::error& e) {
        if (e.row()) throw;  // values were checked while reading: not expected
        fail_k(e);
      }
      cluster_counts_.assign(static_cast<std::size_t>(km_->k()), 0);
    }
  }

  [[noreturn]] void fail_k(const kam::error& e) const {
    // k larger than the accounts (with a positive weight), all weights zero: say so plainly, at
    // k in the configuration.
    throw located_error(e.function(), "k", setup_.k_at,
                        kam::detail::cat("k-means on ", fit_rows_, " accounts of ", table_.name(),
                                         ": ", without_site(e), " (", e.function(), ")"));
  }

  // --- pass 2: rows -----------------------------------------------------------------------

  std::vector<boost::json::object> assign(const table_chunk& c) {
    std::vector<boost::json::object> rows(static_cast<std::size_t>(c.rows));
    std::optional<kam::segment_assignment> seg;
    if (setup_.rules) seg = apply_rules(c);
    kam::bin_codes codes;
    if (bins_) {
      buf_.resize(c.rows, static_cast<Eigen::Index>(setup_.bin_cols.size()));
      for (std::size_t j = 0; j < setup_.bin_cols.size(); ++j)
        buf_.col(static_cast<Eigen::Index>(j)) = c.column(setup_.bin_cols[j]);
      try {
        codes = bins_->assign(buf_);
      } catch (const kam::error& e) {
        table_.rethrow_at(e, c, fields());
      }
      for (std::size_t j = 0; j < code_counts_.size(); ++j) {
        code_counts_[j] += codes.counts[j];
        outside_[j] += codes.outside(static_cast<Eigen::Index>(j));
      }
    }
    kam::index_vector labels;
    if (km_) {
      buf_.resize(c.rows, static_cast<Eigen::Index>(setup_.feature_cols.size()));
      for (std::size_t j = 0; j < setup_.feature_cols.size(); ++j)
        buf_.col(static_cast<Eigen::Index>(j)) = c.column(setup_.feature_cols[j]);
      try {
        labels = km_->predict(buf_);
      } catch (const kam::error& e) {
        table_.rethrow_at(e, c, fields());
      }
    }
    const std::string& sep = bins_ ? setup_.settings.bins->separator : std::string();
    for (Eigen::Index r = 0; r < c.rows; ++r) {
      auto& o = rows[static_cast<std::size_t>(r)];
      o["id"] = c.ids[static_cast<std::size_t>(r)];
      if (seg) {
        o["segment"] = std::string(seg->segment_of(r));
        const Eigen::Index rule = seg->rule(r);
        o["rule"] =
            rule < 0 ? std::string() : setup_.rules->rules()[static_cast<std::size_t>(rule)].name;
      }
      if (bins_) {
        boost::json::object b;
        for (std::size_t j = 0; j < bins_->fields.size(); ++j)
          b[bins_->fields[j].name] = codes.codes(r, static_cast<Eigen::Index>(j));
        o["bins"] = std::move(b);
        const std::string code = codes.combined(r, sep);
        distinct_codes_.insert(code);
        o["code"] = code;
      }
      if (km_) {
        const Eigen::Index label = labels(r);
        ++cluster_counts_[static_cast<std::size_t>(label)];
        o["cluster"] = label + 1;
      }
    }
    return rows;
  }

  const segment_setup& setup_;
  chunked_table table_;
  Eigen::MatrixXd values_;  ///< fit rows: bin fields, k-means features, weight
  Eigen::Index fit_rows_ = 0;
  Eigen::MatrixXd buf_;
  std::optional<kam::quantile_bins<double>> bins_;
  std::optional<kam::kmeans_result<double>> km_;
  std::vector<long long> segment_counts_, rule_counts_, cluster_counts_;
  long long fallback_ = 0, unmatched_ = 0, with_missing_ = 0;
  std::vector<kam::index_vector> code_counts_;
  std::vector<Eigen::Index> outside_;
  std::set<std::string> distinct_codes_;
};

}  // namespace kam_cli
