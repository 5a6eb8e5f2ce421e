// Not API. Definitions of kam/plan/whitespace.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <bit>
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

/// An account's open cells as bits, a byte per 8 offerings: bit k of byte c is set when offering
/// 8 c + k is open. The sums over an account's open cells are then one table entry per byte.
inline constexpr std::size_t offerings_per_byte = 8;

/// Returns the bytes of open bits an account of m offerings takes, ceil(m / 8).
inline std::size_t open_bytes(std::size_t m) {
  return (m + offerings_per_byte - 1) / offerings_per_byte;
}

/// The cells of a pair of offerings (2p, 2p + 1) as one symbol: the pair of states
/// s0 + 4 s1, 16 symbols. Counting symbols per group and pair halves the counting work per cell;
/// the counts per offering are the sums over the partner's state. An odd last offering is paired
/// with a not_eligible partner that is not counted. (Four offerings per symbol, 256 symbols,
/// would halve the work again, but their tables leave the first-level cache: slower.)
inline constexpr std::size_t pair_symbols = 16;

/// The pairs one block of count_row takes: 32, 64 offerings, whose open bits fill one 64-bit
/// word and whose state counts (at most 64 each) fit the 16-bit fields of another.
inline constexpr std::size_t block_pairs = 32;

/// What a pair symbol adds: to the row's state counts, `unit` (1 << 16 s0 plus 1 << 16 s1: four
/// 16-bit fields of one integer, where an array of four counters in memory would make each
/// increment wait for the one before), and to its open bits, `open` (bit 0 for the first
/// offering, bit 1 for the second).
struct pair_effects {
  std::array<std::uint64_t, pair_symbols> unit{};  ///< the state counts' increments
  std::array<std::uint64_t, pair_symbols> open{};  ///< the open bits of the pair
};

/// Returns the effects of the 16 pair symbols.
inline pair_effects make_pair_effects() {
  constexpr auto open = static_cast<std::size_t>(cell_state::open);
  pair_effects e;
  for (std::size_t symbol = 0; symbol < pair_symbols; ++symbol) {
    const std::size_t first = symbol & 3, second = symbol >> 2;
    e.unit[symbol] = (std::uint64_t{1} << (16 * first)) + (std::uint64_t{1} << (16 * second));
    e.open[symbol] = std::uint64_t{first == open} | std::uint64_t{second == open} << 1;
  }
  return e;
}

/// Adds the pairs [first, last) of the m states of `row` to `group` (its group's pair counts,
/// group[p * 16 + symbol]), their state counts to `states`, and writes their open bits to
/// `open_bits` (the row's bytes): one block, at most block_pairs pairs from a multiple of it.
KAM_INLINE void count_block(const cell_state* row, std::size_t m, std::size_t first,
                            std::size_t last, Eigen::Index* group, const pair_effects& effect,
                            std::array<Eigen::Index, 4>& states, std::uint8_t* open_bits) {
  std::uint64_t packed = 0, open = 0;
  const auto add = [&](std::size_t p, std::size_t symbol) {
    ++group[p * pair_symbols + symbol];
    packed += effect.unit[symbol];
    open |= effect.open[symbol] << (2 * (p - first));
  };
  const std::size_t full = std::min(last, m / 2);  // pairs of two offerings
  for (std::size_t p = first; p < full; ++p) {
    add(p, static_cast<std::size_t>(row[2 * p]) | static_cast<std::size_t>(row[2 * p + 1]) << 2);
  }
  if (full < last) {  // the odd last offering, with an uncounted not_eligible partner
    constexpr auto none = static_cast<std::size_t>(cell_state::not_eligible);
    add(full, static_cast<std::size_t>(row[2 * full]) | none << 2);
    --states[none];
  }
  for (std::size_t s = 0; s < 4; ++s) {
    states[s] += static_cast<Eigen::Index>(packed >> (16 * s) & 0xffff);
  }
  const std::size_t offerings = std::min(m, 2 * last) - 2 * first;
  for (std::size_t b = 0; b < open_bytes(offerings); ++b) {
    open_bits[2 * first / offerings_per_byte + b] =
        static_cast<std::uint8_t>(open >> (8 * b) & 0xff);
  }
}

/// Adds the m states of `row` to `group` (its group's pair counts, group[p * 16 + symbol]),
/// writes its open bits (open_bytes(m) bytes) and returns its states counted, block by block.
KAM_INLINE std::array<Eigen::Index, 4> count_row(const cell_state* row, std::size_t m,
                                                 Eigen::Index* group, const pair_effects& effect,
                                                 std::uint8_t* open_bits) {
  const std::size_t pairs = (m + 1) / 2;
  std::array<Eigen::Index, 4> states{};
  for (std::size_t first = 0; first < pairs; first += block_pairs) {
    count_block(row, m, first, std::min(pairs, first + block_pairs), group, effect, states,
                open_bits);
  }
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
/// eligible, account penetration), adds their cells to `pair_count`, the pair counts of every
/// group (pair_count[(g * pairs + p) * 16 + symbol]), and writes their open bits to `open_bits`
/// (open_bytes(m) bytes per account).
KAM_INLINE void count_rows(whitespace_result& r, std::vector<Eigen::Index>& pair_count,
                           std::vector<std::uint8_t>& open_bits, const holdings_table& h,
                           const Eigen::Ref<const index_vector>& peer_group, row_range rows) {
  using s = cell_state;
  const auto m = static_cast<std::size_t>(h.offering_count());
  const std::size_t per_group = (m + 1) / 2 * pair_symbols, bytes = open_bytes(m);
  const pair_effects effect = make_pair_effects();
  for (Eigen::Index i = rows.first; i < rows.last; ++i) {
    const auto row = static_cast<std::size_t>(i);
    const auto states =
        count_row(h.cells.data() + row * m, m,
                  pair_count.data() + static_cast<std::size_t>(peer_group(i)) * per_group, effect,
                  open_bits.data() + row * bytes);
    const Eigen::Index owned = states[static_cast<std::size_t>(s::owned)];
    const Eigen::Index eligible =
        static_cast<Eigen::Index>(m) - states[static_cast<std::size_t>(s::not_eligible)];
    r.owned(i) = owned;
    r.pipeline(i) = states[static_cast<std::size_t>(s::pipeline)];
    r.open(i) = states[static_cast<std::size_t>(s::open)];
    r.eligible(i) = eligible;
    r.account_penetration(i) =
        eligible > 0 ? static_cast<double>(owned) / static_cast<double>(eligible) : 0.0;
  }
}

/// Counts the states of every account of (checked) `h` into `r` (owned, pipeline, open,
/// eligible, account penetration) and returns them per (group, offering, state), and writes each
/// account's open bits to `open_bits`, in one account-major pass over pairs of cells, its units
/// spread over the threads of `pool`, each thread adding to pair counts of its own (integers:
/// their sum is the same whichever thread counted which unit) unless those would take more
/// memory than the holdings, when one thread counts.
KAM_INLINE group_counts count_cells(whitespace_result& r, std::vector<std::uint8_t>& open_bits,
                                    const holdings_table& h,
                                    const Eigen::Ref<const index_vector>& peer_group,
                                    Eigen::Index groups, worker_pool& pool) {
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
  open_bits.resize(static_cast<std::size_t>(n) * open_bytes(m));
  if (copies == 1) {
    for (Eigen::Index u = 0; u < units; ++u) {
      count_rows(r, pair_count[0], open_bits, h, peer_group, unit_rows(u, n));
    }
  } else {
    pool.run(units, [&](Eigen::Index u, unsigned thread) {
      count_rows(r, pair_count[thread], open_bits, h, peer_group, unit_rows(u, n));
    });
  }
  for (std::size_t t = 1; t < copies; ++t) {
    for (std::size_t c = 0; c < table; ++c) pair_count[0][c] += pair_count[t][c];
  }
  group_counts count(static_cast<std::size_t>(groups) * m * 4, 0);
  for (std::size_t g = 0; g < static_cast<std::size_t>(groups); ++g) {
    for (std::size_t p = 0; p < pairs; ++p) {
      for (std::size_t symbol = 0; symbol < pair_symbols; ++symbol) {
        const Eigen::Index c = pair_count[0][g * per_group + p * pair_symbols + symbol];
        count[(g * m + 2 * p) * 4 + (symbol & 3)] += c;
        if (2 * p + 1 < m) count[(g * m + 2 * p + 1) * 4 + (symbol >> 2)] += c;
      }
    }
  }
  return count;
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

/// The sums of every subset of a byte's 8 offerings: entry c * 256 + b is the sum of the values
/// of the offerings 8 c + k for the bits k of b, added in offering order from 0. Then the sum
/// of a row's values over an account's open cells is the sum, byte by byte, of one entry per
/// byte of its open bits: at 10^6 x 20 cells, 3 reads per account where adding cell by cell
/// took 20 multiply-adds.
using subset_sums = std::vector<double>;

/// The entries of a subset_sums table per byte: one per subset of 8 offerings.
inline constexpr std::size_t subsets = std::size_t{1} << offerings_per_byte;

/// Returns the subset sums of the m values `value` (see subset_sums): each entry adds the
/// highest offering of its subset to the entry of the others, so the terms come in order.
KAM_INLINE subset_sums make_subset_sums(const double* value, std::size_t m) {
  subset_sums sums(open_bytes(m) * subsets, 0.0);
  for (std::size_t c = 0; c < open_bytes(m); ++c) {
    double* entry = sums.data() + c * subsets;
    for (std::size_t b = 1; b < subsets; ++b) {
      const auto k = static_cast<std::size_t>(std::bit_width(b)) - 1;  // the highest bit
      const std::size_t j = offerings_per_byte * c + k;
      entry[b] = entry[b ^ (std::size_t{1} << k)] + (j < m ? value[j] : 0.0);
    }
  }
  return sums;
}

/// Returns the sum of the m values `value` over the open cells `open_bits` (open_bytes(m)
/// bytes) of one account, as the entries of make_subset_sums add them (the same terms in the same
/// order, byte by byte: the same double) but without a table: for few accounts per table.
KAM_INLINE double sum_over_open(const double* value, std::size_t m, const std::uint8_t* open_bits) {
  double sum = 0;
  for (std::size_t c = 0; c < open_bytes(m); ++c) {
    double part = 0;
    for (std::size_t k = 0; k < offerings_per_byte; ++k) {
      const std::size_t j = offerings_per_byte * c + k;
      if (j < m && (open_bits[c] >> k & 1) != 0) part += value[j];
    }
    sum += part;
  }
  return sum;
}

/// Writes r.open_value and r.expected_expansion of the accounts `rows`
/// from their open bits: the offering values and the rows of `expected` (value x propensity per
/// group and offering) summed over the open cells, with subset-sum tables (`value_sums` and
/// `expected_sums`, a table per group) when they were made, else cell by cell.
KAM_INLINE void sum_open_cells(whitespace_result& r, const std::vector<std::uint8_t>& open_bits,
                               const Eigen::Ref<const index_vector>& peer_group,
                               const std::vector<double>& expected, const subset_sums& value_sums,
                               const subset_sums& expected_sums, row_range rows) {
  const auto m = static_cast<std::size_t>(r.offering_value.size());
  const std::size_t bytes = open_bytes(m), per_group = bytes * subsets;
  const bool tables = !value_sums.empty();
  for (Eigen::Index i = rows.first; i < rows.last; ++i) {
    const std::uint8_t* bits = open_bits.data() + static_cast<std::size_t>(i) * bytes;
    const auto g = static_cast<std::size_t>(peer_group(i));
    if (tables) {
      const double* group_sums = expected_sums.data() + g * per_group;
      double value = 0, expansion = 0;
      for (std::size_t c = 0; c < bytes; ++c) {
        value += value_sums[c * subsets + bits[c]];
        expansion += group_sums[c * subsets + bits[c]];
      }
      r.open_value(i) = value;
      r.expected_expansion(i) = expansion;
    } else {
      r.open_value(i) = sum_over_open(r.offering_value.data(), m, bits);
      r.expected_expansion(i) = sum_over_open(expected.data() + g * m, m, bits);
    }
  }
}

/// Computes the whitespace of checked holdings into `r`, with `value` per offering: a pass
/// counting the states and noting each account's open cells as bits, the (group, offering)
/// table, and a pass summing each account's open cells with its group's row of expected values.
/// The sums go through subset-sum tables when the tables, (groups + 1) x 256 entries per byte
/// of open bits, are no more than the accounts (so no bigger than the holdings, and made in
/// less time than they save); either way the sums are the same.
KAM_INLINE void whitespace_of(whitespace_result& r, const holdings_table& h,
                              const Eigen::Ref<const index_vector>& peer_group, Eigen::Index groups,
                              const Eigen::Ref<const Eigen::VectorXd>& value,
                              const whitespace_options& o, const char* fn) {
  const Eigen::Index n = h.account_count();
  const auto m = static_cast<std::size_t>(h.offering_count());
  const auto units = unit_count(n);
  worker_pool pool(
      static_cast<unsigned>(std::min<Eigen::Index>(resolve_threads(o.threads, fn), units)));
  std::vector<std::uint8_t> open_bits;
  const group_counts count = count_cells(r, open_bits, h, peer_group, groups, pool);
  r.offering_value = value;
  const std::vector<double> expected = group_propensities(r, count, r.offering_value, o.smoothing);
  subset_sums value_sums, expected_sums;
  if ((groups + 1) * static_cast<Eigen::Index>(subsets) <= n) {
    value_sums = make_subset_sums(r.offering_value.data(), m);
    expected_sums.reserve(static_cast<std::size_t>(groups) * value_sums.size());
    for (Eigen::Index g = 0; g < groups; ++g) {
      const subset_sums sums =
          make_subset_sums(expected.data() + g * static_cast<Eigen::Index>(m), m);
      expected_sums.insert(expected_sums.end(), sums.begin(), sums.end());
    }
  }
  r.open_value.resize(n);
  r.expected_expansion.resize(n);
  pool.run(units, [&](Eigen::Index u, unsigned) {
    sum_open_cells(r, open_bits, peer_group, expected, value_sums, expected_sums, unit_rows(u, n));
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
