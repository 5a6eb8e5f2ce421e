// The deterministic generator of kam's synthetic monthly revenue (retention example, benchmark).
//
// Each account's 36 months of recurring revenue (EUR per month, rounded to 10) are drawn from
// the account's own splitmix64 stream, seeded by (seed, row), so row i is the same whatever the
// number of rows: the bundled examples/data/sample_revenue.csv is the first 400 rows of any
// larger file. Uniforms and normals come from the formulas of sample_portfolio.hpp (no std::
// distributions, whose output differs between standard libraries), one random draw per
// statement (the order of evaluation of operands is unspecified in C++).
//
// The story: about half of the accounts are customers when the data starts (month 1); the rest
// arrive at a uniformly chosen later month. Each account has its own monthly churn probability,
// drawn once (heavy-tailed: most accounts are loyal, a few are fickle, as the shifted-beta-
// geometric model assumes). A live account expands (4 % of months, +10-40 %) or contracts (3 %,
// -10-30 %) or stays flat; a churned account may come back (2 % of months) at 60-120 % of its old
// revenue.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <vector>

#include "sample_portfolio.hpp"

namespace kam_examples {

inline constexpr std::uint64_t revenue_seed = 20261205;
inline constexpr int revenue_months = 36;

/// Returns the monthly revenue of account `row` (months 1..`months`) drawn with `seed`.
inline std::vector<double> generate_revenue(std::uint64_t seed, std::uint64_t row,
                                            int months = revenue_months) {
  splitmix64 g(seed ^ (row * 0x9E6C63D0676A9A99ULL));
  g.next();
  std::vector<double> mrr(static_cast<std::size_t>(months), 0.0);
  const double existing = g.uniform();
  int start = 0;
  if (existing >= 0.55) start = 1 + g.below(months - 1);
  const double size = g.normal();
  double level = std::max(10.0, detail::round_to(std::exp(7.4 + 0.9 * size), 10.0));
  // Monthly churn probability: 0.4 % to 5.4 %, most accounts near the bottom (u^3).
  const double fickle = g.uniform();
  const double churn = 0.004 + 0.05 * fickle * fickle * fickle;
  bool live = true;
  for (int m = start; m < months; ++m) {
    if (m > start) {
      const double fate = g.uniform();
      if (live) {
        if (fate < churn) {
          live = false;
        } else {
          const double change = g.uniform();
          const double amount = g.uniform();
          if (change < 0.04) {
            level = detail::round_to(level * (1.1 + 0.3 * amount), 10.0);
          } else if (change < 0.07) {
            level = std::max(10.0, detail::round_to(level * (0.7 + 0.2 * amount), 10.0));
          }
        }
      } else if (fate < 0.02) {
        live = true;
        const double amount = g.uniform();
        level = std::max(10.0, detail::round_to(level * (0.6 + 0.6 * amount), 10.0));
      }
    }
    mrr[static_cast<std::size_t>(m)] = live ? level : 0.0;
  }
  return mrr;
}

/// Writes `rows` accounts as CSV: `id,m01,...,m36`, revenue as whole euros.
inline void write_revenue_csv(std::ostream& out, std::uint64_t rows,
                              std::uint64_t seed = revenue_seed, int months = revenue_months) {
  out << "id";
  char buf[32];
  for (int m = 1; m <= months; ++m) {
    std::snprintf(buf, sizeof buf, ",m%02d", m);
    out << buf;
  }
  out << '\n';
  for (std::uint64_t r = 0; r < rows; ++r) {
    std::snprintf(buf, sizeof buf, "RA-%06llu", static_cast<unsigned long long>(r + 1));
    out << buf;
    for (const double v : generate_revenue(seed, r, months)) {
      std::snprintf(buf, sizeof buf, ",%.0f", v);
      out << buf;
    }
    out << '\n';
  }
}

/// Returns `rows` accounts x `months` months of revenue in Scalar precision, without going
/// through text: the input of the benchmark. Beyond `distinct` rows the accounts repeat (row i is
/// account i % distinct), which keeps building a million-row matrix fast; the distribution of
/// values is unchanged.
template <typename Scalar>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> sample_revenue(
    Eigen::Index rows, int months = revenue_months, std::uint64_t seed = revenue_seed,
    Eigen::Index distinct = 1 << 16) {
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> x(rows, months);
  for (Eigen::Index i = 0; i < rows; ++i) {
    if (i >= distinct) {
      x.row(i) = x.row(i % distinct);
      continue;
    }
    const auto v = generate_revenue(seed, static_cast<std::uint64_t>(i), months);
    for (int m = 0; m < months; ++m) x(i, m) = static_cast<Scalar>(v[static_cast<std::size_t>(m)]);
  }
  return x;
}

}  // namespace kam_examples
