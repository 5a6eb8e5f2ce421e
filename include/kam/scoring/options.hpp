// Scoring options: the missing-value policy, the imputation rule and the score scale.
#pragma once

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

namespace kam {

/// What to do with a missing value (NaN) in the accounts x criteria matrix. Infinity is never a
/// missing value: it is an error under every policy.
///
/// - `reject` (default): throw kam::non_finite_value naming the criterion and the row.
/// - `renormalize`: score each account over the criteria it has, with the weights re-normalised
///   over those criteria (as Gainsight treats NA measures); the result reports each account's
///   coverage, the share of the total weight its present criteria carry. An account with no value
///   at all is an error.
/// - `impute`: replace the value by the column's mean, median or worst value (see `imputation`)
///   before normalising; coverage reports the share of weight that was observed, not imputed.
enum class missing_policy { reject, renormalize, impute };
BOOST_DESCRIBE_ENUM(missing_policy, reject, renormalize, impute)

/// The value `missing_policy::impute` puts in place of a missing value, from the reference
/// portfolio's finite values: their mean, their median (the mean of the two middle values for an
/// even count), or the worst value (the minimum of a benefit criterion, the maximum of a cost one).
enum class imputation { mean, median, worst };
BOOST_DESCRIBE_ENUM(imputation, mean, median, worst)

/// The scale scores are reported on: `unit` is [0, 1], `percent` is [0, 100].
enum class score_scale { unit, percent };
BOOST_DESCRIBE_ENUM(score_scale, unit, percent)

/// Options of kam::score and the functions that share its pipeline.
struct score_options {
  missing_policy missing = missing_policy::reject;  ///< what a missing value (NaN) does
  imputation impute = imputation::mean;             ///< the value missing_policy::impute uses
  score_scale scale = score_scale::unit;            ///< the scale scores are reported on
  /// Threads to spread the accounts over, as kam::resolve_threads reads them (1: the calling
  /// thread only; 0: one per hardware thread). Results are the same, bit for bit, whatever the
  /// number: the accounts are cut into fixed segments of 65536 rows.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(score_options, (), (missing, impute, scale, threads))

}  // namespace kam
