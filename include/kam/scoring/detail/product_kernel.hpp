// Not API. The weighted product's kernel: the exponents and offset per criterion, the scores as
// exp(sum_j e_j ln x_ij + offset) over fixed segments of accounts, and the checks that find why
// an account cannot be scored.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/method_checks.hpp>
#include <limits>
#include <optional>
#include <vector>

namespace kam::detail {

/// Finds why the product of account `i` is not a finite number (or 0 by veto) and throws the
/// matching kam::error: a non-finite value, a negative value, a 0 on a cost criterion, overflow.
template <typename X>
[[noreturn]] void explain_product(const X& x, Eigen::Index i, const criteria_set& criteria,
                                  const char* fn) {
  using Scalar = typename X::Scalar;
  find_in_row(
      x, i, [](Eigen::Index, Scalar v) { return !std::isfinite(v); },
      [&](Eigen::Index j, Scalar v) { throw_non_finite(fn, criteria[j].name, i, v); });
  find_in_row(
      x, i, [](Eigen::Index, Scalar v) { return v < Scalar(0); },
      [&](Eigen::Index j, Scalar v) {
        throw invalid_input({fn, criteria[j].name, i},
                            detail::cat({"value ", v,
                                         " is negative; the weighted product needs values >= 0 "
                                         "(> 0 for cost criteria): a power of a negative number is "
                                         "not real"}));
      });
  find_in_row(
      x, i,
      [&](Eigen::Index j, Scalar v) {
        return v == Scalar(0) && criteria[j].direction == direction::cost;
      },
      [&](Eigen::Index j, Scalar) {
        throw invalid_input({fn, criteria[j].name, i},
                            "value 0 on a cost criterion: the weighted product divides by it "
                            "(x^-w), so cost values must be > 0");
      });
  throw invalid_input({fn, "", i},
                      detail::cat({"the product overflows ", scalar_name<Scalar>(),
                                   " (values too large, or cost values too close to 0)"}));
}

/// The weighted product in logs: log s_i = sum_j exponent_j ln x_ij + offset.
template <typename Scalar>
struct product_terms {
  std::vector<Scalar> exponent;  ///< +w_j for a benefit criterion, -w_j for a cost one
  Scalar offset = 0;             ///< sum of the normalising terms: -w_j ln max_j, +w_j ln min_j
};

/// Returns the exponents and the offset of the product of `criteria`, normalised by the
/// reference's max (benefit) and min (cost) when `max_ref` is not null, raw otherwise. Throws
/// when a criterion with a positive weight cannot be normalised (min <= 0 on a cost criterion,
/// every value 0 on a benefit one).
template <typename Scalar>
product_terms<Scalar> product_exponents(const criteria_set& criteria,
                                        const column_stats<Scalar>* max_ref, const char* fn) {
  product_terms<Scalar> terms;
  terms.exponent.resize(static_cast<std::size_t>(criteria.size()));
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    const auto w = static_cast<Scalar>(criteria.weights()(j));
    const bool cost = criteria[j].direction == direction::cost;
    terms.exponent[static_cast<std::size_t>(j)] = cost ? -w : w;
    if (max_ref == nullptr || !(w > Scalar(0))) continue;
    if (cost) {
      if (!(max_ref->min(j) > Scalar(0))) {
        throw invalid_input({fn, criteria[j].name, std::nullopt},
                            detail::cat({"the reference's smallest value is ", max_ref->min(j),
                                         "; cost values must be > 0"}));
      }
      terms.offset += w * std::log(max_ref->min(j));  // (min / x)^w
    } else {
      if (!(max_ref->max(j) > Scalar(0))) {
        throw invalid_input({fn, criteria[j].name, std::nullopt},
                            "every reference value is 0 on this benefit criterion: the product "
                            "would be 0 for every account");
      }
      terms.offset -= w * std::log(max_ref->max(j));  // (x / max)^w
    }
  }
  return terms;
}

/// Checks the values of the weight-0 criteria, which the kernel never reads (x^0 = 1), as the
/// others are checked: NaN, infinity, negatives, a 0 on a cost criterion.
template <typename X, typename Scalar>
void check_unweighted_values(const X& x, const criteria_set& criteria,
                             const product_terms<Scalar>& terms, const char* fn) {
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    if (terms.exponent[static_cast<std::size_t>(j)] != Scalar(0)) continue;
    const bool cost = criteria[j].direction == direction::cost;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (!std::isfinite(v) || v < Scalar(0) || (v == Scalar(0) && cost))
        explain_product(x, i, criteria, fn);
    }
  }
}

/// Scores every row into out[0 .. N): log s_i = sum_j e_j ln x_ij + offset, with e_j = +-w_j
/// (0-weight criteria skipped, x^0 = 1), per fixed segment of rows on up to `threads` threads
/// (resolved); checks the values against `ref` unless it is null. Returns the number of zero
/// scores.
template <typename X, typename Scalar>
Eigen::Index product_all(const X& x, const criteria_set& criteria,
                         const product_terms<Scalar>& terms, const column_stats<Scalar>* ref,
                         unsigned threads, Scalar* out, const char* fn) {
  using array = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
  const std::vector<Scalar>& exponent = terms.exponent;
  const Scalar offset = terms.offset;
  const Eigen::Index n = x.rows();
  std::vector<Eigen::Index> zeros(static_cast<std::size_t>(segment_count(n)), 0);
  // The largest log whose exp is finite: beyond it (raw values under `none`, e.g. a cost value
  // close to 0) the score would overflow, and Eigen's vectorised exp clamps instead of giving inf.
  const Scalar max_log = std::log(std::numeric_limits<Scalar>::max());
  for_each_row_segment(n, threads, [&](Eigen::Index seg, Eigen::Index begin, Eigen::Index end) {
    array acc(method_block_rows);
    Eigen::Index zero = 0;
    std::vector<Scalar> scratch;
    std::vector<const Scalar*> cols;
    // Blocks as kam::score walks them (in place for contiguous columns, copied for row-major),
    // each cut into sub-blocks of method_block_rows from the segment's start: every account goes
    // through the same (vectorised or scalar) log and exp in every layout and on every thread.
    for_each_block(
        x, begin, end, scratch, cols,
        [&](Eigen::Index block_first, Eigen::Index block_rows_, const Scalar* const* col) {
          for (Eigen::Index sub = 0; sub < block_rows_; sub += method_block_rows) {
            const Eigen::Index first = block_first + sub;
            const Eigen::Index rows = std::min(method_block_rows, block_rows_ - sub);
            auto a = acc.head(rows);
            a.setConstant(offset);
            for (Eigen::Index j = 0; j < x.cols(); ++j) {
              const Scalar e = exponent[static_cast<std::size_t>(j)];
              if (e == Scalar(0)) continue;
              a += e * Eigen::Map<const array>(col[j] + sub, rows).log();
            }
            for (Eigen::Index b = 0; b < rows; ++b) {
              const Scalar l = a(b);
              // -inf is a 0 on a benefit criterion (score 0); NaN and too large are errors.
              if (!(l <= max_log)) explain_product(x, first + b, criteria, fn);
            }
            if (ref != nullptr && !columns_within(col, sub, rows, *ref))
              check_in_reference(x, *ref, criteria, first, rows, fn);
            Eigen::Map<array>(out + first, rows) = a.exp();
            // Eigen's vectorised exp clamps its argument, so exp(-inf) would be tiny, not 0.
            for (Eigen::Index b = 0; b < rows; ++b) {
              if (a(b) == -std::numeric_limits<Scalar>::infinity()) out[first + b] = Scalar(0);
              zero += out[first + b] == Scalar(0) ? 1 : 0;
            }
          }
        });
    zeros[static_cast<std::size_t>(seg)] = zero;
  });
  Eigen::Index total = 0;
  for (const Eigen::Index z : zeros) total += z;
  return total;
}

/// Validates what only a scan of `x` finds for the weighted product fitted on `x` itself: NaN and
/// infinity, negative values, zeros on cost criteria. Returns the statistics (the reference).
template <typename X>
column_stats<typename X::Scalar> product_reference(const X& xd, const criteria_set& criteria,
                                                   unsigned threads, const char* fn) {
  using Scalar = typename X::Scalar;
  auto stats = column_stats<Scalar>::of(xd, threads);
  check_finite_values(xd, stats, criteria, fn);
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const bool cost = criteria[j].direction == direction::cost;
    if (!(stats.min(j) < Scalar(0) || (stats.min(j) == Scalar(0) && cost))) continue;
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      const Scalar v = xd.coeff(i, j);
      if (v < Scalar(0) || (v == Scalar(0) && cost)) explain_product(xd, i, criteria, fn);
    }
  }
  return stats;
}

}  // namespace kam::detail
