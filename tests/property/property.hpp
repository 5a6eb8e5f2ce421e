// The property suite (#20 item 6): every public entry point driven with adversarial and seeded
// random inputs, each call's outcome classified. An entry point is a function of a `draw` (the
// source of its inputs) that calls kam and says whether everything it returned is finite or
// explained (a documented NaN, an "undefined" list); kam_property runs them and counts.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <kam/plan/whitespace.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/options.hpp>
#include <random>
#include <string>
#include <vector>

namespace kam_property {

/// The inputs of one case, drawn from a seed: sizes, values, matrices and texts that mix
/// ordinary values with the adversarial ones (NaN, infinities, the limits of double, subnormal
/// numbers, zero, huge and negative sizes).
class draw {
 public:
  /// A draw for case `index` of the entry point named `name` under `seed`.
  draw(std::uint64_t seed, const std::string& name, std::uint64_t index);

  /// Returns true with probability `p`.
  bool chance(double p);
  /// Returns a whole number in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// Returns a size for a matrix dimension: mostly small (0 to 40), sometimes 200.
  Eigen::Index size();
  /// Returns a count parameter (bins, k, restarts, iterations): usually small, sometimes
  /// negative, zero or huge (up to INT64_MAX).
  std::int64_t count();
  /// Returns a value: in adversarial cases often one of the special values, else ordinary.
  double value();
  /// Returns a value in [lo, hi] (ordinary), or a special one in adversarial cases.
  double value_in(double lo, double hi);
  /// Returns a rows x cols matrix of value().
  Eigen::MatrixXd matrix(Eigen::Index rows, Eigen::Index cols);
  /// Returns a vector of n value_in(lo, hi).
  Eigen::VectorXd vector_in(Eigen::Index n, double lo, double hi);
  /// Returns a vector of n flags (0/1, adversarially 2 or -1).
  Eigen::VectorXi flags(Eigen::Index n);
  /// Returns a text of `tokens` tokens from `vocabulary`, or random bytes in adversarial cases.
  std::string text(const std::vector<std::string>& vocabulary, Eigen::Index tokens);
  /// Whether this case favours the special values.
  [[nodiscard]] bool adversarial() const { return adversarial_; }

 private:
  std::mt19937_64 rng_;
  bool adversarial_ = false;
};

/// One public entry point: `call` draws its inputs, calls kam and returns whether every
/// returned number is finite or explained.
struct entry {
  std::string name;
  std::function<bool(draw&)> call;
};

/// Returns the entry points registered so far.
std::vector<entry>& registry();

/// Registers an entry point at static initialisation.
struct registrar {
  registrar(std::string name, std::function<bool(draw&)> call);
};

/// Returns `text` followed by `n` ("c", 7: "c7"), appended: GCC 12 at -O3 warns falsely on
/// "c" + std::to_string(n) (GCC bug 105329), an error under the release preset.
inline std::string numbered(std::string text, long long n) {
  text += std::to_string(n);
  return text;
}

/// Returns whether every element of `m` is finite.
template <typename Derived>
bool finite(const Eigen::DenseBase<Derived>& m) {
  return m.allFinite();
}

/// Returns `k` criteria c0, c1, ... with drawn weights and directions (the scoring entry points'
/// criteria).
inline kam::criteria_set criteria_of(draw& d, Eigen::Index k) {
  std::vector<kam::criterion> items;
  for (Eigen::Index j = 0; j < k; ++j) {
    const std::string name = numbered("c", j);
    const double w = d.value_in(0.1, 10);
    items.push_back(d.chance(0.3) ? kam::cost(name, w) : kam::benefit(name, w));
  }
  return kam::criteria_set(std::move(items));
}

/// Returns the scoring options with a drawn missing-value policy, and with `draw_scale` a drawn
/// scale too (the first scoring entry points draw no scale: their streams of cases stay those
/// of the long run's table).
inline kam::score_options options_of(draw& d, bool draw_scale) {
  kam::score_options o;
  const auto p = d.between(0, 2);
  o.missing = p == 0 ? kam::missing_policy::reject
                     : (p == 1 ? kam::missing_policy::renormalize : kam::missing_policy::impute);
  if (draw_scale && d.chance(0.3)) o.scale = kam::score_scale::percent;
  return o;
}

/// Returns `n` with probability 0.95, else a neighbour (a length that does not match).
inline Eigen::Index maybe_off(draw& d, Eigen::Index n) {
  return d.adversarial() && d.chance(0.05) ? std::max<Eigen::Index>(0, n + d.between(-1, 1)) : n;
}

/// Returns holdings of n accounts over m offerings (adversarially a state that is not one).
inline kam::holdings_table holdings_of(draw& d, Eigen::Index n, Eigen::Index m) {
  kam::holdings_table h;
  for (Eigen::Index j = 0; j < m; ++j)
    h.offerings.push_back(d.adversarial() && d.chance(0.03) ? "o0" : numbered("o", j));
  for (Eigen::Index c = 0; c < maybe_off(d, n * m); ++c)
    h.cells.push_back(static_cast<kam::cell_state>(
        d.adversarial() && d.chance(0.02) ? d.between(4, 9) : d.between(0, 3)));
  return h;
}

/// Returns n peer-group labels in [0, g) (adversarially outside).
inline kam::index_vector labels_of(draw& d, Eigen::Index n, Eigen::Index g) {
  kam::index_vector v(maybe_off(d, n));
  for (Eigen::Index i = 0; i < v.size(); ++i)
    v(i) = d.adversarial() && d.chance(0.03) ? d.count() : d.between(0, g - 1);
  return v;
}

}  // namespace kam_property
