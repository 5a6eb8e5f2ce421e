// Completeness and freshness of account plans, and what each plan lacks, in words.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <kam/plan/account_plan.hpp>
#include <string>
#include <vector>

namespace kam {

/// The weights of plan completeness and the review interval of freshness. Completeness is the
/// weight of what a plan has over the weight of everything (sections with content, stakeholder
/// roles named, team roles staffed, at least one objective); a role of weight 0 is not required.
/// Every weight is finite and >= 0, and the weights do not all vanish.
struct plan_config {
  /// Per plan_section; by default every section counts 1.
  std::array<double, plan_section_count> section_weights{1, 1, 1, 1, 1, 1, 1, 1};
  /// Per stakeholder_role: economic buyer 1, sponsor 0.5, champion 1, influencer 0.5, user 0.5,
  /// blocker 0.5 (knowing who works against us counts too).
  std::array<double, stakeholder_role_count> customer_role_weights{1, 0.5, 1, 0.5, 0.5, 0.5};
  /// Per team_role: account lead 1, executive sponsor 0.5, the others 0 (not required).
  std::array<double, team_role_count> team_role_weights{1, 0.5, 0, 0, 0, 0};
  double objectives_weight = 0.5;  ///< the weight of having at least one objective
  /// A section is fresh when it was updated at most this many days before the as-of date (> 0).
  std::int32_t review_interval_days = 90;
};
BOOST_DESCRIBE_STRUCT(plan_config, (),
                      (section_weights, customer_role_weights, team_role_weights, objectives_weight,
                       review_interval_days))

/// The scores of every plan, aligned with the rows of the plan_table; bit s of a section mask is
/// plan_section s, bit r of a role mask is role r.
struct plan_scores {
  /// Weight present over total weight (see plan_config), in [0, 1].
  Eigen::VectorXd completeness;
  /// Weight of the sections with content that are fresh over the weight of the sections with
  /// content, in [0, 1]; 0 for a plan without any content (nothing in it is fresh).
  Eigen::VectorXd freshness;
  std::vector<std::uint8_t> missing_sections;  ///< sections without content
  std::vector<std::uint8_t> unowned_sections;  ///< sections with content but no owner
  /// Sections with content that are stale: older than the review interval, or undated.
  std::vector<std::uint8_t> stale_sections;
  std::vector<std::uint8_t> missing_customer_roles;  ///< required stakeholder roles not named
  std::vector<std::uint8_t> missing_team_roles;      ///< required team roles not staffed
  std::vector<std::uint8_t> missing_objectives;      ///< 1 for a plan without objectives
  /// Per section (account-major, as plan_table): days from the last update to the as-of date;
  /// -1 for a section without content or without a date.
  std::vector<std::int32_t> section_age_days;
  std::int32_t review_interval_days = 90;     ///< as configured, for the words of plan_gaps
  std::array<Eigen::Index, 4> step_counts{};  ///< plans per process_step

  BOOST_DESCRIBE_CLASS(plan_scores, (),
                       (completeness, freshness, missing_sections, unowned_sections, stale_sections,
                        missing_customer_roles, missing_team_roles, missing_objectives,
                        section_age_days, review_interval_days),
                       (), ())
};

/// Returns the completeness and freshness of every plan of `plans` as of the date `as_of`, and
/// what each lacks (as bit masks; plan_gaps puts them in words). A section counts towards
/// completeness when it has content (an owner is not required, but a missing one is reported);
/// it is fresh when dated and as_of - updated <= config.review_interval_days (on the interval:
/// fresh). Complexity O(N); no allocation per account.
///
/// Throws kam::empty_input without plans; kam::shape_mismatch when the arrays of `plans` do not
/// have one (or plan_section_count) entries per account; kam::invalid_input naming the row for
/// an empty or duplicate account id (kam::duplicate_name), section flags or role bits that are
/// not defined (an unknown role), a step that is not an enumerator; kam::out_of_bounds for a
/// section updated after `as_of` (a date in the future, naming 'section_updated', the row and
/// the section's index) and a negative objective count; and what validate(plan_config) throws,
/// naming kam::score_plans.
[[nodiscard]] plan_scores score_plans(const plan_table& plans, std::chrono::sys_days as_of,
                                      const plan_config& config = {});

/// Scores `plans` into `result` as score_plans does, reusing its storage (so a caller scoring
/// chunk after chunk pays for fresh memory once). After an exception `result` is valid but
/// unspecified. Throws as kam::score_plans, naming kam::score_plans_into.
void score_plans_into(plan_scores& result, const plan_table& plans, std::chrono::sys_days as_of,
                      const plan_config& config = {});

/// Returns what plan `row` of `scores` lacks, one sentence a salesperson can read per gap, in
/// this order: sections without content (with the deck's question), sections without owner,
/// stale or undated sections, stakeholder roles not named, team roles not staffed, no objectives.
/// An empty list means nothing is missing. Throws kam::out_of_bounds for a row outside `scores`.
[[nodiscard]] std::vector<std::string> plan_gaps(const plan_scores& scores, Eigen::Index row);

/// Checks `config` as score_plans does: every weight finite and >= 0 ('section_weights',
/// 'customer_role_weights', 'team_role_weights' with the element, 'objectives_weight'), not all
/// zero, their sum finite ('weights'), and review_interval_days > 0. Throws kam::invalid_input or
/// kam::non_finite_value naming kam::validate and the field.
void validate(const plan_config& config);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/plan_scores_impl.hpp>
#endif
