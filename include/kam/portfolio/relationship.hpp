// Relationship structure: the contact map between us and an account, bow-tie to diamond.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/criteria.hpp>
#include <string>
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
[[nodiscard]] criteria_set relationship_score_catalogue();

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
  /// The thresholds of the shape classification (bow tie, intermediate, diamond).
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
  /// The shape: bow tie, intermediate, diamond, or no contact.
  relationship_shape shape = relationship_shape::no_contact;
  double score = 0;  ///< the relationship score on [0, 1]
  /// The stage that `score` falls in (config.stage_edges).
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
[[nodiscard]] relationship_stage relationship_stage_of(double score,
                                                       const std::array<double, 4>& edges = {
                                                           0.2, 0.4, 0.6, 0.8});

/// The most accounts kam::relationship profiles: it returns a profile for every account row,
/// contacts or not, so this bounds the memory a count (not the data) can ask for.
inline constexpr Eigen::Index relationship_max_accounts = 10'000'000;

/// Returns the relationship structure of `accounts` accounts from their contact map: `contacts`
/// in any order, each naming its account row. Per account: the active contacts (positive weight,
/// last interaction at most `config.active_days` ago), the people on each side, the coverage of
/// the required buying-group roles, levels and functions, HHI = sum of squared weight shares of
/// the active pairs and effective contacts 1 / HHI, the single-threaded flag, the shape (see
/// relationship_shape and shape_thresholds) and the relationship score (kam::score of
/// `config.score_criteria` over the metrics) banded into a stage. An account without contacts
/// gets shape no_contact, score 0 and stage exploratory.
///
/// Throws kam::empty_input (no accounts, an empty required set), kam::out_of_bounds (more than
/// kam::relationship_max_accounts accounts, a contact's account row outside [0, accounts), a
/// stage edge outside [0, 1]), kam::invalid_input (a negative
/// weight or age, an empty person id, a bad enumerator or threshold), kam::non_finite_value,
/// kam::duplicate_name (a required element twice), kam::unknown_name (a score criterion that is
/// not a metric); contact errors name kam::relationship, the field and the account row, and the
/// message names the contact. Complexity: O(C log C + N).
[[nodiscard]] relationship_result relationship(const std::vector<contact>& contacts,
                                               Eigen::Index accounts,
                                               const relationship_config& config = {});

/// Returns the relationship structure of one account from its contact lines (their `account`
/// field is ignored). Throws as kam::relationship, naming kam::relationship_of and row 0.
[[nodiscard]] relationship_profile relationship_of(const std::vector<contact>& contacts,
                                                   const relationship_config& config = {});

/// Checks `config` as kam::relationship does: active_days, the required sets, the shape
/// thresholds (each by its name), breadth_target, the score criteria ('score_criteria' for a
/// name that is not a metric, the criterion's name for one not on [0, 1]) and the stage edges
/// ('stage_edges' and the index of the edge). Throws the errors kam::relationship throws for
/// them, naming kam::validate.
void validate(const relationship_config& config);

/// Checks one contact line as kam::relationship does, leaving out its account row: both person
/// ids given, known enumerators, a finite weight >= 0 and a finite age >= 0. Throws
/// kam::invalid_input or kam::non_finite_value naming kam::validate and the member at fault.
void validate(const contact& k);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/portfolio/detail/relationship_impl.hpp>
#endif
