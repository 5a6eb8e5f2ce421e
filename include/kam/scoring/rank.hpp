// Ranks, top-k, key-account selection with a cap, and tiers by score bands or rank quotas.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/detail/rank_order.hpp>
#include <optional>
#include <vector>

namespace kam {

/// How equal scores are ranked (rank 1 = highest score). Scores are equal only when they compare
/// equal exactly; round them first if you want near-equal scores to tie.
/// - `min` (default, "competition" ranking): equal scores share the better rank, 1, 2, 2, 4.
/// - `dense`: equal scores share the better rank and no rank is skipped, 1, 2, 2, 3.
/// - `ordinal`: every account gets its own rank, ties broken by input order, 1, 2, 3, 4.
enum class tie_rule { min, dense, ordinal };
BOOST_DESCRIBE_ENUM(tie_rule, min, dense, ordinal)

/// Returns the rank of every account (1 = highest score), aligned with the input rows, with equal
/// scores ranked per `ties`. Throws kam::shape_mismatch if `scores` is not a vector,
/// kam::empty_input if it is empty, kam::non_finite_value (naming the row) for NaN or infinity.
/// Complexity: O(N log N).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] index_vector ranks(const Eigen::MatrixBase<Derived>& scores,
                                 tie_rule ties = tie_rule::min) {
  constexpr const char* fn = "kam::ranks";
  detail::check_scores(scores, fn);
  if (!is_enumerator(ties)) throw invalid_input({fn, "ties", std::nullopt}, "not a tie_rule");
  const auto& s = scores.derived();
  const auto order = detail::order_best_first(s);
  index_vector r(scores.size());
  Eigen::Index dense = 0;
  for (std::size_t p = 0; p < order.size(); ++p) {
    const Eigen::Index i = order[p];
    const bool tied = p > 0 && s.coeff(order[p - 1]) == s.coeff(i);
    if (!tied) ++dense;
    switch (ties) {
      case tie_rule::ordinal:
        r(i) = static_cast<Eigen::Index>(p) + 1;
        break;
      case tie_rule::dense:
        r(i) = dense;
        break;
      case tie_rule::min:
        r(i) = tied ? r(order[p - 1]) : static_cast<Eigen::Index>(p) + 1;
        break;
    }
  }
  return r;
}

/// Returns the rows of the `k` highest scores, best first; equal scores are ordered by input order
/// (the earlier row wins a place at the boundary). A `k` larger than the number of accounts returns
/// them all. Throws kam::invalid_input for k < 0, and as `ranks` for bad scores.
/// Complexity: O(N + k log k) on average, one read of the scores when k is small.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] index_vector top_k(const Eigen::MatrixBase<Derived>& scores, Eigen::Index k) {
  constexpr const char* fn = "kam::top_k";
  detail::check_scores(scores, fn);
  if (k < 0) throw invalid_input({fn, "k", std::nullopt}, detail::cat({"k = ", k, " is negative"}));
  return detail::to_index_vector(detail::top_rows(scores.derived(), static_cast<std::size_t>(k)));
}

/// Who may become a key account: at most `cap` of them (none = no cap), each with a score of at
/// least `min_score` (none = no minimum; a score equal to the minimum qualifies, compared in the
/// scores' scalar type, so a float score 0.7f meets a minimum of 0.7).
struct key_account_policy {
  std::optional<Eigen::Index> cap;  ///< the most key accounts (none: no cap)
  std::optional<double> min_score;  ///< the least score of a key account (none: no minimum)
};
BOOST_DESCRIBE_STRUCT(key_account_policy, (), (cap, min_score))

/// The key accounts chosen, and how the cap and the minimum shaped the choice.
struct key_account_selection {
  index_vector accounts;        ///< rows of the key accounts, best first
  Eigen::Index eligible = 0;    ///< accounts at or above the minimum score
  Eigen::Index cut_by_cap = 0;  ///< eligible accounts left out because of the cap
  /// True when the cap cut through a tie: a left-out account has the same score as the last
  /// one chosen (the earlier row was chosen). Worth a human look.
  bool tie_at_cap = false;
  BOOST_DESCRIBE_CLASS(key_account_selection, (), (accounts, eligible, cut_by_cap, tie_at_cap), (),
                       ())
};

/// Returns the key accounts under `policy`: the eligible accounts (score >= min_score), best
/// first, at most `cap` of them, ties at the cap broken by input order and reported.
/// Throws kam::invalid_input for a negative cap or a non-finite minimum, and as `ranks`.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] key_account_selection select_key_accounts(const Eigen::MatrixBase<Derived>& scores,
                                                        const key_account_policy& policy) {
  constexpr const char* fn = "kam::select_key_accounts";
  detail::check_scores(scores, fn);
  if (policy.cap && *policy.cap < 0) {
    throw invalid_input({fn, "cap", std::nullopt},
                        detail::cat({"cap ", *policy.cap, " is negative"}));
  }
  if (policy.min_score && !std::isfinite(*policy.min_score)) {
    throw invalid_input({fn, "min_score", std::nullopt},
                        detail::cat({"min_score ", *policy.min_score, " is not finite"}));
  }
  using Scalar = typename Derived::Scalar;
  const auto& s = scores.derived();
  // In the scores' precision: a float score of 0.7f is "equal to" a minimum of 0.7.
  const auto min_score = static_cast<Scalar>(policy.min_score.value_or(0.0));
  std::vector<Eigen::Index> eligible;
  eligible.reserve(static_cast<std::size_t>(s.size()));
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    if (!policy.min_score || s.coeff(i) >= min_score) eligible.push_back(i);
  }
  key_account_selection out;
  out.eligible = static_cast<Eigen::Index>(eligible.size());
  const std::size_t cap = policy.cap ? static_cast<std::size_t>(*policy.cap) : eligible.size();
  if (cap >= eligible.size()) {
    const std::size_t all = eligible.size();
    out.accounts = detail::to_index_vector(detail::best_of(s, std::move(eligible), all));
    return out;
  }
  // Keep the best cap + 1 to see whether the first one left out ties with the last one chosen.
  auto best = detail::best_of(s, std::move(eligible), cap + 1);
  out.cut_by_cap = out.eligible - static_cast<Eigen::Index>(cap);
  out.tie_at_cap = cap > 0 && s.coeff(best[cap]) == s.coeff(best[cap - 1]);
  best.resize(cap);
  out.accounts = detail::to_index_vector(best);
  return out;
}

/// Tiers of every account (1 = best), aligned with the input rows, and how many fell in each.
struct tier_assignment {
  index_vector tier;                 ///< per account, 1 = the best tier
  std::vector<Eigen::Index> counts;  ///< counts[t - 1] = accounts in tier t
  /// Quotas only: boundaries between tiers that cut through a tie (equal scores in two tiers;
  /// the earlier row got the better tier).
  Eigen::Index split_ties = 0;
  BOOST_DESCRIBE_CLASS(tier_assignment, (), (tier, counts, split_ties), (), ())
};

/// Returns tiers by score bands. `edges` (strictly increasing, finite, on the scores' scale) cut
/// the score line into edges.size() + 1 bands; the top band is tier 1. Edge rule: a score exactly
/// on an edge belongs to the band above it (the lower edge of a band is inclusive), so with
/// edges {0.4, 0.7}: 0.7 is tier 1, 0.4 is tier 2, anything below 0.4 is tier 3. Edges are
/// rounded to the scores' scalar type before comparing (a float score 0.7f is on the edge 0.7).
/// Throws kam::invalid_input for edges that are not finite or do not strictly increase, also
/// after that rounding (naming the edge), and as `ranks` for bad scores. Complexity: O(N log B).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] tier_assignment tiers_by_bands(const Eigen::MatrixBase<Derived>& scores,
                                             const std::vector<double>& edges) {
  constexpr const char* fn = "kam::tiers_by_bands";
  detail::check_scores(scores, fn);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (!std::isfinite(edges[e]) || (e > 0 && !(edges[e] > edges[e - 1]))) {
      throw invalid_input(
          {fn, detail::cat({"edges[", e, "]"}), std::nullopt},
          detail::cat({"band edges must be finite and strictly increasing; got ", edges[e],
                       e > 0 ? detail::cat({" after ", edges[e - 1]}) : ""}));
    }
  }
  // The edges in the scores' precision, so that a float score of 0.7f is "on" the edge 0.7.
  using Scalar = typename Derived::Scalar;
  std::vector<Scalar> cut(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) {
    cut[e] = static_cast<Scalar>(edges[e]);
    if (e > 0 && !(cut[e] > cut[e - 1])) {
      throw invalid_input({fn, detail::cat({"edges[", e, "]"}), std::nullopt},
                          detail::cat({"band edges ", edges[e - 1], " and ", edges[e],
                                       " are the same ", detail::scalar_name<Scalar>(),
                                       ", the scores' type; they must differ in it"}));
    }
  }
  tier_assignment out;
  const auto bands = static_cast<Eigen::Index>(edges.size()) + 1;
  out.tier.resize(scores.size());
  out.counts.assign(static_cast<std::size_t>(bands), 0);
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const Scalar v = scores.coeff(i);
    const auto band = std::upper_bound(cut.begin(), cut.end(), v) - cut.begin();  // edges <= v
    out.tier(i) = bands - band;
    ++out.counts[static_cast<std::size_t>(bands - band - 1)];
  }
  return out;
}

/// Returns tiers by rank quotas: the `quotas[0]` best accounts are tier 1, the next `quotas[1]`
/// tier 2, ..., and all the rest tier quotas.size() + 1 (empty if the quotas cover everyone).
/// Ties are broken by input order, as top_k does; `split_ties` counts the boundaries that cut a
/// tie. Throws kam::invalid_input for a negative quota, and as `ranks` for bad scores.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] tier_assignment tiers_by_quota(const Eigen::MatrixBase<Derived>& scores,
                                             const std::vector<Eigen::Index>& quotas) {
  constexpr const char* fn = "kam::tiers_by_quota";
  detail::check_scores(scores, fn);
  for (std::size_t q = 0; q < quotas.size(); ++q) {
    if (quotas[q] < 0) {
      throw invalid_input({fn, detail::cat({"quotas[", q, "]"}), std::nullopt},
                          detail::cat({"quota ", quotas[q], " is negative"}));
    }
  }
  const auto& s = scores.derived();
  const auto order = detail::order_best_first(s);
  tier_assignment out;
  out.tier.resize(s.size());
  out.counts.assign(quotas.size() + 1, 0);
  std::size_t t = 0;
  Eigen::Index used = 0;  // accounts placed in tiers before t
  for (std::size_t p = 0; p < order.size(); ++p) {
    bool crossed = false;
    while (t < quotas.size() && static_cast<Eigen::Index>(p) - used >= quotas[t]) {
      used += quotas[t];
      ++t;
      crossed = true;
    }
    if (crossed && p > 0 && s.coeff(order[p]) == s.coeff(order[p - 1])) ++out.split_ties;
    out.tier(order[p]) = static_cast<Eigen::Index>(t) + 1;
    ++out.counts[t];
  }
  return out;
}

/// Returns the tier quotas for shares of `n` accounts: tier t ends at round(n * (shares[0] + ...
/// + shares[t])) accounts (halves round up), so the quotas always add up consistently.
/// Throws kam::invalid_input for a share that is negative or not finite, or shares above 1 in sum.
/// Any n >= 0 works, up to INT64_MAX (the cumulative ends are clamped to n before conversion).
[[nodiscard]] std::vector<Eigen::Index> quotas_from_shares(Eigen::Index n,
                                                           const std::vector<double>& shares);

// Validation of the policies above without scores (e.g. a configuration read before the data).

/// Checks `policy` as kam::select_key_accounts does. Throws kam::invalid_input naming
/// kam::validate and 'cap' (negative) or 'min_score' (not finite).
inline void validate(const key_account_policy& policy) {
  constexpr const char* fn = "kam::validate";
  if (policy.cap && *policy.cap < 0) {
    throw invalid_input({fn, "cap"}, detail::cat({"cap ", *policy.cap, " is negative"}));
  }
  if (policy.min_score && !std::isfinite(*policy.min_score)) {
    throw invalid_input({fn, "min_score"},
                        detail::cat({"min_score ", *policy.min_score, " is not finite"}));
  }
}

/// Checks score band edges as kam::tiers_by_bands does for double scores: finite and strictly
/// increasing. Throws kam::invalid_input naming kam::validate_band_edges, 'edges' and the index
/// of the first bad edge.
inline void validate_band_edges(const std::vector<double>& edges) {
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (std::isfinite(edges[e]) && (e == 0 || edges[e] > edges[e - 1])) continue;
    throw invalid_input(
        {"kam::validate_band_edges", "edges", std::nullopt, static_cast<std::ptrdiff_t>(e)},
        detail::cat({"band edges must be finite and strictly increasing; got ", edges[e],
                     e > 0 ? detail::cat({" after ", edges[e - 1]}) : ""}));
  }
}

/// Checks tier shares as kam::quotas_from_shares does: each finite and >= 0, together at most 1.
/// Throws kam::invalid_input naming kam::validate_tier_shares, 'shares' and the index of the
/// first share at fault.
inline void validate_tier_shares(const std::vector<double>& shares) {
  constexpr const char* fn = "kam::validate_tier_shares";
  double cumulative = 0.0;
  for (std::size_t t = 0; t < shares.size(); ++t) {
    const auto at = static_cast<std::ptrdiff_t>(t);
    if (!std::isfinite(shares[t]) || shares[t] < 0.0) {
      throw invalid_input({fn, "shares", std::nullopt, at},
                          detail::cat({"share ", shares[t], " must be finite and >= 0"}));
    }
    cumulative += shares[t];
    if (cumulative > 1.0 + 1e-12) {
      throw invalid_input({fn, "shares", std::nullopt, at},
                          detail::cat({"shares add up to ", cumulative, " > 1"}));
    }
  }
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/rank_impl.hpp>
#endif
