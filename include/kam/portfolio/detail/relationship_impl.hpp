// Not API. Definitions of kam/portfolio/relationship.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/relationship.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kam {

KAM_INLINE criteria_set relationship_score_catalogue() {
  return criteria_set{benefit("breadth", 30).on_scale(0, 1),
                      benefit("role_coverage", 30).on_scale(0, 1),
                      benefit("level_coverage", 20).on_scale(0, 1),
                      benefit("function_coverage", 20).on_scale(0, 1)};
}

KAM_INLINE relationship_stage relationship_stage_of(double score,
                                                    const std::array<double, 4>& edges) {
  constexpr const char* fn = "kam::relationship_stage_of";
  detail::check_edges(edges, 0.0, 1.0, false, fn, "edges", "edge", "score scale");
  detail::check_value(score, 0.0, 1.0, fn, "score", "score scale");
  return static_cast<relationship_stage>(
      detail::band_of(score, edges, detail::edge_tolerance<double>(1.0)));
}

namespace detail {

/// Throws unless `required` is a non-empty set of distinct enumerators.
template <typename E>
void check_required(const std::vector<E>& required, const char* fn, const char* field) {
  if (required.empty()) {
    throw empty_input({fn, field, std::nullopt}, "the required set is empty");
  }
  for (std::size_t i = 0; i < required.size(); ++i) {
    if (!is_enumerator(required[i])) {
      throw invalid_input({fn, field, std::nullopt},
                          detail::cat({"element ", i, " is not an enumerator"}));
    }
    for (std::size_t k = 0; k < i; ++k) {
      if (required[k] == required[i]) {
        throw duplicate_name({fn, field, std::nullopt},
                             detail::cat({"'", enum_name(required[i]), "' is required twice"}));
      }
    }
  }
}

/// The metrics a relationship score criterion may name, in the order score_relationships reads.
inline constexpr std::array<const char*, 4> relationship_metric_names{
    "breadth", "role_coverage", "level_coverage", "function_coverage"};

/// Throws unless every threshold, the breadth target, the score criteria and the stage edges of
/// `c` are valid.
KAM_INLINE void check_relationship_config(const relationship_config& c, const char* fn) {
  if (!(std::isfinite(c.active_days) && c.active_days >= 0.0)) {
    throw invalid_input({fn, "active_days", std::nullopt},
                        detail::cat({"active_days must be finite and >= 0, got ", c.active_days}));
  }
  check_required(c.required_roles, fn, "required_roles");
  check_required(c.required_levels, fn, "required_levels");
  check_required(c.required_functions, fn, "required_functions");
  const shape_thresholds& t = c.shape;
  for (const auto& [name, v] : std::array<std::pair<const char*, double>, 5>{
           {{"bow_tie_effective_below", t.bow_tie_effective_below},
            {"diamond_effective", t.diamond_effective},
            {"diamond_role_coverage", t.diamond_role_coverage},
            {"diamond_level_coverage", t.diamond_level_coverage},
            {"diamond_function_coverage", t.diamond_function_coverage}}}) {
    if (!(std::isfinite(v) && v >= 0.0)) {
      throw invalid_input({fn, name, std::nullopt},
                          detail::cat({"threshold must be finite and >= 0, got ", v}));
    }
  }
  if (t.diamond_people < 0) {
    throw invalid_input({fn, "diamond_people", std::nullopt}, "threshold must be >= 0");
  }
  if (!(std::isfinite(c.breadth_target) && c.breadth_target > 0.0)) {
    throw invalid_input(
        {fn, "breadth_target", std::nullopt},
        detail::cat({"breadth_target must be finite and > 0, got ", c.breadth_target}));
  }
  for (const criterion& k : c.score_criteria) {
    bool known = false;
    for (const char* m : relationship_metric_names) known = known || k.name == m;
    if (!known) {
      throw unknown_name({fn, "score_criteria", std::nullopt}, k.name,
                         {relationship_metric_names.begin(), relationship_metric_names.end()});
    }
    // Min-max and the other portfolio-relative normalisations would make one account's score
    // depend on the accounts classified with it (one account alone would get 0.5).
    if (k.normalization != normalization::fixed_range || k.low != 0.0 || k.high != 1.0) {
      throw invalid_input({fn, k.name, std::nullopt},
                          "a relationship score criterion must be on the metrics' scale [0, 1] "
                          "(fixed_range); use criterion::on_scale(0, 1)");
    }
  }
  check_edges(c.stage_edges, 0.0, 1.0, false, fn, "stage_edges", "edge", "score scale");
}

/// Throws unless contact `index` belongs to one of `accounts` accounts and its ids, enumerators,
/// weight and age are valid.
KAM_INLINE void check_contact(const contact& k, std::size_t index, Eigen::Index accounts,
                              const char* fn) {
  const auto row = static_cast<std::ptrdiff_t>(k.account);
  if (k.account < 0 || k.account >= accounts) {
    throw out_of_bounds({fn, "account", std::nullopt},
                        detail::cat({"contact ", index, " belongs to account row ", k.account,
                                     ", outside [0, ", accounts, ")"}));
  }
  if (k.our_person.empty() || k.their_person.empty()) {
    throw invalid_input({fn, k.our_person.empty() ? "our_person" : "their_person", row},
                        detail::cat({"contact ", index, " has an empty person id"}));
  }
  if (!is_enumerator(k.role) || !is_enumerator(k.level) || !is_enumerator(k.function)) {
    throw invalid_input({fn, "contact", row},
                        detail::cat({"contact ", index,
                                     ": role, level or function is not one of its enumerators"}));
  }
  if (!std::isfinite(k.weight)) {
    throw non_finite_value({fn, "weight", row},
                           detail::cat({"contact ", index, " has weight ", k.weight}));
  }
  if (k.weight < 0.0) {
    throw invalid_input({fn, "weight", row},
                        detail::cat({"contact ", index, " has a negative weight ", k.weight}));
  }
  if (!std::isfinite(k.days_since_contact)) {
    throw non_finite_value({fn, "days_since_contact", row},
                           detail::cat({"contact ", index, " has age ", k.days_since_contact}));
  }
  if (k.days_since_contact < 0.0) {
    throw invalid_input({fn, "days_since_contact", row},
                        detail::cat({"contact ", index, " was last in touch ", k.days_since_contact,
                                     " days ago (in the future)"}));
  }
}

/// Returns the active lines (positive weight, recent enough) and counts the others in `p`.
KAM_INLINE std::vector<const contact*> active_contact_lines(
    const std::vector<const contact*>& lines, const relationship_config& c,
    relationship_profile& p) {
  std::vector<const contact*> active;
  active.reserve(lines.size());
  for (const contact* k : lines) {
    if (k->weight > 0.0 && k->days_since_contact <= c.active_days) {
      active.push_back(k);
    } else {
      ++p.stale_contacts;
    }
  }
  return active;
}

/// Sets the role, level and function coverage of `p` and its missing roles.
KAM_INLINE void set_contact_coverage(relationship_profile& p,
                                     const std::vector<const contact*>& active,
                                     const relationship_config& c) {
  std::array<bool, 6> role{};
  std::array<bool, 4> level{};
  std::array<bool, 8> function{};
  for (const contact* k : active) {
    role[static_cast<std::size_t>(k->role)] = true;
    level[static_cast<std::size_t>(k->level)] = true;
    function[static_cast<std::size_t>(k->function)] = true;
  }
  const auto share = [](const auto& required, const auto& covered) {
    std::size_t n = 0;
    for (const auto e : required) n += covered[static_cast<std::size_t>(e)] ? 1U : 0U;
    return static_cast<double>(n) / static_cast<double>(required.size());
  };
  p.role_coverage = share(c.required_roles, role);
  p.level_coverage = share(c.required_levels, level);
  p.function_coverage = share(c.required_functions, function);
  for (const auto r : c.required_roles)
    if (!role[static_cast<std::size_t>(r)]) p.missing_roles.push_back(r);
}

/// Returns what the concentration divides each weight by: 1, or the largest weight of `active`
/// when their sum overflows (weights near the limits of double). Shares do not depend on it.
KAM_INLINE double weight_divisor(const std::vector<const contact*>& active) {
  double total = 0.0, top = 0.0;
  for (const contact* c : active) {
    total += c->weight;
    top = std::max(top, c->weight);
  }
  return std::isfinite(total) ? 1.0 : top;
}

/// Sets the people of ours and the active pairs of `p` (a pair given twice is one contact, its
/// weights summed), their HHI and effective contacts; sorts `active` by pair. Returns the total
/// weight of the active lines, each divided by `divisor` (see weight_divisor).
KAM_INLINE double set_pair_concentration(relationship_profile& p,
                                         std::vector<const contact*>& active, double divisor) {
  std::sort(active.begin(), active.end(), [](const contact* a, const contact* b) {
    // (our person, their person) in lexicographic order.
    return a->our_person != b->our_person ? a->our_person < b->our_person
                                          : a->their_person < b->their_person;
  });
  std::vector<double> pair_weight;
  double total = 0.0;
  for (std::size_t i = 0; i < active.size(); ++i) {
    const bool same_ours = i > 0 && active[i]->our_person == active[i - 1]->our_person;
    p.our_people += same_ours ? 0 : 1;
    const double w = active[i]->weight / divisor;
    if (same_ours && active[i]->their_person == active[i - 1]->their_person) {
      pair_weight.back() += w;
    } else {
      pair_weight.push_back(w);
    }
    total += w;
  }
  p.active_contacts = static_cast<Eigen::Index>(pair_weight.size());
  double hhi = 0.0;
  for (const double w : pair_weight) hhi += (w / total) * (w / total);
  p.hhi = hhi;
  p.effective_contacts = 1.0 / hhi;
  return total;
}

/// Sets the people of theirs in `p` and the effective number of them: the same concentration
/// over their people (a person reached by three of ours counts once). `active` is sorted by pair
/// and `total` is its weight divided by `divisor`; sorts `active` by their person (stably).
KAM_INLINE void set_their_concentration(relationship_profile& p,
                                        std::vector<const contact*>& active, double total,
                                        double divisor) {
  std::stable_sort(active.begin(), active.end(), [](const contact* a, const contact* b) {
    return a->their_person < b->their_person;
  });
  double their_hhi = 0.0;
  double person = 0.0;
  for (std::size_t i = 0; i < active.size(); ++i) {
    person += active[i]->weight / divisor;
    if (i + 1 == active.size() || active[i + 1]->their_person != active[i]->their_person) {
      their_hhi += (person / total) * (person / total);
      person = 0.0;
      ++p.their_people;
    }
  }
  p.effective_their_people = 1.0 / their_hhi;
}

/// Returns the shape of a profile whose people, coverage and concentration are set.
KAM_INLINE relationship_shape contact_map_shape(const relationship_profile& p,
                                                const shape_thresholds& t) {
  // HHI of equal shares is 1/n up to rounding: compare effective contacts with a little slack.
  const double eff = p.effective_contacts * (1.0 + 1e-12);
  if (p.our_people <= 1 || p.their_people <= 1 || eff < t.bow_tie_effective_below) {
    return relationship_shape::bow_tie;
  }
  if (p.our_people >= t.diamond_people && p.their_people >= t.diamond_people &&
      eff >= t.diamond_effective && p.role_coverage >= t.diamond_role_coverage &&
      p.level_coverage >= t.diamond_level_coverage &&
      p.function_coverage >= t.diamond_function_coverage) {
    return relationship_shape::diamond;
  }
  return relationship_shape::intermediate;
}

/// Computes everything but the score and stage of one account from its contact lines.
KAM_INLINE relationship_profile profile_of(const std::vector<const contact*>& lines,
                                           const relationship_config& c) {
  relationship_profile p;
  p.contacts = static_cast<Eigen::Index>(lines.size());
  std::vector<const contact*> active = active_contact_lines(lines, c, p);
  set_contact_coverage(p, active, c);
  if (active.empty()) return p;
  const double divisor = weight_divisor(active);
  const double total = set_pair_concentration(p, active, divisor);
  set_their_concentration(p, active, total, divisor);
  p.single_threaded = p.their_people == 1;
  p.shape = contact_map_shape(p, c.shape);
  return p;
}

/// Sets the score, stage and counts of every profile of `r`.
KAM_INLINE void score_relationships(relationship_result& r, const relationship_config& c) {
  const auto n = static_cast<Eigen::Index>(r.accounts.size());
  // check_relationship_config admits only fixed_range [0, 1] criteria, and every metric is on
  // [0, 1], so kam::score's normalisation is the identity here (1 - v for a cost): the weighted
  // sum is written out rather than run through kam::score, which would instantiate the whole
  // scoring engine in every translation unit that includes this header.
  const Eigen::VectorXd& w = c.score_criteria.weights();
  std::vector<std::size_t> metric(static_cast<std::size_t>(c.score_criteria.size()));
  for (Eigen::Index j = 0; j < c.score_criteria.size(); ++j) {
    const std::string& name = c.score_criteria[j].name;
    metric[static_cast<std::size_t>(j)] = name == "breadth"          ? 0U
                                          : name == "role_coverage"  ? 1U
                                          : name == "level_coverage" ? 2U
                                                                     : 3U;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    relationship_profile& p = r.accounts[static_cast<std::size_t>(i)];
    const double v[4] = {std::min(1.0, p.effective_their_people / c.breadth_target),
                         p.role_coverage, p.level_coverage, p.function_coverage};
    double s = 0.0;
    for (Eigen::Index j = 0; j < c.score_criteria.size(); ++j) {
      const double x = v[metric[static_cast<std::size_t>(j)]];
      s += w(j) * (c.score_criteria[j].direction == direction::cost ? 1.0 - x : x);
    }
    p.score = s;
    p.stage = static_cast<relationship_stage>(
        band_of(p.score, c.stage_edges, edge_tolerance<double>(1.0)));
    ++r.stage_counts[static_cast<std::size_t>(p.stage)];
    ++r.shape_counts[static_cast<std::size_t>(p.shape)];
    r.single_threaded += p.single_threaded ? 1 : 0;
  }
}

}  // namespace detail

KAM_INLINE relationship_result relationship(const std::vector<contact>& contacts,
                                            Eigen::Index accounts,
                                            const relationship_config& config) {
  constexpr const char* fn = "kam::relationship";
  detail::check_relationship_config(config, fn);
  if (accounts <= 0) throw empty_input({fn, "accounts", std::nullopt}, "no accounts");
  if (accounts > relationship_max_accounts) {
    throw out_of_bounds(
        {fn, "accounts", std::nullopt},
        detail::cat({"accounts is ", accounts,
                     "; at most relationship_max_accounts = ", relationship_max_accounts}));
  }
  std::vector<std::size_t> per(static_cast<std::size_t>(accounts) + 1, 0);
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    detail::check_contact(contacts[i], i, accounts, fn);
    ++per[static_cast<std::size_t>(contacts[i].account) + 1];
  }
  for (std::size_t a = 1; a < per.size(); ++a) per[a] += per[a - 1];
  std::vector<const contact*> sorted(contacts.size());
  std::vector<std::size_t> next(per.begin(), per.end() - 1);
  for (const contact& k : contacts) sorted[next[static_cast<std::size_t>(k.account)]++] = &k;
  relationship_result r;
  r.accounts.reserve(static_cast<std::size_t>(accounts));
  std::vector<const contact*> lines;
  for (std::size_t a = 0; a < static_cast<std::size_t>(accounts); ++a) {
    lines.assign(sorted.begin() + static_cast<std::ptrdiff_t>(per[a]),
                 sorted.begin() + static_cast<std::ptrdiff_t>(per[a + 1]));
    r.accounts.push_back(detail::profile_of(lines, config));
  }
  detail::score_relationships(r, config);
  return r;
}

KAM_INLINE relationship_profile relationship_of(const std::vector<contact>& contacts,
                                                const relationship_config& config) {
  constexpr const char* fn = "kam::relationship_of";
  detail::check_relationship_config(config, fn);
  std::vector<const contact*> lines;
  lines.reserve(contacts.size());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    contact k = contacts[i];
    k.account = 0;
    detail::check_contact(k, i, 1, fn);
    lines.push_back(&contacts[i]);
  }
  relationship_result r;
  r.accounts.push_back(detail::profile_of(lines, config));
  detail::score_relationships(r, config);
  return r.accounts.front();
}

KAM_INLINE void validate(const relationship_config& config) {
  detail::check_relationship_config(config, "kam::validate");
}

KAM_INLINE void validate(const contact& k) {
  constexpr const char* fn = "kam::validate";
  if (k.our_person.empty()) throw invalid_input({fn, "our_person"}, "the person id is empty");
  if (k.their_person.empty()) throw invalid_input({fn, "their_person"}, "the person id is empty");
  if (!is_enumerator(k.role)) throw invalid_input({fn, "role"}, "not a buying_role");
  if (!is_enumerator(k.level)) throw invalid_input({fn, "level"}, "not a hierarchy_level");
  if (!is_enumerator(k.function)) throw invalid_input({fn, "function"}, "not a business_function");
  if (!std::isfinite(k.weight)) {
    throw non_finite_value({fn, "weight"}, detail::cat({"weight is ", k.weight}));
  }
  if (k.weight < 0.0) {
    throw invalid_input({fn, "weight"}, detail::cat({"weight ", k.weight, " is negative"}));
  }
  if (!std::isfinite(k.days_since_contact)) {
    throw non_finite_value({fn, "days_since_contact"},
                           detail::cat({"age is ", k.days_since_contact}));
  }
  if (k.days_since_contact < 0.0) {
    throw invalid_input(
        {fn, "days_since_contact"},
        detail::cat({"last in touch ", k.days_since_contact, " days ago, in the future"}));
  }
}

}  // namespace kam
