// `kam position` behind the command line: the "position" configuration (catalogues, cut points,
// bands, the position table, maturity, relationship and focus settings, all defaulting to the
// library's), the contact map, and the three passes over an accounts file that give every
// account its Kraljic and preferencing quadrants, relationship risk and posture, purchasing
// stage and matched role, and, when their inputs are given, its relationship shape and focus.
//
// Pass 1 fits the references of the three axes and of the maturity assessment with
// kam::reference_builder (fixed units of accounts merged in a fixed tree: the chunk size changes
// nothing), adds up the revenue per unit in a kam::merge_tree, and checks the ids (and that every
// account of the contact map exists). Pass 2 scores the axes chunk by chunk against those
// references and keeps a few numbers per account (about 100 bytes); then the cut points are
// resolved over all accounts (a median cut needs them all) and the quadrants, postures and focus
// follow. Pass 3 writes one row per account, in input order.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <functional>
#include <kam/portfolio.hpp>
#include <kam/scoring.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "command.hpp"
#include "progress.hpp"
#include "setup.hpp"
#include "table.hpp"

namespace kam_tool {

/// An axis of a portfolio matrix as the configuration gives it: kam::portfolio_axis with its
/// sub-criteria as a list (each a column of the accounts file).
struct axis_settings {
  std::vector<kam::criterion> criteria;
  kam::score_options options{};
  kam::axis_cut cut{};
};
BOOST_DESCRIBE_STRUCT(axis_settings, (), (criteria, options, cut))

/// The Kraljic axes (default: kam::profit_impact_catalogue and kam::replaceability_catalogue).
struct kraljic_settings {
  axis_settings impact{kam::profit_impact_catalogue().items()};
  axis_settings risk{kam::replaceability_catalogue().items()};
};
BOOST_DESCRIBE_STRUCT(kraljic_settings, (), (impact, risk))

/// Supplier preferencing (kam::preferencing_config with its sub-criteria as a list).
struct preferencing_settings {
  axis_settings attractiveness{kam::attractiveness_catalogue().items()};
  std::array<double, 3> value_edges = kam::preferencing_config{}.value_edges;
  kam::value_band high_value_from = kam::preferencing_config{}.high_value_from;
  std::optional<double> our_revenue;
};
BOOST_DESCRIBE_STRUCT(preferencing_settings, (),
                      (attractiveness, value_edges, high_value_from, our_revenue))

/// Purchasing maturity (kam::maturity_config with its dimensions as a list, each a column) and
/// the column holding the role each account is served with today (null: no comparison).
struct maturity_settings {
  std::vector<kam::criterion> dimensions = kam::maturity_catalogue().items();
  double scale_low = kam::maturity_config{}.scale_low;
  double scale_high = kam::maturity_config{}.scale_high;
  std::array<double, 3> stage_edges = kam::maturity_config{}.stage_edges;
  kam::score_options options{};
  std::optional<std::string> served_role = std::string("served_role");
};
BOOST_DESCRIBE_STRUCT(maturity_settings, (),
                      (dimensions, scale_low, scale_high, stage_edges, options, served_role))

/// The columns of the contact map (one line per contact between one of our people and one of
/// theirs; see kam::contact).
struct contact_columns {
  std::string account = "account_id";
  std::string our_person = "our_person";
  std::string their_person = "their_person";
  std::string role = "buying_role";
  std::string level = "hierarchy_level";
  std::string function = "function";
  std::string weight = "interaction_weight";
  std::string days = "days_since_contact";
};
BOOST_DESCRIBE_STRUCT(contact_columns, (),
                      (account, our_person, their_person, role, level, function, weight, days))

/// The relationship analysis (kam::relationship_config with its score criteria as a list), used
/// when a contacts file is given.
struct relationship_settings {
  contact_columns columns{};
  double active_days = kam::relationship_config{}.active_days;
  std::vector<kam::buying_role> required_roles = kam::relationship_config{}.required_roles;
  std::vector<kam::hierarchy_level> required_levels = kam::relationship_config{}.required_levels;
  std::vector<kam::business_function> required_functions =
      kam::relationship_config{}.required_functions;
  kam::shape_thresholds shape{};
  double breadth_target = kam::relationship_config{}.breadth_target;
  std::vector<kam::criterion> score_criteria = kam::relationship_score_catalogue().items();
  std::array<double, 4> stage_edges = kam::relationship_config{}.stage_edges;
};
BOOST_DESCRIBE_STRUCT(relationship_settings, (),
                      (columns, active_days, required_roles, required_levels, required_functions,
                       shape, breadth_target, score_criteria, stage_edges))

/// The account focus: kam::focus_config's rules and the columns of the category wallet, the
/// growth potential and the churn risk (the revenue is position.revenue).
struct focus_settings : kam::focus_config {
  std::string wallet = "category_wallet";
  std::string growth = "growth_potential";
  std::string churn_risk = "churn_risk";
};
BOOST_DESCRIBE_STRUCT(focus_settings, (kam::focus_config), (wallet, growth, churn_risk))

/// The "position" section of the configuration. `table` lists cells that replace cells of
/// kam::default_position_table (each (kraljic, preferencing) pair at most once). `maturity` and
/// `focus` are on by default; null turns them off.
struct position_settings {
  std::string revenue = "current_revenue";
  kraljic_settings kraljic{};
  preferencing_settings preferencing{};
  std::vector<kam::position_rule> table;
  std::optional<maturity_settings> maturity = maturity_settings{};
  relationship_settings relationship{};
  std::optional<focus_settings> focus = focus_settings{};
};
BOOST_DESCRIBE_STRUCT(position_settings, (),
                      (revenue, kraljic, preferencing, table, maturity, relationship, focus))

/// A validated "position" section: the library's configuration objects, and the accounts file's
/// columns they read (indices into layout.numeric, each column read once however many models
/// use it).
struct position_setup {
  position_settings settings;
  kam::portfolio_axis impact{kam::profit_impact_catalogue()};
  kam::portfolio_axis risk{kam::replaceability_catalogue()};
  kam::preferencing_config preferencing;
  kam::position_table table;
  std::optional<kam::maturity_config> maturity;
  kam::relationship_config relationship;
  table_layout layout;
  std::vector<Eigen::Index> impact_cols, risk_cols, attractiveness_cols, maturity_cols;
  Eigen::Index revenue_col = 0, wallet_col = -1, growth_col = -1, churn_col = -1;
  std::optional<std::size_t> served_col;  ///< index into layout.text
  std::vector<std::size_t> kept;          ///< --keep: the kept columns (into layout.text)
};

/// Reads and validates the "input" and "position" sections. Every setting is checked by the
/// library's validators (kam::validate), and a rejection is reported at its place in the
/// configuration file.
[[nodiscard]] position_setup load_position_setup(const configuration& cfg);

/// The contact map, grouped by account id, each line remembered for messages.
struct contact_map {
  std::string source;
  std::size_t lines = 0;
  struct account_contacts {
    std::vector<kam::contact> contacts;
    std::size_t first_line = 0;
    bool matched = false;
  };
  std::unordered_map<std::string, account_contacts> by_account;
};

/// Reads the contact map at `path` with the columns of `setup` and checks every line with the
/// library (kam::validate on the contact): a bad number, enumerator, weight or age is reported at
/// its line and column. The whole map is held in memory.
[[nodiscard]] contact_map load_contacts(const std::string& path, const position_setup& setup,
                                        const json_document& doc);

/// The columns of `kam position` for one account; nested groups are flattened ("kraljic.impact").
struct kraljic_columns {
  double impact = 0;
  double risk = 0;
  kam::kraljic_quadrant quadrant = kam::kraljic_quadrant::strategic;
};
BOOST_DESCRIBE_STRUCT(kraljic_columns, (), (impact, risk, quadrant))

struct preferencing_columns {
  double attractiveness = 0;
  double relative_value = 0;
  kam::value_band value_band = kam::value_band::negligible;
  kam::preferencing_quadrant quadrant = kam::preferencing_quadrant::core;
};
BOOST_DESCRIBE_STRUCT(preferencing_columns, (),
                      (attractiveness, relative_value, value_band, quadrant))

struct posture_columns {
  kam::relationship_risk risk = kam::relationship_risk::low;
  kam::posture posture = kam::posture::partner;
};
BOOST_DESCRIBE_STRUCT(posture_columns, (), (risk, posture))

struct served_columns {
  kam::seller_role role = kam::seller_role::entertainer;
  kam::role_fit fit = kam::role_fit::matched;
  int gap = 0;
};
BOOST_DESCRIBE_STRUCT(served_columns, (), (role, fit, gap))

struct maturity_columns {
  double index = 0;
  kam::purchasing_stage stage = kam::purchasing_stage::passive;
  kam::seller_role matched_role = kam::seller_role::entertainer;
  std::optional<served_columns> served;
};
BOOST_DESCRIBE_STRUCT(maturity_columns, (), (index, stage, matched_role, served))

struct relationship_columns {
  kam::relationship_shape shape = kam::relationship_shape::no_contact;
  kam::relationship_stage stage = kam::relationship_stage::exploratory;
  double score = 0;
  Eigen::Index contacts = 0;
  Eigen::Index active_contacts = 0;
  Eigen::Index our_people = 0;
  Eigen::Index their_people = 0;
  double effective_contacts = 0;
  double role_coverage = 0;
  double level_coverage = 0;
  double function_coverage = 0;
  bool single_threaded = false;
};
BOOST_DESCRIBE_STRUCT(relationship_columns, (),
                      (shape, stage, score, contacts, active_contacts, our_people, their_people,
                       effective_contacts, role_coverage, level_coverage, function_coverage,
                       single_threaded))

struct focus_columns {
  kam::account_focus focus = kam::account_focus::maintain;
  double share_of_wallet = 0;
  Eigen::Index revenue_rank = 0;
};
BOOST_DESCRIBE_STRUCT(focus_columns, (), (focus, share_of_wallet, revenue_rank))

/// One row of `kam position`, in input order.
struct position_row {
  std::string id;
  carried_columns columns;  ///< --keep: the user's columns, unchanged
  kraljic_columns kraljic;
  preferencing_columns preferencing;
  posture_columns position;
  std::optional<maturity_columns> maturity;
  std::optional<relationship_columns> relationship;
  std::optional<focus_columns> focus;
};
BOOST_DESCRIBE_STRUCT(position_row, (),
                      (id, columns, kraljic, preferencing, position, maturity, relationship, focus))

/// The summary of a `kam position` run (the head of its JSON output, the report's numbers).
struct position_summary {
  std::string input;
  Eigen::Index accounts = 0;
  double impact_cut = 0;
  double risk_cut = 0;
  double attractiveness_cut = 0;
  double our_revenue = 0;
  name_counts kraljic;
  name_counts preferencing;
  name_counts value_bands;
  name_counts risk;
  name_counts posture;
  Eigen::Index on_impact_cut = 0;
  Eigen::Index on_risk_cut = 0;
  Eigen::Index on_attractiveness_cut = 0;
  Eigen::Index partial = 0;  ///< accounts scored on partial data on some axis
  name_counts maturity_stages;
  Eigen::Index served_behind = 0;
  Eigen::Index served_ahead = 0;
  std::optional<std::string> contacts;
  Eigen::Index contact_lines = 0;
  name_counts relationship_shapes;
  name_counts relationship_stages;
  Eigen::Index single_threaded = 0;
  name_counts focus;
};
BOOST_DESCRIBE_STRUCT(position_summary, (),
                      (input, accounts, impact_cut, risk_cut, attractiveness_cut, our_revenue,
                       kraljic, preferencing, value_bands, risk, posture, on_impact_cut,
                       on_risk_cut, on_attractiveness_cut, partial, maturity_stages, served_behind,
                       served_ahead, contacts, contact_lines, relationship_shapes,
                       relationship_stages, single_threaded, focus))

/// What pass 2 keeps of every account, in input order, and what follows from it.
struct position_outcome {
  Eigen::VectorXd impact, risk, attractiveness, revenue, maturity_index, wallet, growth, churn;
  std::vector<kam::seller_role> served;
  kam::kraljic_result<double> kraljic;
  kam::preferencing_result<double> preferencing;
  kam::position_result position;
  std::optional<kam::focus_result<double>> focus;
  std::array<Eigen::Index, 4> stage_counts{};
  Eigen::Index behind = 0, ahead = 0, partial = 0;
  std::array<Eigen::Index, 4> shape_counts{};
  std::array<Eigen::Index, 5> relationship_stage_counts{};
  Eigen::Index single_threaded = 0;
};

/// The three passes of `kam position` over one accounts file.
class position_pipeline {
 public:
  /// Prepares a run; `contacts` (may be null) is the contact map.
  position_pipeline(const position_setup& setup, accounts_source source, contact_map* contacts,
                    Eigen::Index chunk_rows, progress& bar);

  /// Runs the passes; `sink(chunk)` receives pass 3's chunks in input order (build rows with
  /// `row`). Throws located_error for bad data, kam::error for what the library rejects.
  void run(const std::function<void(const table_chunk&)>& sink);

  /// Returns the per-account results (after run).
  [[nodiscard]] const position_outcome& outcome() const noexcept { return out_; }
  /// Returns the summary (after run).
  [[nodiscard]] position_summary summary() const;
  /// Returns the output row of row `r` of `c` (a chunk of pass 3).
  [[nodiscard]] position_row row(const table_chunk& c, Eigen::Index r) const;

 private:
  /// The references of the axes, and our revenue (the accounts' total).
  struct references {
    kam::score_reference<double> impact, risk, attractiveness, maturity;
    double revenue = 0;
  };

  [[nodiscard]] kam::purchasing_stage stage_of(double index) const;
  [[nodiscard]] kam::relationship_profile relationship_of(const std::string& id) const;
  [[nodiscard]] kam::portfolio_axis maturity_axis() const;
  [[nodiscard]] field_columns fields() const;
  const Eigen::MatrixXd& gather(const table_chunk& c, const std::vector<Eigen::Index>& cols);
  void fit();
  void check_contacts_matched() const;
  [[nodiscard]] kam::preferencing_config preferencing_config() const;
  void resize_outcome();
  void classify();
  void score_axes(const table_chunk& c, const kam::preferencing_config& pc);
  void add_axis_scores(const kam::portfolio_axis& axis, const std::vector<Eigen::Index>& cols,
                       const kam::score_reference<double>& ref, const table_chunk& c,
                       Eigen::VectorXd& into);
  void score_maturity(const table_chunk& c);
  void copy_focus_columns(const table_chunk& c);
  void count_row(const table_chunk& c, Eigen::Index r);

  const position_setup& setup_;
  contact_map* contacts_;
  chunked_table table_;
  references refs_;
  position_outcome out_;
  Eigen::MatrixXd buf_;
  kam::score_result<double> scores_;
  std::vector<unsigned char> partial_;
};

}  // namespace kam_tool
