// The kam tool's scoring pipeline (see score_pipeline.hpp).
#include "score_pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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
  try {
    kam::validate(c.key_accounts);
  } catch (const kam::error& e) {
    fail_at_member(doc, ka, e);
  }
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

}  // namespace

score_setup load_score_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("score");
  score_setup s;
  s.config = cfg.section<score_config>("score");
  s.layout.id = id_column(cfg);
  const json_path criteria = base.key("criteria");
  s.criteria = criteria_at(doc, criteria, s.config.criteria);
  check_key_accounts(doc, base, s.config);
  check_tiers(doc, base, s.config);
  check_method(doc, base, s.config);
  // Criteria from the configuration are located there when the file lacks their column; the
  // default catalogue's at the file's header.
  const bool named = doc.has(criteria.pointer);
  const auto positions = name_positions(doc, criteria, s.config.criteria);
  for (std::size_t j = 0; j < s.config.criteria.size(); ++j) {
    s.layout.numeric.push_back(
        {s.config.criteria[j].name, named ? positions[j] : text_position{}, "criterion"});
  }
  const json_path wp = base.key("weights");
  s.weights_at = doc.position(wp.key("source").pointer);
  apply_configured_weights(doc, wp, s);
  return s;
}

score_pipeline::score_pipeline(const score_setup& setup, accounts_source source,
                               Eigen::Index chunk_rows, progress& bar)
    : setup_(setup),
      table_(std::move(source), setup.layout, chunk_rows, bar),
      criteria_(setup.criteria),
      derive_(from_data(setup.config.weights.source)) {}

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
  table_.again(pass(2), [&](const table_chunk& c) {
    score_chunk(c);
    out_.scores.segment(static_cast<Eigen::Index>(c.first), c.rows) = result_.scores;
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
  out_.selection = kam::select_key_accounts(out_.scores, cfg.key_accounts);
  out_.key.assign(static_cast<std::size_t>(out_.accounts), 0);
  for (const auto row : out_.selection.accounts) out_.key[static_cast<std::size_t>(row)] = 1;
}

// The last pass: scores again (a pure function of the row: a difference means the file was
// modified), explains them, and hands each chunk over.
void score_pipeline::emit(const std::function<void(const scored_chunk&)>& sink) {
  const auto method = setup_.config.method;
  table_.again(pass(3), [&](const table_chunk& c) {
    score_chunk(c);
    if (result_.scores != out_.scores.segment(static_cast<Eigen::Index>(c.first), c.rows)) {
      throw located_error("kam_tool::read_accounts", "", {table_.name()},
                          "the file changed while kam was reading it");
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
  s.key_account_policy = setup_.config.key_accounts;
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
  const auto i = static_cast<Eigen::Index>(c.accounts.first) + r;
  scored_account a;
  a.id = c.accounts.id(r);
  a.score = c.result.scores(r);
  a.rank = out_.ranks(i);
  a.tier = out_.tiers.tier(i);
  const auto& names = setup_.config.tiers.names;
  if (!names.empty()) a.tier_name = names[static_cast<std::size_t>(a.tier - 1)];
  a.key_account = out_.key[static_cast<std::size_t>(i)] != 0;
  a.coverage = c.result.coverage_of(r);
  if (setup_.config.method == score_method::weighted_sum) {
    for (Eigen::Index j = 0; j < criteria_.size(); ++j)
      a.contributions.emplace_back(criteria_[j].name, c.contributions(r, j));
  }
  if (c.topsis != nullptr) {
    a.topsis =
        topsis_distances{c.topsis->distance_to_ideal(r), c.topsis->distance_to_anti_ideal(r)};
  }
  return a;
}

}  // namespace kam_tool
