// Explanations: contributions, account-to-account gaps, weight sensitivity, rank correlation.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/detail/parallel.hpp>
#include <kam/core/error.hpp>
#include <kam/core/random.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/score.hpp>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam {

/// Returns each criterion's contribution to each account's score (N x K, aligned with `x`):
/// w_j v_ij, the normalised weight times the directed normalised value, divided by the account's
/// coverage under missing_policy::renormalize, and scaled like the score. A missing value
/// contributes 0 under renormalize; under impute the imputed value contributes. Each row adds up
/// to the account's score from kam::score with the same arguments (up to rounding).
/// To explain a shortlist only, pass its rows, e.g. `x(rows, Eigen::all)`.
/// Throws as kam::score does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> contributions(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const score_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::contributions";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_bounds(xd, criteria, fn);
  // Scoring first validates every value exactly as kam::score does and yields the coverage.
  const auto scored = detail::score_checked(xd, criteria, reference, options, fn);
  const auto t = detail::make_transforms(criteria, reference, options, fn);
  const Scalar factor = options.scale == score_scale::percent ? Scalar(100) : Scalar(1);
  matrix_of<Scalar> out(xd.rows(), xd.cols());
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const auto& tj = t.columns[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      Scalar v = xd.coeff(i, j);
      if (std::isnan(v)) {
        if (options.missing == missing_policy::renormalize) {
          out(i, j) = Scalar(0);
          continue;
        }
        v = tj.impute;  // reject has already thrown for NaN
      }
      Scalar c = tj.weight * tj(v) * factor;
      if (options.missing == missing_policy::renormalize) c /= scored.coverage(i);
      out(i, j) = c;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Two accounts side by side

/// Which criteria put one account above another: per criterion, its contribution to the score of
/// `first` minus its contribution to the score of `second` (they add up to the score difference).
template <real_scalar Scalar>
struct contribution_gap {
  Eigen::Index first = 0;   ///< row of the first account
  Eigen::Index second = 0;  ///< row of the second account
  Scalar first_score = 0;
  Scalar second_score = 0;
  /// Per criterion, in criteria order: contribution to `first` minus contribution to `second`.
  vector_of<Scalar> difference;
  /// Criteria sorted by `difference`, the one most in favour of `first` first and the one most in
  /// favour of `second` last; equal differences keep criteria order.
  index_vector order;
  BOOST_DESCRIBE_CLASS(contribution_gap, (),
                       (first, second, first_score, second_score, difference, order), (), ())
};

namespace detail {

/// Rethrows `e` (thrown for the rows {first, second} of a two-row copy) naming the public function
/// `fn` and, when it is about a row, the original row.
template <typename E>
[[noreturn]] void rethrow_for_row(const E& e, Eigen::Index first, Eigen::Index second,
                                  const char* fn) {
  const std::string prefix = error_message({e.function(), e.field(), e.row()}, "");
  const std::string what = std::string(e.what()).substr(prefix.size());
  std::optional<std::ptrdiff_t> row = e.row();
  if (row) row = *row == 0 ? first : second;
  throw E({fn, e.field(), row}, what);
}

}  // namespace detail

/// Returns, for accounts `first` and `second` (rows of `x`), each criterion's contribution to the
/// first's score minus its contribution to the second's (see kam::contributions), sorted: the
/// criteria that put `first` above `second` come first, those that pull it below come last. The
/// differences add up to first_score - second_score (up to rounding). Only the two rows are read.
/// Throws kam::out_of_bounds (naming `first` or `second`) for a row outside the matrix, and as
/// kam::contributions for their values (naming the original row) and for the reference, each
/// error naming kam::compare_accounts.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] contribution_gap<typename Derived::Scalar> compare_accounts(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, Eigen::Index first,
    Eigen::Index second, const score_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::compare_accounts";
  detail::check_shape(x, criteria, fn, false);
  for (const auto& [name, row] : {std::pair{"first", first}, std::pair{"second", second}}) {
    if (row < 0 || row >= x.rows()) {
      throw out_of_bounds({fn, name, std::nullopt},
                          detail::cat("row ", row, " is outside [0, ", x.rows(), ")"));
    }
  }
  matrix_of<Scalar> two(2, x.cols());
  two.row(0) = x.row(first);
  two.row(1) = x.row(second);
  matrix_of<Scalar> c;
  // Every error names this function; one about a row names the original row. The catch clauses
  // keep each error's type (all that kam::contributions throws are invalid_input or out_of_bounds).
  try {
    c = contributions(two, criteria, reference, options);
  } catch (const non_finite_value& e) {
    detail::rethrow_for_row(e, first, second, fn);
  } catch (const shape_mismatch& e) {
    detail::rethrow_for_row(e, first, second, fn);
  } catch (const empty_input& e) {
    detail::rethrow_for_row(e, first, second, fn);
  } catch (const invalid_input& e) {
    detail::rethrow_for_row(e, first, second, fn);
  } catch (const out_of_bounds& e) {
    detail::rethrow_for_row(e, first, second, fn);
  }
  contribution_gap<Scalar> g;
  g.first = first;
  g.second = second;
  g.difference = (c.row(0) - c.row(1)).transpose();
  g.first_score = c.row(0).sum();
  g.second_score = c.row(1).sum();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(x.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return g.difference(a) > g.difference(b);
  });
  g.order.resize(x.cols());
  for (std::size_t j = 0; j < order.size(); ++j) g.order(static_cast<Eigen::Index>(j)) = order[j];
  return g;
}

// ---------------------------------------------------------------------------------------------
// Rank correlation

namespace detail {

template <typename Derived>
void check_ranking(const Eigen::MatrixBase<Derived>& v, const char* fn, const char* field) {
  if (v.cols() != 1 && v.rows() != 1) {
    throw shape_mismatch({fn, field, std::nullopt},
                         detail::cat("expects a vector, got ", v.rows(), " x ", v.cols()));
  }
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (!std::isfinite(static_cast<double>(v.coeff(i)))) {
      throw non_finite_value({fn, field, i}, detail::cat("value is ", v.coeff(i)));
    }
  }
}

template <typename A, typename B>
std::pair<std::vector<double>, std::vector<double>> ranking_pair(const Eigen::MatrixBase<A>& a,
                                                                 const Eigen::MatrixBase<B>& b,
                                                                 const char* fn) {
  check_ranking(a, fn, "a");
  check_ranking(b, fn, "b");
  if (a.size() != b.size()) {
    throw shape_mismatch({fn, "b", std::nullopt}, detail::cat("the rankings have ", a.size(),
                                                              " and ", b.size(), " entries"));
  }
  if (a.size() < 2) {
    throw empty_input({fn, "a", std::nullopt},
                      detail::cat("needs at least 2 accounts, got ", a.size()));
  }
  std::vector<double> x(static_cast<std::size_t>(a.size()));
  std::vector<double> y(x.size());
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    x[static_cast<std::size_t>(i)] = static_cast<double>(a.coeff(i));
    y[static_cast<std::size_t>(i)] = static_cast<double>(b.coeff(i));
  }
  return {std::move(x), std::move(y)};
}

/// Average ranks (1-based, ties averaged), as scipy.stats.rankdata's default.
template <typename = void>
std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  std::size_t p = 0;
  while (p < idx.size()) {
    std::size_t q = p;
    while (q < idx.size() && v[idx[q]] == v[idx[p]]) ++q;
    const double avg = (static_cast<double>(p + 1) + static_cast<double>(q)) / 2.0;
    for (std::size_t t = p; t < q; ++t) r[idx[t]] = avg;
    p = q;
  }
  return r;
}

/// Pairs tied within runs of equal keys of a sorted sequence: sum of t (t - 1) / 2.
template <typename Equal>
std::int64_t tied_pairs(std::size_t n, Equal equal) {
  std::int64_t pairs = 0;
  std::size_t p = 0;
  while (p < n) {
    std::size_t q = p + 1;
    while (q < n && equal(p, q)) ++q;
    const auto t = static_cast<std::int64_t>(q - p);
    pairs += t * (t - 1) / 2;
    p = q;
  }
  return pairs;
}

/// Sorts `v` (by value) and returns the number of inversions (pairs i < j with v[i] > v[j]).
template <typename = void>
std::int64_t count_inversions(std::vector<double>& v, std::vector<double>& buf) {
  std::int64_t swaps = 0;
  const std::size_t n = v.size();
  buf.resize(n);
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n);
      const std::size_t hi = std::min(lo + 2 * width, n);
      std::size_t i = lo;
      std::size_t j = mid;
      std::size_t k = lo;
      while (i < mid && j < hi) {
        if (v[j] < v[i]) {
          swaps += static_cast<std::int64_t>(mid - i);
          buf[k++] = v[j++];
        } else {
          buf[k++] = v[i++];
        }
      }
      while (i < mid) buf[k++] = v[i++];
      while (j < hi) buf[k++] = v[j++];
    }
    v.swap(buf);
  }
  return swaps;
}

}  // namespace detail

/// Returns Spearman's rank correlation of two rankings (or scores) of the same accounts: the
/// Pearson correlation of their average ranks (ties share the mean of their positions, as
/// scipy.stats.spearmanr). Only the order matters, so ranks and scores can be mixed as long as
/// both say "higher is better" or both "lower is better". Accepts any arithmetic scalar (ranks are
/// integers). Throws kam::shape_mismatch (not vectors, or different sizes), kam::empty_input
/// (fewer than 2 entries), kam::non_finite_value (naming `a` or `b` and the row),
/// kam::invalid_input when a ranking is constant (the correlation is undefined).
/// Complexity: O(N log N).
template <typename A, typename B>
requires std::is_arithmetic_v<typename A::Scalar> && std::is_arithmetic_v<typename B::Scalar>
[[nodiscard]] double spearman(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
  constexpr const char* fn = "kam::spearman";
  // Named references, not a structured binding: Clang before 16 cannot capture those in lambdas.
  const auto values = detail::ranking_pair(a, b, fn);
  const std::vector<double>& x = values.first;
  const std::vector<double>& y = values.second;
  const auto rx = detail::average_ranks(x);
  const auto ry = detail::average_ranks(y);
  const double mean = (static_cast<double>(x.size()) + 1.0) / 2.0;
  double sxy = 0.0;
  double sxx = 0.0;
  double syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (!(sxx > 0.0) || !(syy > 0.0)) {
    throw invalid_input({fn, sxx > 0.0 ? "b" : "a", std::nullopt},
                        "every account has the same rank: the correlation is undefined");
  }
  return sxy / std::sqrt(sxx * syy);
}

/// Returns Kendall's tau-b of two rankings (or scores) of the same accounts:
/// (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)), n0 = N(N-1)/2 and n1, n2 the pairs tied
/// in `a` and in `b` (tau-b corrects for ties, as scipy.stats.kendalltau's default). Knight's
/// O(N log N) algorithm. Accepts any arithmetic scalar. Throws as kam::spearman.
template <typename A, typename B>
requires std::is_arithmetic_v<typename A::Scalar> && std::is_arithmetic_v<typename B::Scalar>
[[nodiscard]] double kendall_tau_b(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
  constexpr const char* fn = "kam::kendall_tau_b";
  // Named references, not a structured binding: Clang before 16 cannot capture those in lambdas.
  const auto values = detail::ranking_pair(a, b, fn);
  const std::vector<double>& x = values.first;
  const std::vector<double>& y = values.second;
  const std::size_t n = x.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(), [&](std::size_t p, std::size_t q) {
    return x[p] < x[q] || (x[p] == x[q] && y[p] < y[q]);
  });
  const std::int64_t tied_x =
      detail::tied_pairs(n, [&](std::size_t p, std::size_t q) { return x[idx[p]] == x[idx[q]]; });
  const std::int64_t tied_xy = detail::tied_pairs(n, [&](std::size_t p, std::size_t q) {
    return x[idx[p]] == x[idx[q]] && y[idx[p]] == y[idx[q]];
  });
  std::vector<double> ys(n);
  for (std::size_t i = 0; i < n; ++i) ys[i] = y[idx[i]];
  std::vector<double> buf;
  const std::int64_t swaps = detail::count_inversions(ys, buf);
  const std::int64_t tied_y =
      detail::tied_pairs(n, [&](std::size_t p, std::size_t q) { return ys[p] == ys[q]; });
  const auto n0 = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n - 1) / 2;
  if (n0 == tied_x || n0 == tied_y) {
    throw invalid_input({fn, n0 == tied_x ? "a" : "b", std::nullopt},
                        "every account has the same rank: the correlation is undefined");
  }
  const auto numerator = static_cast<double>(n0 - tied_x - tied_y + tied_xy - 2 * swaps);
  return numerator / std::sqrt(static_cast<double>(n0 - tied_x) * static_cast<double>(n0 - tied_y));
}

// ---------------------------------------------------------------------------------------------
// Sensitivity of the weighted-sum ranking to the weights

/// How kam::weight_sensitivity perturbs the weights w (normalised, summing to 1).
/// - `dirichlet` (default): w' ~ Dirichlet(kappa w), centred on w (E w'_j = w_j) with
///   Var w'_j = w_j (1 - w_j) / (kappa + 1); kappa is `concentration`. Larger kappa, smaller
///   changes; kappa = 100 moves a weight of 0.25 by about 0.04 (one standard deviation).
/// - `lognormal`: w'_j = w_j exp(sigma z_j - sigma^2 / 2) with z_j standard normal, then
///   renormalised to sum 1; sigma is `sigma` (0.2 = about 20 % relative noise per weight).
/// A weight of 0 stays 0 under both.
enum class weight_perturbation { dirichlet, lognormal };
BOOST_DESCRIBE_ENUM(weight_perturbation, dirichlet, lognormal)

/// Options of kam::weight_sensitivity. The random numbers are fully specified: draw d uses its
/// own stream, kam::random_stream(seed, d), with kam's own normal (Box-Muller) and gamma (Marsaglia
/// & Tsang 2000) draws from kam/core/random.hpp — no std:: distribution, whose output differs
/// between standard libraries. Because every draw has its own
/// stream and the tallies are integers, the result is the same for any `threads`.
struct sensitivity_options {
  Eigen::Index draws = 1000;  ///< number of perturbed weight vectors
  std::uint64_t seed = 1;
  weight_perturbation distribution = weight_perturbation::dirichlet;
  double concentration = 100.0;  ///< dirichlet: kappa (> 0)
  double sigma = 0.2;            ///< lognormal: sigma (>= 0)
  /// Threads to spread the draws over (0 or 1: the calling thread only, as
  /// score_options::threads); the answer does not depend on it.
  Eigen::Index threads = 1;
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

/// Writes the perturbed weights of draw `draw` into `out` (summing to 1).
template <typename = void>
void perturb_weights(const Eigen::VectorXd& w, const sensitivity_options& o, std::uint64_t draw,
                     Eigen::VectorXd& out) {
  random_engine engine = random_stream(o.seed, draw);
  out.resize(w.size());
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    if (!(w(j) > 0.0)) {
      out(j) = 0.0;
    } else if (o.distribution == weight_perturbation::dirichlet) {
      out(j) = gamma_draw(engine, o.concentration * w(j));
    } else {
      out(j) = w(j) * std::exp(o.sigma * standard_normal(engine) - 0.5 * o.sigma * o.sigma);
    }
  }
  const double sum = out.sum();
  if (sum > 0.0) {
    out /= sum;
  } else {
    out = w;  // every gamma variate underflowed: keep the base weights for this draw
  }
}

/// The normalised, directed values of every account (NaN marks a missing value under
/// renormalize) and the base scores, validated exactly as kam::score validates.
template <typename Scalar>
struct sensitivity_inputs {
  matrix_of<Scalar> values;   ///< N x K, missing values as 0
  matrix_of<Scalar> present;  ///< N x K of 1/0 under renormalize, else empty
  vector_of<Scalar> base_scores;
  Scalar factor = 1;
};

template <typename X, typename Scalar>
sensitivity_inputs<Scalar> prepare_sensitivity(const X& xd, const criteria_set& criteria,
                                               const score_reference<Scalar>& reference,
                                               const score_options& options, const char* fn) {
  sensitivity_inputs<Scalar> in;
  in.base_scores = score_checked(xd, criteria, reference, options, fn).scores;
  const auto t = make_transforms(criteria, reference, options, fn);
  in.factor = options.scale == score_scale::percent ? Scalar(100) : Scalar(1);
  const bool renormalize = options.missing == missing_policy::renormalize;
  in.values.resize(xd.rows(), xd.cols());
  if (renormalize) in.present.resize(xd.rows(), xd.cols());
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const auto& tj = t.columns[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      Scalar v = xd.coeff(i, j);
      const bool missing = std::isnan(v);
      if (missing && !renormalize) v = tj.impute;  // reject has thrown already
      in.values(i, j) = missing && renormalize ? Scalar(0) : tj(v);
      if (renormalize) in.present(i, j) = missing ? Scalar(0) : Scalar(1);
    }
  }
  return in;
}

/// Scores under weights `w` (summing to 1): sum_j w_j v_ij, divided by the weight present under
/// renormalize; an account with no weight on its present criteria scores 0.
template <typename Scalar>
void scores_for(const sensitivity_inputs<Scalar>& in, const Eigen::VectorXd& w,
                vector_of<Scalar>& s) {
  const Eigen::Index n = in.values.rows();
  s.setZero(n);
  for (Eigen::Index j = 0; j < in.values.cols(); ++j) {
    const auto wj = static_cast<Scalar>(w(j));
    if (wj == Scalar(0)) continue;
    s += wj * in.values.col(j);
  }
  if (in.present.size() > 0) {
    vector_of<Scalar> covered = vector_of<Scalar>::Zero(n);
    for (Eigen::Index j = 0; j < in.present.cols(); ++j)
      covered += static_cast<Scalar>(w(j)) * in.present.col(j);
    for (Eigen::Index i = 0; i < n; ++i) s(i) = covered(i) > Scalar(0) ? s(i) / covered(i) : 0;
  }
  s *= in.factor;
}

/// Integer tallies of a range of draws; merged by addition, min and max, so the totals do not
/// depend on how the draws are split between threads.
struct sensitivity_tally {
  // Plain loops rather than Eigen expressions over index vectors: the same code, but nothing for
  // a translation unit that never calls weight_sensitivity to instantiate (docs/decisions.md).
  std::vector<Eigen::Index> in_set, best, worst, rank_sum;
  explicit sensitivity_tally(Eigen::Index n)
      : in_set(static_cast<std::size_t>(n), 0),
        best(static_cast<std::size_t>(n), std::numeric_limits<Eigen::Index>::max()),
        worst(static_cast<std::size_t>(n), 0),
        rank_sum(static_cast<std::size_t>(n), 0) {}
  /// Adds draws whose ranks are `r` (one per account).
  template <typename Ranks>
  void add_ranks(const Ranks& r) {
    for (std::size_t i = 0; i < rank_sum.size(); ++i) {
      const auto v = r[static_cast<Eigen::Index>(i)];
      rank_sum[i] += v;
      best[i] = std::min(best[i], v);
      worst[i] = std::max(worst[i], v);
    }
  }
  template <typename = void>
  void merge(const sensitivity_tally& o) {
    for (std::size_t i = 0; i < rank_sum.size(); ++i) {
      in_set[i] += o.in_set[i];
      rank_sum[i] += o.rank_sum[i];
      best[i] = std::min(best[i], o.best[i]);
      worst[i] = std::max(worst[i], o.worst[i]);
    }
  }
};

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

}  // namespace detail

/// Returns how stable each account's rank and key-account status are when the weights of the
/// weighted-sum score move: `options.draws` weight vectors are drawn around the criteria's
/// weights (see weight_perturbation), every account is re-scored against `reference` with each
/// (as kam::score would, same missing-value policy and scale), ranked (tie_rule::min) and the
/// key-account set chosen under `policy` (a top-k is `policy.cap = k`). Reports per account the
/// share of draws in the set, and the best, worst and mean rank over the draws ([best, worst] is
/// the observed range, which widens with more draws). Same seed, same answer, whatever
/// `options.threads`.
/// Throws as kam::score for the data, kam::invalid_input for draws < 1, threads < 0, a
/// concentration <= 0, a negative sigma or an unknown distribution, and as
/// kam::select_key_accounts for the policy. Complexity: O(draws (N K + N log N)); memory N x K.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] sensitivity_result weight_sensitivity(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const key_account_policy& policy,
    const sensitivity_options& options = {}, const score_options& score_opts = {}) {
  constexpr const char* fn = "kam::weight_sensitivity";
  if (options.draws < 1 || options.threads < 0) {
    throw invalid_input({fn, options.draws < 1 ? "draws" : "threads", std::nullopt},
                        detail::cat("draws (", options.draws, ") must be >= 1 and threads (",
                                    options.threads, ") >= 0"));
  }
  if (!is_enumerator(options.distribution) ||
      (options.distribution == weight_perturbation::dirichlet &&
       !(options.concentration > 0.0 && std::isfinite(options.concentration))) ||
      (options.distribution == weight_perturbation::lognormal &&
       !(options.sigma >= 0.0 && std::isfinite(options.sigma)))) {
    throw invalid_input({fn, "distribution", std::nullopt},
                        detail::cat("needs a known distribution with a finite concentration > 0 "
                                    "(dirichlet) or sigma >= 0 (lognormal); got concentration ",
                                    options.concentration, ", sigma ", options.sigma));
  }
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

  const Eigen::VectorXd& w = criteria.weights();
  const auto draws = static_cast<std::uint64_t>(options.draws);
  const auto workers = static_cast<std::uint64_t>(
      std::min<Eigen::Index>(std::max<Eigen::Index>(options.threads, 1), options.draws));
  std::vector<detail::sensitivity_tally> tallies(static_cast<std::size_t>(workers),
                                                 detail::sensitivity_tally(n));
  // One segment of draws per thread: the tallies are integers merged in a fixed order, so the
  // result does not depend on the thread count.
  detail::parallel_for(
      static_cast<Eigen::Index>(workers), static_cast<unsigned>(workers), [&](Eigen::Index t) {
        const auto u = static_cast<std::uint64_t>(t);
        detail::run_draws(in, w, policy, options, draws * u / workers, draws * (u + 1) / workers,
                          tallies[static_cast<std::size_t>(t)]);
      });
  for (std::size_t t = 1; t < tallies.size(); ++t) tallies[0].merge(tallies[t]);
  const auto& total = tallies[0];
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
