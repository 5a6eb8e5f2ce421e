// From a transaction log (account, time, amount) to the per-account summary the repeat-buying
// models read: frequency, recency, age and mean repeat spend, with a calibration/holdout split.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <optional>
#include <span>
#include <vector>

namespace kam {

/// How transaction times become the summary's time scale. Times in the log are numbers in a unit
/// of the caller's choice (days since an epoch, say: `std::chrono::sys_days::time_since_epoch()`
/// or a fractional day for a time of day). A time t falls in period floor(t / period); the orders
/// of an account in one period are one transaction (their amounts added), and the summary counts
/// whole periods: recency = (last period - first period) x period / unit, and so on.
struct transaction_summary_options {
  /// The length of one purchase period, in time units of the log (1 with days: several orders on
  /// one day are one transaction, as in Fader, Hardie & Lee's CDNOW data); > 0.
  double period = 1;
  /// Time units of the log in one time unit of the summary (7: days in, weeks out); > 0. The
  /// models fitted on the summary then measure time in that unit.
  double unit = 1;
  /// When set, the end of a holdout period after the calibration end (same unit as the log): the
  /// summary also counts each account's transactions in (calibration end, holdout end].
  std::optional<double> holdout_end;
  BOOST_DESCRIBE_CLASS(transaction_summary_options, (), (period, unit, holdout_end), (), ())
};

/// The accounts of a transaction log as the repeat-buying models see them, in ascending order of
/// account id, one entry per account whose first transaction is in the calibration period. Feed
/// `frequency`, `recency` and `age` to fit_bgnbd, and `frequency` and `mean_spend` to
/// fit_gamma_gamma.
struct transaction_summary {
  std::vector<std::int64_t> account;  ///< account ids, ascending
  /// Repeat transactions in the calibration period: purchase periods after the first.
  Eigen::VectorXd frequency;
  Eigen::VectorXd recency;  ///< time from the first to the last transaction period (summary unit)
  Eigen::VectorXd age;      ///< time from the first period to the calibration end's (summary unit)
  /// Mean amount of the repeat transactions (a period's orders added; the first period left
  /// out, as Gamma-Gamma needs); 0 for an account without a repeat transaction.
  Eigen::VectorXd mean_spend;
  Eigen::VectorXd holdout_frequency;   ///< transactions in the holdout period (0 without one)
  Eigen::VectorXd holdout_mean_spend;  ///< their mean amount (0 without any)
  double holdout_duration = 0;  ///< length of the holdout period (summary unit; 0 without one)
  /// Accounts whose first transaction is after the calibration end: not summarised (the
  /// calibration period did not see them), listed here so that none goes missing unannounced.
  std::vector<std::int64_t> later_accounts;
  Eigen::Index transactions = 0;  ///< rows of the log read
  /// Rows added to an earlier order of the same account in the same period.
  Eigen::Index same_period_orders = 0;
  /// Rows after the last period summarised (the holdout end, or the calibration end without a
  /// holdout): not used.
  Eigen::Index rows_after_end = 0;
  BOOST_DESCRIBE_CLASS(transaction_summary, (),
                       (account, frequency, recency, age, mean_spend, holdout_frequency,
                        holdout_mean_spend, holdout_duration, later_accounts, transactions,
                        same_period_orders, rows_after_end),
                       (), ())
};

/// A transaction log read in chunks of any size, in any order, possibly on several machines
/// (merge): its summary is the same, bit for bit, however the rows arrived, because the rows are
/// kept and sorted by (account, time, amount) before they are summed. Memory: 24 bytes per row.
class transaction_log {
 public:
  /// Appends the rows (accounts[i], times[i], amounts[i]). Throws kam::shape_mismatch for spans
  /// of different lengths, kam::non_finite_value for a time or amount that is not finite, and
  /// kam::invalid_input for a negative amount (net refunds out before), each naming
  /// kam::transaction_log::add, the field and the row (counted over every row added so far);
  /// nothing is appended when it throws.
  void add(std::span<const std::int64_t> accounts, std::span<const double> times,
           std::span<const double> amounts);

  /// Appends the rows of `other` (rows of another chunk, another machine).
  void merge(const transaction_log& other);

  /// Returns the rows added so far.
  [[nodiscard]] Eigen::Index rows() const noexcept {
    return static_cast<Eigen::Index>(accounts_.size());
  }

  /// Returns the summary at `calibration_end` (a time in the log's unit; the periods up to and
  /// including its period are the calibration period). Throws kam::invalid_input naming
  /// kam::transaction_log::summarize and the option for a period or unit that is not positive
  /// and finite, a calibration end that is not finite, or a holdout end not after it;
  /// kam::out_of_bounds for a time whose period number is beyond +-2^53 (not exact in double);
  /// kam::empty_input when no account has a transaction in the calibration period.
  /// O(rows log rows).
  [[nodiscard]] transaction_summary summarize(
      double calibration_end, const transaction_summary_options& options = {}) const;

 private:
  std::vector<std::int64_t> accounts_;
  std::vector<double> times_;
  std::vector<double> amounts_;
};

/// Returns the summary of the log (accounts[i], times[i], amounts[i]) at `calibration_end`:
/// transaction_log::add then transaction_log::summarize, throwing as they do (naming
/// kam::summarize_transactions).
[[nodiscard]] transaction_summary summarize_transactions(
    std::span<const std::int64_t> accounts, std::span<const double> times,
    std::span<const double> amounts, double calibration_end,
    const transaction_summary_options& options = {});

/// Checks `options` as transaction_log::summarize would, without data. Throws
/// kam::invalid_input naming kam::validate and the field.
void validate(const transaction_summary_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/transaction_summary_impl.hpp>
#endif
