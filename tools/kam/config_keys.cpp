// Every key of the kam tool's configuration, with its description (see config_keys.hpp).
#include "config_keys.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "output.hpp"
#include "position.hpp"
#include "report.hpp"
#include "retention.hpp"
#include "score_pipeline.hpp"
#include "segment.hpp"
#include "setup.hpp"

namespace kam_tool {

template <>
inline constexpr std::string_view config_doc_kind<kam::criterion> = "criterion";
template <>
inline constexpr std::string_view config_doc_kind<kam::score_options> = "score_options";
template <>
inline constexpr std::string_view config_doc_kind<kam::axis_cut> = "cut";
template <>
inline constexpr std::string_view config_doc_kind<axis_settings> = "axis";

namespace detail {

std::string plural_type(const std::string& type) {
  if (type.starts_with("one of")) return "names, each " + type;
  if (type.starts_with("array of ")) return "arrays of " + type.substr(9);
  if (type.starts_with("number or \"p/q\"")) return "numbers or \"p/q\" texts";
  const auto space = type.find(' ');
  if (space == std::string::npos) return type + "s";
  return type.substr(0, space) + "s" + type.substr(space);
}

std::string default_text(const boost::json::value& v, bool group) {
  if (group) return {};
  // A list of named objects (criteria): their names; the other members are the element's keys.
  if (v.is_array() && !v.get_array().empty() &&
      std::all_of(v.get_array().begin(), v.get_array().end(), [](const boost::json::value& e) {
        return e.is_object() && e.get_object().contains("name") &&
               e.get_object().at("name").is_string();
      })) {
    std::string s = "[";
    const auto& a = v.get_array();
    for (std::size_t i = 0; i < a.size(); ++i)
      s += (i == 0 ? "" : ", ") + std::string(a[i].get_object().at("name").get_string());
    return s + "] (by name)";
  }
  return serialize_json(v);
}

}  // namespace detail

std::vector<config_section> configuration_sections() {
  return {
      {"input", "kam score, position, segment, retention, report", "how the files are read",
       config_keys_of<input_config>("input")},
      {"score", "kam score and kam report", "scores, ranks, key accounts and tiers",
       config_keys_of<score_config>("score")},
      {"position", "kam position; kam report when the section is there",
       "Kraljic, preferencing, posture, maturity, relationship, focus",
       config_keys_of<position_settings>("position")},
      {"segment", "kam segment; kam report when the section is there",
       "rules, quantile bins, k-means", config_keys_of<segment_settings>("segment")},
      {"retention", "kam retention and kam report --revenue",
       "revenue movements, GRR/NRR, cohorts, sBG", config_keys_of<retention_settings>("retention")},
      {"report", "kam report", "the HTML page", config_keys_of<report_config>("report")},
  };
}

namespace {

const std::unordered_map<std::string, std::string_view>& descriptions() {
  static const std::unordered_map<std::string, std::string_view> by_path{
      // Described once wherever they appear.
      {"criterion.name", "the column of the accounts file holding the criterion"},
      {"criterion.weight", "relative weight, >= 0 (the weights are normalised to sum 1)"},
      {"criterion.direction",
       "benefit: more is better; cost: more is worse (inverted after normalising)"},
      {"criterion.normalization",
       "how values are put on 0-1: min_max over the accounts, fixed_range (low, high), "
       "percentile_rank, z_score, vector"},
      {"criterion.low", "bottom of the scale (fixed_range only, e.g. 1 for a 1-5 rating)"},
      {"criterion.high", "top of the scale (fixed_range only, e.g. 5 for a 1-5 rating)"},
      {"score_options.missing",
       "an empty value: reject (an error), renormalize (score on the criteria the account has), "
       "impute"},
      {"score_options.impute",
       "the value impute puts in: the mean, median or worst value of the accounts"},
      {"score_options.scale", "scores on unit (0-1) or percent (0-100)"},
      {"score_options.threads",
       "threads (1: one; 0: every hardware thread); results are the same for any number"},
      {"cut.basis",
       "where the axis is cut into low and high: midpoint of the scale, fixed (value), median of "
       "the accounts"},
      {"cut.value", "the cut point for basis fixed, on 0-1"},
      {"cut.on_cut", "which side an account exactly on the cut belongs to: high or low"},
      {"axis.criteria",
       "the sub-criteria of the axis, each a column (a criterion object as in score.criteria)"},
      {"axis.options", "missing values, scale and threads of the axis score (as score.options)"},
      {"axis.cut", "the cut point of the axis"},
      // input
      {"input.id",
       "the column holding each account's id (ids must be present and unique); also the id column "
       "of the revenue file; --id and --row-number override it"},
      // score
      {"score.criteria",
       "the selection criteria; absent: the library's selection catalogue when the file has all "
       "its columns, else every numeric column but the id with weight 1 (--criteria overrides)"},
      {"score.options", "missing values, score scale and threads"},
      {"score.key_accounts", "which accounts are key accounts (--cap and --min-score override)"},
      {"score.key_accounts.cap", "at most this many key accounts; null: no cap; not with share"},
      {"score.key_accounts.share",
       "the best share of the accounts, in (0, 1], rounded up; absent cap and share: 0.2"},
      {"score.key_accounts.min_score",
       "key accounts need at least this score, on the score scale; null: none"},
      {"score.tiers",
       "tiers, best first (--tiers overrides); absent edges and shares: shares [0.2, 0.3]"},
      {"score.tiers.edges",
       "score edges, ascending, on the score scale; an account on an edge is in the tier above; "
       "not with shares"},
      {"score.tiers.shares",
       "shares of accounts from the top ([0.1, 0.2]: the best 10 %, the next 20 %, the rest); not "
       "with edges"},
      {"score.tiers.names",
       "tier names, best first, one per tier (--tier-names overrides); empty: unnamed"},
      {"score.ties",
       "rank of equal scores: min (share the better rank), dense, ordinal (input order)"},
      {"score.weights", "where the criteria weights come from"},
      {"score.weights.source",
       "direct (the criteria's weights), equal, rank_order (ranks), ahp (pairwise), or from the "
       "accounts: entropy, critic, std_dev"},
      {"score.weights.ranks",
       "rank_order: each criterion's importance rank, in criteria order (1 = most important)"},
      {"score.weights.pairwise",
       "ahp: the pairwise comparison matrix in criteria order; numbers or fractions as text "
       "(\"1/3\")"},
      {"score.weights.ahp", "ahp: how priorities and consistency are computed"},
      {"score.weights.ahp.method", "eigenvector (Saaty) or geometric_mean (row geometric means)"},
      {"score.weights.ahp.random_index",
       "Saaty's random index for n = 1, 2, ... (the consistency ratio is CI over it)"},
      {"score.weights.ahp.cr_threshold",
       "a consistency ratio above this is reported inconsistent (not an error)"},
      {"score.weights.ahp.reciprocal_tolerance", "largest |a_ij a_ji - 1| accepted as reciprocal"},
      {"score.weights.ahp.max_iterations", "power iterations for the principal eigenvector"},
      {"score.weights.ahp.tolerance", "convergence tolerance of the power iteration"},
      {"score.weights.data",
       "entropy, critic, std_dev: on the normalized values (default) or the raw ones"},
      {"score.weights.ddof", "std_dev: delta degrees of freedom of the standard deviation"},
      {"score.method",
       "weighted_sum (contributions add up to the score), weighted_product or topsis (need every "
       "value)"},
      {"score.topsis", "options of method topsis"},
      {"score.topsis.normalization", "vector (Hwang & Yoon), min_max, or none"},
      {"score.topsis.threads", "threads (1: one; 0: every hardware thread)"},
      {"score.product", "options of method weighted_product"},
      {"score.product.normalization", "max (each value over the column's maximum) or none"},
      {"score.product.threads", "threads (1: one; 0: every hardware thread)"},
      // position
      {"position.revenue",
       "the revenue column: the account's share of our revenue (preferencing) and its size "
       "(focus)"},
      {"position.kraljic", "Kraljic's matrix from the supplier's side"},
      {"position.kraljic.impact",
       "profit impact: how important our offering is to the customer (default: the profit impact "
       "catalogue)"},
      {"position.kraljic.risk",
       "supply risk: how hard it is for the customer to replace us (default: the replaceability "
       "catalogue)"},
      {"position.preferencing", "Steele & Court's supplier preferencing"},
      {"position.preferencing.attractiveness",
       "account attractiveness (default: the attractiveness catalogue)"},
      {"position.preferencing.value_edges",
       "the account's share of our revenue where the value bands low, medium and high begin"},
      {"position.preferencing.high_value_from",
       "the lowest value band that counts as high relative value"},
      {"position.preferencing.our_revenue", "our total revenue; null: the accounts' total"},
      {"position.table",
       "cells replacing cells of the default position table (each Kraljic x preferencing pair at "
       "most once)"},
      {"position.table[].kraljic", "the Kraljic quadrant of the cell"},
      {"position.table[].preferencing", "the preferencing quadrant of the cell"},
      {"position.table[].risk", "the relationship risk of the cell"},
      {"position.table[].posture", "the recommended posture of the cell"},
      {"position.table[].rationale", "why, in words"},
      {"position.maturity", "purchasing maturity and the matched seller role; null turns it off"},
      {"position.maturity.dimensions",
       "the assessment dimensions, each a column (criterion objects)"},
      {"position.maturity.scale_low", "bottom of the assessment scale"},
      {"position.maturity.scale_high", "top of the assessment scale"},
      {"position.maturity.stage_edges",
       "index values where the stages independent, supportive, integrative begin"},
      {"position.maturity.options", "missing values, scale and threads of the maturity index"},
      {"position.maturity.served_role",
       "the column with the seller role the account is served with today; null: no comparison"},
      {"position.relationship", "the relationship shape from the contact map (--contacts)"},
      {"position.relationship.columns", "the contact map's columns"},
      {"position.relationship.columns.account",
       "the account id (the id overlap check of kam report reads it too)"},
      {"position.relationship.columns.our_person", "our person of the contact"},
      {"position.relationship.columns.their_person", "their person of the contact"},
      {"position.relationship.columns.role", "their person's role in the buying group"},
      {"position.relationship.columns.level", "their person's hierarchy level"},
      {"position.relationship.columns.function", "their person's business function"},
      {"position.relationship.columns.weight",
       "the interaction weight (> 0 for an active contact)"},
      {"position.relationship.columns.days", "days since the last contact"},
      {"position.relationship.active_days", "a contact is active when at most this many days old"},
      {"position.relationship.required_roles",
       "the buying-group roles coverage is measured against"},
      {"position.relationship.required_levels",
       "the hierarchy levels coverage is measured against"},
      {"position.relationship.required_functions", "the functions coverage is measured against"},
      {"position.relationship.shape", "thresholds of bow-tie and diamond"},
      {"position.relationship.shape.bow_tie_effective_below",
       "bow-tie when the effective number of contacts (1/HHI) is below this"},
      {"position.relationship.shape.diamond_people",
       "diamond needs at least this many people on each side"},
      {"position.relationship.shape.diamond_effective",
       "diamond needs at least this many effective contacts"},
      {"position.relationship.shape.diamond_role_coverage",
       "diamond needs at least this share of the required roles"},
      {"position.relationship.shape.diamond_level_coverage",
       "diamond needs at least this share of the required levels"},
      {"position.relationship.shape.diamond_function_coverage",
       "diamond needs at least this share of the required functions"},
      {"position.relationship.breadth_target",
       "active contacts that count as full breadth (6.8: the average buying group, CEB 2016)"},
      {"position.relationship.score_criteria",
       "criteria of the relationship score (criterion objects over breadth and coverage)"},
      {"position.relationship.stage_edges",
       "relationship scores where the stages basic, cooperative, interdependent, integrated begin"},
      {"position.focus", "the account focus (protect, win, expand, maintain); null turns it off"},
      {"position.focus.win_below_share", "share of wallet below which we are not yet in (win)"},
      {"position.focus.expand_below_share",
       "share of wallet from which little room is left (no expand)"},
      {"position.focus.win_growth", "growth potential that makes winning worth it"},
      {"position.focus.expand_growth", "growth potential that leaves room to expand"},
      {"position.focus.at_risk", "churn risk from which a large account needs protecting"},
      {"position.focus.large_share", "the share of accounts, by revenue, that count as large"},
      {"position.focus.growth_low", "bottom of the growth-potential scale"},
      {"position.focus.growth_high", "top of the growth-potential scale"},
      {"position.focus.wallet", "the column with the customer's category wallet"},
      {"position.focus.growth", "the column with the growth potential"},
      {"position.focus.churn_risk", "the column with the churn risk (0-1)"},
      // segment
      {"segment.rules", "ordered rules; the first that matches places the account"},
      {"segment.rules[].segment", "the segment of the accounts the rule matches"},
      {"segment.rules[].when",
       "the condition, e.g. \"technology_focus >= 4 and industry in (energy, retail)\""},
      {"segment.rules[].name", "the rule's label in the output (default: the segment)"},
      {"segment.fallback", "the segment of accounts no rule matches (empty: none)"},
      {"segment.missing", "a rule reading an empty value: reject (an error) or no_match"},
      {"segment.bins", "quantile bins with a combined code (RFM style); null: none"},
      {"segment.bins.method", "the quantile method (numpy's names)"},
      {"segment.bins.duplicates", "coinciding edges: keep them, or drop them (fewer bins)"},
      {"segment.bins.fields", "the binned columns"},
      {"segment.bins.fields[].name", "the column"},
      {"segment.bins.fields[].bins", "the number of bins"},
      {"segment.bins.fields[].direction", "benefit: high values get high codes; cost: reversed"},
      {"segment.bins.separator", "between the codes of the combined code"},
      {"segment.kmeans", "weighted k-means clusters; null: none"},
      {"segment.kmeans.k", "the number of clusters"},
      {"segment.kmeans.restarts", "k-means++ runs; the lowest inertia is kept"},
      {"segment.kmeans.max_iterations", "Lloyd iterations per run"},
      {"segment.kmeans.tolerance",
       "stop when the centroids move by at most this times the mean variance"},
      {"segment.kmeans.seed", "seed of the random stream (results are reproducible)"},
      {"segment.kmeans.standardize", "cluster z-scores instead of raw values"},
      {"segment.kmeans.local_trials", "candidates per centre in k-means++ (0: 2 + ln k)"},
      {"segment.kmeans.threads",
       "threads (1: one; 0: every hardware thread); results are the same for any number"},
      {"segment.kmeans.features", "the feature columns"},
      {"segment.kmeans.weights", "the column weighing each account (e.g. revenue); null: 1 each"},
      {"segment.fit_sample",
       "fit bins and k-means on a seeded sample of at most this many accounts; null: all"},
      {"segment.sample_seed", "seed of that sample"},
      // retention
      {"retention.periods",
       "the period columns, in order; empty: every column but the id, in file order"},
      {"retention.windows", "the windows GRR and NRR are measured over"},
      {"retention.windows.step", "periods per window (3 over months: quarters)"},
      {"retention.windows.first", "the opening period of the first window (0-based)"},
      {"retention.windows.reactivation",
       "a returning account: separate (reactivated revenue), as_new, or endpoints"},
      {"retention.cohort_group",
       "periods per cohort period in the cohort table (3: quarterly cohorts of months)"},
      {"retention.sbg", "the shifted-beta-geometric fit and projection"},
      {"retention.sbg.max_iterations", "iterations of the fit"},
      {"retention.sbg.tolerance", "convergence tolerance of the fit"},
      {"retention.sbg.horizon", "periods projected; 0: twice the observed ages"},
      {"retention.sbg.include_first_cohort",
       "fit the first period's cohort too (of unknown age: left-censored)"},
      {"retention.sbg.discount",
       "discount rate per period for the discounted expected lifetime; null: none"},
      // report
      {"report.title", "the report's title"},
      {"report.shortlist",
       "the best key accounts labelled in the matrix, charted by revenue, drawn with their "
       "contributions and given a drill-down (every key account is listed)"},
      {"report.bins", "bins of the score histogram (1-1000)"},
  };
  return by_path;
}

}  // namespace

std::vector<std::string> described_names() {
  std::vector<std::string> out;
  for (const auto& [name, text] : descriptions()) out.push_back(name);
  return out;
}

std::string_view describe_key(const config_key& key) {
  const auto& by_path = descriptions();
  if (const auto it = by_path.find(key.path); it != by_path.end()) return it->second;
  if (!key.kind.empty())
    if (const auto it = by_path.find(key.kind + "." + key.member); it != by_path.end())
      return it->second;
  return {};
}

namespace {

// Returns `text` wrapped at 100 columns, each line indented by `indent` spaces.
std::string wrapped(std::string_view text, std::size_t indent) {
  std::string out;
  std::string line(indent, ' ');
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const auto word = text.substr(start, end - start);
    if (line.size() > indent && line.size() + 1 + word.size() > 100) {
      out += line + '\n';
      line.assign(indent, ' ');
    }
    if (line.size() > indent) line += ' ';
    line += word;
    start = end + 1;
  }
  return out + line + '\n';
}

}  // namespace

std::string config_help() {
  std::string s =
      "The configuration file (-c FILE): one JSON object with a section per command, all\n"
      "optional; every key below is optional too and has the default shown. Flags override the\n"
      "keys they stand for. An unknown key is an error; keys starting with \"_comment\" are\n"
      "notes, skipped. `kam init ACCOUNTS.csv` writes a starter file. In the paths, a.b is key b\n"
      "of object a, a[] an element of array a.\n";
  for (const auto& sec : configuration_sections()) {
    s += '\n' + wrapped(fmt::format("{}: {}; read by {}", sec.name, sec.summary, sec.used_by), 0);
    for (const auto& k : sec.keys) {
      const std::string head = "  " + k.path;
      std::string info = fmt::format("({})", k.type);
      if (!k.group) info += fmt::format(" default {}", k.default_value);
      if (head.size() + 2 + info.size() <= 100) {
        s += head + "  " + info + '\n';
      } else {
        s += head + '\n' + wrapped(info, 6);
      }
      s += wrapped(describe_key(k), 6);
    }
  }
  return s;
}

}  // namespace kam_tool
