// Whitespace: the account x offering matrix (owned, in pipeline, open, not eligible),
// penetration, the value of open cells, their propensity from similar accounts and the expected
// expansion value of every account.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <string>
#include <vector>

namespace kam {

/// The state of one account x offering cell: `open` (eligible, neither owned nor in pipeline: the
/// whitespace), `owned` (the account buys it), `pipeline` (an open opportunity is being worked),
/// `not_eligible` (the offering does not apply to the account: another region, a regulation).
enum class cell_state : std::uint8_t { open, owned, pipeline, not_eligible };
BOOST_DESCRIBE_ENUM(cell_state, open, owned, pipeline, not_eligible)

/// The holdings of N accounts over M offerings: cells account-major (account i's offering j at
/// i * M + j), one byte each, so 10^6 accounts x 20 offerings take 20 MB.
struct holdings_table {
  std::vector<std::string> offerings;  ///< M offering names, unique and non-empty
  std::vector<cell_state> cells;       ///< N x M states, account-major

  /// Returns the number of offerings M.
  [[nodiscard]] Eigen::Index offering_count() const noexcept {
    return static_cast<Eigen::Index>(offerings.size());
  }
  /// Returns the number of accounts N (cells / M; 0 without offerings).
  [[nodiscard]] Eigen::Index account_count() const noexcept {
    return offerings.empty() ? 0 : static_cast<Eigen::Index>(cells.size() / offerings.size());
  }
  /// Returns the state of account `i`'s offering `j`. Checked in every build type: throws
  /// kam::out_of_bounds naming 'i' (and the row) and the range [0, account_count()), or 'j' and
  /// the range [0, offering_count()), for an index outside it.
  [[nodiscard]] cell_state at(Eigen::Index i, Eigen::Index j) const {
    constexpr const char* fn = "kam::holdings_table::at";
    const std::size_t m = offerings.size(), size = cells.size();
    const auto ui = static_cast<std::size_t>(i), uj = static_cast<std::size_t>(j);  // < 0: huge
    if (uj >= m) [[unlikely]]
      detail::throw_index_outside(fn, "j", j, 0, offering_count(), "offering", false);
    // i < account_count() = size / m, without a division per call (it cost whitespace_by_price
    // 26 % of its time, this 6 %): (i + 1) m <= size, exact when size and m fit in half the bits
    // of size_t (then i < size keeps the product from overflowing); beyond, the division.
    constexpr unsigned half = sizeof(std::size_t) * 4;
    const bool small = ((size | m) >> half) == 0;
    if (ui >= size || (small ? ui * m + m > size : ui >= size / m)) [[unlikely]]
      detail::throw_index_outside(fn, "i", i, 0, account_count(), "account", true);
    return cells[ui * m + uj];
  }
  /// Returns the state of account `i`'s offering `j`, unchecked: for loops over a table already
  /// validated, whose bounds are known to hold. Undefined behaviour unless
  /// 0 <= i < account_count() and 0 <= j < offering_count(); use `at` otherwise.
  [[nodiscard]] cell_state operator()(Eigen::Index i, Eigen::Index j) const noexcept {
    return cells[static_cast<std::size_t>(i * offering_count() + j)];
  }
  BOOST_DESCRIBE_CLASS(holdings_table, (), (offerings, cells), (), ())
};

/// The most peer groups the whitespace functions take (whitespace_options::groups, or the
/// largest label + 1 when groups is 0): their tables hold O(groups x offerings) numbers.
inline constexpr Eigen::Index whitespace_max_groups = 1'000'000;

/// Options of the whitespace functions. The propensity of an open cell (i, j) with peer group g
/// (the accounts with i's label) is the share of i's peers who own j, smoothed toward the
/// offering's overall ownership rate p_j with `smoothing` = m pseudo-peers (additive,
/// Laplace-style smoothing):
///   propensity = (k + m p_j) / (n + m),
/// where n = the peers of i eligible for j (owned, pipeline or open, i itself excluded), k = those
/// of them who own it, and p_j = owners of j / accounts eligible for j over the whole portfolio.
/// m = 0 is the raw peer share (p_j when i has no eligible peer); a large m pulls every account
/// to p_j. Requires a finite m >= 0.
struct whitespace_options {
  double smoothing = 2;  ///< m, the weight of the overall rate in pseudo-peers
  /// The number of peer groups G: labels must lie in [0, G). 0: G = the largest label + 1.
  /// At most kam::whitespace_max_groups either way.
  Eigen::Index groups = 0;
  /// Threads to spread the accounts over, as kam::resolve_threads reads them (1: the calling
  /// thread only; 0: one per hardware thread). Results are the same, bit for bit, whatever the
  /// number: the counts are integers, and each account's sums are its own.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(whitespace_options, (), (smoothing, groups, threads))

/// The whitespace of every account, aligned with the rows of the holdings.
struct whitespace_result {
  index_vector owned;                   ///< per account: offerings owned
  index_vector pipeline;                ///< per account: offerings in pipeline
  index_vector open;                    ///< per account: open cells (whitespace)
  index_vector eligible;                ///< per account: offerings not `not_eligible`
  Eigen::VectorXd account_penetration;  ///< owned / eligible per account (0 when none eligible)
  index_vector offering_owners;         ///< per offering: accounts that own it
  index_vector offering_eligible;       ///< per offering: accounts eligible for it
  /// Per offering: owners / eligible accounts, p_j (0 when no account is eligible).
  Eigen::VectorXd offering_penetration;
  /// Per offering: the value of one open cell (its price, or the mean revenue of its owners).
  Eigen::VectorXd offering_value;
  /// G x M: the propensity of an open cell (see whitespace_options) of an account of peer group
  /// g for offering j, which is the same for every such cell (its peers are the group's eligible
  /// accounts but itself); NaN where no account of group g has j open. The propensity of account
  /// i's open cell j is group_propensity(peer_group(i), j); cell_propensity spreads the table
  /// over the N x M cells.
  Eigen::MatrixXd group_propensity;
  Eigen::VectorXd open_value;  ///< per account: sum of offering_value over its open cells
  /// Per account: expected expansion value, sum over open cells of value x propensity.
  Eigen::VectorXd expected_expansion;
  BOOST_DESCRIBE_CLASS(whitespace_result, (),
                       (owned, pipeline, open, eligible, account_penetration, offering_owners,
                        offering_eligible, offering_penetration, offering_value, group_propensity,
                        open_value, expected_expansion),
                       (), ())
};

/// Returns the whitespace of `holdings` with each open cell valued at its offering's `price`
/// (M prices, finite, >= 0) and its propensity from the accounts with the same `peer_group`
/// label (N labels: a segment's code or a k-means cluster, e.g. kmeans_result::labels).
/// Complexity O(N M + G M) for G groups: a pass over the cells, then one over the accounts,
/// their open cells as bits (a byte per 8 offerings: N ceil(M / 8) bytes of scratch); the result
/// holds O(N + G M) numbers (the propensities per group and offering, not per cell); no
/// allocation per account. open_value and expected_expansion add the terms (value, and value x
/// propensity rounded to a double) of each byte's offerings in order, then the bytes' sums in
/// order: the same double whether the sums go through subset-sum tables (when (G + 1) x 256 <= N)
/// or not.
///
/// Throws, naming kam::whitespace_by_price: kam::empty_input without offerings or accounts;
/// kam::shape_mismatch for cells not a multiple of the offerings, labels or prices of another
/// length; kam::invalid_input or kam::duplicate_name for an empty or repeated offering name;
/// kam::invalid_input naming 'cells', the row and the offering for a state that is not a
/// cell_state; kam::out_of_bounds naming 'peer_group' and the row for a label outside [0, G)
/// (an unknown label) or, with groups 0, not below kam::whitespace_max_groups;
/// kam::non_finite_value or kam::out_of_bounds for a NaN, infinite or negative price;
/// kam::out_of_bounds naming 'price' and the row when an account's open value or expected expansion
/// adds up beyond the range of double; and what validate(whitespace_options) throws.
[[nodiscard]] whitespace_result whitespace_by_price(
    const holdings_table& holdings, const Eigen::Ref<const index_vector>& peer_group,
    const Eigen::Ref<const Eigen::VectorXd>& price, const whitespace_options& options = {});

/// Computes the whitespace into `result` as whitespace_by_price does, reusing its storage (so a
/// caller who runs it again and again pays for fresh memory once). After an exception `result`
/// is valid but unspecified. Throws as kam::whitespace_by_price, naming
/// kam::whitespace_by_price_into.
void whitespace_by_price_into(whitespace_result& result, const holdings_table& holdings,
                              const Eigen::Ref<const index_vector>& peer_group,
                              const Eigen::Ref<const Eigen::VectorXd>& price,
                              const whitespace_options& options = {});

/// Returns the whitespace of `holdings` as whitespace_by_price does, but with each open cell
/// valued at the mean revenue of the offering's owners: offering_value_j = the mean of
/// revenue(i, j) over the accounts i that own j (over the whole portfolio, not the peer group,
/// so that a small group does not value an offering on one account), 0 when nobody owns it.
/// `revenue` is N x M; only the owned cells are read (the others may hold anything, NaN too).
///
/// Throws as whitespace_by_price, naming kam::whitespace_by_peer_revenue, and
/// kam::shape_mismatch for revenue not N x M, kam::non_finite_value or kam::out_of_bounds naming
/// the offering and the row for a NaN, infinite or negative revenue of an owned cell, and
/// kam::out_of_bounds naming 'revenue' and the offering (or, for an open value, the row) when
/// a sum exceeds the range of double.
[[nodiscard]] whitespace_result whitespace_by_peer_revenue(
    const holdings_table& holdings, const Eigen::Ref<const index_vector>& peer_group,
    const Eigen::Ref<const Eigen::MatrixXd>& revenue, const whitespace_options& options = {});

/// Computes the whitespace into `result` as whitespace_by_peer_revenue does, reusing its
/// storage. After an exception `result` is valid but unspecified. Throws as
/// kam::whitespace_by_peer_revenue, naming kam::whitespace_by_peer_revenue_into.
void whitespace_by_peer_revenue_into(whitespace_result& result, const holdings_table& holdings,
                                     const Eigen::Ref<const index_vector>& peer_group,
                                     const Eigen::Ref<const Eigen::MatrixXd>& revenue,
                                     const whitespace_options& options = {});

/// Returns the N x M propensity of every cell of `holdings` from `result` (computed from these
/// holdings and `peer_group`): result.group_propensity(peer_group(i), j) for an open cell, NaN
/// for a cell that is not open. Allocates N x M doubles (160 MB for 10^6 accounts x 20
/// offerings); for one account, read group_propensity directly. Throws kam::shape_mismatch when
/// the holdings or labels do not have result's accounts and offerings, kam::out_of_bounds naming
/// 'peer_group' and the row for a label outside result's groups.
[[nodiscard]] Eigen::MatrixXd cell_propensity(const whitespace_result& result,
                                              const holdings_table& holdings,
                                              const Eigen::Ref<const index_vector>& peer_group);

/// Returns the open offerings of account `row`, most expected value (value x propensity) first,
/// equal ones by offering order, at most `top` of them; `holdings` and `peer_group` are those
/// `result` was computed from. Throws kam::out_of_bounds for a row outside `result` or a label
/// outside its groups, kam::shape_mismatch when the holdings or labels do not have result's
/// accounts and offerings.
[[nodiscard]] std::vector<Eigen::Index> best_openings(
    const whitespace_result& result, const holdings_table& holdings,
    const Eigen::Ref<const index_vector>& peer_group, Eigen::Index row, std::size_t top = 3);

/// Returns the codes of string labels (a segment per account): equal labels get equal codes,
/// numbered 0, 1, ... by first appearance; the input of the whitespace functions' peer_group.
[[nodiscard]] index_vector label_codes(const std::vector<std::string>& labels);

/// Checks `options` as the whitespace functions do: a finite smoothing >= 0, groups in
/// [0, kam::whitespace_max_groups] and threads <= kam::max_threads. Throws
/// kam::non_finite_value or kam::out_of_bounds naming kam::validate and the field.
void validate(const whitespace_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/whitespace_impl.hpp>
#endif
