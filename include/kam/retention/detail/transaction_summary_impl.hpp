// Not API. Definitions of kam/retention/transaction_summary.hpp (compiled once in compiled
// mode): the rows are sorted by (account, time, amount), then each account's purchase periods are
// walked once.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/transaction_summary.hpp>
#include <limits>
#include <span>
#include <tuple>
#include <vector>

namespace kam {
namespace detail {

/// One row of a transaction log.
struct transaction_row {
  std::int64_t account;
  double time;
  double amount;
};

/// Period numbers are kept within +-2^53, where every whole number is exact in double.
inline constexpr double max_period_number = 9007199254740992.0;

KAM_INLINE void check_transaction_summary_options(const transaction_summary_options& options,
                                                  const char* fn) {
  if (!(std::isfinite(options.period) && options.period > 0)) {
    throw invalid_input({fn, "period"},
                        cat({"period is ", options.period, "; it must be positive and finite"}));
  }
  if (!(std::isfinite(options.unit) && options.unit > 0)) {
    throw invalid_input({fn, "unit"},
                        cat({"unit is ", options.unit, "; it must be positive and finite"}));
  }
  if (options.holdout_end && !std::isfinite(*options.holdout_end)) {
    throw invalid_input({fn, "holdout_end"},
                        cat({"holdout_end is ", *options.holdout_end, "; it must be finite"}));
  }
}

/// Returns floor(t / period) after checking that it is a whole number within +-2^53.
KAM_INLINE double period_number(double t, double period, const char* fn, const char* field,
                                std::optional<std::ptrdiff_t> row) {
  const double p = std::floor(t / period);
  if (!(std::abs(p) <= max_period_number)) {
    throw out_of_bounds({fn, field, row}, cat({field, " ", t, " is period ", p, " of length ",
                                               period, "; period numbers must be within +-2^53"}));
  }
  return p;
}

/// The periods that bound the summary: the calibration end's and the last one used.
struct summary_bounds {
  double calibration_end = 0;  // period number
  double last = 0;             // period number (the holdout end's, or calibration_end)
  const char* fn = "";         // the public entry point, for errors
};

/// One purchase period of one account: its period number, summed amount and rows.
struct purchase_period {
  double number = 0;
  double total = 0;
  std::size_t rows = 0;
};

/// Returns the purchase period that starts at rows[begin] (rows of one account, sorted).
KAM_INLINE purchase_period next_purchase_period(std::span<const transaction_row> rows,
                                                std::size_t begin, double period) {
  purchase_period out;
  out.number = std::floor(rows[begin].time / period);
  std::size_t end = begin;
  while (end < rows.size() && std::floor(rows[end].time / period) == out.number) {
    out.total += rows[end].amount;
    ++end;
  }
  out.rows = end - begin;
  return out;
}

/// Appends the summary of one account (its rows, sorted) to `out`.
KAM_INLINE void summarize_account(std::span<const transaction_row> rows,
                                  const summary_bounds& bounds,
                                  const transaction_summary_options& options,
                                  std::vector<std::vector<double>>& columns,
                                  transaction_summary& out) {
  purchase_period first = next_purchase_period(rows, 0, options.period);
  if (first.number > bounds.calibration_end) {
    out.later_accounts.push_back(rows[0].account);
    return;
  }
  double repeats = 0, repeat_spend = 0, last = first.number;
  double holdout = 0, holdout_spend = 0;
  out.same_period_orders += static_cast<Eigen::Index>(first.rows - 1);
  for (std::size_t i = first.rows; i < rows.size();) {
    const purchase_period p = next_purchase_period(rows, i, options.period);
    i += p.rows;
    if (p.number > bounds.last) {
      out.rows_after_end += static_cast<Eigen::Index>(p.rows);
      continue;
    }
    out.same_period_orders += static_cast<Eigen::Index>(p.rows - 1);
    if (p.number <= bounds.calibration_end) {
      repeats += 1;
      repeat_spend += p.total;
      last = p.number;
    } else {
      holdout += 1;
      holdout_spend += p.total;
    }
  }
  const double scale = options.period / options.unit;
  if (!std::isfinite(repeat_spend + holdout_spend) ||
      !std::isfinite((bounds.calibration_end - first.number) * scale)) {
    throw out_of_bounds({bounds.fn, "amount"},
                        cat({"the sums of account ", rows[0].account,
                             " overflow double (amounts or times near the largest double)"}));
  }
  out.account.push_back(rows[0].account);
  columns[0].push_back(repeats);
  columns[1].push_back((last - first.number) * scale);
  columns[2].push_back((bounds.calibration_end - first.number) * scale);
  columns[3].push_back(repeats > 0 ? repeat_spend / repeats : 0.0);
  columns[4].push_back(holdout);
  columns[5].push_back(holdout > 0 ? holdout_spend / holdout : 0.0);
}

/// Returns the values of `column` as an Eigen vector.
KAM_INLINE Eigen::VectorXd to_eigen(const std::vector<double>& column) {
  return Eigen::Map<const Eigen::VectorXd>(column.data(), static_cast<Eigen::Index>(column.size()));
}

/// The summary of rows sorted by (account, time, amount).
KAM_INLINE transaction_summary summarize_sorted(std::span<const transaction_row> rows,
                                                const summary_bounds& bounds,
                                                const transaction_summary_options& options) {
  transaction_summary out;
  out.transactions = static_cast<Eigen::Index>(rows.size());
  std::vector<std::vector<double>> columns(6);
  for (std::size_t begin = 0; begin < rows.size();) {
    std::size_t end = begin + 1;
    while (end < rows.size() && rows[end].account == rows[begin].account) ++end;
    summarize_account(rows.subspan(begin, end - begin), bounds, options, columns, out);
    begin = end;
  }
  out.frequency = to_eigen(columns[0]);
  out.recency = to_eigen(columns[1]);
  out.age = to_eigen(columns[2]);
  out.mean_spend = to_eigen(columns[3]);
  out.holdout_frequency = to_eigen(columns[4]);
  out.holdout_mean_spend = to_eigen(columns[5]);
  out.holdout_duration = (bounds.last - bounds.calibration_end) * options.period / options.unit;
  return out;
}

/// The summary of the log's columns at `calibration_end`, naming `fn` in errors.
KAM_INLINE transaction_summary summarize_log(std::span<const std::int64_t> accounts,
                                             std::span<const double> times,
                                             std::span<const double> amounts,
                                             double calibration_end,
                                             const transaction_summary_options& options,
                                             const char* fn) {
  check_transaction_summary_options(options, fn);
  if (!std::isfinite(calibration_end)) {
    throw invalid_input({fn, "calibration_end"},
                        cat({"calibration_end is ", calibration_end, "; it must be finite"}));
  }
  summary_bounds bounds;
  bounds.fn = fn;
  bounds.calibration_end =
      period_number(calibration_end, options.period, fn, "calibration_end", std::nullopt);
  bounds.last = bounds.calibration_end;
  if (options.holdout_end) {
    if (!(*options.holdout_end > calibration_end)) {
      throw invalid_input({fn, "holdout_end"},
                          cat({"holdout_end ", *options.holdout_end,
                               " is not after calibration_end ", calibration_end}));
    }
    bounds.last =
        period_number(*options.holdout_end, options.period, fn, "holdout_end", std::nullopt);
  }
  std::vector<transaction_row> rows(accounts.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    period_number(times[i], options.period, fn, "time", static_cast<std::ptrdiff_t>(i));
    rows[i] = {accounts[i], times[i], amounts[i]};
  }
  std::sort(rows.begin(), rows.end(), [](const transaction_row& l, const transaction_row& r) {
    return std::tie(l.account, l.time, l.amount) < std::tie(r.account, r.time, r.amount);
  });
  transaction_summary out = summarize_sorted(rows, bounds, options);
  if (out.account.empty()) {
    throw empty_input({fn, "calibration_end"},
                      cat({"no account has a transaction on or before calibration_end ",
                           calibration_end, " (", out.transactions, " rows read)"}));
  }
  return out;
}

/// Checks the columns of a chunk: same lengths, finite times, finite amounts >= 0. `first_row`
/// numbers the chunk's first row in errors.
KAM_INLINE void check_transaction_rows(std::span<const std::int64_t> accounts,
                                       std::span<const double> times,
                                       std::span<const double> amounts, std::size_t first_row,
                                       const char* fn) {
  if (times.size() != accounts.size() || amounts.size() != accounts.size()) {
    throw shape_mismatch({fn, times.size() != accounts.size() ? "times" : "amounts"},
                         cat({"accounts has ", accounts.size(), " rows, times ", times.size(),
                              ", amounts ", amounts.size(), "; one value per transaction"}));
  }
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto row = static_cast<std::ptrdiff_t>(first_row + i);
    if (!std::isfinite(times[i]))
      throw non_finite_value({fn, "time", row}, cat({"time is ", times[i]}));
    if (!std::isfinite(amounts[i])) {
      throw non_finite_value({fn, "amount", row}, cat({"amount is ", amounts[i]}));
    }
    if (amounts[i] < 0) {
      throw invalid_input({fn, "amount", row},
                          cat({"amount ", amounts[i],
                               " is negative (net refunds out of the log before summarising)"}));
    }
  }
}

}  // namespace detail

KAM_INLINE void transaction_log::add(std::span<const std::int64_t> accounts,
                                     std::span<const double> times,
                                     std::span<const double> amounts) {
  detail::check_transaction_rows(accounts, times, amounts, accounts_.size(),
                                 "kam::transaction_log::add");
  accounts_.insert(accounts_.end(), accounts.begin(), accounts.end());
  times_.insert(times_.end(), times.begin(), times.end());
  amounts_.insert(amounts_.end(), amounts.begin(), amounts.end());
}

KAM_INLINE void transaction_log::merge(const transaction_log& other) {
  accounts_.insert(accounts_.end(), other.accounts_.begin(), other.accounts_.end());
  times_.insert(times_.end(), other.times_.begin(), other.times_.end());
  amounts_.insert(amounts_.end(), other.amounts_.begin(), other.amounts_.end());
}

KAM_INLINE transaction_summary transaction_log::summarize(
    double calibration_end, const transaction_summary_options& options) const {
  return detail::summarize_log(accounts_, times_, amounts_, calibration_end, options,
                               "kam::transaction_log::summarize");
}

KAM_INLINE transaction_summary summarize_transactions(std::span<const std::int64_t> accounts,
                                                      std::span<const double> times,
                                                      std::span<const double> amounts,
                                                      double calibration_end,
                                                      const transaction_summary_options& options) {
  constexpr const char* fn = "kam::summarize_transactions";
  detail::check_transaction_rows(accounts, times, amounts, 0, fn);
  return detail::summarize_log(accounts, times, amounts, calibration_end, options, fn);
}

KAM_INLINE void validate(const transaction_summary_options& options) {
  detail::check_transaction_summary_options(options, "kam::validate");
}

}  // namespace kam
