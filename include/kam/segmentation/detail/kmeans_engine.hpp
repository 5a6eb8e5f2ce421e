// Not API. The k-means engine: the accounts cut into fixed chunks of fixed blocks, greedy
// k-means++ seeding, Lloyd's iterations with scikit-learn's relocation of empty clusters; the same
// bits for every number of threads.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/parallel.hpp>
#include <kam/core/random.hpp>
#include <kam/segmentation/detail/kmeans_distances.hpp>
#include <limits>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// What one chunk contributes to a pass.
struct kmeans_partial {
  /// Interleaved accumulators: row b of a block adds into set b % ways, so consecutive accounts
  /// of the same cluster do not wait for each other's additions. Per set and cluster: the
  /// weighted sums of z (d values) and the weight; the accounts with a positive weight and all
  /// accounts. The sets are combined in a fixed order.
  static constexpr std::size_t ways = 4;
  std::vector<double> acc;             ///< ways x k x (d + 1): sums, then the weight
  std::vector<Eigen::Index> cnt;       ///< ways x k x 2
  std::vector<double> sums;            ///< totals: k x d, weighted sums of z per cluster
  std::vector<double> weight;          ///< totals: k, total weight per cluster
  std::vector<Eigen::Index> members;   ///< totals: k, accounts with a positive weight
  std::vector<Eigen::Index> accounts;  ///< totals: k, all accounts per cluster
  std::vector<double> pot;             ///< k-means++: potential per candidate
  double inertia = 0;                  ///< sum of weight x squared distance
  double mass = 0;                     ///< k-means++: total of this chunk's masses
  Eigen::Index changed = 0;            ///< labels that changed
};

/// The outcome of one run.
struct kmeans_run_outcome {
  Eigen::Index iterations = 0;   ///< Lloyd iterations run
  Eigen::Index relocations = 0;  ///< empty clusters moved
  bool converged = false;        ///< stopped by a stopping rule, not by the iteration limit
  double inertia = 0;            ///< for the final centroids and labels
};

/// Centroids in the clustered space (k x d, row-major, double).
using kmeans_centres = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Weighted k-means over the accounts of `x` as z = (x - offset) * inv, cut into fixed chunks.
template <typename Scalar, typename X>
class kmeans_engine {
 public:
  /// An engine over `x` (weights `w`, nullptr for 1 each) for k clusters on up to `threads`.
  kmeans_engine(const X& x, const Scalar* w, const std::vector<Scalar>& offset,
                const std::vector<Scalar>& inv, Eigen::Index k, unsigned threads)
      : x_(x),
        w_(w),
        offset_(offset),
        inv_(inv),
        n_(x.rows()),
        d_(x.cols()),
        k_(k),
        chunks_((x.rows() + kmeans_chunk_rows - 1) / kmeans_chunk_rows),
        pool_(static_cast<unsigned>(
            std::min<Eigen::Index>(threads, std::max<Eigen::Index>(1, chunks_)))),
        parts_(static_cast<std::size_t>(chunks_)),
        scratch_(static_cast<std::size_t>(pool_.size())) {
    const auto block = static_cast<std::size_t>(kmeans_block_rows);
    const auto d = static_cast<std::size_t>(d_);
    for (auto& s : scratch_) {
      s.block.assign(block * d, Scalar(0));
      s.rows.assign(block * d, Scalar(0));
      s.best.assign(block, Scalar(0));
      s.label.assign(block, Scalar(0));
      s.acc.assign(block, Scalar(0));
      s.weight.assign(block, Scalar(0));
      s.slot.assign(block, 0);
      if constexpr (!std::is_same_v<Scalar, double>)
        s.sums.assign(kmeans_partial::ways * static_cast<std::size_t>(k_) * d, Scalar(0));
    }
  }

  /// Returns the clustered-space value of feature j of account i (as load_block computes it).
  [[nodiscard]] Scalar z(Eigen::Index i, Eigen::Index j) const {
    return (x_.coeff(i, j) - offset_[static_cast<std::size_t>(j)]) *
           inv_[static_cast<std::size_t>(j)];
  }
  /// Returns the weight of account i.
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
  kmeans_run_outcome lloyd(kmeans_centres& centres, index_vector& labels,
                           Eigen::Index max_iterations, double tolerance, kmeans_partial& totals) {
    kmeans_run_outcome out;
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
      const double shift = move_centres(centres, totals);
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
  /// Returns the centroids the next pass compares accounts with.
  prepared_centres<Scalar>& prepared() { return prepared_; }
  /// Forgets the k-means++ distances (before the next restart).
  void reset_seeding() { have_closest_ = false; }

 private:
  // One thread's working space for one block.
  struct scratch {
    std::vector<Scalar> block;  // the block, column-major (leading dimension kmeans_block_rows)
    std::vector<Scalar> rows;   // the block, row by row (stride d)
    std::vector<Scalar> best, label, acc, weight;  // per account of the block
    std::vector<std::size_t> slot;                 // per account: its accumulator set and cluster
    std::vector<Scalar> sums;  // float only: the block's sums per set and cluster (stride d)
  };

  // Calls f(part, scratch, first row, rows, padded rows) for every block of every chunk, the
  // block loaded into scratch.block.
  template <typename F>
  void for_chunks(F&& f) {
    auto body = [&](Eigen::Index chunk, unsigned worker) {
      auto& s = scratch_[static_cast<std::size_t>(worker)];
      auto& part = parts_[static_cast<std::size_t>(chunk)];
      const Eigen::Index first = chunk * kmeans_chunk_rows;
      const Eigen::Index last = std::min(n_, first + kmeans_chunk_rows);
      for (Eigen::Index b0 = first; b0 < last; b0 += kmeans_block_rows) {
        const Eigen::Index rows = std::min(kmeans_block_rows, last - b0);
        const Eigen::Index padded =
            load_block(x_, b0, rows, offset_.data(), inv_.data(), s.block.data());
        f(part, s, b0, rows, padded);
      }
    };
    pool_.run(chunks_, body);
  }

  void load_row(Eigen::Index i, Scalar* out) const {
    for (Eigen::Index j = 0; j < d_; ++j) out[j] = z(i, j);
  }

  // The assignment pass: labels, changed count, and either the cluster sums (update) or the
  // accounts, weights and, if asked, the exact inertia per cluster (final and predict).
  void assign_pass(index_vector& labels, bool sums, bool inertia) {
    const auto k = static_cast<std::size_t>(k_);
    const std::size_t stride = static_cast<std::size_t>(d_) + 1;
    for (auto& p : parts_) {
      p.acc.assign(kmeans_partial::ways * k * stride, 0.0);
      p.cnt.assign(kmeans_partial::ways * k * 2, 0);
      p.inertia = 0;
      p.changed = 0;
    }
    Eigen::Index* lab = labels.data();
    for_chunks([&](kmeans_partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows,
                   Eigen::Index padded) {
      const auto& pc = prepared_;
      nearest_centroids(s.block.data(), padded, d_, k_, pc.m.data(), pc.cn.data(), s.best.data(),
                        s.label.data(), s.acc.data());
      Eigen::Index changed = 0;
      for (Eigen::Index b = 0; b < rows; ++b) {
        const auto c = static_cast<Eigen::Index>(s.label[static_cast<std::size_t>(b)]);
        changed += lab[b0 + b] != c ? 1 : 0;
        lab[b0 + b] = c;
      }
      part.changed += changed;
      if (sums) {
        add_block_sums(part, s, b0, rows);
      } else {
        add_block_counts(part, s, b0, rows, inertia);
      }
    });
  }

  // Adds weight x z of the block's accounts to the sums of their set and cluster, and their
  // weights. Double sums go straight into the chunk's slots; float sums into the block's own,
  // added to the chunk's in double after the block.
  void add_block_sums(kmeans_partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows) {
    const auto k = static_cast<std::size_t>(k_);
    const auto d = static_cast<std::size_t>(d_);
    const std::size_t stride = d + 1;
    for (Eigen::Index b = 0; b < rows; ++b) {
      const auto bs = static_cast<std::size_t>(b);
      const std::size_t slot =
          (bs % kmeans_partial::ways) * k + static_cast<std::size_t>(s.label[bs]);
      const double wb = weight(b0 + b);
      s.slot[bs] = slot;
      s.weight[bs] = static_cast<Scalar>(wb);
      part.acc[slot * stride + d] += wb;
    }
    block_rows_of(s.block.data(), rows, d_, s.rows.data());
    if constexpr (std::is_same_v<Scalar, double>) {
      add_weighted_rows(s.rows.data(), rows, d_, s.slot.data(), s.weight.data(), part.acc.data(),
                        stride);
    } else {
      std::fill(s.sums.begin(), s.sums.end(), Scalar(0));
      add_weighted_rows(s.rows.data(), rows, d_, s.slot.data(), s.weight.data(), s.sums.data(), d);
      for (std::size_t slot = 0; slot < kmeans_partial::ways * k; ++slot)
        for (std::size_t j = 0; j < d; ++j)
          part.acc[slot * stride + j] += static_cast<double>(s.sums[slot * d + j]);
    }
  }

  // Adds the block's accounts to the sizes and weights of their clusters and, if asked, their
  // weight x squared distance to the inertia (final and predict passes).
  void add_block_counts(kmeans_partial& part, const scratch& s, Eigen::Index b0, Eigen::Index rows,
                        bool inertia) {
    const auto k = static_cast<std::size_t>(k_);
    const auto d = static_cast<std::size_t>(d_);
    const std::size_t stride = d + 1;
    for (Eigen::Index b = 0; b < rows; ++b) {
      const auto bs = static_cast<std::size_t>(b);
      const auto cs = static_cast<std::size_t>(s.label[bs]);
      const std::size_t slot = (bs % kmeans_partial::ways) * k + cs;
      const double wb = weight(b0 + b);
      part.acc[slot * stride + d] += wb;
      part.cnt[2 * slot] += wb > 0 ? 1 : 0;
      part.cnt[2 * slot + 1] += 1;
      if (inertia)
        part.inertia += wb * distance_of(s.block.data(), b, d_, prepared_.c.data() + cs * d);
    }
  }

  // Adds up the chunks' partials: sets in order within a chunk, chunks in order.
  void reduce(kmeans_partial& t) {
    const auto k = static_cast<std::size_t>(k_);
    const auto d = static_cast<std::size_t>(d_);
    t.sums.assign(k * d, 0.0);
    t.weight.assign(k, 0.0);
    t.members.assign(k, 0);
    t.accounts.assign(k, 0);
    t.inertia = 0;
    t.changed = 0;
    for (const auto& p : parts_) {
      for (std::size_t c = 0; c < k; ++c) {
        chunk_total_.assign(d + 1, 0.0);
        for (std::size_t set = 0; set < kmeans_partial::ways; ++set) {
          const std::size_t slot = set * k + c;
          const double* acc = p.acc.data() + slot * (d + 1);
          for (std::size_t j = 0; j <= d; ++j) chunk_total_[j] += acc[j];
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

  // Moves every centroid with weight to the weighted mean of its accounts; returns the sum of
  // squared moves.
  double move_centres(kmeans_centres& centres, const kmeans_partial& totals) const {
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
    return shift;
  }

  // Moves each empty cluster onto an account far from its own centroid (scikit-learn's rule):
  // accounts with a positive weight in decreasing order of squared distance to the centroid
  // they were assigned to (ties: lower row first), skipping an account that is the last one with
  // a positive weight in its cluster. The account's weight and values leave its old cluster's
  // sums and form the new centroid.
  void relocate(const std::vector<Eigen::Index>& empty, const index_vector& labels,
                kmeans_partial& totals) {
    const std::vector<Eigen::Index> order = farthest_first(labels);
    std::vector<Eigen::Index> members(static_cast<std::size_t>(k_), 0);
    for (Eigen::Index i = 0; i < n_; ++i)
      if (weight(i) > 0) ++members[static_cast<std::size_t>(labels(i))];
    const auto d = static_cast<std::size_t>(d_);
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

  // Leaves in closest_ each account's squared distance to the centroid it is labelled with (-1
  // for an account of zero weight) and returns the rows in decreasing order of it (ties: lower
  // row first).
  std::vector<Eigen::Index> farthest_first(const index_vector& labels) {
    closest_.resize(static_cast<std::size_t>(n_));
    const auto d = static_cast<std::size_t>(d_);
    for_chunks([&](kmeans_partial&, scratch& s, Eigen::Index b0, Eigen::Index rows, Eigen::Index) {
      for (Eigen::Index b = 0; b < rows; ++b) {
        const auto c = static_cast<std::size_t>(labels(b0 + b));
        closest_[static_cast<std::size_t>(b0 + b)] =
            weight(b0 + b) > 0 ? static_cast<Scalar>(
                                     distance_of(s.block.data(), b, d_, prepared_.c.data() + c * d))
                               : Scalar(-1);
      }
    });
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n_));
    for (Eigen::Index i = 0; i < n_; ++i) order[static_cast<std::size_t>(i)] = i;
    std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
      const Scalar da = closest_[static_cast<std::size_t>(a)];
      const Scalar db = closest_[static_cast<std::size_t>(b)];
      return da > db || (da == db && a < b);
    });
    return order;
  }

  // k-means++ masses: with c == nullptr, mass_i = weight_i; otherwise closest_i becomes
  // min(closest_i, |z_i - c|^2) (the first call sets it) and mass_i = weight_i closest_i.
  // Leaves the within-chunk cumulative masses in cum_ and the chunk totals in parts_[].mass.
  void mass_pass(const Scalar* c) {
    const bool first_centre = c != nullptr && !have_closest_;
    for_chunks([&](kmeans_partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows,
                   Eigen::Index padded) {
      if (b0 % kmeans_chunk_rows == 0) part.mass = 0;
      if (c != nullptr) distances_to(s.block.data(), padded, d_, c, s.best.data());
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

  // Returns the first account whose cumulative mass exceeds r (so accounts of zero mass are
  // never drawn); past the end by rounding, the last account with a positive mass; with no
  // mass at all (every account on a centre), the first account with a positive weight.
  [[nodiscard]] Eigen::Index draw(double r) const {
    double before = 0;
    for (Eigen::Index ch = 0; ch < chunks_; ++ch) {
      const double m = parts_[static_cast<std::size_t>(ch)].mass;
      if (before + m > r) {
        const Eigen::Index first = ch * kmeans_chunk_rows;
        const Eigen::Index last = std::min(n_, first + kmeans_chunk_rows);
        const auto begin = cum_.begin() + first;
        const auto it = std::upper_bound(begin, cum_.begin() + last, r - before);
        if (it != cum_.begin() + last) return first + (it - begin);
      }
      before += m;
    }
    for (Eigen::Index i = n_ - 1; i >= 0; --i) {
      const auto is = static_cast<std::size_t>(i);
      const double prev = i % kmeans_chunk_rows == 0 ? 0.0 : cum_[is - 1];
      if (cum_[is] > prev) return i;
    }
    for (Eigen::Index i = 0; i < n_; ++i)
      if (weight(i) > 0) return i;
    return 0;
  }

  // k-means++ candidates: per chunk, the potential sum_i weight_i min(closest_i, |z_i - c_t|^2)
  // of each candidate t.
  void candidate_pass(const Scalar* cand, Eigen::Index trials) {
    for (auto& p : parts_) p.pot.assign(static_cast<std::size_t>(trials), 0.0);
    for_chunks([&](kmeans_partial& part, scratch& s, Eigen::Index b0, Eigen::Index rows,
                   Eigen::Index padded) {
      for (Eigen::Index t = 0; t < trials; ++t) {
        distances_to(s.block.data(), padded, d_, cand + t * d_, s.best.data());
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
  Eigen::Index n_, d_, k_, chunks_;
  worker_pool pool_;
  std::vector<kmeans_partial> parts_;
  std::vector<scratch> scratch_;
  prepared_centres<Scalar> prepared_;
  std::vector<Scalar> closest_;
  std::vector<double> cum_;
  std::vector<double> chunk_total_;
  bool have_closest_ = false;
};

}  // namespace kam::detail
