// The kam tool's scoring pipeline (see score_pipeline.hpp).
#include "score_pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <kam/core/parallel.hpp>
#include <string_view>
#include <system_error>
#include <tuple>

#include "output.hpp"
#include "setup.hpp"

namespace kam_tool {
namespace {

double scale_top(const score_config& c) {
  return c.options.scale == kam::score_scale::percent ? 100.0 : 1.0;
}

// Throws at `at` unless `v` lies on the score scale of `c`.
void check_on_scale(const json_document& doc, const score_config& c, double v, const json_path& at,
                    std::string_view what) {
  if (v >= 0.0 && v <= scale_top(c)) return;
  doc.fail(at, fmt::format("{} {} is outside the score scale [0, {}] (options.scale is {})", what,
                           v, scale_top(c), kam::enum_name(c.options.scale)));
}

void check_key_accounts(const json_document& doc, const json_path& base, const score_config& c) {
  const json_path ka = base.key("key_accounts");
  const auto& k = c.key_accounts;
  try {
    kam::validate(kam::key_account_policy{k.cap, k.min_score});
  } catch (const kam::error& e) {
    fail_at_member(doc, ka, e);
  }
  if (k.cap && k.share) doc.fail(ka, "give key accounts a cap or a share, not both");
  if (k.share && !(*k.share > 0.0 && *k.share <= 1.0))
    doc.fail(ka.key("share"), fmt::format("share {} must lie in (0, 1]", *k.share));
  if (c.key_accounts.min_score)
    check_on_scale(doc, c, *c.key_accounts.min_score, ka.key("min_score"), "min_score");
}

void check_tiers(const json_document& doc, const json_path& base, const score_config& c) {
  const json_path tp = base.key("tiers");
  const auto& t = c.tiers;
  if (!t.edges.empty() && !t.shares.empty())
    doc.fail(tp, "give tiers by score edges or by shares of accounts, not both");
  try {
    kam::validate_band_edges(t.edges);
    kam::validate_tier_shares(t.shares);
  } catch (const kam::error& e) {
    fail_at_member(doc, tp, e);  // 'edges' or 'shares', and the index of the one at fault
  }
  for (std::size_t k = 0; k < t.edges.size(); ++k)
    check_on_scale(doc, c, t.edges[k], tp.key("edges").index(k), "tier edge");
  const std::size_t tiers = std::max(t.edges.size(), t.shares.size()) + 1;
  if (!t.names.empty() && t.names.size() != tiers) {
    doc.fail(tp.key("names"),
             fmt::format("{} tier names for {} tiers (best first)", t.names.size(), tiers));
  }
}

// TOPSIS and the weighted product have no missing-value policy.
void check_method(const json_document& doc, const json_path& base, const score_config& c) {
  if (c.method == score_method::weighted_sum || c.options.missing == kam::missing_policy::reject)
    return;
  doc.fail(base.key("options").key("missing"),
           fmt::format("{} has no missing-value policy: options.missing must be reject (every "
                       "account needs every value), not {}",
                       kam::enum_name(c.method), kam::enum_name(c.options.missing)));
}

// Returns where an AHP error points: the row of the matrix it names, an option, or the matrix.
json_path ahp_error_path(const json_path& wp, const kam::error& e) {
  if (e.row()) return wp.key("pairwise").index(static_cast<std::size_t>(*e.row()));
  const auto options = kam::member_names<kam::ahp_options>();
  if (std::find(options.begin(), options.end(), e.field()) != options.end())
    return wp.key("ahp").key(e.field());
  return wp.key("pairwise");
}

// Sets the weights the configuration gives (equal, rank order, AHP) on s.criteria.
void apply_configured_weights(const json_document& doc, const json_path& wp, score_setup& s) {
  const auto& w = s.config.weights;
  const Eigen::Index k = s.criteria.size();
  if (w.source == weight_source::equal) {
    s.criteria = s.criteria.with_weights(kam::equal_weights(k));
  } else if (w.source == weight_source::rank_order) {
    if (static_cast<Eigen::Index>(w.ranks.size()) != k) {
      doc.fail(
          wp.key("ranks"),
          fmt::format("{} ranks for {} criteria (one per criterion, in order)", w.ranks.size(), k));
    }
    try {
      const kam::index_vector ranks = Eigen::Map<const kam::index_vector>(w.ranks.data(), k);
      s.criteria = s.criteria.with_weights(kam::rank_order_centroid_weights(ranks));
    } catch (const kam::error& e) {
      doc.fail(wp.key("ranks"), e.reason());
    }
  } else if (w.source == weight_source::ahp) {
    try {
      s.ahp = kam::ahp(pairwise_matrix(doc, wp.key("pairwise"), w, k), w.ahp);
      s.criteria = s.criteria.with_weights(s.ahp->weights);
    } catch (const located_error&) {
      throw;
    } catch (const kam::error& e) {
      doc.fail(ahp_error_path(wp, e), e.reason());
    }
  } else if (from_data(w.source) && w.ddof < 0) {
    doc.fail(wp.key("ddof"), "ddof must be >= 0");
  }
}

// The defaults that replace the library's where the configuration is silent: the best 20 % are
// key accounts, tiers by shares 20 % / 30 % / the rest.
void apply_defaults(const json_document& doc, const json_path& base, score_config& c) {
  const json_path ka = base.key("key_accounts");
  if (!doc.has(ka.key("cap").pointer) && !doc.has(ka.key("share").pointer))
    c.key_accounts.share = default_key_share;
  const json_path tiers = base.key("tiers");
  if (!doc.has(tiers.key("edges").pointer) && !doc.has(tiers.key("shares").pointer))
    c.tiers.shares.assign(default_tier_shares.begin(), default_tier_shares.end());
}

}  // namespace

kam::key_account_policy resolve(const key_account_config& c, Eigen::Index accounts) {
  kam::key_account_policy p{c.cap, c.min_score};
  if (c.share) {
    // Rounded up (a hair below, so that 0.2 x 300 is 60 whatever the last bit of the product).
    const double n = std::ceil(*c.share * static_cast<double>(accounts) - 1e-9);
    p.cap = std::max<Eigen::Index>(1, static_cast<Eigen::Index>(n));
  }
  return p;
}

namespace {

// Sets the criteria of `s` (s.config.criteria, from `origin`: the configuration, a flag, or a
// default located at the file's header when `origin` is empty), its layout's numeric columns and
// the configured weights.
void set_criteria(const json_document& doc, const json_path& base, score_setup& s,
                  const std::vector<text_position>& named_at) {
  s.layout.numeric.clear();
  for (std::size_t j = 0; j < s.config.criteria.size(); ++j)
    s.layout.numeric.push_back({s.config.criteria[j].name, named_at[j], "criterion"});
  const json_path wp = base.key("weights");
  s.weights_at = doc.position(wp.key("source").pointer);
  apply_configured_weights(doc, wp, s);
}

// Throws usage_error "--<flag> needs a number, not '<text>'" unless `text` is one.
double flag_number(std::string_view flag, std::string_view text) {
  if (const auto v = parse_number(text)) return *v;
  throw usage_error(fmt::format("--{} needs a number, not '{}'", flag, text));
}

// Throws usage_error unless `v` lies on the score scale of `c`.
void check_flag_on_scale(const score_config& c, double v, std::string_view flag) {
  if (v >= 0.0 && v <= scale_top(c)) return;
  throw usage_error(fmt::format("--{} {} is outside the score scale [0, {}] (options.scale is {})",
                                flag, v, scale_top(c), kam::enum_name(c.options.scale)));
}

// --cap N, --cap P% or --cap none; --min-score X.
void apply_key_account_flags(const invocation& args, key_account_config& k, const score_config& c) {
  if (const auto text = args.get("cap")) {
    k.cap.reset();
    k.share.reset();
    if (text->ends_with('%')) {
      const double p = flag_number("cap", std::string_view(*text).substr(0, text->size() - 1));
      if (!(p > 0.0 && p <= 100.0))
        throw usage_error(fmt::format("--cap {} must be a share in (0%, 100%]", *text));
      k.share = p / 100.0;
    } else if (*text != "none") {
      long long n = -1;
      const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
      if (ec != std::errc() || end != text->data() + text->size() || n < 0) {
        throw usage_error(fmt::format(
            "--cap needs a number of accounts (30), a share (20%) or none, not '{}'", *text));
      }
      k.cap = static_cast<Eigen::Index>(n);
    }
  }
  if (const auto text = args.get("min-score")) {
    k.min_score = flag_number("min-score", *text);
    check_flag_on_scale(c, *k.min_score, "min-score");
  }
}

// --threads N: the threads of the score, whichever method (0: every hardware thread).
void apply_thread_flag(const invocation& args, score_config& c) {
  const auto text = args.get("threads");
  if (!text) return;
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n > kam::max_threads) {
    throw usage_error(
        fmt::format("--threads needs a number from 0 (every hardware thread) to {}, not '{}'",
                    kam::max_threads, *text));
  }
  c.options.threads = n;
  c.topsis.threads = n;
  c.product.threads = n;
}

// --tiers "0.5,0.65" (score edges) or "20%,30%" (shares of accounts from the top); --tier-names.
void apply_tier_flags(const invocation& args, score_config& c) {
  auto& t = c.tiers;
  if (const auto text = args.get("tiers")) {
    const auto parts = split_list(*text);
    const auto percent = std::count_if(parts.begin(), parts.end(),
                                       [](const std::string& p) { return p.ends_with('%'); });
    if (percent != 0 && static_cast<std::size_t>(percent) != parts.size())
      throw usage_error("--tiers takes score edges (0.5,0.65) or shares (20%,30%), not a mix");
    std::vector<double> values;
    for (const auto& p : parts) {
      const std::string_view v = percent ? std::string_view(p).substr(0, p.size() - 1) : p;
      values.push_back(percent ? flag_number("tiers", v) / 100.0 : flag_number("tiers", v));
    }
    t.edges.clear();
    t.shares.clear();
    t.names.clear();
    (percent ? t.shares : t.edges) = values;
    try {
      kam::validate_band_edges(t.edges);
      kam::validate_tier_shares(t.shares);
    } catch (const kam::error& e) {
      throw usage_error(fmt::format("--tiers {}: {}", *text, e.reason()));
    }
    for (const double e : t.edges) check_flag_on_scale(c, e, "tiers");
  }
  if (const auto names = args.get("tier-names")) t.names = split_list(*names);
  const std::size_t tiers = std::max(t.edges.size(), t.shares.size()) + 1;
  if (!t.names.empty() && t.names.size() != tiers && args.has("tier-names")) {
    throw usage_error(fmt::format("--tier-names gives {} names for {} tiers (best first)",
                                  t.names.size(), tiers));
  }
  if (!t.names.empty() && t.names.size() != tiers) t.names.clear();  // --tiers changed the count
}

// The default criteria for `source`: the selection catalogue when the file has all its columns,
// else every numeric column but the id, with equal weights.
std::vector<kam::criterion> default_criteria(const accounts_source& source,
                                             const table_layout& layout) {
  const auto p = preview(source);
  const auto has = [&](const std::string& n) {
    return std::find(p.header.begin(), p.header.end(), n) != p.header.end();
  };
  auto catalogue = kam::selection_catalogue().items();
  if (std::all_of(catalogue.begin(), catalogue.end(),
                  [&](const kam::criterion& c) { return has(c.name); }))
    return catalogue;
  std::vector<kam::criterion> out;
  for (std::size_t k = 0; k < p.header.size(); ++k) {
    if (!p.comma_number[k].empty()) {
      throw located_error(
          "kam_tool::load_score_setup", p.header[k], {source.name(), 1, k + 1},
          fmt::format("column '{}' holds numbers written with a decimal comma ('{}'); give "
                      "--decimal-comma to read them (or name the criteria with --criteria)",
                      p.header[k], p.comma_number[k]));
    }
    if (!p.numeric[k] || (!layout.row_numbers && p.header[k] == layout.id)) continue;
    kam::criterion c;
    c.name = p.header[k];
    out.push_back(c);
  }
  if (out.empty()) {
    throw located_error("kam_tool::load_score_setup", "criteria", {source.name(), 1, 1},
                        fmt::format("no numeric column to score (columns: {}); name the criteria "
                                    "with --criteria or score.criteria in the configuration",
                                    quoted_list(p.header)));
  }
  return out;
}

}  // namespace

namespace {

// The "input" and "score" sections read and checked, but for the criteria's columns and
// weights (set_criteria, once the criteria are known).
score_setup load_score_sections(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("score");
  score_setup s;
  s.config = cfg.section<score_config>("score");
  apply_defaults(doc, base, s.config);
  s.layout.id = id_column(cfg);
  s.criteria = criteria_at(doc, base.key("criteria"), s.config.criteria);
  check_key_accounts(doc, base, s.config);
  check_tiers(doc, base, s.config);
  check_method(doc, base, s.config);
  return s;
}

}  // namespace

score_setup load_score_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path criteria = json_path{}.key("score").key("criteria");
  score_setup s = load_score_sections(cfg);
  // Criteria from the configuration are located there when the file lacks their column; the
  // default catalogue's at the file's header.
  set_criteria(doc, json_path{}.key("score"), s, name_positions(doc, criteria, s.config.criteria));
  return s;
}

std::vector<kam::criterion> parse_criteria(std::string_view text) {
  std::vector<kam::criterion> out;
  for (const auto& item : split_list(text)) {
    auto parts = split_list(item, ':');
    if (parts[0].empty())
      throw usage_error(fmt::format("--criteria: an item without a name in '{}'", text));
    kam::criterion c;
    c.name = parts[0];
    bool directed = false;
    bool weighted = false;
    for (std::size_t k = 1; k < parts.size(); ++k) {
      const auto& p = parts[k];
      if ((p == "cost" || p == "benefit") && !directed) {
        c.direction = p == "cost" ? kam::direction::cost : kam::direction::benefit;
        directed = true;
      } else if (const auto w = parse_number(p); w && !weighted) {
        c.weight = *w;
        weighted = true;
      } else {
        throw usage_error(fmt::format(
            "--criteria: '{}' in '{}' is not cost, benefit or a weight (NAME[:cost][:WEIGHT], "
            "each at most once)",
            p, item));
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

score_setup load_score_setup(const configuration& cfg, const invocation& args,
                             const accounts_source& source) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("score");
  score_setup s = load_score_sections(cfg);
  apply_id_options(args, s.layout);
  apply_key_account_flags(args, s.config.key_accounts, s.config);
  apply_tier_flags(args, s.config);
  apply_thread_flag(args, s.config);
  std::vector<text_position> named_at =
      name_positions(doc, base.key("criteria"), s.config.criteria);
  if (const auto text = args.get("criteria")) {
    s.config.criteria = parse_criteria(*text);
    named_at.assign(s.config.criteria.size(), text_position{"--criteria"});
    try {
      s.criteria = kam::criteria_set(s.config.criteria);
    } catch (const kam::error& e) {
      throw usage_error(
          fmt::format("--criteria: {}{}", e.field().empty() ? "" : e.field() + ": ", e.reason()));
    }
  } else if (!doc.has(base.key("criteria").pointer)) {
    s.config.criteria = default_criteria(source, s.layout);
    named_at.assign(s.config.criteria.size(), text_position{});
    s.criteria = kam::criteria_set(s.config.criteria);
  }
  set_criteria(doc, base, s, named_at);
  static const std::vector<std::string> reserved{"id",        "score",       "rank",    "tier",
                                                 "tier_name", "key_account", "coverage"};
  s.kept = keep_columns(args, source, s.layout, reserved);
  return s;
}

score_pipeline::score_pipeline(const score_setup& setup, accounts_source source,
                               Eigen::Index chunk_rows, progress& bar)
    : setup_(setup),
      table_(std::move(source), setup.layout, chunk_rows, bar),
      criteria_(setup.criteria),
      derive_(from_data(setup.config.weights.source)) {
  table_.set_memory_budget(default_memory_budget);
  table_.set_threads(kam::resolve_threads(setup.config.options.threads, "kam_tool::score"));
}

void score_pipeline::run(const std::function<void(const scored_chunk&)>& sink) {
  fit();
  if (derive_) derive_weights_from_data();
  rank();
  emit(sink);
}

// Returns the progress label of a pass ("fit", "weights", "score", "write").
std::string score_pipeline::pass(int k) const {
  static constexpr const char* names[] = {"fit", "weights", "score", "write"};
  const int passes = derive_ ? 4 : 3;
  const int number = derive_ || k == 0 ? k + 1 : k;
  return fmt::format("pass {}/{} ({})", number, passes, names[k]);
}

void score_pipeline::rethrow(const kam::error& e, const table_chunk& c,
                             std::size_t first_row) const {
  table_.rethrow_at(e, c, table_.numeric_fields(), first_row);
}

// Pass 1: the reference, fed chunk by chunk (the builder's errors count rows from the first).
void score_pipeline::fit() {
  kam::reference_builder<double> builder(setup_.criteria, setup_.config.options);
  table_.first_pass(pass(0), [&](const table_chunk& c) {
    try {
      builder.add(c.values());
    } catch (const kam::error& e) {
      rethrow(e, c, c.first);
    }
  });
  out_.accounts = table_.accounts();
  out_.reference = builder.finish();
}

// The extra pass when weights come from the accounts: their statistics (of the raw or the
// normalised values), then the weights.
void score_pipeline::derive_weights_from_data() {
  const auto& w = setup_.config.weights;
  kam::weight_statistics_builder<double> builder(criteria_.size());
  Eigen::MatrixXd values;
  table_.again(pass(1), [&](const table_chunk& c) {
    try {
      values = w.data == weight_data::raw
                   ? Eigen::MatrixXd(c.values())
                   : kam::normalize(c.values(), criteria_, out_.reference, setup_.config.options);
    } catch (const kam::error& e) {
      rethrow(e, c);
    }
    check_weight_values(c, values);
    builder.add(values);
  });
  kam::derived_weights<double> derived;
  try {
    derived = derive_weights(builder.finish(), w, criteria_);
  } catch (const kam::error& e) {
    throw located_error(e.function(), e.field(), setup_.weights_at,
                        fmt::format("{} weights: {}", kam::enum_name(w.source), e.reason()));
  }
  criteria_ = criteria_.with_weights(derived.weights);
  derived_summary d{w.data, {}};
  for (const auto j : derived.constant_criteria) d.uninformative.push_back(criteria_[j].name);
  derived_ = std::move(d);
}

// Weights from the data need every value, and entropy needs them >= 0: checked here, where the
// file position of the value is known.
void score_pipeline::check_weight_values(const table_chunk& c,
                                         const Eigen::MatrixXd& values) const {
  const auto& w = setup_.config.weights;
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    for (Eigen::Index j = 0; j < values.cols(); ++j) {
      const double v = values(r, j);
      if (std::isnan(v)) {
        table_.fail_at(
            c, r, table_.numeric_column(j),
            fmt::format("the value is missing; {} weights need a value for every "
                        "account (options.missing {})",
                        kam::enum_name(w.source), kam::enum_name(setup_.config.options.missing)));
      }
      if (w.source == weight_source::entropy && v < 0) {
        table_.fail_at(c, r, table_.numeric_column(j),
                       fmt::format("value {} is negative; entropy weights on raw data need values "
                                   ">= 0 (or weights.data normalized)",
                                   v));
      }
    }
  }
}

void score_pipeline::score_chunk(const table_chunk& c) {
  const auto& cfg = setup_.config;
  const double scale = cfg.options.scale == kam::score_scale::percent ? 100.0 : 1.0;
  try {
    switch (cfg.method) {
      case score_method::weighted_sum:
        kam::score_into(result_, c.values(), criteria_, out_.reference, cfg.options);
        return;
      case score_method::weighted_product:
        kam::weighted_product_into(product_, c.values(), criteria_, out_.reference.stats,
                                   cfg.product);
        result_.scores = product_.scores * scale;
        break;
      case score_method::topsis:
        kam::topsis_into(topsis_, c.values(), criteria_, out_.reference.stats, cfg.topsis);
        result_.scores = topsis_.closeness * scale;
        result_.constant_criteria = topsis_.constant_criteria;
        break;
    }
    result_.coverage.resize(0);  // every value present: coverage 1
    result_.partial = 0;
  } catch (const kam::error& e) {
    rethrow(e, c);
  }
}

// Scores every account, then ranks, tiers and key accounts over the whole file.
void score_pipeline::rank() {
  out_.scores.resize(out_.accounts);
  out_.partial = 0;
  // Kept for the last pass when it reuses these scores; filled only where the policy gives a
  // coverage (impute, renormalize), as kam::score does: under reject it stays empty.
  const bool keep = reuse_scores();
  coverage_.resize(0);
  table_.again(pass(2), [&](const table_chunk& c) {
    score_chunk(c);
    out_.scores.segment(static_cast<Eigen::Index>(c.first), c.rows) = result_.scores;
    if (keep && result_.coverage.size() != 0) {
      if (coverage_.size() == 0) coverage_.resize(out_.accounts);
      coverage_.segment(static_cast<Eigen::Index>(c.first), c.rows) = result_.coverage;
    }
    out_.partial += result_.partial;
    out_.constant_criteria = result_.constant_criteria;
  });
  const auto& cfg = setup_.config;
  out_.ranks = kam::ranks(out_.scores, cfg.ties);
  if (!cfg.tiers.shares.empty()) {
    out_.tiers =
        kam::tiers_by_quota(out_.scores, kam::quotas_from_shares(out_.accounts, cfg.tiers.shares));
  } else {
    out_.tiers = kam::tiers_by_bands(out_.scores, cfg.tiers.edges);
  }
  out_.policy = resolve(cfg.key_accounts, out_.accounts);
  out_.selection = kam::select_key_accounts(out_.scores, out_.policy);
  out_.key.assign(static_cast<std::size_t>(out_.accounts), 0);
  for (const auto row : out_.selection.accounts) out_.key[static_cast<std::size_t>(row)] = 1;
}

// Whether the last pass takes the scores of pass 2 instead of scoring again: the accounts are
// held (the file cannot have changed between the passes) and the weighted sum has no other
// per-row results (TOPSIS's distances, the product's parts) to hand over.
bool score_pipeline::reuse_scores() const {
  return table_.held() && setup_.config.method == score_method::weighted_sum;
}

// The last pass: scores again (a pure function of the row: a difference means the file was
// modified) unless the accounts are held, explains them, and hands each chunk over.
void score_pipeline::emit(const std::function<void(const scored_chunk&)>& sink) {
  const auto method = setup_.config.method;
  const bool reuse = reuse_scores();
  table_.again(pass(3), [&](const table_chunk& c) {
    const auto first = static_cast<Eigen::Index>(c.first);
    if (reuse) {  // the chunks of pass 2 (held): its scores and coverage
      result_.scores = out_.scores.segment(first, c.rows);
      if (coverage_.size() == 0) {
        result_.coverage.resize(0);
      } else {
        result_.coverage = coverage_.segment(first, c.rows);
      }
    } else {
      score_chunk(c);
      if (result_.scores != out_.scores.segment(first, c.rows)) {
        throw located_error("kam_tool::read_accounts", "", {table_.name()},
                            "the file changed while kam was reading it");
      }
    }
    if (method == score_method::weighted_sum) {
      try {
        contributions_ =
            kam::contributions(c.values(), criteria_, out_.reference, setup_.config.options);
      } catch (const kam::error& e) {
        rethrow(e, c);
      }
    }
    sink(scored_chunk{c, result_, contributions_,
                      method == score_method::topsis ? &topsis_ : nullptr});
  });
}

score_summary score_pipeline::summary() const {
  score_summary s;
  s.input = table_.name();
  s.accounts = out_.accounts;
  s.criteria = criteria_.items();
  s.weights.assign(criteria_.weights().begin(), criteria_.weights().end());
  s.options = setup_.config.options;
  s.ties = setup_.config.ties;
  s.key_account_policy = out_.policy;
  s.key_accounts = out_.selection.accounts.size();
  s.eligible = out_.selection.eligible;
  s.cut_by_cap = out_.selection.cut_by_cap;
  s.tie_at_cap = out_.selection.tie_at_cap;
  s.tiers = setup_.config.tiers;
  s.tier_counts = out_.tiers.counts;
  s.split_ties = out_.tiers.split_ties;
  s.partial = out_.partial;
  for (const auto j : out_.constant_criteria) s.constant_criteria.push_back(criteria_[j].name);
  s.method = setup_.config.method;
  s.weights_from = setup_.config.weights.source;
  s.ahp = setup_.ahp;
  s.derived = derived_;
  return s;
}

scored_account score_pipeline::row(const scored_chunk& c, Eigen::Index r) const {
  scored_account a;
  fill_row(c, r, a);
  return a;
}

void score_pipeline::fill_row(const scored_chunk& c, Eigen::Index r, scored_account& a) const {
  const auto i = static_cast<Eigen::Index>(c.accounts.first) + r;
  a.id = c.accounts.id(r);
  const auto& kept = setup_.kept;
  a.columns.values.resize(kept.size());
  for (std::size_t k = 0; k < kept.size(); ++k) {
    auto& [name, value] = a.columns.values[k];
    name = setup_.layout.text[kept[k]].name;
    const auto text = c.accounts.text_of(kept[k], r);
    if (text) {
      if (!value) value.emplace();
      value->assign(*text);
    } else {
      value.reset();
    }
  }
  a.score = c.result.scores(r);
  a.rank = out_.ranks(i);
  a.tier = out_.tiers.tier(i);
  const auto& names = setup_.config.tiers.names;
  if (!names.empty()) {
    if (!a.tier_name) a.tier_name.emplace();
    *a.tier_name = names[static_cast<std::size_t>(a.tier - 1)];
  } else {
    a.tier_name.reset();
  }
  a.key_account = out_.key[static_cast<std::size_t>(i)] != 0;
  a.coverage = c.result.coverage_of(r);
  if (setup_.config.method != score_method::weighted_sum) {
    a.contributions.clear();
  } else {
    a.contributions.resize(static_cast<std::size_t>(criteria_.size()));
    for (Eigen::Index j = 0; j < criteria_.size(); ++j) {
      auto& [name, value] = a.contributions[static_cast<std::size_t>(j)];
      name = criteria_[j].name;
      value = c.contributions(r, j);
    }
  }
  a.topsis.reset();
  if (c.topsis != nullptr) {
    a.topsis =
        topsis_distances{c.topsis->distance_to_ideal(r), c.topsis->distance_to_anti_ideal(r)};
  }
}

namespace {

// Writes finite `v` as format_number(v, precision) does to [first, last) and returns the end.
char* write_number(char* first, char* last, double v, int precision) {
  if (precision > 0) {
    char buf[64];
    const auto e =
        std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, precision - 1);
    (void)std::from_chars(buf, e.ptr, v);
  }
  return std::to_chars(first, last, v).ptr;
}

// Appends `v` as table_sink writes a number cell: format_number(v, precision), without its string.
void append_number(std::string& line, double v, int precision) {
  if (!std::isfinite(v)) return;
  char buf[64];
  line.append(buf, write_number(buf, buf + sizeof buf, v, precision));
}

// Room kept free for one number written by put_number or number_memo::put: the shortest form of
// a double takes at most 24 characters ("-2.2250738585072014e-308").
constexpr std::ptrdiff_t number_room = 32;

// Writes `v` at `p` (number_room characters free) as append_number appends it; returns the end.
char* put_number(char* p, double v, int precision) {
  if (!std::isfinite(v)) return p;
  return write_number(p, p + number_room, v, precision);
}

// Writes an integer at `p` (number_room characters free) as its decimal text; returns the end.
char* put_integer(char* p, long long v) { return std::to_chars(p, p + number_room, v).ptr; }

// put_number for one column of many rows, remembering the text of recent numbers: a
// contribution is a criterion's weight times its normalised value, and a rating's few values give
// the same few numbers row after row, each formatted by std::to_chars once instead of every time
// (about 40 ns each). A table of entries found by the number's bits; a miss formats the number
// and takes the entry. The text is the same either way.
class number_memo {
 public:
  char* put(char* p, double v, int precision) {
    if (!std::isfinite(v)) return p;
    const auto bits = std::bit_cast<std::uint64_t>(v);
    auto& e = entries_[(bits * 0x9E3779B97F4A7C15ULL) >> (64 - log2_entries)];
    if (e.size == 0 || e.bits != bits) {  // size 0: never used (every number has a digit)
      e.bits = bits;
      e.size = static_cast<std::uint8_t>(
          write_number(e.text.data(), e.text.data() + e.text.size(), v, precision) - e.text.data());
    }
    std::memcpy(p, e.text.data(), e.text.size());  // the whole entry: the room is there
    return p + e.size;
  }

 private:
  static constexpr int log2_entries = 8;
  struct entry {
    std::uint64_t bits = 0;
    std::uint8_t size = 0;
    std::array<char, 31> text{};
  };
  static_assert(std::tuple_size_v<decltype(entry::text)> <= number_room);
  std::array<entry, std::size_t{1} << log2_entries> entries_{};
};

// Appends an integer as its decimal text.
void append_integer(std::string& line, long long v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  line.append(buf, r.ptr);
}

}  // namespace

void append_csv_line(std::string& line, const scored_account& a, int precision) {
  append_csv_field(line, a.id);
  for (const auto& [name, value] : a.columns.values) {
    line += ',';
    if (value) append_csv_field(line, *value);
  }
  line += ',';
  append_number(line, a.score, precision);
  line += ',';
  append_integer(line, static_cast<long long>(a.rank));
  line += ',';
  append_integer(line, static_cast<long long>(a.tier));
  line += ',';
  if (a.tier_name) append_csv_field(line, *a.tier_name);
  line += a.key_account ? ",true," : ",false,";
  append_number(line, a.coverage, precision);
  for (const auto& [name, value] : a.contributions) {
    line += ',';
    append_number(line, value, precision);
  }
  if (a.topsis) {
    line += ',';
    append_number(line, a.topsis->distance_to_ideal, precision);
    line += ',';
    append_number(line, a.topsis->distance_to_anti_ideal, precision);
  }
  line += '\n';
}

void score_pipeline::append_csv_lines(std::string& out, const scored_chunk& c, Eigen::Index begin,
                                      Eigen::Index end, int precision) const {
  const auto& kept = setup_.kept;
  const auto& tier_names = setup_.config.tiers.names;
  const bool contributions = setup_.config.method == score_method::weighted_sum;
  const Eigen::Index criteria = contributions ? criteria_.size() : 0;
  const auto first = static_cast<Eigen::Index>(c.accounts.first);
  // The coverage, then each contribution (the score has a new value in almost every row).
  std::vector<number_memo> memo(static_cast<std::size_t>(criteria) + 1);
  // The numbers of a row are written into `buf` through a pointer, then appended at once: room
  // for the score, rank and tier, or for the key-account flag, the coverage, the contributions,
  // the TOPSIS distances and the line end, each number with its comma.
  std::vector<char> buf(static_cast<std::size_t>((criteria + 8) * (number_room + 1)));
  char* const b = buf.data();
  for (Eigen::Index r = begin; r < end; ++r) {
    const auto i = first + r;
    append_csv_field(out, c.accounts.id(r));
    for (const auto k : kept) {
      out += ',';
      if (const auto text = c.accounts.text_of(k, r)) append_csv_field(out, *text);
    }
    char* p = b;
    *p++ = ',';
    p = put_number(p, c.result.scores(r), precision);
    *p++ = ',';
    p = put_integer(p, static_cast<long long>(out_.ranks(i)));
    const auto tier = out_.tiers.tier(i);
    *p++ = ',';
    p = put_integer(p, static_cast<long long>(tier));
    *p++ = ',';
    out.append(b, p);
    if (!tier_names.empty()) append_csv_field(out, tier_names[static_cast<std::size_t>(tier - 1)]);
    p = b;
    const std::string_view key = out_.key[static_cast<std::size_t>(i)] != 0 ? ",true," : ",false,";
    p = std::copy(key.begin(), key.end(), p);
    p = memo[0].put(p, c.result.coverage_of(r), precision);
    for (Eigen::Index j = 0; j < criteria; ++j) {
      *p++ = ',';
      p = memo[static_cast<std::size_t>(j) + 1].put(p, c.contributions(r, j), precision);
    }
    if (c.topsis != nullptr) {
      *p++ = ',';
      p = put_number(p, c.topsis->distance_to_ideal(r), precision);
      *p++ = ',';
      p = put_number(p, c.topsis->distance_to_anti_ideal(r), precision);
    }
    *p++ = '\n';
    out.append(b, p);
  }
}

}  // namespace kam_tool
