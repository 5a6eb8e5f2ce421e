// Relationship structure: the contact map between us and an account, bow-tie to diamond.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/scoring/criteria.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace kam {

/// The roles in the customer's buying group (Bonoma, "Major sales: who really does the buying?",
/// HBR 1982, after Webster & Wind 1972; Bonoma's purchaser is `buyer` here).
enum class buying_role : std::uint8_t { initiator, user, influencer, decider, buyer, gatekeeper };
BOOST_DESCRIBE_ENUM(buying_role, initiator, user, influencer, decider, buyer, gatekeeper)

/// Hierarchy level of a person at the customer.
enum class hierarchy_level : std::uint8_t { operational, middle, senior, executive };
BOOST_DESCRIBE_ENUM(hierarchy_level, operational, middle, senior, executive)

/// Business function of a person at the customer.
enum class business_function : std::uint8_t {
  purchasing,
  operations,
  engineering,
  quality,
  finance,
  logistics,
  it,
  general_management
};
BOOST_DESCRIBE_ENUM(business_function, purchasing, operations, engineering, quality, finance,
                    logistics, it, general_management)

/// The shape of the contact map. `bow_tie`: the relationship runs through one person on a side
/// (one key account manager, one buyer) or is dominated by one pair; fragile and shallow.
/// `diamond`: peers talk at many levels and functions, coordinated by the two leads.
/// `intermediate`: in between. `no_contact`: no active contact at all.
enum class relationship_shape : std::uint8_t { no_contact, bow_tie, intermediate, diamond };
BOOST_DESCRIBE_ENUM(relationship_shape, no_contact, bow_tie, intermediate, diamond)

/// Relationship development stages (Cranfield: McDonald, Millman & Rogers 1997), banded from the
/// relationship score. The Cranfield model is qualitative and has a sixth stage, disintegrating
/// (a relationship coming apart: a direction that one snapshot of the contact map cannot show),
/// which kam leaves out; the score and its bands are kam's own.
enum class relationship_stage : std::uint8_t {
  exploratory,
  basic,
  cooperative,
  interdependent,
  integrated
};
BOOST_DESCRIBE_ENUM(relationship_stage, exploratory, basic, cooperative, interdependent, integrated)

/// One line of the contact map: one of our people in touch with one of theirs.
struct contact {
  Eigen::Index account = 0;               ///< the 0-based row of the account (batch functions only)
  std::string our_person;                 ///< an id of our person (any text, compared exactly)
  std::string their_person;               ///< an id of their person
  buying_role role = buying_role::buyer;  ///< their person's buying-group role
  hierarchy_level level = hierarchy_level::middle;             ///< their person's level
  business_function function = business_function::purchasing;  ///< their person's function
  double weight = 1.0;              ///< interaction weight (e.g. interactions a month), >= 0
  double days_since_contact = 0.0;  ///< age of the last interaction in days, >= 0
};
BOOST_DESCRIBE_STRUCT(contact, (),
                      (account, our_person, their_person, role, level, function, weight,
                       days_since_contact))

/// Thresholds of the shape classification (every comparison is "at or above").
struct shape_thresholds {
  /// A map whose effective contacts (1 / HHI) are below this is a bow-tie (dominated by one pair).
  double bow_tie_effective_below = 2.0;
  Eigen::Index diamond_people = 4;         ///< a diamond has at least this many people on each side
  double diamond_effective = 5.0;          ///< ... at least this many effective contacts
  double diamond_role_coverage = 0.5;      ///< ... covers at least this share of required roles
  double diamond_level_coverage = 0.75;    ///< ... of required levels
  double diamond_function_coverage = 0.6;  ///< ... and of required functions
};
BOOST_DESCRIBE_STRUCT(shape_thresholds, (),
                      (bow_tie_effective_below, diamond_people, diamond_effective,
                       diamond_role_coverage, diamond_level_coverage, diamond_function_coverage))

/// Returns the default criteria of the relationship score, over the four metrics kam computes per
/// account (all on [0, 1], fixed range); weights add up to 100:
///
/// | name              | means                                                       | weight |
/// |-------------------|-------------------------------------------------------------|--------|
/// | breadth           | effective people of theirs / breadth target (capped at 1)   |     30 |
/// | role_coverage     | share of the required buying-group roles in touch with us   |     30 |
/// | level_coverage    | share of the required hierarchy levels                      |     20 |
/// | function_coverage | share of the required functions                             |     20 |
template <typename = void>
[[nodiscard]] criteria_set relationship_score_catalogue() {
  return criteria_set{benefit("breadth", 30).on_scale(0, 1),
                      benefit("role_coverage", 30).on_scale(0, 1),
                      benefit("level_coverage", 20).on_scale(0, 1),
                      benefit("function_coverage", 20).on_scale(0, 1)};
}

/// The configuration of the relationship analysis.
struct relationship_config {
  /// A contact is active when its weight is positive and its last interaction is at most this
  /// many days old (on the limit: active).
  double active_days = 180.0;
  /// The buying-group roles we should be in touch with (default: all six).
  std::vector<buying_role> required_roles{buying_role::initiator,  buying_role::user,
                                          buying_role::influencer, buying_role::decider,
                                          buying_role::buyer,      buying_role::gatekeeper};
  /// The hierarchy levels we should reach (default: all four).
  std::vector<hierarchy_level> required_levels{hierarchy_level::operational,
                                               hierarchy_level::middle, hierarchy_level::senior,
                                               hierarchy_level::executive};
  /// The functions we should reach.
  std::vector<business_function> required_functions{
      business_function::purchasing, business_function::operations, business_function::engineering,
      business_function::finance, business_function::general_management};
  shape_thresholds shape{};
  /// Effective people of theirs at which breadth reaches 1: 6.8, the average number of people
  /// involved in a B2B purchase decision (CEB 2016, a count of the customer's people; using it
  /// as the target of a weighted count is kam's choice).
  double breadth_target = 6.8;
  /// The criteria of the relationship score, over breadth, role_coverage, level_coverage and
  /// function_coverage (a subset, any order, any weights), each on the metrics' scale: fixed_range
  /// on [0, 1] (`.on_scale(0, 1)`), so that an account's score does not depend on the others.
  criteria_set score_criteria = relationship_score_catalogue();
  /// Score edges of basic, cooperative, interdependent and integrated (a score on an edge
  /// belongs to the later stage; strictly increasing, on [0, 1]).
  std::array<double, 4> stage_edges{0.2, 0.4, 0.6, 0.8};
};
BOOST_DESCRIBE_STRUCT(relationship_config, (),
                      (active_days, required_roles, required_levels, required_functions, shape,
                       breadth_target, score_criteria, stage_edges))

/// The relationship structure of one account.
struct relationship_profile {
  Eigen::Index contacts = 0;         ///< lines of the contact map (active or not)
  Eigen::Index active_contacts = 0;  ///< distinct active pairs (our person, their person)
  Eigen::Index stale_contacts = 0;   ///< lines too old or with zero weight
  Eigen::Index our_people = 0;       ///< distinct people of ours in active contact
  Eigen::Index their_people = 0;     ///< distinct people of theirs in active contact
  double role_coverage = 0;          ///< share of the required roles covered
  double level_coverage = 0;         ///< share of the required levels covered
  double function_coverage = 0;      ///< share of the required functions covered
  double hhi = 0;                 ///< concentration: sum of squared weight shares of active pairs
  double effective_contacts = 0;  ///< 1 / HHI (0 without active contacts)
  /// 1 / the HHI of the weight shares of their people (each person's share is the weight of all
  /// active lines to them): how many of their people the relationship effectively reaches
  /// (0 without active contacts). Breadth is measured by it.
  double effective_their_people = 0;
  bool single_threaded = false;  ///< exactly one person of theirs carries the relationship
  relationship_shape shape = relationship_shape::no_contact;
  double score = 0;  ///< the relationship score on [0, 1]
  relationship_stage stage = relationship_stage::exploratory;
  std::vector<buying_role> missing_roles;  ///< required roles with no active contact
};
BOOST_DESCRIBE_STRUCT(relationship_profile, (),
                      (contacts, active_contacts, stale_contacts, our_people, their_people,
                       role_coverage, level_coverage, function_coverage, hhi, effective_contacts,
                       effective_their_people, single_threaded, shape, score, stage, missing_roles))

/// The relationship structure of every account, aligned with the account rows.
struct relationship_result {
  std::vector<relationship_profile> accounts;  ///< per account row
  std::array<Eigen::Index, 4> shape_counts{};  ///< accounts per shape, in enumerator order
  std::array<Eigen::Index, 5> stage_counts{};  ///< accounts per stage
  Eigen::Index single_threaded = 0;            ///< accounts that are single-threaded
  BOOST_DESCRIBE_CLASS(relationship_result, (),
                       (accounts, shape_counts, stage_counts, single_threaded), (), ())
};

/// Returns the relationship stage of a relationship score on [0, 1]: the number of `edges` (the
/// scores where basic, cooperative, interdependent and integrated start) at or below it. A score
/// on an edge belongs to the later stage, and a score within 16 machine epsilons below an edge
/// counts as on it: a weighted mean of coverages that is exactly on an edge in exact arithmetic
/// (.3 + .3 / 6 + .2 / 4 = .4) may come out one ulp below it. Throws kam::non_finite_value or
/// kam::out_of_bounds (a score or edge outside [0, 1]) and kam::invalid_input (edges that do not
/// strictly increase), naming kam::relationship_stage_of and the argument.
template <typename = void>
[[nodiscard]] relationship_stage relationship_stage_of(double score,
                                                       const std::array<double, 4>& edges = {
                                                           0.2, 0.4, 0.6, 0.8}) {
  constexpr const char* fn = "kam::relationship_stage_of";
  detail::check_edges(edges, 0.0, 1.0, false, fn, "edges", "edge", "score scale");
  detail::check_value(score, 0.0, 1.0, fn, "score", "score scale");
  return static_cast<relationship_stage>(
      detail::band_of(score, edges, detail::edge_tolerance<double>(1.0)));
}

namespace detail {

template <typename E>
void check_required(const std::vector<E>& required, const char* fn, const char* field) {
  if (required.empty()) {
    throw empty_input({fn, field, std::nullopt}, "the required set is empty");
  }
  for (std::size_t i = 0; i < required.size(); ++i) {
    if (!is_enumerator(required[i])) {
      throw invalid_input({fn, field, std::nullopt},
                          detail::cat("element ", i, " is not an enumerator"));
    }
    for (std::size_t k = 0; k < i; ++k) {
      if (required[k] == required[i]) {
        throw duplicate_name({fn, field, std::nullopt},
                             detail::cat("'", enum_name(required[i]), "' is required twice"));
      }
    }
  }
}

template <typename = void>
const std::array<const char*, 4>& relationship_metric_names() {
  static constexpr std::array<const char*, 4> names{"breadth", "role_coverage", "level_coverage",
                                                    "function_coverage"};
  return names;
}

template <typename = void>
void check_relationship_config(const relationship_config& c, const char* fn) {
  if (!(std::isfinite(c.active_days) && c.active_days >= 0.0)) {
    throw invalid_input({fn, "active_days", std::nullopt},
                        detail::cat("active_days must be finite and >= 0, got ", c.active_days));
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
                          detail::cat("threshold must be finite and >= 0, got ", v));
    }
  }
  if (t.diamond_people < 0) {
    throw invalid_input({fn, "diamond_people", std::nullopt}, "threshold must be >= 0");
  }
  if (!(std::isfinite(c.breadth_target) && c.breadth_target > 0.0)) {
    throw invalid_input(
        {fn, "breadth_target", std::nullopt},
        detail::cat("breadth_target must be finite and > 0, got ", c.breadth_target));
  }
  for (const criterion& k : c.score_criteria) {
    bool known = false;
    for (const char* m : relationship_metric_names()) known = known || k.name == m;
    if (!known) {
      throw unknown_name({fn, "score_criteria", std::nullopt}, k.name,
                         {relationship_metric_names().begin(), relationship_metric_names().end()});
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

template <typename = void>
void check_contact(const contact& k, std::size_t index, Eigen::Index accounts, const char* fn) {
  const auto row = static_cast<std::ptrdiff_t>(k.account);
  if (k.account < 0 || k.account >= accounts) {
    throw out_of_bounds({fn, "account", std::nullopt},
                        detail::cat("contact ", index, " belongs to account row ", k.account,
                                    ", outside [0, ", accounts, ")"));
  }
  if (k.our_person.empty() || k.their_person.empty()) {
    throw invalid_input({fn, k.our_person.empty() ? "our_person" : "their_person", row},
                        detail::cat("contact ", index, " has an empty person id"));
  }
  if (!is_enumerator(k.role) || !is_enumerator(k.level) || !is_enumerator(k.function)) {
    throw invalid_input(
        {fn, "contact", row},
        detail::cat("contact ", index, ": role, level or function is not one of its enumerators"));
  }
  if (!std::isfinite(k.weight)) {
    throw non_finite_value({fn, "weight", row},
                           detail::cat("contact ", index, " has weight ", k.weight));
  }
  if (k.weight < 0.0) {
    throw invalid_input({fn, "weight", row},
                        detail::cat("contact ", index, " has a negative weight ", k.weight));
  }
  if (!std::isfinite(k.days_since_contact)) {
    throw non_finite_value({fn, "days_since_contact", row},
                           detail::cat("contact ", index, " has age ", k.days_since_contact));
  }
  if (k.days_since_contact < 0.0) {
    throw invalid_input({fn, "days_since_contact", row},
                        detail::cat("contact ", index, " was last in touch ", k.days_since_contact,
                                    " days ago (in the future)"));
  }
}

/// Computes everything but the score and stage of one account from its contact lines.
template <typename = void>
relationship_profile profile_of(const std::vector<const contact*>& lines,
                                const relationship_config& c) {
  relationship_profile p;
  p.contacts = static_cast<Eigen::Index>(lines.size());
  std::vector<const contact*> active;
  active.reserve(lines.size());
  for (const contact* k : lines) {
    if (k->weight > 0.0 && k->days_since_contact <= c.active_days) {
      active.push_back(k);
    } else {
      ++p.stale_contacts;
    }
  }
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
  if (active.empty()) return p;
  // Distinct people, and pairs with their weights summed (a pair given twice is one contact).
  const auto count_distinct = [&](auto key) {
    std::vector<std::string_view> ids;
    ids.reserve(active.size());
    for (const contact* k : active) ids.push_back(key(*k));
    std::sort(ids.begin(), ids.end());
    return static_cast<Eigen::Index>(std::unique(ids.begin(), ids.end()) - ids.begin());
  };
  p.our_people = count_distinct([](const contact& k) { return std::string_view(k.our_person); });
  p.their_people =
      count_distinct([](const contact& k) { return std::string_view(k.their_person); });
  std::sort(active.begin(), active.end(), [](const contact* a, const contact* b) {
    return std::tie(a->our_person, a->their_person) < std::tie(b->our_person, b->their_person);
  });
  std::vector<double> pair_weight;
  double total = 0.0;
  for (std::size_t i = 0; i < active.size(); ++i) {
    const bool same = i > 0 && active[i]->our_person == active[i - 1]->our_person &&
                      active[i]->their_person == active[i - 1]->their_person;
    if (same) {
      pair_weight.back() += active[i]->weight;
    } else {
      pair_weight.push_back(active[i]->weight);
    }
    total += active[i]->weight;
  }
  p.active_contacts = static_cast<Eigen::Index>(pair_weight.size());
  double hhi = 0.0;
  for (const double w : pair_weight) hhi += (w / total) * (w / total);
  p.hhi = hhi;
  p.effective_contacts = 1.0 / hhi;
  // The same concentration over their people: a person reached by three of ours counts once.
  std::stable_sort(active.begin(), active.end(), [](const contact* a, const contact* b) {
    return a->their_person < b->their_person;
  });
  double their_hhi = 0.0;
  double person = 0.0;
  for (std::size_t i = 0; i < active.size(); ++i) {
    person += active[i]->weight;
    if (i + 1 == active.size() || active[i + 1]->their_person != active[i]->their_person) {
      their_hhi += (person / total) * (person / total);
      person = 0.0;
    }
  }
  p.effective_their_people = 1.0 / their_hhi;
  p.single_threaded = p.their_people == 1;
  const shape_thresholds& t = c.shape;
  // HHI of equal shares is 1/n up to rounding: compare effective contacts with a little slack.
  const double eff = p.effective_contacts * (1.0 + 1e-12);
  if (p.our_people <= 1 || p.their_people <= 1 || eff < t.bow_tie_effective_below) {
    p.shape = relationship_shape::bow_tie;
  } else if (p.our_people >= t.diamond_people && p.their_people >= t.diamond_people &&
             eff >= t.diamond_effective && p.role_coverage >= t.diamond_role_coverage &&
             p.level_coverage >= t.diamond_level_coverage &&
             p.function_coverage >= t.diamond_function_coverage) {
    p.shape = relationship_shape::diamond;
  } else {
    p.shape = relationship_shape::intermediate;
  }
  return p;
}

template <typename = void>
void score_relationships(relationship_result& r, const relationship_config& c, const char* fn) {
  const auto n = static_cast<Eigen::Index>(r.accounts.size());
  // check_relationship_config admits only fixed_range [0, 1] criteria, and every metric is on
  // [0, 1], so kam::score's normalisation is the identity here (1 - v for a cost): the weighted
  // sum is written out rather than run through kam::score, which would instantiate the whole
  // scoring engine in every translation unit that includes this header.
  const Eigen::VectorXd& w = c.score_criteria.weights();
  std::vector<int> metric(static_cast<std::size_t>(c.score_criteria.size()));
  for (Eigen::Index j = 0; j < c.score_criteria.size(); ++j) {
    const std::string& name = c.score_criteria[j].name;
    metric[static_cast<std::size_t>(j)] = name == "breadth"          ? 0
                                          : name == "role_coverage"  ? 1
                                          : name == "level_coverage" ? 2
                                                                     : 3;
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
  (void)fn;
}

}  // namespace detail

/// Returns the relationship structure of `accounts` accounts from their contact map: `contacts`
/// in any order, each naming its account row. Per account: the active contacts (positive weight,
/// last interaction at most `config.active_days` ago), the people on each side, the coverage of
/// the required buying-group roles, levels and functions, HHI = sum of squared weight shares of
/// the active pairs and effective contacts 1 / HHI, the single-threaded flag, the shape (see
/// relationship_shape and shape_thresholds) and the relationship score (kam::score of
/// `config.score_criteria` over the metrics) banded into a stage. An account without contacts
/// gets shape no_contact, score 0 and stage exploratory.
///
/// Throws kam::empty_input (no accounts, an empty required set), kam::out_of_bounds (a contact's
/// account row outside [0, accounts), a stage edge outside [0, 1]), kam::invalid_input (a negative
/// weight or age, an empty person id, a bad enumerator or threshold), kam::non_finite_value,
/// kam::duplicate_name (a required element twice), kam::unknown_name (a score criterion that is
/// not a metric); contact errors name kam::relationship, the field and the account row, and the
/// message names the contact. Complexity: O(C log C + N).
template <typename = void>
[[nodiscard]] relationship_result relationship(const std::vector<contact>& contacts,
                                               Eigen::Index accounts,
                                               const relationship_config& config = {}) {
  constexpr const char* fn = "kam::relationship";
  detail::check_relationship_config(config, fn);
  if (accounts <= 0) throw empty_input({fn, "accounts", std::nullopt}, "no accounts");
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
  detail::score_relationships(r, config, fn);
  return r;
}

/// Returns the relationship structure of one account from its contact lines (their `account`
/// field is ignored). Throws as kam::relationship, naming kam::relationship_of and row 0.
template <typename = void>
[[nodiscard]] relationship_profile relationship_of(const std::vector<contact>& contacts,
                                                   const relationship_config& config = {}) {
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
  detail::score_relationships(r, config, fn);
  return r.accounts.front();
}

/// Checks `config` as kam::relationship does: active_days, the required sets, the shape
/// thresholds (each by its name), breadth_target, the score criteria ('score_criteria' for a
/// name that is not a metric, the criterion's name for one not on [0, 1]) and the stage edges
/// ('stage_edges' and the index of the edge). Throws the errors kam::relationship throws for
/// them, naming kam::validate.
inline void validate(const relationship_config& config) {
  detail::check_relationship_config(config, "kam::validate");
}

/// Checks one contact line as kam::relationship does, leaving out its account row: both person
/// ids given, known enumerators, a finite weight >= 0 and a finite age >= 0. Throws
/// kam::invalid_input or kam::non_finite_value naming kam::validate and the member at fault.
inline void validate(const contact& k) {
  constexpr const char* fn = "kam::validate";
  if (k.our_person.empty()) throw invalid_input({fn, "our_person"}, "the person id is empty");
  if (k.their_person.empty()) throw invalid_input({fn, "their_person"}, "the person id is empty");
  if (!is_enumerator(k.role)) throw invalid_input({fn, "role"}, "not a buying_role");
  if (!is_enumerator(k.level)) throw invalid_input({fn, "level"}, "not a hierarchy_level");
  if (!is_enumerator(k.function)) throw invalid_input({fn, "function"}, "not a business_function");
  if (!std::isfinite(k.weight)) {
    throw non_finite_value({fn, "weight"}, detail::cat("weight is ", k.weight));
  }
  if (k.weight < 0.0) {
    throw invalid_input({fn, "weight"}, detail::cat("weight ", k.weight, " is negative"));
  }
  if (!std::isfinite(k.days_since_contact)) {
    throw non_finite_value({fn, "days_since_contact"},
                           detail::cat("age is ", k.days_since_contact));
  }
  if (k.days_since_contact < 0.0) {
    throw invalid_input(
        {fn, "days_since_contact"},
        detail::cat("last in touch ", k.days_since_contact, " days ago, in the future"));
  }
}

}  // namespace kam
