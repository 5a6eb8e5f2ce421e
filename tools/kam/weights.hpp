// Weights and methods of `kam score`: where the criteria weights come from (as configured,
// equal, rank-order centroid, AHP, or derived from the data by entropy, CRITIC or standard
// deviation) and how accounts are scored (weighted sum, weighted product, TOPSIS).
//
// Weights derived from data are computed from mergeable sums, so a file larger than memory gets
// the same weights as in one piece: per column the count, mean, min, max, sum and sum of
// x ln x, and the co-moment matrix sum (x_j - mean_j)(x_k - mean_k), merged with Chan, Golub &
// LeVeque's pairwise update. Entropy, standard deviation and CRITIC are closed forms of these
// (see derive_weights), equal to kam::entropy_weights, kam::std_dev_weights and
// kam::critic_weights on the whole matrix up to rounding.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <kam/kam.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_io.hpp"

namespace kam_cli {

/// How accounts are scored. `weighted_sum` (default): kam::score, whose per-criterion
/// contributions add up to the score; `weighted_product`: kam::weighted_product; `topsis`:
/// kam::topsis (the closeness to the ideal point). The last two have no missing-value policy.
enum class score_method { weighted_sum, weighted_product, topsis };
BOOST_DESCRIBE_ENUM(score_method, weighted_sum, weighted_product, topsis)

/// Where the criteria weights come from. `direct` (default): the criteria's own weights;
/// `equal`; `rank_order`: rank-order centroid from `ranks` (kam::rank_order_centroid_weights);
/// `ahp`: the principal eigenvector (or geometric mean) of `pairwise` (kam::ahp); `entropy`,
/// `critic`, `std_dev`: derived from the accounts (kam::entropy_weights, kam::critic_weights,
/// kam::std_dev_weights), over `data`.
enum class weight_source { direct, equal, rank_order, ahp, entropy, critic, std_dev };
BOOST_DESCRIBE_ENUM(weight_source, direct, equal, rank_order, ahp, entropy, critic, std_dev)

/// What weights derived from data are computed on: `normalized` (default): the directed,
/// normalised values that the weighted sum weights (kam::normalize: each criterion's own
/// normalisation, cost criteria inverted), so units and scales do not decide the weights;
/// `raw`: the values as in the file (as kam::entropy_weights and friends take them; entropy then
/// needs values >= 0, CRITIC applies each criterion's direction itself).
enum class weight_data { normalized, raw };
BOOST_DESCRIBE_ENUM(weight_data, normalized, raw)

/// The "score.weights" configuration.
struct weight_config {
  weight_source source = weight_source::direct;
  /// rank_order: each criterion's importance rank, in criteria order (1 = most important; ties
  /// share their positions' weights).
  std::vector<Eigen::Index> ranks;
  /// ahp: the pairwise comparison matrix, rows and columns in criteria order; entries are
  /// numbers or fractions written as text ("1/3").
  std::vector<std::vector<boost::json::value>> pairwise;
  kam::ahp_options ahp{};
  weight_data data = weight_data::normalized;
  Eigen::Index ddof = 1;  ///< std_dev only (it does not change the weights with complete data)
};
BOOST_DESCRIBE_STRUCT(weight_config, (), (source, ranks, pairwise, ahp, data, ddof))

/// Returns whether weights from `source` are derived from the accounts.
[[nodiscard]] inline bool from_data(weight_source source) noexcept {
  return source == weight_source::entropy || source == weight_source::critic ||
         source == weight_source::std_dev;
}

/// Returns the AHP matrix of `w` (configured at `path`), each entry a number or "p/q"; throws
/// located_error at an entry that is neither, or for a matrix that is not `n` x `n`.
[[nodiscard]] inline Eigen::MatrixXd pairwise_matrix(const json_document& doc,
                                                     const json_path& path, const weight_config& w,
                                                     Eigen::Index n) {
  const auto rows = static_cast<Eigen::Index>(w.pairwise.size());
  if (rows != n) {
    doc.fail(path, kam::detail::cat("the pairwise matrix has ", rows, " rows for ", n,
                                    " criteria (one row and column per criterion, in order)"));
  }
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& row = w.pairwise[static_cast<std::size_t>(i)];
    const json_path at = path.index(static_cast<std::size_t>(i));
    if (static_cast<Eigen::Index>(row.size()) != n)
      doc.fail(at,
               kam::detail::cat("row ", i, " has ", row.size(), " entries for ", n, " criteria"));
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto& v = row[static_cast<std::size_t>(j)];
      const json_path e = at.index(static_cast<std::size_t>(j));
      if (v.is_number()) {
        m(i, j) = v.to_number<double>();
        continue;
      }
      const auto bad = [&] {
        doc.fail(e, "expected a number or a fraction such as \"1/3\" for a pairwise judgement");
      };
      if (!v.is_string()) bad();
      const std::string_view t = v.get_string();
      const auto slash = t.find('/');
      double num = 0, den = 0;
      if (slash == std::string_view::npos) bad();
      const auto a = std::from_chars(t.data(), t.data() + slash, num);
      const auto b = std::from_chars(t.data() + slash + 1, t.data() + t.size(), den);
      if (a.ec != std::errc() || a.ptr != t.data() + slash || b.ec != std::errc() ||
          b.ptr != t.data() + t.size() || !(den > 0))
        bad();
      m(i, j) = num / den;
    }
  }
  return m;
}

/// Mergeable sums of an accounts x criteria block, from which entropy, CRITIC and
/// standard-deviation weights follow.
struct weight_stats {
  Eigen::Index n = 0;
  Eigen::VectorXd mean, min, max, sum, xlogx;
  Eigen::MatrixXd comoment;  ///< K x K: sum over accounts of (x_j - mean_j)(x_k - mean_k)

  /// Returns the sums of `x` (every value finite).
  template <typename Derived>
  [[nodiscard]] static weight_stats of(const Eigen::MatrixBase<Derived>& x) {
    weight_stats s;
    s.n = x.rows();
    s.mean = x.colwise().mean().transpose();
    s.min = x.colwise().minCoeff().transpose();
    s.max = x.colwise().maxCoeff().transpose();
    s.sum = x.colwise().sum().transpose();
    s.xlogx.resize(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      double t = 0;
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const double v = x(i, j);
        if (v > 0) t += v * std::log(v);  // 0 ln 0 = 0
      }
      s.xlogx(j) = t;
    }
    const Eigen::MatrixXd centred = x.rowwise() - s.mean.transpose();
    s.comoment = centred.transpose() * centred;
    return s;
  }

  /// Adds the sums of other accounts (Chan et al.'s update of the means and co-moments).
  void merge(const weight_stats& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double na = static_cast<double>(n), nb = static_cast<double>(o.n);
    const double total = na + nb;
    const Eigen::VectorXd delta = o.mean - mean;
    comoment += o.comoment + delta * delta.transpose() * (na * nb / total);
    mean += delta * (nb / total);
    min = min.cwiseMin(o.min);
    max = max.cwiseMax(o.max);
    sum += o.sum;
    xlogx += o.xlogx;
    n += o.n;
  }
};

/// Returns the weights (one per criterion, summing to 1) and the criteria that carried no
/// information, from the sums of every account:
/// - std_dev: sd_j = sqrt(C_jj / (n - ddof)), w ~ sd (as kam::std_dev_weights);
/// - entropy: e_j = -(1 / ln n) sum_i p_ij ln p_ij with p_ij = x_ij / S_j, which is
///   -(1 / ln n) (T_j / S_j - ln S_j) with S_j = sum x_ij and T_j = sum x_ij ln x_ij; w ~ 1 - e_j
///   (as kam::entropy_weights);
/// - critic: the min-max mapping with direction is affine, so sd_j = sqrt(C_jj / (n - 1)) /
///   (max_j - min_j) and r_jk = s_j s_k C_jk / sqrt(C_jj C_kk) (s = -1 for a cost criterion
///   on raw data); w ~ sd_j sum_k (1 - r_jk) over non-constant k (as kam::critic_weights).
/// A column with max = min is constant: weight 0, listed. Throws kam::invalid_input when every
/// column is constant, kam::empty_input for too few accounts.
[[nodiscard]] inline kam::derived_weights<double> derive_weights(
    const weight_stats& s, weight_source source, const std::vector<kam::direction>& directions,
    Eigen::Index ddof) {
  constexpr const char* fn = "kam_cli::derive_weights";
  const Eigen::Index k = s.mean.size();
  const double n = static_cast<double>(s.n);
  const Eigen::Index needed = source == weight_source::std_dev ? ddof + 1 : 2;
  if (s.n < needed) {
    throw kam::empty_input({fn, "accounts", std::nullopt},
                           kam::detail::cat(kam::enum_name(source), " weights need at least ",
                                            needed, " accounts, got ", s.n));
  }
  Eigen::VectorXd raw = Eigen::VectorXd::Zero(k);
  std::vector<Eigen::Index> constant;
  std::vector<bool> is_constant(static_cast<std::size_t>(k), false);
  for (Eigen::Index j = 0; j < k; ++j) {
    if (!(s.max(j) > s.min(j))) {
      is_constant[static_cast<std::size_t>(j)] = true;
      constant.push_back(j);
    }
  }
  for (Eigen::Index j = 0; j < k; ++j) {
    if (is_constant[static_cast<std::size_t>(j)]) continue;
    switch (source) {
      case weight_source::std_dev:
        raw(j) = std::sqrt(s.comoment(j, j) / (n - static_cast<double>(ddof)));
        break;
      case weight_source::entropy: {
        const double total = s.sum(j);
        const double h = -(s.xlogx(j) / total - std::log(total)) / std::log(n);
        raw(j) = std::max(0.0, 1.0 - h);
        break;
      }
      default: {  // critic
        const double sd = std::sqrt(s.comoment(j, j) / (n - 1)) / (s.max(j) - s.min(j));
        const double sj = directions[static_cast<std::size_t>(j)] == kam::direction::cost ? -1 : 1;
        double conflict = 0;
        for (Eigen::Index m = 0; m < k; ++m) {
          if (is_constant[static_cast<std::size_t>(m)]) continue;
          const double sm =
              directions[static_cast<std::size_t>(m)] == kam::direction::cost ? -1 : 1;
          const double r =
              sj * sm * s.comoment(j, m) / std::sqrt(s.comoment(j, j) * s.comoment(m, m));
          conflict += 1 - std::clamp(r, -1.0, 1.0);
        }
        raw(j) = sd * conflict;
      }
    }
  }
  const double total = raw.sum();
  if (!(total > 0)) {
    throw kam::invalid_input(
        {fn, "criteria", std::nullopt},
        kam::detail::cat("every criterion is constant over the accounts: ", kam::enum_name(source),
                         " weights cannot be derived"));
  }
  return {raw / total, std::move(constant)};
}

}  // namespace kam_cli
