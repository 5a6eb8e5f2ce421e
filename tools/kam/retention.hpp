// `kam retention` behind the command line: the "retention" configuration and one pass over an
// account x period revenue file that gives every account its revenue movements, and the whole
// file its revenue and logo retention by window (GRR, NRR), its cohort table and a shifted-beta-
// geometric fit with its projection.
//
// Every row holds all periods of one account, so movements are per row, and the window sums and
// cohort counts add up over accounts: they are computed per fixed unit of 4096 accounts
// (kam::revenue_retention, kam::cohorts) and added in a kam::merge_tree, so the result does not
// depend on the chunk size, and memory is one chunk whatever the file's length. The rates are
// then taken from the sums exactly as the library takes them, and the sBG model (kam::fit_sbg) is
// fitted to the accounts still alive by age in the cohorts acquired after the first period
// (accounts already active then are of unknown age: left-censored).
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <functional>
#include <kam/retention.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "progress.hpp"
#include "table.hpp"

namespace kam_tool {

/// The sBG fit and projection: kam::sbg_options, the projection horizon in periods (0: twice
/// the observed ages), whether the first period's cohort (left-censored) is fitted too, and a
/// discount rate per period for the discounted expected lifetime (null: none).
struct sbg_settings : kam::sbg_options {
  Eigen::Index horizon = 0;
  bool include_first_cohort = false;
  std::optional<double> discount;
};
BOOST_DESCRIBE_STRUCT(sbg_settings, (kam::sbg_options), (horizon, include_first_cohort, discount))

/// The "retention" section of the configuration: the period columns (empty: every column but
/// the id, in file order), the retention windows (kam::retention_options: step, first,
/// reactivation), periods per cohort period in the cohort table (e.g. 3: quarters of months),
/// and the sBG settings.
struct retention_settings {
  std::vector<std::string> periods;
  kam::retention_options windows{};
  Eigen::Index cohort_group = 1;
  sbg_settings sbg{};
};
BOOST_DESCRIBE_STRUCT(retention_settings, (), (periods, windows, cohort_group, sbg))

/// A validated "retention" section against the header of one revenue file.
struct retention_setup {
  retention_settings settings;
  table_layout layout;
  std::vector<std::string> periods;  ///< the period columns, in order
};

/// Reads and validates the "input" and "retention" sections against the header of `source`
/// (the windows by kam::validate, the discount by kam::validate_lifetime_discount).
[[nodiscard]] retention_setup load_retention_setup(const configuration& cfg,
                                                   const accounts_source& source);

/// One account's row: its id, the period it became a customer (empty: never) and its movement
/// into every period after the first ("movements.<period>").
struct retention_row {
  std::string id;
  std::optional<std::string> cohort;
  std::vector<std::pair<std::string, kam::movement>> movements;
};
BOOST_DESCRIBE_STRUCT(retention_row, (), (id, cohort, movements))

/// One retention window: revenue and logo retention of the opening cohort (see
/// kam::retention_table). Rates are empty (null) when the opening cohort is empty.
struct window_row {
  std::string opening_period;
  std::string closing_period;
  double opening_revenue = 0, expansion = 0, contraction = 0, churned_revenue = 0, new_revenue = 0,
         reactivated_revenue = 0, closing_revenue = 0;
  Eigen::Index opening_accounts = 0, retained_accounts = 0, churned_accounts = 0, new_accounts = 0,
               reactivated_accounts = 0, closing_accounts = 0;
  double grr = 0, nrr = 0, customer_retention = 0, logo_churn = 0;
};
BOOST_DESCRIBE_STRUCT(window_row, (),
                      (opening_period, closing_period, opening_revenue, expansion, contraction,
                       churned_revenue, new_revenue, reactivated_revenue, closing_revenue,
                       opening_accounts, retained_accounts, churned_accounts, new_accounts,
                       reactivated_accounts, closing_accounts, grr, nrr, customer_retention,
                       logo_churn))

/// One cohort of the cohort table: acquired in `cohort` (the first period of a group of
/// `cohort_group` periods), its size and first revenue, and logo and revenue retention by age
/// ("+0", "+1", ...; empty beyond the data).
struct cohort_row {
  std::string cohort;
  Eigen::Index size = 0;
  double initial_revenue = 0;
  std::vector<std::pair<std::string, double>> logo_retention;
  std::vector<std::pair<std::string, double>> revenue_retention;
};
BOOST_DESCRIBE_STRUCT(cohort_row, (),
                      (cohort, size, initial_revenue, logo_retention, revenue_retention))

/// One period of the projection: the share of a new cohort still a customer after `age`
/// periods, observed (the product-limit estimate pooled over the fitted cohorts, see
/// retention_pipeline::fit; empty beyond the data) and under the sBG fit, and the fit's
/// retention rate into that period.
struct projection_row {
  Eigen::Index age = 0;
  double observed = 0;
  double survival = 0;
  double retention = 0;
};
BOOST_DESCRIBE_STRUCT(projection_row, (), (age, observed, survival, retention))

/// The sBG part of the results.
struct sbg_summary {
  bool fitted = false;
  std::string note;
  std::optional<kam::sbg_fit<double>> fit;
  std::optional<double> discount;
  std::optional<double> discounted_lifetime;  ///< DEL at `discount`, in periods
};
BOOST_DESCRIBE_STRUCT(sbg_summary, (), (fitted, note, fit, discount, discounted_lifetime))

/// The summary of a `kam retention` run.
struct retention_summary {
  std::string input;
  Eigen::Index accounts = 0;
  std::vector<std::string> periods;
  kam::retention_options windows{};
  Eigen::Index cohort_group = 1;
  Eigen::Index never_active = 0;
};
BOOST_DESCRIBE_STRUCT(retention_summary, (),
                      (input, accounts, periods, windows, cohort_group, never_active))

/// Additive results over accounts (per window and per cohort).
struct retention_sums {
  Eigen::Matrix<double, Eigen::Dynamic, 7> sum;
  Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 6> count;
  struct cohort {
    Eigen::Index size = 0;
    double initial_revenue = 0;
    Eigen::VectorXd active, survived, revenue;  ///< by age, NaN beyond the data
  };
  std::map<Eigen::Index, cohort> grouped;  ///< by acquisition period (grouped periods)
  std::map<Eigen::Index, cohort> single;   ///< by acquisition period (for the sBG fit)
  Eigen::Index never_active = 0;

  /// Adds the sums of the accounts after these.
  void merge(const retention_sums& other);
};

/// One pass of `kam retention` over a revenue file.
class retention_pipeline {
 public:
  retention_pipeline(const retention_setup& setup, accounts_source source, Eigen::Index chunk_rows,
                     progress& bar);

  /// Reads the file; `sink(rows)` receives every chunk's rows in input order. Afterwards the
  /// windows, cohorts and fit are available.
  void run(const std::function<void(const std::vector<retention_row>&)>& sink);

  /// Returns the summary (after run).
  [[nodiscard]] retention_summary summary() const;
  /// Returns revenue and logo retention by window (after run).
  [[nodiscard]] const std::vector<window_row>& windows() const noexcept { return windows_; }
  /// Returns the cohort table (after run).
  [[nodiscard]] const std::vector<cohort_row>& cohorts() const noexcept { return cohorts_; }
  /// Returns the observed and projected survival by age (after run).
  [[nodiscard]] const std::vector<projection_row>& projection() const noexcept {
    return projection_;
  }
  /// Returns the sBG fit (after run).
  [[nodiscard]] const sbg_summary& sbg() const noexcept { return sbg_; }
  /// Returns the last observed age of the fitted cohorts (where the projection starts).
  [[nodiscard]] Eigen::Index observed_ages() const noexcept { return observed_ages_; }

 private:
  void check_revenue(const table_chunk& c) const;
  void rows_of(const table_chunk& c, std::vector<retention_row>& rows) const;
  [[nodiscard]] retention_sums sums_of(const table_chunk& unit) const;
  void windows_from_sums();
  void cohorts_from_sums();
  void fit();
  [[nodiscard]] std::optional<kam::sbg_fit<double>> fit_cohorts(const Eigen::MatrixXd& alive);
  void project(const std::vector<double>& observed, Eigen::Index horizon, bool any);

  const retention_setup& setup_;
  chunked_table table_;
  retention_sums sums_;
  std::vector<window_row> windows_;
  std::vector<cohort_row> cohorts_;
  std::vector<projection_row> projection_;
  sbg_summary sbg_;
  Eigen::Index observed_ages_ = 0;
};

}  // namespace kam_tool
