// Weighted k-means (Lloyd) with greedy k-means++ seeding, restarts, standardisation and predict.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/detail/parallel.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/core/random.hpp>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam {

/// How a k-means run ended. Neither is an error.
/// - `converged`: an iteration left every label unchanged, or moved the centroids by at most the
///   tolerance (scikit-learn's two stopping rules).
/// - `iteration_limit`: `max_iterations` were run without converging; the result is usable, but
///   more iterations would still move it.
enum class kmeans_status { converged, iteration_limit };
BOOST_DESCRIBE_ENUM(kmeans_status, converged, iteration_limit)

/// Options of kam::kmeans.
struct kmeans_options {
  /// The number of clusters, 1 <= k <= the number of accounts with a positive weight (and
  /// k <= 2^24 in float, whose lanes carry the cluster numbers in the distance kernel).
  Eigen::Index k = 8;
  /// Independent runs from different k-means++ seedings; the one with the lowest inertia is kept
  /// (ties: the earlier run).
  Eigen::Index restarts = 1;
  /// Lloyd iterations per run (each: assign every account, then move every centroid).
  Eigen::Index max_iterations = 300;
  /// A run stops when the centroids move by at most tolerance x the mean variance of the
  /// features (sum over centroids of squared moves, as scikit-learn's `tol`); 0 stops only when
  /// no label changes.
  double tolerance = 1e-4;
  /// Seed of the random stream (std::mt19937_64, with kam's own transforms to uniforms).
  std::uint64_t seed = 0;
  /// Cluster z-scores (x - mean) / sd per feature (sd with ddof 0, unweighted; a constant
  /// feature keeps scale 1) instead of raw values. Centroids are reported in raw units either way.
  bool standardize = false;
  /// Candidates tried per centre by greedy k-means++; 0 means scikit-learn's 2 + floor(ln k).
  Eigen::Index local_trials = 0;
  /// Threads, as kam::resolve_threads reads them (1: the caller's only; 0: every hardware thread).
  /// Results are bit-identical for every thread count: the work is cut into fixed chunks whose
  /// partial sums are combined in chunk order.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(kmeans_options, (),
                      (k, restarts, max_iterations, tolerance, seed, standardize, local_trials,
                       threads))

namespace detail::km {

/// Rows per block: a block of z-scores stays in L1 while every centroid is compared with it.
inline constexpr Eigen::Index block_rows = 128;
/// Rows per unit of parallel work. Fixed, so that sums do not depend on the number of threads.
inline constexpr Eigen::Index chunk_rows = 8192;
/// The SIMD packet of Scalar that Eigen uses on this target (Eigen's own GEMM primitives).
template <typename Scalar>
using packet = typename Eigen::internal::packet_traits<Scalar>::type;
/// Accounts per group in the distance kernels: two packets.
template <typename Scalar>
inline constexpr Eigen::Index lanes =
    2 * static_cast<Eigen::Index>(Eigen::internal::unpacket_traits<packet<Scalar>>::size);
static_assert(block_rows % lanes<float> == 0 && block_rows % lanes<double> == 0);

/// Returns `x` as a plain matrix when it is an expression without direct access, else a
/// reference to it (no copy).
template <typename Derived>
decltype(auto) evaluated(const Eigen::MatrixBase<Derived>& x) {
  if constexpr (Eigen::internal::traits<Derived>::Flags & Eigen::DirectAccessBit) {
    return (x.derived());
  } else {
    return matrix_of<typename Derived::Scalar>(x);
  }
}

/// Copies rows [first, first + rows) of `x` into `buf` (column-major, leading dimension
/// block_rows) as z = (x - offset) * inv, and pads the block to a whole number of lane groups
/// with zeros. Returns the padded row count.
template <typename X, typename Scalar>
Eigen::Index load_block(const X& x, Eigen::Index first, Eigen::Index rows, const Scalar* offset,
                        const Scalar* inv, Scalar* buf) {
  constexpr Eigen::Index l = lanes<Scalar>;
  const Eigen::Index padded = (rows + l - 1) / l * l;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    Scalar* col = buf + j * block_rows;
    const Scalar o = offset[j];
    const Scalar s = inv[j];
    for (Eigen::Index b = 0; b < rows; ++b) col[b] = (x.coeff(first + b, j) - o) * s;
    for (Eigen::Index b = rows; b < padded; ++b) col[b] = Scalar(0);
  }
  return padded;
}

/// The distance kernel, Lloyd's assignment step as a small GEMM: for each account b of the block,
/// the centroid c minimising cn[c] + sum_j m[c d + j] z(b, j), where m = -2 C and cn = |C|^2
/// (the squared distance minus |z|^2, which does not depend on c). Exact ties go to the lower c.
/// Writes that value to `best` and c (as a Scalar) to `label`. Written with Eigen's packet
/// primitives (those of its GEMM kernels), so it is vectorised on every target Eigen supports.
/// @pre rows is a multiple of lanes<Scalar>.
template <typename Scalar>
void nearest(const Scalar* buf, Eigen::Index rows, Eigen::Index d, Eigen::Index k, const Scalar* m,
             const Scalar* cn, Scalar* best, Scalar* label) {
  namespace ei = Eigen::internal;
  using pk = packet<Scalar>;
  constexpr Eigen::Index p = lanes<Scalar> / 2;
  for (Eigen::Index g = 0; g < rows; g += 2 * p) {
    pk bd0 = ei::pset1<pk>(std::numeric_limits<Scalar>::infinity());
    pk bd1 = bd0;
    pk bl0 = ei::pset1<pk>(Scalar(0));
    pk bl1 = bl0;
    for (Eigen::Index c = 0; c < k; ++c) {
      pk a0 = ei::pset1<pk>(cn[c]);
      pk a1 = a0;
      const Scalar* mc = m + c * d;
      const Scalar* z = buf + g;
      for (Eigen::Index j = 0; j < d; ++j, z += block_rows) {
        const pk mj = ei::pset1<pk>(mc[j]);
        a0 = ei::pmadd(mj, ei::ploadu<pk>(z), a0);
        a1 = ei::pmadd(mj, ei::ploadu<pk>(z + p), a1);
      }
      const pk lc = ei::pset1<pk>(static_cast<Scalar>(c));
      const pk better0 = ei::pcmp_lt(a0, bd0);
      const pk better1 = ei::pcmp_lt(a1, bd1);
      bd0 = ei::pselect(better0, a0, bd0);
      bd1 = ei::pselect(better1, a1, bd1);
      bl0 = ei::pselect(better0, lc, bl0);
      bl1 = ei::pselect(better1, lc, bl1);
    }
    ei::pstoreu(best + g, bd0);
    ei::pstoreu(best + g + p, bd1);
    ei::pstoreu(label + g, bl0);
    ei::pstoreu(label + g + p, bl1);
  }
}

/// The squared distance of every account of the block to the point `c` (exact form, sum of
/// squared differences). @pre rows is a multiple of lanes<Scalar>.
template <typename Scalar>
void distances_to(const Scalar* buf, Eigen::Index rows, Eigen::Index d, const Scalar* c,
                  Scalar* out) {
  namespace ei = Eigen::internal;
  using pk = packet<Scalar>;
  constexpr Eigen::Index p = lanes<Scalar> / 2;
  for (Eigen::Index g = 0; g < rows; g += 2 * p) {
    pk a0 = ei::pset1<pk>(Scalar(0));
    pk a1 = a0;
    const Scalar* z = buf + g;
    for (Eigen::Index j = 0; j < d; ++j, z += block_rows) {
      const pk cj = ei::pset1<pk>(c[j]);
      const pk d0 = ei::psub(ei::ploadu<pk>(z), cj);
      const pk d1 = ei::psub(ei::ploadu<pk>(z + p), cj);
      a0 = ei::pmadd(d0, d0, a0);
      a1 = ei::pmadd(d1, d1, a1);
    }
    ei::pstoreu(out + g, a0);
    ei::pstoreu(out + g + p, a1);
  }
}

/// Copies the block (column-major, features padded with zero columns to `dp`, a multiple of the
/// packet size) into `rm`, row-major with stride dp, in packet-sized square tiles transposed in
/// registers (Eigen's ptranspose), so that an account's features can be added to its cluster's
/// sums as whole packets. @pre rows is a multiple of lanes<Scalar>.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
// GCC warns that a SIMD type's alignment attribute is dropped when it is a template argument,
// which is harmless here (Eigen silences the same warning in its own headers).
#pragma GCC diagnostic ignored "-Wignored-attributes"
#endif
template <typename Scalar>
void transpose_block(const Scalar* buf, Eigen::Index rows, Eigen::Index dp, Scalar* rm) {
  namespace ei = Eigen::internal;
  using pk = packet<Scalar>;
  constexpr int p = ei::packet_traits<Scalar>::size;
  ei::PacketBlock<pk, p> tile;
  for (Eigen::Index b = 0; b < rows; b += p) {
    for (Eigen::Index j = 0; j < dp; j += p) {
      for (int q = 0; q < p; ++q) tile.packet[q] = ei::ploadu<pk>(buf + (j + q) * block_rows + b);
      ei::ptranspose(tile);
      for (int q = 0; q < p; ++q) ei::pstoreu(rm + (b + q) * dp + j, tile.packet[q]);
    }
  }
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// Returns the squared distance of account b of the block to centroid row `c` (exact form).
template <typename Scalar>
double distance_of(const Scalar* buf, Eigen::Index b, Eigen::Index d, const Scalar* c) {
  Scalar acc = 0;
  for (Eigen::Index j = 0; j < d; ++j) {
    const Scalar diff = buf[j * block_rows + b] - c[j];
    acc += diff * diff;
  }
  return static_cast<double>(acc);
}

/// The kernel's view of k centroids given in the clustered space (row c of `centres`, k x d):
/// m = -2 C row by row, cn = |C|^2 (summed in double), and C itself row by row.
template <typename Scalar>
struct prepared_centres {
  std::vector<Scalar> m, cn, c;
  template <typename Centres>
  void set(const Centres& centres) {
    const Eigen::Index k = centres.rows();
    const Eigen::Index d = centres.cols();
    m.resize(static_cast<std::size_t>(k * d));
    c.resize(m.size());
    cn.resize(static_cast<std::size_t>(k));
    for (Eigen::Index i = 0; i < k; ++i) {
      double norm = 0;
      for (Eigen::Index j = 0; j < d; ++j) {
        const auto v = static_cast<Scalar>(centres(i, j));
        c[static_cast<std::size_t>(i * d + j)] = v;
        m[static_cast<std::size_t>(i * d + j)] = Scalar(-2) * v;
        norm += static_cast<double>(v) * static_cast<double>(v);
      }
      cn[static_cast<std::size_t>(i)] = static_cast<Scalar>(norm);
    }
  }
};

/// Per-feature statistics of the input (unweighted, ddof 0), from the validating pass, and how
/// far the values reach from the mean (or a given centre): max_dev[j] = max_i |x_ij - mean_j|,
/// reached first at row max_row[j].
struct feature_stats {
  std::vector<double> mean, var, max_dev;
  std::vector<Eigen::Index> max_row;
};

/// Checks that every value is finite (naming the row and column otherwise) and returns the
/// per-feature mean, variance and reach from the mean, two passes in double.
template <typename X>
feature_stats check_and_describe(const X& x, const char* fn) {
  feature_stats s;
  const Eigen::Index n = x.rows();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto v = static_cast<double>(x.coeff(i, j));
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "features", i},
                               detail::cat("column ", j, " is ", v, "; features must be finite"));
      }
      sum += v;
    }
    const double mean = sum / static_cast<double>(n);
    double m2 = 0;
    double reach = 0;
    Eigen::Index row = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double dv = static_cast<double>(x.coeff(i, j)) - mean;
      m2 += dv * dv;
      if (!(std::abs(dv) <= reach)) {  // also catches an overflowed (infinite) mean
        reach = std::abs(dv);
        row = i;
      }
    }
    s.mean.push_back(mean);
    s.var.push_back(m2 / static_cast<double>(n));
    s.max_dev.push_back(reach);
    s.max_row.push_back(row);
  }
  return s;
}

/// Checks that every value is finite (naming the row and column otherwise) and returns, in
/// max_dev and max_row, how far the values reach from `centre` (one pass; no mean or variance).
template <typename X>
feature_stats check_and_reach(const X& x, const char* fn, const std::vector<double>& centre) {
  feature_stats s;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double from = centre[static_cast<std::size_t>(j)];
    double reach = 0;
    Eigen::Index row = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const auto v = static_cast<double>(x.coeff(i, j));
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "features", i},
                               detail::cat("column ", j, " is ", v, "; features must be finite"));
      }
      if (std::abs(v - from) > reach) {
        reach = std::abs(v - from);
        row = i;
      }
    }
    s.max_dev.push_back(reach);
    s.max_row.push_back(row);
  }
  return s;
}

/// The name of a scalar type in messages.
template <typename Scalar>
constexpr const char* scalar_name() {
  return std::is_same_v<Scalar, float> ? "float" : "double";
}

/// The largest magnitude kam lets a squared distance or a weighted sum reach in Scalar: a
/// sixteenth of the largest finite value, a margin for rounding and for the expanded distance.
template <typename Scalar>
constexpr double range_limit() {
  return static_cast<double>(std::numeric_limits<Scalar>::max()) / 16;
}

/// Throws kam::out_of_bounds unless squared distances between accounts that reach up to
/// `zx[j]` from the feature mean (in the clustered space; the farthest in row `zrow[j]`) and
/// centroids that reach up to `zc[j]` stay well inside Scalar's range (beyond it the distance
/// kernel would compare infinities, and the labels and centroids would be garbage or NaN).
template <typename Scalar>
void check_reach(const std::vector<double>& zx, const std::vector<Eigen::Index>& zrow,
                 const std::vector<double>& zc, const char* fn, const char* field,
                 std::optional<std::ptrdiff_t> row) {
  double r2 = 0;
  std::size_t worst = 0;
  for (std::size_t j = 0; j < zx.size(); ++j) {
    const double reach = zx[j] + zc[j];
    r2 += reach * reach;
    if (zx[j] + zc[j] > zx[worst] + zc[worst]) worst = j;
  }
  if (r2 < range_limit<Scalar>()) return;
  if (!row) row = zrow[worst];
  throw out_of_bounds(
      {fn, field, row},
      detail::cat("column ", worst, " is ", zx[worst],
                  " from its mean (in the clustered space): squared distances up to ", r2,
                  " would overflow ", scalar_name<Scalar>(),
                  "; rescale the features (or standardize)",
                  std::is_same_v<Scalar, float> ? ", or use double" : ""));
}

/// What check_weights learns about the sample weights.
struct weight_summary {
  Eigen::Index positive = 0;  ///< accounts with a positive weight
  double total = 0;           ///< the sum of the weights
};

/// Checks the sample weights: one per account, finite, non-negative, positive sum; returns the
/// number of accounts with a positive weight and the total.
template <typename W>
weight_summary check_weights(const W& w, Eigen::Index n, const char* fn) {
  if ((w.rows() != 1 && w.cols() != 1) || w.size() != n) {
    throw shape_mismatch(
        {fn, "weights", std::nullopt},
        detail::cat("expects one weight per account (", n, "), got ", w.rows(), " x ", w.cols()));
  }
  Eigen::Index positive = 0;
  double sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto v = static_cast<double>(w.coeff(i));
    if (!std::isfinite(v)) {
      throw non_finite_value({fn, "weights", i}, detail::cat("weight is ", v));
    }
    if (v < 0) throw invalid_input({fn, "weights", i}, detail::cat("weight ", v, " is negative"));
    positive += v > 0 ? 1 : 0;
    sum += v;
  }
  if (!(sum > 0)) {
    throw invalid_input({fn, "weights", std::nullopt},
                        "all weights are zero; at least one account must have a positive weight");
  }
  if (!std::isfinite(sum)) {
    throw invalid_input({fn, "weights", std::nullopt}, "the weights overflow when summed");
  }
  return {positive, sum};
}

/// What one chunk contributes to a pass.
struct partial {
  /// Interleaved accumulators: row b of a block adds into set b % ways, so consecutive accounts
  /// of the same cluster do not wait for each other's additions. Per set and cluster: the
  /// weighted sums of z (d values) and the weight; the accounts with a positive weight and all
  /// accounts. The sets are combined in a fixed order.
  static constexpr std::size_t ways = 4;
  std::vector<double> acc;             ///< ways x k x (dp + 1): sums (padded), then the weight
  std::vector<Eigen::Index> cnt;       ///< ways x k x 2
  std::vector<double> sums;            ///< totals: k x d, weighted sums of z per cluster
  std::vector<double> weight;          ///< totals: k, total weight per cluster
  std::vector<Eigen::Index> members;   ///< totals: k, accounts with a positive weight
  std::vector<Eigen::Index> accounts;  ///< totals: k, all accounts per cluster
  std::vector<double> pot;             ///< k-means++: potential per candidate
  double inertia = 0;
  double mass = 0;  ///< k-means++: total of this chunk's masses
  Eigen::Index changed = 0;
};

/// The outcome of one run.
struct run_outcome {
  Eigen::Index iterations = 0;
  Eigen::Index relocations = 0;
  bool converged = false;
  double inertia = 0;
};

/// Weighted k-means over the accounts of `x` as z = (x - offset) * inv, cut into fixed chunks.
template <typename Scalar, typename X>
class engine {
 public:
  engine(const X& x, const Scalar* w, const std::vector<Scalar>& offset,
         const std::vector<Scalar>& inv, Eigen::Index k, unsigned threads)
      : x_(x),
        w_(w),
        offset_(offset),
        inv_(inv),
        n_(x.rows()),
        d_(x.cols()),
        k_(k),
        dp_((x.cols() + packet_size - 1) / packet_size * packet_size),
        chunks_((x.rows() + chunk_rows - 1) / chunk_rows),
        pool_(static_cast<unsigned>(
            std::min<Eigen::Index>(threads, std::max<Eigen::Index>(1, chunks_)))),
        parts_(static_cast<std::size_t>(chunks_)),
        scratch_(static_cast<std::size_t>(pool_.size())) {
    for (auto& s : scratch_) {
      // The feature columns beyond d stay zero: load_block writes the first d only.
      s.buf.assign(static_cast<std::size_t>(block_rows * dp_), Scalar(0));
      s.rm.assign(static_cast<std::size_t>(block_rows * dp_), Scalar(0));
      s.bacc.assign(partial::ways * static_cast<std::size_t>(k_ * dp_), Scalar(0));
      s.best.assign(static_cast<std::size_t>(block_rows), Scalar(0));
      s.label.assign(static_cast<std::size_t>(block_rows), Scalar(0));
    }
  }

  /// Returns the clustered-space value of feature j of account i (as load_block computes it).
  [[nodiscard]] Scalar z(Eigen::Index i, Eigen::Index j) const {
    return (x_.coeff(i, j) - offset_[static_cast<std::size_t>(j)]) *
           inv_[static_cast<std::size_t>(j)];
  }
  [[nodiscard]] double weight(Eigen::Index i) const {
    return w_ == nullptr ? 1.0 : static_cast<double>(w_[i]);
  }

  /// Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's local trials): the first
  /// centre is an account drawn with probability proportional to its weight; each next one is
  /// the best of `trials` accounts drawn with probability proportional to weight x squared
  /// distance to the nearest centre so far, "best" meaning the lowest resulting potential
  /// (sum of weight x squared distance). Returns the chosen rows.
  std::vector<Eigen::Index> seed(random_engine& rng, Eigen::Index trials) {
    std::vector<Eigen::Index> rows;
    closest_.resize(static_cast<std::size_t>(n_));
    cum_.resize(static_cast<std::size_t>(n_));
    mass_pass(nullptr);
    rows.push_back(draw(uniform01(rng) * total_mass()));
    std::vector<Scalar> c(static_cast<std::size_t>(d_));
    load_row(rows.back(), c.data());
    mass_pass(c.data());
    std::vector<Scalar> cand(static_cast<std::size_t>(trials * d_));
    std::vector<Eigen::Index> cand_rows(static_cast<std::size_t>(trials));
    for (Eigen::Index centre = 1; centre < k_; ++centre) {
      const double pot = total_mass();
      for (Eigen::Index t = 0; t < trials; ++t) {
        cand_rows[static_cast<std::size_t>(t)] = draw(uniform01(rng) * pot);
        load_row(cand_rows[static_cast<std::size_t>(t)], cand.data() + t * d_);
      }
      candidate_pass(cand.data(), trials);
      Eigen::Index best = 0;
      double best_pot = std::numeric_limits<double>::infinity();
      for (Eigen::Index t = 0; t < trials; ++t) {
        double p = 0;
        for (const auto& part : parts_) p += part.pot[static_cast<std::size_t>(t)];
        if (p < best_pot) {
          best_pot = p;
          best = t;
        }
      }
      rows.push_back(cand_rows[static_cast<std::size_t>(best)]);
      mass_pass(cand.data() + best * d_);
    }
    return rows;
  }

  /// Runs Lloyd's algorithm from `centres` (k x d, clustered space, updated in place) and leaves
  /// the final labels in `labels` and the per-cluster totals in `totals`.
  run_outcome lloyd(Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& centres,
                    index_vector& labels, Eigen::Index max_iterations, double tolerance,
                    partial& totals) {
    run_outcome out;
    labels.setConstant(n_, -1);
    bool relocated_before = false;
    for (Eigen::Index it = 0; it < max_iterations; ++it) {
      prepared_.set(centres);
      assign_pass(labels, true, false);
      reduce(totals);
      // Empty clusters (no weight: no account with a positive weight): relocate them,
      // scikit-learn's way.
      std::vector<Eigen::Index> empty;
      for (Eigen::Index c = 0; c < k_; ++c)
        if (!(totals.weight[static_cast<std::size_t>(c)] > 0)) empty.push_back(c);
      const bool relocated = !empty.empty();
      if (relocated) {
        relocate(empty, labels, totals);
        out.relocations += static_cast<Eigen::Index>(empty.size());
      }
      double shift = 0;
      for (Eigen::Index c = 0; c < k_; ++c) {
        const double wc = totals.weight[static_cast<std::size_t>(c)];
        if (!(wc > 0)) continue;  // still empty (no account could be moved): keep the centroid
        for (Eigen::Index j = 0; j < d_; ++j) {
          const double v = totals.sums[static_cast<std::size_t>(c * d_ + j)] / wc;
          shift += (v - centres(c, j)) * (v - centres(c, j));
          centres(c, j) = v;
        }
      }
      out.iterations = it + 1;
      if (it > 0 && totals.changed == 0 && !relocated && !relocated_before) {
        out.converged = true;  // strict: no label changed
        break;
      }
      if (shift <= tolerance) {
        out.converged = true;
        break;
      }
      relocated_before = relocated;
    }
    // Labels and inertia for the final centroids (the labels above belong to the centroids
    // before the last move).
    prepared_.set(centres);
    assign_pass(labels, false, true);
    reduce(totals);
    out.inertia = totals.inertia;
    return out;
  }

  /// Labels every account with its nearest centroid (no sums), for predict.
  void label_only(index_vector& labels) { assign_pass(labels, false, false); }
  prepared_centres<Scalar>& prepared() { return prepared_; }

 private:
  static constexpr Eigen::Index packet_size =
      Eigen::internal::unpacket_traits<packet<Scalar>>::size;

  struct scratch {
    std::vector<Scalar> buf, best, label;
    std::vector<Scalar> rm;    ///< the block, row-major (stride dp)
    std::vector<Scalar> bacc;  ///< float only: the block's sums per set and cluster (stride dp)
  };

  template <typename F>
  void for_chunks(F&& f) {
    auto body = [&](Eigen::Index chunk, unsigned worker) {
      auto& s = scratch_[static_cast<std::size_t>(worker)];
      auto& part = parts_[static_cast<std::size_t>(chunk)];
      const Eigen::Index first = chunk * chunk_rows;
      const Eigen::Index last = std::min(n_, first + chunk_rows);
      for (Eigen::Index b0 = first; b0 < last; b0 += block_rows) {
        const Eigen::Index rows = std::min(block_rows, last - b0);
        const Eigen::Index padded =
            load_block(x_, b0, rows, offset_.data(), inv_.data(), s.buf.data());
        f(part, s, b0, rows, padded);
      }
    };
    pool_.run(chunks_, body);
  }

  void load_row(Eigen::Index i, Scalar* out) const {
    for (Eigen::Index j = 0; j < d_; ++j) out[j] = z(i, j);
  }

  /// The assignment pass: labels, changed count, and either the cluster sums (update) or the
  /// exact inertia (final).
  void assign_pass(index_vector& labels, bool sums, bool inertia) {
    namespace ei = Eigen::internal;
    using pk = packet<Scalar>;
    const auto k = static_cast<std::size_t>(k_);
    const auto d = static_cast<std::size_t>(d_);
    const auto dp = static_cast<std::size_t>(dp_);
    const std::size_t stride = dp + 1;
    for (auto& p : parts_) {
      p.acc.assign(partial::ways * k * stride, 0.0);
      p.cnt.assign(partial::ways * k * 2, 0);
      p.inertia = 0;
      p.changed = 0;
    }
    Eigen::Index* lab = labels.data();
    const auto& pc = prepared_;
    for_chunks(
        [&](partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows, Eigen::Index padded) {
          nearest(s.buf.data(), padded, d_, k_, pc.m.data(), pc.cn.data(), s.best.data(),
                  s.label.data());
          Eigen::Index changed = 0;
          for (Eigen::Index b = 0; b < rows; ++b) {
            const auto c = static_cast<Eigen::Index>(s.label[static_cast<std::size_t>(b)]);
            changed += lab[b0 + b] != c ? 1 : 0;
            lab[b0 + b] = c;
          }
          part.changed += changed;
          if (sums) {
            // Sums of weight x z per set and cluster, a packet of features at a time from the
            // row-major copy. Double sums go straight into the chunk's slots; float sums into
            // the block's own, added to the chunk's in double after the block.
            transpose_block(s.buf.data(), padded, dp_, s.rm.data());
            Scalar* sums_base = nullptr;
            std::size_t sums_stride = 0;
            if constexpr (std::is_same_v<Scalar, double>) {
              sums_base = part.acc.data();
              sums_stride = stride;
            } else {
              std::fill(s.bacc.begin(), s.bacc.end(), Scalar(0));
              sums_base = s.bacc.data();
              sums_stride = dp;
            }
            for (Eigen::Index b = 0; b < rows; ++b) {
              const auto bs = static_cast<std::size_t>(b);
              const auto cs = static_cast<std::size_t>(s.label[bs]);
              const std::size_t slot = (bs % partial::ways) * k + cs;
              const double wb = weight(b0 + b);
              part.acc[slot * stride + dp] += wb;
              const pk wv = ei::pset1<pk>(static_cast<Scalar>(wb));
              Scalar* a = sums_base + slot * sums_stride;
              const Scalar* r = s.rm.data() + bs * dp;
              for (std::size_t j = 0; j < dp; j += static_cast<std::size_t>(packet_size))
                ei::pstoreu(a + j, ei::pmadd(wv, ei::ploadu<pk>(r + j), ei::ploadu<pk>(a + j)));
            }
            if constexpr (!std::is_same_v<Scalar, double>) {
              for (std::size_t slot = 0; slot < partial::ways * k; ++slot)
                for (std::size_t j = 0; j < d; ++j)
                  part.acc[slot * stride + j] += static_cast<double>(s.bacc[slot * dp + j]);
            }
          } else {
            // Final and predict passes: sizes, weights and, if asked, the exact inertia.
            for (Eigen::Index b = 0; b < rows; ++b) {
              const auto bs = static_cast<std::size_t>(b);
              const auto cs = static_cast<std::size_t>(s.label[bs]);
              const std::size_t slot = (bs % partial::ways) * k + cs;
              const double wb = weight(b0 + b);
              part.acc[slot * stride + dp] += wb;
              part.cnt[2 * slot] += wb > 0 ? 1 : 0;
              part.cnt[2 * slot + 1] += 1;
              if (inertia)
                part.inertia += wb * distance_of(s.buf.data(), b, d_, pc.c.data() + cs * d);
            }
          }
        });
  }

  /// Adds up the chunks' partials: sets in order within a chunk, chunks in order.
  void reduce(partial& t) {
    const auto k = static_cast<std::size_t>(k_);
    const auto d = static_cast<std::size_t>(d_);
    const auto dp = static_cast<std::size_t>(dp_);
    t.sums.assign(k * d, 0.0);
    t.weight.assign(k, 0.0);
    t.members.assign(k, 0);
    t.accounts.assign(k, 0);
    t.inertia = 0;
    t.changed = 0;
    for (const auto& p : parts_) {
      for (std::size_t c = 0; c < k; ++c) {
        chunk_total_.assign(d + 1, 0.0);
        for (std::size_t set = 0; set < partial::ways; ++set) {
          const std::size_t slot = set * k + c;
          const double* acc = p.acc.data() + slot * (dp + 1);
          for (std::size_t j = 0; j < d; ++j) chunk_total_[j] += acc[j];
          chunk_total_[d] += acc[dp];
          t.members[c] += p.cnt[2 * slot];
          t.accounts[c] += p.cnt[2 * slot + 1];
        }
        for (std::size_t j = 0; j < d; ++j) t.sums[c * d + j] += chunk_total_[j];
        t.weight[c] += chunk_total_[d];
      }
      t.inertia += p.inertia;
      t.changed += p.changed;
    }
  }

  /// Moves each empty cluster onto an account far from its own centroid (scikit-learn's rule):
  /// accounts with a positive weight in decreasing order of squared distance to the centroid
  /// they were assigned to (ties: lower row first), skipping an account that is the last one with
  /// a positive weight in its cluster. The account's weight and values leave its old cluster's
  /// sums and form the new centroid.
  void relocate(const std::vector<Eigen::Index>& empty, const index_vector& labels,
                partial& totals) {
    closest_.resize(static_cast<std::size_t>(n_));
    const auto& pc = prepared_;
    const auto d = static_cast<std::size_t>(d_);
    for_chunks([&](partial&, scratch& s, Eigen::Index b0, Eigen::Index rows, Eigen::Index) {
      for (Eigen::Index b = 0; b < rows; ++b) {
        const auto c = static_cast<std::size_t>(labels(b0 + b));
        closest_[static_cast<std::size_t>(b0 + b)] =
            weight(b0 + b) > 0
                ? static_cast<Scalar>(distance_of(s.buf.data(), b, d_, pc.c.data() + c * d))
                : Scalar(-1);
      }
    });
    std::vector<Eigen::Index> members(static_cast<std::size_t>(k_), 0);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n_));
    for (Eigen::Index i = 0; i < n_; ++i) {
      order[static_cast<std::size_t>(i)] = i;
      if (weight(i) > 0) ++members[static_cast<std::size_t>(labels(i))];
    }
    const auto far = [&](Eigen::Index a, Eigen::Index b) {
      const Scalar da = closest_[static_cast<std::size_t>(a)];
      const Scalar db = closest_[static_cast<std::size_t>(b)];
      return da > db || (da == db && a < b);
    };
    std::sort(order.begin(), order.end(), far);
    std::size_t next = 0;
    for (const Eigen::Index e : empty) {
      const auto es = static_cast<std::size_t>(e);
      for (; next < order.size(); ++next) {
        const Eigen::Index i = order[next];
        if (closest_[static_cast<std::size_t>(i)] < 0) continue;  // zero weight
        const auto from = static_cast<std::size_t>(labels(i));
        if (members[from] < 2) continue;  // would empty its own cluster
        const double wi = weight(i);
        members[from] -= 1;
        members[es] = 1;
        totals.weight[from] -= wi;
        totals.weight[es] = wi;
        for (Eigen::Index j = 0; j < d_; ++j) {
          const auto zj = static_cast<double>(z(i, j));
          totals.sums[from * d + static_cast<std::size_t>(j)] -= wi * zj;
          totals.sums[es * d + static_cast<std::size_t>(j)] = wi * zj;
        }
        ++next;
        break;
      }
    }
  }

  /// k-means++ masses: with c == nullptr, mass_i = weight_i; otherwise closest_i becomes
  /// min(closest_i, |z_i - c|^2) (the first call sets it) and mass_i = weight_i closest_i.
  /// Leaves the within-chunk cumulative masses in cum_ and the chunk totals in parts_[].mass.
  void mass_pass(const Scalar* c) {
    const bool first_centre = c != nullptr && !have_closest_;
    for_chunks(
        [&](partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows, Eigen::Index padded) {
          if (b0 % chunk_rows == 0) part.mass = 0;
          if (c != nullptr) distances_to(s.buf.data(), padded, d_, c, s.best.data());
          for (Eigen::Index b = 0; b < rows; ++b) {
            const auto i = static_cast<std::size_t>(b0 + b);
            double mass = weight(b0 + b);
            if (c != nullptr) {
              const Scalar dist = s.best[static_cast<std::size_t>(b)];
              closest_[i] = first_centre ? dist : std::min(closest_[i], dist);
              mass *= static_cast<double>(closest_[i]);
            }
            part.mass += mass;
            cum_[i] = part.mass;
          }
        });
    if (c != nullptr) have_closest_ = true;
  }

  [[nodiscard]] double total_mass() const {
    double t = 0;
    for (const auto& p : parts_) t += p.mass;
    return t;
  }

  /// Returns the first account whose cumulative mass exceeds r (so accounts of zero mass are
  /// never drawn); past the end by rounding, the last account with a positive mass; with no
  /// mass at all (every account on a centre), the first account with a positive weight.
  [[nodiscard]] Eigen::Index draw(double r) const {
    double before = 0;
    for (Eigen::Index ch = 0; ch < chunks_; ++ch) {
      const double m = parts_[static_cast<std::size_t>(ch)].mass;
      if (before + m > r) {
        const Eigen::Index first = ch * chunk_rows;
        const Eigen::Index last = std::min(n_, first + chunk_rows);
        const auto begin = cum_.begin() + first;
        const auto it = std::upper_bound(begin, cum_.begin() + last, r - before);
        if (it != cum_.begin() + last) return first + (it - begin);
      }
      before += m;
    }
    for (Eigen::Index i = n_ - 1; i >= 0; --i) {
      const auto is = static_cast<std::size_t>(i);
      const double prev = i % chunk_rows == 0 ? 0.0 : cum_[is - 1];
      if (cum_[is] > prev) return i;
    }
    for (Eigen::Index i = 0; i < n_; ++i)
      if (weight(i) > 0) return i;
    return 0;
  }

  /// k-means++ candidates: per chunk, the potential sum_i weight_i min(closest_i, |z_i - c_t|^2)
  /// of each candidate t.
  void candidate_pass(const Scalar* cand, Eigen::Index trials) {
    for (auto& p : parts_) p.pot.assign(static_cast<std::size_t>(trials), 0.0);
    for_chunks(
        [&](partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows, Eigen::Index padded) {
          for (Eigen::Index t = 0; t < trials; ++t) {
            distances_to(s.buf.data(), padded, d_, cand + t * d_, s.best.data());
            double pot = 0;
            for (Eigen::Index b = 0; b < rows; ++b) {
              const Scalar dist = std::min(closest_[static_cast<std::size_t>(b0 + b)],
                                           s.best[static_cast<std::size_t>(b)]);
              pot += weight(b0 + b) * static_cast<double>(dist);
            }
            part.pot[static_cast<std::size_t>(t)] += pot;
          }
        });
  }

  const X& x_;
  const Scalar* w_;
  const std::vector<Scalar>& offset_;
  const std::vector<Scalar>& inv_;
  Eigen::Index n_, d_, k_, dp_, chunks_;
  worker_pool pool_;
  std::vector<partial> parts_;
  std::vector<scratch> scratch_;
  prepared_centres<Scalar> prepared_;
  std::vector<Scalar> closest_;
  std::vector<double> cum_;
  std::vector<double> chunk_total_;
  bool have_closest_ = false;

 public:
  /// Forgets the k-means++ distances (before the next restart).
  void reset_seeding() { have_closest_ = false; }
};

}  // namespace detail::km

/// The result of kam::kmeans: centroids, one label per account (aligned with the input rows),
/// the objective and how the run ended.
template <real_scalar Scalar>
struct kmeans_result {
  /// k x d: the centroid of each cluster, in the units of the input (even when standardised).
  matrix_of<Scalar> centroids;
  /// k x d: the centroids in the space the clustering ran in, (centroid - feature_offset) /
  /// feature_scale; what `predict` compares accounts with.
  matrix_of<Scalar> scaled_centroids;
  /// Per account, the cluster 0..k-1 of its nearest centroid. Ties go to the lower cluster, as
  /// computed: distances are compared in the clustered space (centred on the feature means) in
  /// the expanded form |c|^2 - 2 c.z, so a point equidistant from two centroids in exact
  /// arithmetic may lean either way by rounding, as in scikit-learn.
  index_vector labels;
  /// Sum over accounts of weight x squared distance to the own centroid, in the clustered space
  /// (z-scores when standardised), for the final centroids and labels.
  Scalar inertia = 0;
  /// Lloyd iterations of the kept run.
  Eigen::Index iterations = 0;
  kmeans_status status = kmeans_status::converged;
  /// Times an empty cluster was moved onto a far account during the kept run.
  Eigen::Index relocations = 0;
  /// Clusters without an account of positive weight in the final labels (possible only when
  /// there are fewer distinct accounts than k); their centroid is the last one they had.
  Eigen::Index empty_clusters = 0;
  /// Accounts per cluster, and the total weight per cluster.
  index_vector sizes;
  vector_of<Scalar> cluster_weights;
  /// The run that was kept (0-based) and the final inertia of every run.
  Eigen::Index best_restart = 0;
  vector_of<Scalar> restart_inertia;
  /// The clustered space: z = (x - feature_offset) / feature_scale per feature. The offset is the
  /// feature mean (centring changes no distance and keeps the expanded distance accurate); the
  /// scale is the standard deviation when standardised, else 1.
  vector_of<Scalar> feature_offset;
  vector_of<Scalar> feature_scale;

  /// Returns the number of clusters.
  [[nodiscard]] Eigen::Index k() const noexcept { return centroids.rows(); }

  /// Returns the label of every account of `x` (rows are accounts, same features in the same
  /// order): its nearest centroid in the clustered space, ties (distances that compare equal as
  /// computed) to the lower cluster. For the accounts that were clustered it returns `labels`.
  /// The result may also be built by hand or read back from configuration: predict uses
  /// `scaled_centroids`, `feature_offset` and `feature_scale` (not `centroids`) and checks them.
  /// Throws kam::shape_mismatch for a different number of features, kam::empty_input for a
  /// result without centroids, kam::invalid_input (naming the member and the cluster or
  /// feature) for scaled centroids, offsets or scales that are missing, not finite or (scales)
  /// not positive, kam::non_finite_value (naming the row) for NaN or infinity in `x`, and
  /// kam::out_of_bounds (naming the row) for an account so far away that its squared distances
  /// would overflow Scalar. Complexity: O(N k d), two reads of `x` (one validating, one
  /// labelling), single-threaded.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar>
  [[nodiscard]] index_vector predict(const Eigen::MatrixBase<Derived>& x) const {
    constexpr const char* fn = "kam::kmeans_result::predict";
    if (x.cols() != centroids.cols()) {
      throw shape_mismatch(
          {fn, "features", std::nullopt},
          detail::cat("the matrix has ", x.cols(), " features, the centroids ", centroids.cols()));
    }
    if (k() == 0) throw empty_input({fn, "centroids", std::nullopt}, "the result is empty");
    const Eigen::Index d = centroids.cols();
    if (scaled_centroids.rows() != k() || scaled_centroids.cols() != d ||
        feature_offset.size() != d || feature_scale.size() != d) {
      throw invalid_input({fn, "scaled_centroids", std::nullopt},
                          detail::cat("expects ", k(), " x ", d, " scaled centroids and ", d,
                                      " feature offsets and scales, got ", scaled_centroids.rows(),
                                      " x ", scaled_centroids.cols(), ", ", feature_offset.size(),
                                      " and ", feature_scale.size()));
    }
    std::vector<double> reach(static_cast<std::size_t>(d), 0.0);
    for (Eigen::Index j = 0; j < d; ++j) {
      const Scalar o = feature_offset(j);
      const Scalar sc = feature_scale(j);
      if (!std::isfinite(o)) {
        throw invalid_input({fn, "feature_offset", std::nullopt},
                            detail::cat("feature ", j, ": offset ", o, " is not finite"));
      }
      if (!(std::isfinite(sc) && sc > 0)) {
        throw invalid_input(
            {fn, "feature_scale", std::nullopt},
            detail::cat("feature ", j, ": scale ", sc, " is not a finite positive number"));
      }
      for (Eigen::Index c = 0; c < k(); ++c) {
        const Scalar v = scaled_centroids(c, j);
        if (!std::isfinite(v)) {
          throw invalid_input({fn, "scaled_centroids", c},
                              detail::cat("feature ", j, " of the centroid is ", v));
        }
        reach[static_cast<std::size_t>(j)] =
            std::max(reach[static_cast<std::size_t>(j)], std::abs(static_cast<double>(v)));
      }
    }
    index_vector labels_out(x.rows());
    if (x.rows() == 0) return labels_out;
    const auto& xd = detail::km::evaluated(x);
    const std::vector<Scalar> offset(feature_offset.data(),
                                     feature_offset.data() + feature_offset.size());
    const std::vector<double> centre(offset.begin(), offset.end());
    const auto stats = detail::km::check_and_reach(xd, fn, centre);
    std::vector<double> xr(static_cast<std::size_t>(d));
    std::vector<Scalar> inv(offset.size());
    for (std::size_t j = 0; j < inv.size(); ++j) {
      inv[j] = Scalar(1) / feature_scale(static_cast<Eigen::Index>(j));
      xr[j] = stats.max_dev[j] * static_cast<double>(inv[j]);
    }
    detail::km::check_reach<Scalar>(xr, stats.max_row, reach, fn, "features", std::nullopt);
    using engine = detail::km::engine<Scalar, std::remove_cvref_t<decltype(xd)>>;
    engine e(xd, nullptr, offset, inv, k(), 1);
    e.prepared().set(scaled_centroids);
    labels_out.setConstant(-1);
    e.label_only(labels_out);
    return labels_out;
  }

  BOOST_DESCRIBE_CLASS(kmeans_result, (),
                       (centroids, scaled_centroids, labels, inertia, iterations, status,
                        relocations, empty_clusters, sizes, cluster_weights, best_restart,
                        restart_inertia, feature_offset, feature_scale),
                       (), ())
};

namespace detail::km {

/// The validated setup shared by the entry points: clustered space, thread count, trials.
template <typename Scalar>
struct setup {
  std::vector<Scalar> offset, inv, scale;
  std::vector<double> reach;            ///< per feature: max |z| of the accounts
  std::vector<Eigen::Index> reach_row;  ///< per feature: the account that reaches it
  double total_weight = 0;
  double tolerance = 0;
  unsigned threads = 1;
  Eigen::Index trials = 1;
};

template <typename Scalar, typename X>
setup<Scalar> prepare(const X& x, const kmeans_options& o, Eigen::Index k,
                      const weight_summary& weights, const char* fn) {
  const Eigen::Index positive = weights.positive;
  if (x.rows() == 0) throw empty_input({fn, "features", std::nullopt}, "no accounts");
  if (x.cols() == 0) throw empty_input({fn, "features", std::nullopt}, "no features");
  if (k < 1 || k > x.rows()) {
    throw out_of_bounds(
        {fn, "k", std::nullopt},
        detail::cat("k = ", k, " must be between 1 and the number of accounts (", x.rows(), ")"));
  }
  if constexpr (sizeof(Scalar) == 4) {
    // The distance kernel carries cluster numbers in Scalar lanes: exact up to 2^24 in float.
    if (k > (Eigen::Index{1} << 24)) {
      throw out_of_bounds(
          {fn, "k", std::nullopt},
          detail::cat("k = ", k, " exceeds 2^24, the most clusters float supports"));
    }
  }
  if (k > positive) {
    throw out_of_bounds({fn, "k", std::nullopt}, detail::cat("k = ", k, " exceeds the ", positive,
                                                             " accounts with a positive weight"));
  }
  if (o.restarts < 1) {
    throw out_of_bounds({fn, "restarts", std::nullopt},
                        detail::cat("restarts = ", o.restarts, "; at least 1 run is needed"));
  }
  if (o.max_iterations < 1) {
    throw out_of_bounds({fn, "max_iterations", std::nullopt},
                        detail::cat("max_iterations = ", o.max_iterations, "; must be >= 1"));
  }
  if (!(o.tolerance >= 0) || !std::isfinite(o.tolerance)) {
    throw out_of_bounds({fn, "tolerance", std::nullopt},
                        detail::cat("tolerance = ", o.tolerance, "; must be finite and >= 0"));
  }
  if (o.local_trials < 0) {
    throw out_of_bounds({fn, "local_trials", std::nullopt},
                        detail::cat("local_trials = ", o.local_trials, "; must be >= 0"));
  }
  const auto stats = check_and_describe(x, fn);
  setup<Scalar> s;
  double mean_var = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto js = static_cast<std::size_t>(j);
    if (!std::isfinite(stats.var[js])) {
      throw out_of_bounds({fn, "features", stats.max_row[js]},
                          detail::cat("column ", j, " is ", stats.max_dev[js],
                                      " from its mean: its variance overflows double; rescale "
                                      "the feature"));
    }
    const double sd = std::sqrt(stats.var[js]);
    const double scale = o.standardize && sd > 0 ? sd : 1.0;
    s.offset.push_back(static_cast<Scalar>(stats.mean[js]));
    s.scale.push_back(static_cast<Scalar>(scale));
    s.inv.push_back(Scalar(1) / s.scale.back());
    const auto inv = static_cast<double>(s.inv.back());
    mean_var += stats.var[js] * inv * inv;
    s.reach.push_back(stats.max_dev[js] * inv);
    s.reach_row.push_back(stats.max_row[js]);
  }
  // Centroids stay inside the accounts' hull (means, or accounts after seeding and relocation),
  // so no squared distance exceeds sum_j (2 reach_j)^2; the weighted sums of z stay below
  // total weight x max reach; the k-means++ potentials (in double) below total weight x that.
  s.total_weight = weights.total;
  check_reach<Scalar>(s.reach, s.reach_row, s.reach, fn, "features", std::nullopt);
  const double far = std::max(1.0, *std::max_element(s.reach.begin(), s.reach.end()));
  double r2 = 0;
  for (const double r : s.reach) r2 += 4 * r * r;
  if (!(s.total_weight * far < range_limit<Scalar>()) ||
      !(s.total_weight * r2 < range_limit<double>())) {
    throw out_of_bounds(
        {fn, "weights", std::nullopt},
        detail::cat("the total weight ", s.total_weight, " times feature values up to ", far,
                    " (in the clustered space) would overflow ", scalar_name<Scalar>(),
                    " in the cluster sums; rescale the weights"));
  }
  s.tolerance = o.tolerance * mean_var / static_cast<double>(x.cols());
  s.threads = resolve_threads(o.threads, fn);
  s.trials = o.local_trials > 0 ? o.local_trials
                                : 2 + static_cast<Eigen::Index>(std::log(static_cast<double>(k)));
  return s;
}

using centre_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <typename Scalar, typename X>
kmeans_result<Scalar> run(const X& x, const Scalar* w, const kmeans_options& o, Eigen::Index k,
                          const setup<Scalar>& s, const centre_matrix* given) {
  const Eigen::Index d = x.cols();
  engine<Scalar, X> e(x, w, s.offset, s.inv, k, s.threads);
  const Eigen::Index runs = given != nullptr ? 1 : o.restarts;
  kmeans_result<Scalar> best;
  best.restart_inertia.resize(runs);
  index_vector labels(x.rows());
  partial totals;
  bool have = false;
  double best_inertia = 0;
  for (Eigen::Index r = 0; r < runs; ++r) {
    centre_matrix centres(k, d);
    if (given != nullptr) {
      centres = *given;
    } else {
      auto rng = random_stream(o.seed, static_cast<std::uint64_t>(r));
      e.reset_seeding();
      const auto rows = e.seed(rng, s.trials);
      for (Eigen::Index c = 0; c < k; ++c)
        for (Eigen::Index j = 0; j < d; ++j)
          centres(c, j) = static_cast<double>(e.z(rows[static_cast<std::size_t>(c)], j));
    }
    const run_outcome out = e.lloyd(centres, labels, o.max_iterations, s.tolerance, totals);
    if (!(out.inertia <= static_cast<double>(std::numeric_limits<Scalar>::max()))) {
      // Only float can get here: the entry checks bound each distance and the total weight,
      // not their product.
      throw out_of_bounds({"kam::kmeans", "inertia", std::nullopt},
                          detail::cat("run ", r, ": the inertia ", out.inertia, " overflows ",
                                      scalar_name<Scalar>(),
                                      "; rescale the features or the weights, or use double"));
    }
    best.restart_inertia(r) = static_cast<Scalar>(out.inertia);
    if (have && !(out.inertia < best_inertia)) continue;
    have = true;
    best_inertia = out.inertia;
    best.inertia = static_cast<Scalar>(out.inertia);
    best.best_restart = r;
    best.iterations = out.iterations;
    best.relocations = out.relocations;
    best.status = out.converged ? kmeans_status::converged : kmeans_status::iteration_limit;
    best.labels.swap(labels);
    labels.resize(x.rows());
    best.scaled_centroids = centres.cast<Scalar>();
    best.sizes.resize(k);
    best.cluster_weights.resize(k);
    best.empty_clusters = 0;
    for (Eigen::Index c = 0; c < k; ++c) {
      const auto cs = static_cast<std::size_t>(c);
      best.sizes(c) = totals.accounts[cs];
      best.cluster_weights(c) = static_cast<Scalar>(totals.weight[cs]);
      best.empty_clusters += totals.members[cs] == 0 ? 1 : 0;
    }
  }
  best.feature_offset = Eigen::Map<const vector_of<Scalar>>(s.offset.data(), d);
  best.feature_scale = Eigen::Map<const vector_of<Scalar>>(s.scale.data(), d);
  best.centroids.resize(k, d);
  for (Eigen::Index c = 0; c < k; ++c)
    for (Eigen::Index j = 0; j < d; ++j)
      best.centroids(c, j) = static_cast<Scalar>(static_cast<double>(best.scaled_centroids(c, j)) *
                                                     static_cast<double>(best.feature_scale(j)) +
                                                 static_cast<double>(best.feature_offset(j)));
  return best;
}

/// Returns the weights as a contiguous array: the caller's own storage when it is one, else a
/// copy in `copy`.
template <typename Scalar, typename W>
const Scalar* weight_data(const Eigen::MatrixBase<W>& w, std::vector<Scalar>& copy) {
  if constexpr ((Eigen::internal::traits<W>::Flags & Eigen::DirectAccessBit) &&
                W::InnerStrideAtCompileTime == 1) {
    return w.derived().data();
  } else {
    copy.resize(static_cast<std::size_t>(w.size()));
    for (Eigen::Index i = 0; i < w.size(); ++i) copy[static_cast<std::size_t>(i)] = w.coeff(i);
    return copy.data();
  }
}

}  // namespace detail::km

/// Returns weighted k-means clusters of the accounts in `x` (rows are accounts, columns are
/// features; any number of features, chosen at run time), each account weighted by `weights`
/// (e.g. its revenue, so that large accounts pull centroids harder).
///
/// Each of `options.restarts` runs seeds k centroids by greedy k-means++ (kam::kmeans_plus_plus)
/// from its own random stream, then runs Lloyd's algorithm: assign every account to its nearest
/// centroid (squared Euclidean distance), move every centroid to the weighted mean of its
/// accounts, until no label changes, the centroids move by at most the tolerance, or
/// `max_iterations`. A cluster left without accounts of positive weight is moved onto the
/// account farthest from its centroid (scikit-learn's relocation) and reported. The run with the
/// lowest inertia is kept. Same data, options and seed give the same bits for every thread count.
///
/// Throws kam::empty_input (no accounts or features), kam::out_of_bounds (k < 1, k > accounts or
/// > accounts with positive weight, k > 2^24 in float; restarts, max_iterations, tolerance,
/// local_trials or threads out of range; values so large that squared distances, weighted sums
/// or the inertia would overflow Scalar, naming the feature's farthest row or the weights),
/// kam::non_finite_value (NaN or infinity in features or weights, naming the row),
/// kam::shape_mismatch (one weight per account), kam::invalid_input (a negative weight, naming
/// the row; all weights zero). Complexity: O(N k d) per iteration plus O(N
/// k d log k) seeding, O(N) extra memory; one read of `x` per iteration.
template <typename Derived, typename Weights>
requires real_scalar<typename Derived::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Weights::Scalar>
[[nodiscard]] kmeans_result<typename Derived::Scalar> kmeans(
    const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<Weights>& weights,
    const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans";
  const auto& xd = detail::km::evaluated(x);
  const auto ws = detail::km::check_weights(weights, x.rows(), fn);
  const auto s = detail::km::prepare<Scalar>(xd, options, options.k, ws, fn);
  std::vector<Scalar> copy;
  const Scalar* w = detail::km::weight_data(weights, copy);
  return detail::km::run<Scalar>(xd, w, options, options.k, s, nullptr);
}

/// Returns k-means clusters of the accounts in `x`, every account with weight 1. Throws as the
/// weighted overload.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] kmeans_result<typename Derived::Scalar> kmeans(const Eigen::MatrixBase<Derived>& x,
                                                             const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans";
  const auto& xd = detail::km::evaluated(x);
  const detail::km::weight_summary ws{x.rows(), static_cast<double>(x.rows())};
  const auto s = detail::km::prepare<Scalar>(xd, options, options.k, ws, fn);
  return detail::km::run<Scalar>(xd, static_cast<const Scalar*>(nullptr), options, options.k, s,
                                 nullptr);
}

/// Returns weighted k-means clusters from the given initial centroids (k x d, in the units of
/// `x`; e.g. to reproduce another tool's run, or to continue from an earlier result): one Lloyd
/// run, no seeding. k is the number of rows of `initial`; `options.k` and `options.restarts` are
/// not used. Throws as kam::kmeans, and kam::shape_mismatch (centroid columns),
/// kam::non_finite_value (a centroid value, naming the row) and kam::out_of_bounds (a centroid
/// so far from the accounts that squared distances would overflow Scalar, naming the row) for
/// bad centroids.
template <typename Derived, typename Weights, typename Initial>
requires real_scalar<typename Derived::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Weights::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Initial::Scalar>
[[nodiscard]] kmeans_result<typename Derived::Scalar> kmeans(
    const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<Weights>& weights,
    const Eigen::MatrixBase<Initial>& initial, const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans";
  const auto& xd = detail::km::evaluated(x);
  const auto ws = detail::km::check_weights(weights, x.rows(), fn);
  if (initial.rows() == 0) {
    throw empty_input({fn, "initial", std::nullopt}, "no initial centroids (k = 0)");
  }
  if (initial.cols() != x.cols()) {
    throw shape_mismatch({fn, "initial", std::nullopt},
                         detail::cat("the initial centroids have ", initial.cols(),
                                     " features, the accounts ", x.cols()));
  }
  const auto s = detail::km::prepare<Scalar>(xd, options, initial.rows(), ws, fn);
  detail::km::centre_matrix c(initial.rows(), initial.cols());
  for (Eigen::Index i = 0; i < initial.rows(); ++i) {
    for (Eigen::Index j = 0; j < initial.cols(); ++j) {
      const Scalar v = initial.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "initial", i},
                               detail::cat("column ", j, " of the centroid is ", v));
      }
      const auto js = static_cast<std::size_t>(j);
      c(i, j) = static_cast<double>((v - s.offset[js]) * s.inv[js]);
    }
  }
  // Initial centroids may lie outside the accounts' hull: their distances must fit too.
  for (Eigen::Index i = 0; i < c.rows(); ++i) {
    std::vector<double> ci(static_cast<std::size_t>(c.cols()));
    for (Eigen::Index j = 0; j < c.cols(); ++j) ci[static_cast<std::size_t>(j)] = std::abs(c(i, j));
    detail::km::check_reach<Scalar>(s.reach, s.reach_row, ci, fn, "initial", i);
  }
  std::vector<Scalar> copy;
  const Scalar* w = detail::km::weight_data(weights, copy);
  return detail::km::run<Scalar>(xd, w, options, initial.rows(), s, &c);
}

/// Returns k = options.k initial centroids chosen from the accounts of `x` by greedy k-means++,
/// as scikit-learn's `_kmeans_plusplus` (with sample weights, as scikit-learn >= 1.3): the first
/// centre is an account drawn with probability proportional to its weight; each next one is the
/// best of `local_trials` (default 2 + floor(ln k)) accounts drawn with probability proportional
/// to weight x squared distance to the nearest centre so far, the best being the one that leaves
/// the lowest total weighted squared distance (ties: the earlier draw). Distances are taken in
/// the clustered space (standardised if options.standardize). The random stream is
/// std::mt19937_64 seeded through std::seed_seq with (options.seed, run 0), uniforms from its
/// top 53 bits, so the same seed gives the same rows everywhere (not the rows scikit-learn's
/// random stream gives). An account of zero mass is never drawn. The centroids are rows of `x`,
/// copied exactly. Throws as kam::kmeans.
template <typename Derived, typename Weights>
requires real_scalar<typename Derived::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Weights::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> kmeans_plus_plus(
    const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<Weights>& weights,
    const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans_plus_plus";
  const auto& xd = detail::km::evaluated(x);
  const auto ws = detail::km::check_weights(weights, x.rows(), fn);
  const auto s = detail::km::prepare<Scalar>(xd, options, options.k, ws, fn);
  std::vector<Scalar> copy;
  const Scalar* w = detail::km::weight_data(weights, copy);
  using X = std::remove_cvref_t<decltype(xd)>;
  detail::km::engine<Scalar, X> e(xd, w, s.offset, s.inv, options.k, s.threads);
  auto rng = random_stream(options.seed, 0);
  const auto rows = e.seed(rng, s.trials);
  matrix_of<Scalar> out(options.k, x.cols());
  for (Eigen::Index c = 0; c < options.k; ++c)
    out.row(c) = xd.row(rows[static_cast<std::size_t>(c)]);
  return out;
}

}  // namespace kam
