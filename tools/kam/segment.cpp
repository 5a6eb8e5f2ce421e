// `kam segment` behind the command line (see segment.hpp).
#include "segment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "json_io.hpp"
#include "setup.hpp"

namespace kam_tool {
namespace {

// Returns where the condition text at `at` is in the file: the character after the opening
// quote, or, when the error names the character (its index), that character (exact unless the
// string has escapes).
text_position in_condition(const json_document& doc, const json_path& at, const kam::error& e) {
  auto p = doc.position(at.pointer);
  p.column += 1 + static_cast<std::size_t>(e.index().value_or(0));
  return p;
}

// The fields the conditions compare with categories (in / not in): read as text.
void collect_categorical(const kam::condition& c, std::vector<std::string>& out) {
  for (const auto& p : c.predicates) {
    if ((p.op == kam::predicate_op::in || p.op == kam::predicate_op::not_in) &&
        std::find(out.begin(), out.end(), p.field) == out.end())
      out.push_back(p.field);
  }
  for (const auto& g : c.groups) collect_categorical(g, out);
}

// One rule: its condition parsed, and the rule checked alone, each error at its place.
kam::segment_rule rule_at(const json_document& doc, const json_path& at, rule_settings& r) {
  if (r.name.empty()) r.name = r.segment;
  kam::segment_rule rule{r.segment, {}, r.name};
  try {
    rule.when = kam::parse_condition(r.when);
  } catch (const kam::error& e) {
    throw located_error(e.function(), "when", in_condition(doc, at.key("when"), e), e.reason());
  }
  try {
    (void)kam::segment_rules({rule});
  } catch (const kam::error& e) {
    throw located_error(e.function(), e.field(),
                        doc.position(at.key(r.segment.empty() ? "segment" : "when").pointer),
                        fmt::format("rule '{}': {}", r.name, e.reason()));
  }
  return rule;
}

// Rules: parsed one by one (errors at the rule), then checked together; their fields become
// columns (categorical ones as text).
void load_rules(const json_document& doc, const json_path& base, segment_setup& s) {
  std::vector<kam::segment_rule> rules;
  for (std::size_t i = 0; i < s.settings.rules.size(); ++i)
    rules.push_back(rule_at(doc, base.key("rules").index(i), s.settings.rules[i]));
  try {
    s.rules.emplace(std::move(rules), s.settings.fallback);
  } catch (const kam::error& e) {
    doc.fail(base.key("rules"), e.reason());
  }
  std::vector<std::string> categorical;
  for (const auto& r : s.rules->rules()) collect_categorical(r.when, categorical);
  for (const auto& f : s.rules->fields()) {
    const bool cat = std::find(categorical.begin(), categorical.end(), f) != categorical.end();
    segment_setup::rule_field rf{f, cat, 0};
    if (cat) {
      rf.column = s.layout.text.size();
      s.layout.text.push_back({f, {}, "rule field"});
    } else {
      rf.column = static_cast<std::size_t>(s.layout.add_numeric(f, {}, "rule field"));
    }
    s.rule_fields.push_back(std::move(rf));
  }
}

// Quantile bins: the tool's limit of 100 bins, the library's checks (kam::validate), columns.
void load_bins(const json_document& doc, const json_path& base, segment_setup& s) {
  const json_path at = base.key("bins");
  const auto& b = *s.settings.bins;
  for (std::size_t j = 0; j < b.fields.size(); ++j) {
    if (b.fields[j].bins > 100) {
      doc.fail(at.key("fields").index(j).key("bins"),
               fmt::format("bins {} must be between 1 and 100", b.fields[j].bins));
    }
  }
  try {
    kam::validate(b.fields, b);
  } catch (const kam::error& e) {
    if (!e.index()) fail_at_member(doc, at, e);
    const auto j = static_cast<std::size_t>(*e.index());
    doc.fail(at.key("fields").index(j),
             fmt::format("field '{}': {}", b.fields[j].name, e.reason()));
  }
  for (std::size_t j = 0; j < b.fields.size(); ++j) {
    s.bin_cols.push_back(s.layout.add_numeric(
        b.fields[j].name, doc.position(at.key("fields").index(j).key("name").pointer),
        "bin field"));
  }
}

// K-means: the features and the weight column, and the options within the tool's limits (larger
// values are surely typing mistakes, and would take hours or all memory); k against the
// accounts is checked when fitting.
void load_kmeans(const json_document& doc, const json_path& base, segment_setup& s) {
  const json_path at = base.key("kmeans");
  const auto& km = *s.settings.kmeans;
  if (km.features.empty()) doc.fail(at.key("features"), "k-means needs at least one feature");
  for (std::size_t j = 0; j < km.features.size(); ++j) {
    const auto& f = km.features[j];
    if (std::find(km.features.begin(), km.features.begin() + static_cast<std::ptrdiff_t>(j), f) !=
        km.features.begin() + static_cast<std::ptrdiff_t>(j))
      doc.fail(at.key("features").index(j), fmt::format("feature '{}' is given twice", f));
    s.feature_cols.push_back(s.layout.add_numeric(
        f, doc.position(at.key("features").index(j).pointer), "k-means feature"));
  }
  if (km.weights) {
    s.weight_col =
        s.layout.add_numeric(*km.weights, doc.position(at.key("weights").pointer), "weight column");
  }
  const auto check = [&](const char* key, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi))
      doc.fail(at.key(key), fmt::format("{} {} must be between {} and {}", key, v, lo, hi));
  };
  s.k_at = doc.position(at.key("k").pointer);
  check("k", static_cast<double>(km.k), 1, 10000);
  check("restarts", static_cast<double>(km.restarts), 1, 1000);
  check("max_iterations", static_cast<double>(km.max_iterations), 1, 1e6);
  check("tolerance", km.tolerance, 0, 1e6);
  check("local_trials", static_cast<double>(km.local_trials), 0, 1000);
  check("threads", static_cast<double>(km.threads), 0, 256);
}

}  // namespace

segment_setup load_segment_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("segment");
  segment_setup s;
  s.settings = cfg.section<segment_settings>("segment");
  const auto& p = s.settings;
  s.layout.id = id_column(cfg);
  if (p.rules.empty() && p.fallback.empty() && !p.bins && !p.kmeans) {
    doc.fail(base,
             fmt::format("nothing to do: give segment rules (or a fallback), bins or kmeans{}",
                         doc.source().empty() ? " in a configuration (-c FILE)" : ""));
  }
  if (!p.rules.empty() || !p.fallback.empty()) load_rules(doc, base, s);
  if (p.bins) load_bins(doc, base, s);
  if (p.kmeans) load_kmeans(doc, base, s);
  if (p.fit_sample && *p.fit_sample < 1)
    doc.fail(base.key("fit_sample"), "fit_sample must be >= 1 (null: fit on every account)");
  return s;
}

segment_pipeline::segment_pipeline(const segment_setup& setup, accounts_source source,
                                   Eigen::Index chunk_rows, progress& bar)
    : setup_(setup),
      table_(std::move(source), setup.layout, chunk_rows, bar),
      rng_(kam::random_stream(setup.settings.sample_seed, 0)) {}

void segment_pipeline::run(
    const std::function<void(const std::vector<boost::json::object>&)>& sink) {
  collect();
  fit();
  table_.again("pass 2/2 (assign)", [&](const table_chunk& c) { sink(assign(c)); });
}

segment_summary segment_pipeline::summary() const {
  segment_summary s;
  s.input = table_.name();
  s.accounts = table_.accounts();
  s.fitted_on = fit_rows_;
  if (setup_.rules) s.rules = rules_summary();
  if (bins_) s.bins = bins_summary();
  if (km_) s.kmeans = kmeans_summary();
  return s;
}

boost::json::object segment_pipeline::rules_summary() const {
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
  return o;
}

boost::json::object segment_pipeline::bins_summary() const {
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
  return o;
}

boost::json::object segment_pipeline::kmeans_summary() const {
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
  return o;
}

field_columns segment_pipeline::fields() const {
  field_columns f = table_.numeric_fields();
  for (const auto& rf : setup_.rule_fields)
    if (rf.categorical) f.emplace_back(rf.name, table_.text_column(rf.column));
  return f;
}

kam::segment_assignment segment_pipeline::apply_rules(const table_chunk& c) const {
  kam::field_table t;
  std::vector<std::optional<std::string>> text;
  for (const auto& rf : setup_.rule_fields) {
    if (!rf.categorical) {
      t.add_numeric(rf.name, c.column(static_cast<Eigen::Index>(rf.column)));
      continue;
    }
    text.assign(static_cast<std::size_t>(c.rows), std::nullopt);
    for (Eigen::Index r = 0; r < c.rows; ++r)
      if (const auto v = c.text_of(rf.column, r)) text[static_cast<std::size_t>(r)] = *v;
    t.add_categorical(rf.name, text);
  }
  // Only a fallback: everyone gets it (the library needs the row count).
  if (setup_.rule_fields.empty()) t.add_numeric("__rows", Eigen::VectorXd::Zero(c.rows));
  kam::rule_options o;
  o.missing = setup_.settings.missing;
  try {
    return kam::assign_segments(t, *setup_.rules, o);
  } catch (const kam::error& e) {
    table_.rethrow_at(e, c, fields());
  }
}

void segment_pipeline::count_rules(const table_chunk& c) {
  const auto a = apply_rules(c);
  for (std::size_t k = 0; k < segment_counts_.size(); ++k)
    segment_counts_[k] += a.counts(static_cast<Eigen::Index>(k));
  for (std::size_t k = 0; k < rule_counts_.size(); ++k)
    rule_counts_[k] += a.rule_counts(static_cast<Eigen::Index>(k));
  fallback_ += a.fallback;
  unmatched_ += a.unmatched;
  with_missing_ += a.with_missing;
}

// Copies the columns `cols` of row r of `c` into `dst`, checking that each value is present.
void segment_pipeline::copy_row(const table_chunk& c, Eigen::Index r,
                                const std::vector<Eigen::Index>& cols, double* dst,
                                const char* use) const {
  for (std::size_t j = 0; j < cols.size(); ++j) {
    const double v = c.x(r, cols[j]);
    if (std::isnan(v)) {
      table_.fail_at(c, r, table_.numeric_column(cols[j]),
                     fmt::format("the value is missing; {} need a value for every account", use));
    }
    dst[j] = v;
  }
}

// The k-means weight of row r of `c` (1 without a weight column), which must be >= 0.
double segment_pipeline::weight_of(const table_chunk& c, Eigen::Index r) const {
  if (!setup_.weight_col) return 1;
  const double w = c.x(r, *setup_.weight_col);
  if (w >= 0) return w;
  table_.fail_at(c, r, table_.numeric_column(*setup_.weight_col),
                 std::isnan(w) ? std::string("the weight is missing; k-means weights must be >= 0")
                               : fmt::format("the weight {} is negative; k-means weights must be "
                                             ">= 0",
                                             w));
}

// Keeps row r of `c` for the fit: always, or by reservoir sampling (Algorithm R: the first
// `fit_sample` rows, then row i replaces a random kept row with probability fit_sample / (i + 1)).
void segment_pipeline::keep_for_fit(const table_chunk& c, Eigen::Index r) {
  const auto nb = static_cast<Eigen::Index>(setup_.bin_cols.size());
  const auto nf = static_cast<Eigen::Index>(setup_.feature_cols.size());
  copy_row(c, r, setup_.bin_cols, row_.data(), "quantile bins");
  copy_row(c, r, setup_.feature_cols, row_.data() + nb, "k-means features");
  row_[static_cast<std::size_t>(nb + nf)] = weight_of(c, r);
  const auto cap = setup_.settings.fit_sample;
  Eigen::Index slot = seen_++;
  if (cap && slot >= *cap) {
    slot = static_cast<Eigen::Index>(kam::uniform01(rng_) * static_cast<double>(seen_));
    if (slot >= *cap) return;
  }
  if (slot >= values_.rows()) {
    const Eigen::Index grow = std::max<Eigen::Index>(1024, 2 * values_.rows());
    values_.conservativeResize(cap ? std::min(*cap, grow) : grow, nb + nf + 1);
  }
  for (Eigen::Index j = 0; j < nb + nf + 1; ++j)
    values_(slot, j) = row_[static_cast<std::size_t>(j)];
  fit_rows_ = std::max(fit_rows_, slot + 1);
}

// Pass 1: rule counts, and the values the bins and k-means are fitted on.
void segment_pipeline::collect() {
  const bool fitting = !setup_.bin_cols.empty() || !setup_.feature_cols.empty();
  if (setup_.rules) {
    segment_counts_.assign(setup_.rules->segments().size(), 0);
    rule_counts_.assign(setup_.rules->rules().size(), 0);
  }
  row_.assign(setup_.bin_cols.size() + setup_.feature_cols.size() + 1, 0.0);
  table_.first_pass("pass 1/2 (read)", [&](const table_chunk& c) {
    if (setup_.rules) count_rules(c);
    if (!fitting) return;
    for (Eigen::Index r = 0; r < c.rows; ++r) keep_for_fit(c, r);
  });
}

// The fit: quantile bins and k-means on the kept rows; k larger than the accounts (with a
// positive weight), or all weights zero, is reported at k in the configuration.
void segment_pipeline::fit() {
  const auto nb = static_cast<Eigen::Index>(setup_.bin_cols.size());
  const auto nf = static_cast<Eigen::Index>(setup_.feature_cols.size());
  const auto rows = values_.topRows(fit_rows_);
  if (nb > 0) {
    const auto& b = *setup_.settings.bins;
    bins_ = kam::fit_quantile_bins(rows.leftCols(nb), b.fields, b);
    for (Eigen::Index j = 0; j < nb; ++j)
      code_counts_.push_back(kam::index_vector::Zero(bins_->bins(j)));
    outside_.assign(static_cast<std::size_t>(nb), 0);
  }
  if (nf == 0) return;
  try {
    km_ = kam::kmeans(rows.middleCols(nb, nf), rows.col(nb + nf), *setup_.settings.kmeans);
  } catch (const kam::error& e) {
    if (e.row()) throw;  // values were checked while reading: not expected
    throw located_error(
        e.function(), "k", setup_.k_at,
        fmt::format("k-means on {} accounts of {}: {}", fit_rows_, table_.name(), e.reason()));
  }
  cluster_counts_.assign(static_cast<std::size_t>(km_->k()), 0);
}

// Copies the columns `cols` of the chunk's valid rows into a buffer (reused).
const Eigen::MatrixXd& segment_pipeline::gather(const table_chunk& c,
                                                const std::vector<Eigen::Index>& cols) {
  buf_.resize(c.rows, static_cast<Eigen::Index>(cols.size()));
  for (std::size_t j = 0; j < cols.size(); ++j)
    buf_.col(static_cast<Eigen::Index>(j)) = c.column(cols[j]);
  return buf_;
}

// Pass 2: every account's segment and rule, bin codes and combined code, and cluster.
std::vector<boost::json::object> segment_pipeline::assign(const table_chunk& c) {
  std::optional<kam::segment_assignment> seg;
  if (setup_.rules) seg = apply_rules(c);
  kam::bin_codes codes;
  kam::index_vector labels;
  try {
    if (bins_) codes = bins_->assign(gather(c, setup_.bin_cols));
    if (km_) labels = km_->predict(gather(c, setup_.feature_cols));
  } catch (const kam::error& e) {
    table_.rethrow_at(e, c, fields());
  }
  for (std::size_t j = 0; j < code_counts_.size(); ++j) {
    code_counts_[j] += codes.counts[j];
    outside_[j] += codes.outside(static_cast<Eigen::Index>(j));
  }
  std::vector<boost::json::object> rows(static_cast<std::size_t>(c.rows));
  for (Eigen::Index r = 0; r < c.rows; ++r) {
    auto& o = rows[static_cast<std::size_t>(r)];
    o["id"] = c.id(r);
    for (const auto& [name, text] : carried(setup_.layout, setup_.kept, c, r).values)
      o[name] = text ? boost::json::value(boost::json::string_view(*text)) : nullptr;
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
      const std::string code = codes.combined(r, setup_.settings.bins->separator);
      distinct_codes_.insert(code);
      o["code"] = code;
    }
    if (km_) {
      ++cluster_counts_[static_cast<std::size_t>(labels(r))];
      o["cluster"] = labels(r) + 1;
    }
  }
  return rows;
}

}  // namespace kam_tool
