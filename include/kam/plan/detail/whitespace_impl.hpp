// Not API. Definitions of kam/plan/whitespace.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/detail/parallel.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/plan/whitespace.hpp>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kam {
namespace detail {

KAM_INLINE void check_whitespace_options(const whitespace_options& o, const char* fn) {
  if (!std::isfinite(o.smoothing)) {
    throw non_finite_value({fn, "smoothing"}, cat({"smoothing ", o.smoothing, " is not finite"}));
  }
  if (o.smoothing < 0) {
    throw out_of_bounds({fn, "smoothing"}, cat({"smoothing ", o.smoothing, " is negative"}));
  }
  if (o.groups < 0) {
    throw out_of_bounds({fn, "groups"}, cat({"groups ", o.groups, " is negative"}));
  }
  if (o.groups > whitespace_max_groups) {
    throw out_of_bounds({fn, "groups"},
                        cat({"groups ", o.groups, " exceeds the limit ",
                             "kam::whitespace_max_groups = ", whitespace_max_groups}));
  }
  static_cast<void>(resolve_threads(o.threads, fn));
}

/// Throws unless `h` has offerings with unique non-empty names and a whole, non-zero number of
/// accounts of cells: the checks of check_holdings that come before the cell states.
KAM_INLINE void check_holdings_shape(const holdings_table& h, const char* fn) {
  const std::size_t m = h.offerings.size();
  if (m == 0) throw empty_input({fn, "offerings"}, "no offerings");
  for (std::size_t j = 0; j < m; ++j) {
    const auto at = static_cast<std::ptrdiff_t>(j);
    if (h.offerings[j].empty()) {
      throw invalid_input({fn, "offerings", std::nullopt, at}, "the offering name is empty");
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (h.offerings[k] == h.offerings[j]) {
        throw duplicate_name({fn, "offerings", std::nullopt, at},
                             cat({"offering '", h.offerings[j], "' is named at ", k, " already"}));
      }
    }
  }
  if (h.cells.size() % m != 0) {
    throw shape_mismatch({fn, "cells"}, cat({h.cells.size(), " cells are not a whole number of ",
                                             "accounts of ", m, " offerings"}));
  }
  if (h.account_count() == 0) throw empty_input({fn, "cells"}, "no accounts");
}

/// Checks holdings and labels, naming the first bad row; returns the number of peer groups.
/// The exact check, run only when check_holdings_fast finds something wrong.
KAM_INLINE Eigen::Index check_holdings(const holdings_table& h,
                                       const Eigen::Ref<const index_vector>& peer_group,
                                       const whitespace_options& o, const char* fn) {
  check_whitespace_options(o, fn);
  check_holdings_shape(h, fn);
  const std::size_t m = h.offerings.size();
  const Eigen::Index n = h.account_count();
  for (std::size_t c = 0; c < h.cells.size(); ++c) {
    if (static_cast<unsigned>(h.cells[c]) > static_cast<unsigned>(cell_state::not_eligible)) {
      throw invalid_input(
          {fn, "cells", static_cast<std::ptrdiff_t>(c / m), static_cast<std::ptrdiff_t>(c % m)},
          cat({"state ", static_cast<unsigned>(h.cells[c]), " of offering '", h.offerings[c % m],
               "' is not one of ", quoted_list(enum_names<cell_state>())}));
    }
  }
  if (peer_group.size() != n) {
    throw shape_mismatch({fn, "peer_group"},
                         cat({peer_group.size(), " labels for ", n, " accounts"}));
  }
  Eigen::Index groups = o.groups;
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index g = peer_group(i);
    if (g < 0 || (o.groups > 0 && g >= o.groups)) {
      throw out_of_bounds({fn, "peer_group", i},
                          o.groups > 0 ? cat({"label ", g, " is not one of the ", o.groups,
                                              " peer groups 0 to ", o.groups - 1})
                                       : cat({"label ", g, " is negative; labels are 0 and up"}));
    }
    if (g >= whitespace_max_groups) {  // groups 0: G = g + 1 would exceed the limit
      throw out_of_bounds({fn, "peer_group", i},
                          cat({"label ", g, " would make more peer groups than the limit ",
                               "kam::whitespace_max_groups = ", whitespace_max_groups}));
    }
    if (o.groups == 0) groups = std::max(groups, g + 1);
  }
  return groups;
}

/// Returns `groups`, the number of peer groups of checked labels, after checking that there are
/// no more of them than accounts: the (group, offering) tables take 100 bytes or more per cell,
/// so a sparse label (an account id, 10^12) would ask for terabytes. Throws kam::out_of_bounds
/// naming 'groups' when options set them, else 'peer_group' and the row of the largest label.
KAM_INLINE Eigen::Index check_group_count(Eigen::Index groups,
                                          const Eigen::Ref<const index_vector>& peer_group,
                                          const whitespace_options& o, const char* fn) {
  const Eigen::Index n = peer_group.size();
  if (groups <= n) return groups;
  if (o.groups > 0) {
    throw out_of_bounds({fn, "groups"}, cat({"groups ", o.groups, " is more than the ", n,
                                             " accounts; at most one peer group per account"}));
  }
  Eigen::Index row = 0;
  peer_group.maxCoeff(&row);
  throw out_of_bounds({fn, "peer_group", row},
                      cat({"label ", peer_group(row), " implies ", groups, " peer groups for ", n,
                           " accounts; number the groups 0, 1, ... (kam::label_codes does)"}));
}

/// Returns the number of peer groups when holdings and labels are valid, as check_holdings
/// does, but in loops free of branches that the compiler vectorises (the largest state, the
/// smallest and largest label); runs check_holdings, which throws naming the row, when not.
KAM_INLINE Eigen::Index check_holdings_fast(const holdings_table& h,
                                            const Eigen::Ref<const index_vector>& peer_group,
                                            const whitespace_options& o, const char* fn) {
  check_whitespace_options(o, fn);
  check_holdings_shape(h, fn);
  unsigned largest = 0;
  for (const cell_state c : h.cells) largest = std::max(largest, static_cast<unsigned>(c));
  bool valid = largest <= static_cast<unsigned>(cell_state::not_eligible) &&
               peer_group.size() == h.account_count();
  Eigen::Index low = 0, high = -1;
  if (valid) {
    const Eigen::Index* label = peer_group.data();
    low = label[0];
    high = label[0];
    for (Eigen::Index i = 1; i < peer_group.size(); ++i) {
      low = std::min(low, label[i]);
      high = std::max(high, label[i]);
    }
    valid = low >= 0 && high < whitespace_max_groups && (o.groups == 0 || high < o.groups);
  }
  const Eigen::Index groups =
      !valid ? check_holdings(h, peer_group, o, fn) : (o.groups > 0 ? o.groups : high + 1);
  return check_group_count(groups, peer_group, o, fn);
}

/// The cells per (group, offering, state): count[(g * M + j) * 4 + state], one flat array.
using group_counts = std::vector<Eigen::Index>;

/// The cells of a pair of offerings (2p, 2p + 1) as one symbol: the pair of states
/// s0 + 4 s1, 16 symbols. Counting symbols halves the counting work per cell; the counts per
/// offering are the sums over the partner's state. An odd last offering is paired with a
/// not_eligible partner that is not counted.
inline constexpr std::size_t pair_symbols = 16;

/// Adds the m states of `row` to `group` (its group's pair counts, group[p * 16 + symbol]) and
/// returns them counted per state. The four counts of the row are 16-bit fields of one integer,
/// a pair adding `unit`[symbol] (1 << 16 s0 plus 1 << 16 s1), where an array of four counters in
/// memory would make each increment wait for the one before; unpacked every 32767 pairs, before
/// a field could overflow.
KAM_INLINE std::array<Eigen::Index, 4> count_row(const cell_state* row, std::size_t m,
                                                 Eigen::Index* group,
                                                 const std::array<std::uint64_t, 16>& unit) {
  constexpr std::size_t chunk = 0x7fff;
  const std::size_t pairs = (m + 1) / 2;
  const auto state = [&](std::size_t j) {
    return j < m ? static_cast<std::size_t>(row[j])
                 : static_cast<std::size_t>(cell_state::not_eligible);
  };
  std::array<Eigen::Index, 4> states{};
  for (std::size_t first = 0; first < pairs; first += chunk) {
    std::uint64_t packed = 0;
    const std::size_t last = std::min(m / 2, first + chunk);  // full pairs of this chunk
    for (std::size_t p = first; p < last; ++p) {
      const auto symbol =
          static_cast<std::size_t>(row[2 * p]) | static_cast<std::size_t>(row[2 * p + 1]) << 2;
      ++group[p * pair_symbols + symbol];
      packed += unit[symbol];
    }
    if (last < std::min(pairs, first + chunk)) {  // the odd last offering
      const std::size_t symbol = state(2 * last) | state(2 * last + 1) << 2;
      ++group[last * pair_symbols + symbol];
      packed += unit[symbol];
    }
    for (std::size_t s = 0; s < 4; ++s) {
      states[s] += static_cast<Eigen::Index>(packed >> (16 * s) & 0xffff);
    }
  }
  states[static_cast<std::size_t>(cell_state::not_eligible)] -= static_cast<Eigen::Index>(m % 2);
  return states;
}

/// The accounts of one unit of work: rows [first, last).
struct row_range {
  Eigen::Index first = 0;  ///< the first row
  Eigen::Index last = 0;   ///< one past the last row
};

/// Returns the rows of unit `u` of the segments of detail::segment_rows rows over n accounts.
inline row_range unit_rows(Eigen::Index u, Eigen::Index n) {
  return {u * segment_rows, std::min(n, (u + 1) * segment_rows)};
}

/// Returns the number of units of detail::segment_rows rows that n accounts make.
inline Eigen::Index unit_count(Eigen::Index n) { return (n + segment_rows - 1) / segment_rows; }

/// Counts the states of the accounts `rows` of (checked) `h` into `r` (owned, pipeline, open,
/// eligible), and adds their cells to `pair_count`, the pair counts of every group
/// (pair_count[(g * pairs + p) * 16 + symbol]).
KAM_INLINE void count_rows(whitespace_result& r, std::vector<Eigen::Index>& pair_count,
                           const holdings_table& h,
                           const Eigen::Ref<const index_vector>& peer_group, row_range rows) {
  using s = cell_state;
  const auto m = static_cast<std::size_t>(h.offering_count());
  const std::size_t per_group = (m + 1) / 2 * pair_symbols;
  std::array<std::uint64_t, pair_symbols> unit{};
  for (std::size_t symbol = 0; symbol < pair_symbols; ++symbol) {
    unit[symbol] =
        (std::uint64_t{1} << (16 * (symbol & 3))) + (std::uint64_t{1} << (16 * (symbol >> 2)));
  }
  for (Eigen::Index i = rows.first; i < rows.last; ++i) {
    const auto states =
        count_row(h.cells.data() + static_cast<std::size_t>(i) * m, m,
                  pair_count.data() + static_cast<std::size_t>(peer_group(i)) * per_group, unit);
    r.owned(i) = states[static_cast<std::size_t>(s::owned)];
    r.pipeline(i) = states[static_cast<std::size_t>(s::pipeline)];
    r.open(i) = states[static_cast<std::size_t>(s::open)];
    r.eligible(i) =
        static_cast<Eigen::Index>(m) - states[static_cast<std::size_t>(s::not_eligible)];
  }
}

/// Counts the states of every account of (checked) `h` into `r` (owned, pipeline, open,
/// eligible) and per (group, offering, state) into `count`, in one account-major pass over pairs
/// of cells, its units spread over the threads of `pool`, each thread adding to pair counts of
/// its own (integers: their sum is the same whichever thread counted which unit) unless those
/// would take more memory than the holdings, when one thread counts.
KAM_INLINE void count_cells(whitespace_result& r, group_counts& count, const holdings_table& h,
                            const Eigen::Ref<const index_vector>& peer_group, Eigen::Index groups,
                            worker_pool& pool) {
  const Eigen::Index n = h.account_count();
  const auto m = static_cast<std::size_t>(h.offering_count());
  const std::size_t pairs = (m + 1) / 2, per_group = pairs * pair_symbols;
  const std::size_t table = static_cast<std::size_t>(groups) * per_group;
  const auto units = unit_count(n);
  // a table per thread, unless the tables would outweigh the holdings (many small groups)
  const std::size_t copies = table * pool.size() <= h.cells.size() ? pool.size() : 1;
  std::vector<std::vector<Eigen::Index>> pair_count(copies, std::vector<Eigen::Index>(table, 0));
  for (auto* v : {&r.owned, &r.pipeline, &r.open, &r.eligible}) v->resize(n);
  r.account_penetration.resize(n);
  if (copies == 1) {
    for (Eigen::Index u = 0; u < units; ++u) {
      count_rows(r, pair_count[0], h, peer_group, unit_rows(u, n));
    }
  } else {
    pool.run(units, [&](Eigen::Index u, unsigned thread) {
      count_rows(r, pair_count[thread], h, peer_group, unit_rows(u, n));
    });
  }
  for (std::size_t t = 1; t < copies; ++t) {
    for (std::size_t c = 0; c < table; ++c) pair_count[0][c] += pair_count[t][c];
  }
  count.assign(static_cast<std::size_t>(groups) * m * 4, 0);
  for (std::size_t g = 0; g < static_cast<std::size_t>(groups); ++g) {
    for (std::size_t p = 0; p < pairs; ++p) {
      for (std::size_t symbol = 0; symbol < pair_symbols; ++symbol) {
        const Eigen::Index c = pair_count[0][g * per_group + p * pair_symbols + symbol];
        count[(g * m + 2 * p) * 4 + (symbol & 3)] += c;
        if (2 * p + 1 < m) count[(g * m + 2 * p + 1) * 4 + (symbol >> 2)] += c;
      }
    }
  }
}

/// Fills the offering totals and penetrations of `r` from `count`, and r.group_propensity: per
/// (group, offering) with an open cell, (k + m p) / (n + m) with n = the group's eligible
/// accounts but one (the open cell's own), k = its owners; p when n + m is 0. Returns value x
/// propensity per (group, offering), group-major (0 where nothing is open): the expected value
/// of such an open cell, the same product the sum over an account's open cells adds.
KAM_INLINE std::vector<double> group_propensities(whitespace_result& r, const group_counts& count,
                                                  const Eigen::VectorXd& value, double smooth) {
  using s = cell_state;
  const Eigen::Index m = value.size();
  const auto groups = static_cast<Eigen::Index>(count.size()) / (m * 4);
  const auto at = [&](Eigen::Index g, Eigen::Index j, cell_state state) {
    return count[static_cast<std::size_t>((g * m + j) * 4) + static_cast<std::size_t>(state)];
  };
  const auto eligible = [&](Eigen::Index g, Eigen::Index j) {
    return at(g, j, s::owned) + at(g, j, s::pipeline) + at(g, j, s::open);
  };
  r.offering_owners = index_vector::Zero(m);
  r.offering_eligible = index_vector::Zero(m);
  for (Eigen::Index g = 0; g < groups; ++g) {
    for (Eigen::Index j = 0; j < m; ++j) {
      r.offering_owners(j) += at(g, j, s::owned);
      r.offering_eligible(j) += eligible(g, j);
    }
  }
  r.offering_penetration.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto e = r.offering_eligible(j);
    r.offering_penetration(j) =
        e > 0 ? static_cast<double>(r.offering_owners(j)) / static_cast<double>(e) : 0.0;
  }
  r.group_propensity.resize(groups, m);
  std::vector<double> expected(static_cast<std::size_t>(groups * m), 0.0);
  for (Eigen::Index g = 0; g < groups; ++g) {
    for (Eigen::Index j = 0; j < m; ++j) {
      const double p = r.offering_penetration(j);
      const auto peers = static_cast<double>(eligible(g, j) - 1);  // the cell's own excluded
      const auto owners = static_cast<double>(at(g, j, s::owned));
      const double q = peers + smooth > 0 ? (owners + smooth * p) / (peers + smooth) : p;
      const bool open = at(g, j, s::open) > 0;
      r.group_propensity(g, j) = open ? q : std::numeric_limits<double>::quiet_NaN();
      expected[static_cast<std::size_t>(g * m + j)] = open ? value(j) * q : 0.0;
    }
  }
  return expected;
}

/// Writes the value and the expected value of the open cells of K accounts from `first` to
/// r.open_value and r.expected_expansion: per account, the offerings in order, each term
/// multiplied by 1 or 0 (open or not; `is_open` by state) rather than branched on, since random
/// states would mispredict every other branch, and x * 1 = x, s + 0 = s keep the sums those of
/// adding the open cells alone (fused into a multiply-add or not: the product is exact). The
/// expected values were rounded once per (group, offering), value x propensity. K accounts at once
/// give the processor 2 K independent sums to overlap, where one account's two would wait on every
/// add.
template <std::size_t K>
void sum_open_cells(whitespace_result& r, const holdings_table& h,
                    const Eigen::Ref<const index_vector>& peer_group, Eigen::Index first,
                    const std::vector<double>& expected, const std::array<double, 4>& is_open) {
  const auto m = static_cast<std::size_t>(h.offering_count());
  const double* v = r.offering_value.data();
  std::array<const cell_state*, K> row;
  std::array<const double*, K> ev;
  for (std::size_t k = 0; k < K; ++k) {
    const auto i = first + static_cast<Eigen::Index>(k);
    row[k] = h.cells.data() + static_cast<std::size_t>(i) * m;
    ev[k] = expected.data() + static_cast<std::size_t>(peer_group(i)) * m;
  }
  std::array<double, K> value{}, expansion{};
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t k = 0; k < K; ++k) {
      const double open = is_open[static_cast<std::size_t>(row[k][j])];
      value[k] += v[j] * open;
      expansion[k] += ev[k][j] * open;
    }
  }
  for (std::size_t k = 0; k < K; ++k) {
    const auto i = first + static_cast<Eigen::Index>(k);
    r.open_value(i) = value[k];
    r.expected_expansion(i) = expansion[k];
    const auto e = r.eligible(i);
    r.account_penetration(i) =
        e > 0 ? static_cast<double>(r.owned(i)) / static_cast<double>(e) : 0.0;
  }
}

/// Computes the whitespace of checked holdings into `r`, with `value` per offering: a pass
/// counting the states, the (group, offering) table, and a pass summing each account's open
/// cells with its group's row of expected values.
KAM_INLINE void whitespace_of(whitespace_result& r, const holdings_table& h,
                              const Eigen::Ref<const index_vector>& peer_group, Eigen::Index groups,
                              const Eigen::Ref<const Eigen::VectorXd>& value,
                              const whitespace_options& o, const char* fn) {
  const Eigen::Index n = h.account_count();
  const auto units = unit_count(n);
  worker_pool pool(
      static_cast<unsigned>(std::min<Eigen::Index>(resolve_threads(o.threads, fn), units)));
  group_counts count;
  count_cells(r, count, h, peer_group, groups, pool);
  r.offering_value = value;
  const std::vector<double> expected = group_propensities(r, count, r.offering_value, o.smoothing);
  // 1 for an open cell, else 0, by state: read from memory, so that the compiler multiplies by
  // it instead of branching on the state.
  std::array<double, 4> is_open{};
  is_open[static_cast<std::size_t>(cell_state::open)] = 1;
  r.open_value.resize(n);
  r.expected_expansion.resize(n);
  pool.run(units, [&](Eigen::Index u, unsigned) {
    constexpr Eigen::Index together = 8;
    const row_range rows = unit_rows(u, n);
    Eigen::Index i = rows.first;
    for (; i + together <= rows.last; i += together) {
      sum_open_cells<together>(r, h, peer_group, i, expected, is_open);
    }
    for (; i < rows.last; ++i) sum_open_cells<1>(r, h, peer_group, i, expected, is_open);
  });
}

/// Throws unless `price` holds one finite price >= 0 per offering of `h`.
KAM_INLINE void check_prices(const holdings_table& h,
                             const Eigen::Ref<const Eigen::VectorXd>& price, const char* fn) {
  const Eigen::Index m = h.offering_count();
  if (price.size() != m) {
    throw shape_mismatch({fn, "price"}, cat({price.size(), " prices for ", m, " offerings"}));
  }
  for (Eigen::Index j = 0; j < m; ++j) {
    const std::string& name = h.offerings[static_cast<std::size_t>(j)];
    if (!std::isfinite(price(j))) {
      throw non_finite_value({fn, "price", std::nullopt, j},
                             cat({"the price of '", name, "', ", price(j), ", is not finite"}));
    }
    if (price(j) < 0) {
      throw out_of_bounds({fn, "price", std::nullopt, j},
                          cat({"the price of '", name, "', ", price(j), ", is negative"}));
    }
  }
}

/// Returns the mean revenue of each offering's owners (0 without owners) after checking
/// `revenue` against checked holdings `h`.
KAM_INLINE Eigen::VectorXd owner_revenue(const holdings_table& h,
                                         const Eigen::Ref<const Eigen::MatrixXd>& revenue,
                                         const char* fn) {
  const Eigen::Index n = h.account_count(), m = h.offering_count();
  if (revenue.rows() != n || revenue.cols() != m) {
    throw shape_mismatch({fn, "revenue"},
                         cat({"revenue is ", revenue.rows(), " x ", revenue.cols(), "; expected ",
                              n, " x ", m, " (accounts x offerings)"}));
  }
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(m), owners = Eigen::VectorXd::Zero(m);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) {
      if (h(i, j) != cell_state::owned) continue;
      const double v = revenue(i, j);
      const std::string& name = h.offerings[static_cast<std::size_t>(j)];
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "revenue", i, j}, cat({"the revenue of owned offering '", name,
                                                           "', ", v, ", is not finite"}));
      }
      if (v < 0) {
        throw out_of_bounds({fn, "revenue", i, j}, cat({"the revenue of owned offering '", name,
                                                        "', ", v, ", is negative"}));
      }
      sum(j) += v;
      owners(j) += 1;
    }
  }
  Eigen::VectorXd value(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (!std::isfinite(sum(j))) {
      throw out_of_bounds(
          {fn, "revenue", std::nullopt, j},
          cat({"the revenue of the owners of offering '", h.offerings[static_cast<std::size_t>(j)],
               "' adds up beyond the range of double; rescale the revenue"}));
    }
    value(j) = owners(j) > 0 ? sum(j) / owners(j) : 0.0;
  }
  return value;
}

/// Throws, naming `field` and the first account, unless every open value and expected
/// expansion of `r` is finite: each is a sum over offerings that values near the limit of
/// double can take beyond it.
KAM_INLINE void check_open_sums(const whitespace_result& r, const char* fn, const char* field) {
  if (r.open_value.allFinite() && r.expected_expansion.allFinite()) return;
  Eigen::Index i = 0;
  while (std::isfinite(r.open_value(i)) && std::isfinite(r.expected_expansion(i))) ++i;
  throw out_of_bounds({fn, field, i},
                      cat({"the value of the open cells of account ", i,
                           " adds up beyond the range of double; rescale the ", field}));
}

KAM_INLINE void whitespace_by_price_impl(whitespace_result& r, const holdings_table& holdings,
                                         const Eigen::Ref<const index_vector>& peer_group,
                                         const Eigen::Ref<const Eigen::VectorXd>& price,
                                         const whitespace_options& options, const char* fn) {
  const Eigen::Index groups = check_holdings_fast(holdings, peer_group, options, fn);
  check_prices(holdings, price, fn);
  whitespace_of(r, holdings, peer_group, groups, price, options, fn);
  check_open_sums(r, fn, "price");
}

KAM_INLINE void whitespace_by_peer_revenue_impl(whitespace_result& r,
                                                const holdings_table& holdings,
                                                const Eigen::Ref<const index_vector>& peer_group,
                                                const Eigen::Ref<const Eigen::MatrixXd>& revenue,
                                                const whitespace_options& options, const char* fn) {
  const Eigen::Index groups = check_holdings_fast(holdings, peer_group, options, fn);
  const Eigen::VectorXd value = owner_revenue(holdings, revenue, fn);
  whitespace_of(r, holdings, peer_group, groups, value, options, fn);
  check_open_sums(r, fn, "revenue");
}

/// Throws unless `holdings` and `peer_group` have the accounts and offerings of `result` and
/// every label of them is one of its groups.
KAM_INLINE void check_same_holdings(const whitespace_result& result, const holdings_table& holdings,
                                    const Eigen::Ref<const index_vector>& peer_group,
                                    const char* fn) {
  const Eigen::Index n = result.open.size(), m = result.group_propensity.cols();
  if (holdings.offering_count() != m || holdings.account_count() != n ||
      static_cast<Eigen::Index>(holdings.cells.size()) != n * m || peer_group.size() != n) {
    throw shape_mismatch({fn, "holdings"},
                         cat({"holdings of ", holdings.account_count(), " x ",
                              holdings.offering_count(), " cells and ", peer_group.size(),
                              " labels for a result of ", n, " accounts x ", m, " offerings"}));
  }
}

/// Returns the label of account `row`, checked against the groups of `result`.
KAM_INLINE Eigen::Index group_of(const whitespace_result& result,
                                 const Eigen::Ref<const index_vector>& peer_group, Eigen::Index row,
                                 const char* fn) {
  const Eigen::Index g = peer_group(row), groups = result.group_propensity.rows();
  if (g < 0 || g >= groups) {
    throw out_of_bounds({fn, "peer_group", row},
                        cat({"label ", g, " is not one of the result's ", groups, " groups"}));
  }
  return g;
}

}  // namespace detail

KAM_INLINE whitespace_result whitespace_by_price(const holdings_table& holdings,
                                                 const Eigen::Ref<const index_vector>& peer_group,
                                                 const Eigen::Ref<const Eigen::VectorXd>& price,
                                                 const whitespace_options& options) {
  whitespace_result r;
  detail::whitespace_by_price_impl(r, holdings, peer_group, price, options,
                                   "kam::whitespace_by_price");
  return r;
}

KAM_INLINE void whitespace_by_price_into(whitespace_result& result, const holdings_table& holdings,
                                         const Eigen::Ref<const index_vector>& peer_group,
                                         const Eigen::Ref<const Eigen::VectorXd>& price,
                                         const whitespace_options& options) {
  detail::whitespace_by_price_impl(result, holdings, peer_group, price, options,
                                   "kam::whitespace_by_price_into");
}

KAM_INLINE whitespace_result whitespace_by_peer_revenue(
    const holdings_table& holdings, const Eigen::Ref<const index_vector>& peer_group,
    const Eigen::Ref<const Eigen::MatrixXd>& revenue, const whitespace_options& options) {
  whitespace_result r;
  detail::whitespace_by_peer_revenue_impl(r, holdings, peer_group, revenue, options,
                                          "kam::whitespace_by_peer_revenue");
  return r;
}

KAM_INLINE void whitespace_by_peer_revenue_into(whitespace_result& result,
                                                const holdings_table& holdings,
                                                const Eigen::Ref<const index_vector>& peer_group,
                                                const Eigen::Ref<const Eigen::MatrixXd>& revenue,
                                                const whitespace_options& options) {
  detail::whitespace_by_peer_revenue_impl(result, holdings, peer_group, revenue, options,
                                          "kam::whitespace_by_peer_revenue_into");
}

KAM_INLINE Eigen::MatrixXd cell_propensity(const whitespace_result& result,
                                           const holdings_table& holdings,
                                           const Eigen::Ref<const index_vector>& peer_group) {
  constexpr const char* fn = "kam::cell_propensity";
  detail::check_same_holdings(result, holdings, peer_group, fn);
  const Eigen::Index n = result.open.size(), m = result.group_propensity.cols();
  Eigen::MatrixXd out(n, m);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index g = detail::group_of(result, peer_group, i, fn);
    for (Eigen::Index j = 0; j < m; ++j) {
      out(i, j) = holdings.at(i, j) == cell_state::open ? result.group_propensity(g, j)
                                                        : std::numeric_limits<double>::quiet_NaN();
    }
  }
  return out;
}

KAM_INLINE std::vector<Eigen::Index> best_openings(const whitespace_result& result,
                                                   const holdings_table& holdings,
                                                   const Eigen::Ref<const index_vector>& peer_group,
                                                   Eigen::Index row, std::size_t top) {
  constexpr const char* fn = "kam::best_openings";
  const Eigen::Index n = result.open.size();
  if (row < 0 || row >= n) {
    throw out_of_bounds({fn, "row", row},
                        detail::cat({"row ", row, " is outside the ", n, " accounts"}));
  }
  detail::check_same_holdings(result, holdings, peer_group, fn);
  const Eigen::Index g = detail::group_of(result, peer_group, row, fn);
  std::vector<Eigen::Index> open;
  for (Eigen::Index j = 0; j < holdings.offering_count(); ++j) {
    if (holdings.at(row, j) == cell_state::open) open.push_back(j);
  }
  const auto expected = [&](Eigen::Index j) {
    return result.offering_value(j) * result.group_propensity(g, j);
  };
  std::stable_sort(open.begin(), open.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return expected(a) > expected(b); });
  if (open.size() > top) open.resize(top);
  return open;
}

KAM_INLINE index_vector label_codes(const std::vector<std::string>& labels) {
  std::unordered_map<std::string_view, Eigen::Index> code;
  code.reserve(labels.size());
  index_vector out(static_cast<Eigen::Index>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto next = static_cast<Eigen::Index>(code.size());
    out(static_cast<Eigen::Index>(i)) = code.try_emplace(labels[i], next).first->second;
  }
  return out;
}

KAM_INLINE void validate(const whitespace_options& options) {
  detail::check_whitespace_options(options, "kam::validate");
}

}  // namespace kam
