// Sensitivity of the weighted-sum ranking to the weights: seeded random perturbations of the
// weights (weight_sensitivity) and one criterion left out at a time (leave_one_criterion_out).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/parallel.hpp>
#include <kam/core/parallel.hpp>
#include <kam/core/rank_correlation.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/sensitivity_inputs.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <vector>

namespace kam {

/// How kam::weight_sensitivity perturbs the weights w (normalised, summing to 1).
/// - `dirichlet` (default): w' ~ Dirichlet(kappa w), centred on w (E w'_j = w_j) with
///   Var w'_j = w_j (1 - w_j) / (kappa + 1); kappa is `concentration`. Larger kappa, smaller
///   changes; kappa = 100 moves a weight of 0.25 by about 0.04 (one standard deviation).
/// - `lognormal`: w'_j = w_j exp(sigma z_j - sigma^2 / 2) with z_j standard normal, then
///   renormalised to sum 1; sigma is `sigma` (0.2 = about 20 % relative noise per weight).
/// A weight of 0 stays 0 under both.
enum class weight_perturbation { dirichlet, lognormal };
BOOST_DESCRIBE_ENUM(weight_perturbation, dirichlet, lognormal)

/// The most draws sensitivity_options::draws may ask for: each re-scores and re-ranks every
/// account, so this bounds the time of kam::weight_sensitivity.
inline constexpr Eigen::Index sensitivity_max_draws = 10'000'000;

/// Options of kam::weight_sensitivity. The random numbers are fully specified: draw d uses its
/// own stream, kam::random_stream(seed, d), with kam's own normal (Box-Muller) and gamma (Marsaglia
/// & Tsang 2000) draws from kam/core/random.hpp — no std:: distribution, whose output differs
/// between standard libraries. Because every draw has its own stream and the tallies are
/// integers, the result is the same for any `threads`.
struct sensitivity_options {
  Eigen::Index draws = 1000;  ///< number of perturbed weight vectors, 1..sensitivity_max_draws
  std::uint64_t seed = 1;     ///< the seed of every draw's stream
  weight_perturbation distribution = weight_perturbation::dirichlet;  ///< how weights move
  double concentration = 100.0;                                       ///< dirichlet: kappa (> 0)
  double sigma = 0.2;                                                 ///< lognormal: sigma (>= 0)
  /// Threads to spread the draws over, as kam::resolve_threads reads them (1: the calling thread
  /// only; 0: one per hardware thread); the answer does not depend on it.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(sensitivity_options, (),
                      (draws, seed, distribution, concentration, sigma, threads))

/// How stable each account's place is when the weights move.
struct sensitivity_result {
  index_vector base_rank;  ///< rank with the given weights (tie_rule::min)
  /// 1 if the account is in the key-account set with the given weights, else 0.
  index_vector base_in_set;
  /// Share of the draws in which the account is in the key-account set (for an account in the
  /// base set: the probability of staying in it).
  Eigen::VectorXd probability_in_set;
  index_vector best_rank;     ///< best (smallest) rank over the draws
  index_vector worst_rank;    ///< worst (largest) rank over the draws
  Eigen::VectorXd mean_rank;  ///< mean rank over the draws
  /// The number of weight draws made (sensitivity_options::draws).
  Eigen::Index draws = 0;
  BOOST_DESCRIBE_CLASS(sensitivity_result, (),
                       (base_rank, base_in_set, probability_in_set, best_rank, worst_rank,
                        mean_rank, draws),
                       (), ())
};

/// Rank changes when one criterion at a time is left out.
struct leave_one_out_result {
  index_vector base_rank;  ///< rank with every criterion (tie_rule::min)
  /// N x K: rank_without(i, j) is account i's rank when criterion j is left out and the other
  /// weights are re-normalised (as criteria_set::without does).
  Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic> rank_without;
  Eigen::VectorXd spearman;  ///< per criterion: Spearman's rho of base_rank and rank_without
  index_vector changed;      ///< per criterion: accounts whose rank changed
  index_vector max_shift;    ///< per criterion: the largest |rank change| of any account
  BOOST_DESCRIBE_CLASS(leave_one_out_result, (),
                       (base_rank, rank_without, spearman, changed, max_shift), (), ())
};

namespace detail {

/// Throws unless `o` asks for at least one draw from a known distribution with usable parameters;
/// errors name `fn`.
void check_sensitivity_options(const sensitivity_options& o, const char* fn);

/// Writes the perturbed weights of draw `draw` into `out` (summing to 1): weights `w` (summing to
/// 1) perturbed per `o.distribution`, from the stream kam::random_stream(o.seed, draw).
void perturb_weights(const Eigen::VectorXd& w, const sensitivity_options& o, std::uint64_t draw,
                     Eigen::VectorXd& out);

/// Tallies the draws [first, last): their ranks and how often each account is in the set.
template <typename Scalar>
void run_draws(const sensitivity_inputs<Scalar>& in, const Eigen::VectorXd& w,
               const key_account_policy& policy, const sensitivity_options& o, std::uint64_t first,
               std::uint64_t last, sensitivity_tally& tally) {
  Eigen::VectorXd wd;
  vector_of<Scalar> s;
  for (std::uint64_t d = first; d < last; ++d) {
    perturb_weights(w, o, d, wd);
    scores_for(in, wd, s);
    tally.add_ranks(ranks(s));
    const auto chosen = select_key_accounts(s, policy);
    for (Eigen::Index k = 0; k < chosen.accounts.size(); ++k)
      ++tally.in_set[static_cast<std::size_t>(chosen.accounts(k))];
  }
}

/// Returns the tallies of all `o.draws` draws around the weights `w`, on up to `threads` threads
/// (resolved): one segment of draws per thread, merged in a fixed order. The tallies are integers
/// and every draw has its own random stream, so the result does not depend on the thread count.
template <typename Scalar>
sensitivity_tally tally_draws(const sensitivity_inputs<Scalar>& in, const Eigen::VectorXd& w,
                              const key_account_policy& policy, const sensitivity_options& o,
                              unsigned threads) {
  const auto draws = static_cast<std::uint64_t>(o.draws);
  const auto workers = std::min<std::uint64_t>(threads, draws);
  std::vector<sensitivity_tally> tallies(static_cast<std::size_t>(workers),
                                         sensitivity_tally(in.values.rows()));
  parallel_for(static_cast<Eigen::Index>(workers), static_cast<unsigned>(workers),
               [&](Eigen::Index t) {
                 const auto u = static_cast<std::uint64_t>(t);
                 run_draws(in, w, policy, o, draws * u / workers, draws * (u + 1) / workers,
                           tallies[static_cast<std::size_t>(t)]);
               });
  for (std::size_t t = 1; t < tallies.size(); ++t) tallies[0].merge(tallies[t]);
  return std::move(tallies[0]);
}

}  // namespace detail

/// Returns how stable each account's rank and key-account status are when the weights of the
/// weighted-sum score move: `options.draws` weight vectors are drawn around the criteria's
/// weights (see weight_perturbation), every account is re-scored against `reference` with each
/// (as kam::score would, same missing-value policy and scale), ranked (tie_rule::min) and the
/// key-account set chosen under `policy` (a top-k is `policy.cap = k`). Reports per account the
/// share of draws in the set, and the best, worst and mean rank over the draws ([best, worst] is
/// the observed range, which widens with more draws). Same seed, same answer, whatever
/// `options.threads`.
/// Throws as kam::score for the data, kam::invalid_input for draws outside
/// 1..kam::sensitivity_max_draws, a concentration <= 0, a
/// negative sigma or an unknown distribution, kam::out_of_bounds for threads above
/// kam::max_threads, and as kam::select_key_accounts for the policy.
/// Complexity: O(draws (N K + N log N)); memory N x K.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] sensitivity_result weight_sensitivity(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const key_account_policy& policy,
    const sensitivity_options& options = {}, const score_options& score_opts = {}) {
  constexpr const char* fn = "kam::weight_sensitivity";
  detail::check_sensitivity_options(options, fn);
  const unsigned threads = resolve_threads(options.threads, fn);
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_bounds(xd, criteria, fn);
  const auto in = detail::prepare_sensitivity(xd, criteria, reference, score_opts, fn);
  const Eigen::Index n = xd.rows();
  sensitivity_result out;
  out.draws = options.draws;
  out.base_rank = ranks(in.base_scores);
  const auto base = select_key_accounts(in.base_scores, policy);  // validates the policy
  out.base_in_set.setZero(n);
  for (Eigen::Index k = 0; k < base.accounts.size(); ++k) out.base_in_set(base.accounts(k)) = 1;
  const auto total = detail::tally_draws(in, criteria.weights(), policy, options, threads);
  const auto d = static_cast<double>(options.draws);
  out.probability_in_set.resize(n);
  out.best_rank.resize(n);
  out.worst_rank.resize(n);
  out.mean_rank.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto u = static_cast<std::size_t>(i);
    out.probability_in_set(i) = static_cast<double>(total.in_set[u]) / d;
    out.best_rank(i) = total.best[u];
    out.worst_rank(i) = total.worst[u];
    out.mean_rank(i) = static_cast<double>(total.rank_sum[u]) / d;
  }
  return out;
}

/// Returns the rank changes of the weighted-sum ranking when each criterion in turn is left out
/// and the other weights re-normalised (as scoring with `criteria.without(name)` against the same
/// reference would, up to rounding), with Spearman's rho against the full ranking, the number of
/// accounts whose rank changed and the largest shift. Under missing_policy::renormalize an account
/// whose only present criterion is the one left out scores 0 in that scenario. When a ranking
/// without a criterion is constant its rho is reported as 0. Throws as kam::score, and
/// kam::invalid_input for a set of fewer than 2 criteria or when the other criteria have no weight
/// (naming the criterion). Complexity: O(K (N K + N log N)); memory N x K.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] leave_one_out_result leave_one_criterion_out(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const score_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::leave_one_criterion_out";
  if (criteria.size() < 2) {
    throw invalid_input({fn, "criteria", std::nullopt},
                        "needs at least 2 criteria to leave one out");
  }
  const Eigen::VectorXd& w = criteria.weights();
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    if (!(1.0 - w(j) > 0.0)) {
      throw invalid_input({fn, criteria[j].name, std::nullopt},
                          "carries all the weight: without it the other criteria have none");
    }
  }
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_bounds(xd, criteria, fn);
  const auto in = detail::prepare_sensitivity(xd, criteria, reference, options, fn);
  const Eigen::Index n = xd.rows();
  const Eigen::Index k = criteria.size();
  leave_one_out_result out;
  out.base_rank = ranks(in.base_scores);
  out.rank_without.resize(n, k);
  out.spearman.resize(k);
  out.changed.resize(k);
  out.max_shift.resize(k);
  const bool base_constant = (in.base_scores.array() == in.base_scores(0)).all();
  vector_of<Scalar> s;
  for (Eigen::Index j = 0; j < k; ++j) {
    Eigen::VectorXd wj = w;
    wj(j) = 0.0;
    wj /= wj.sum();
    detail::scores_for(in, wj, s);
    const index_vector r = ranks(s);
    out.rank_without.col(j) = r;
    Eigen::Index changed = 0;
    Eigen::Index max_shift = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index shift = std::abs(r(i) - out.base_rank(i));
      changed += shift > 0 ? 1 : 0;
      max_shift = std::max(max_shift, shift);
    }
    out.changed(j) = changed;
    out.max_shift(j) = max_shift;
    const bool constant = (s.array() == s(0)).all();
    out.spearman(j) = n < 2 || constant || base_constant ? 0.0 : spearman(out.base_rank, r);
  }
  return out;
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/sensitivity_impl.hpp>
#endif
