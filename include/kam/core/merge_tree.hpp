// Merging per-unit statistics in a fixed binary tree, so that any chunking gives the same answer.
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace kam {

/// Merges the statistics of consecutive units of rows (fixed-size pieces of a portfolio: 4096
/// accounts, say) in a binary tree fixed by the number of units alone, like a binary counter: unit
/// 2k and unit 2k + 1 merge first, then pairs of pairs, and so on. Statistics whose merge is exact
/// (counts, minima, maxima, sorted samples) are the same either way; those that merge up to
/// rounding (means, sums of squares) are then the same bits however the rows were read (in one
/// piece, in chunks of any size, or on several machines whose results are added in unit order).
///
/// `Stats` is any type with `merge(const Stats&)` that leaves in `*this` the statistics of its
/// own rows followed by the other's (kam::column_stats, kam::score_reference and the weight
/// statistics are). Memory: one `Stats` per tree level, log2(units) + 1 in all.
template <typename Stats>
class merge_tree {
 public:
  /// Adds the statistics of the next unit of rows.
  void add(Stats unit) {
    std::size_t level = 0;
    while (level < levels_.size() && levels_[level]) {
      Stats older = std::move(*levels_[level]);
      levels_[level].reset();
      older.merge(unit);
      unit = std::move(older);
      ++level;
    }
    if (level == levels_.size()) levels_.emplace_back();
    levels_[level] = std::move(unit);
  }

  /// Returns the number of units added since construction or the last finish().
  [[nodiscard]] std::size_t units() const noexcept { return units_in_levels(); }

  /// Returns the merge of every unit added, in unit order (the older, larger subtrees first), or
  /// nothing when no unit was added; the tree is empty afterwards.
  [[nodiscard]] std::optional<Stats> finish() {
    std::optional<Stats> out;
    for (auto& level : levels_) {  // level i holds 2^i units that precede those of lower levels
      if (!level) continue;
      if (out) level->merge(*out);
      out = std::move(*level);
    }
    levels_.clear();
    return out;
  }

 private:
  [[nodiscard]] std::size_t units_in_levels() const noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < levels_.size(); ++i)
      if (levels_[i]) n += std::size_t{1} << i;
    return n;
  }

  std::vector<std::optional<Stats>> levels_;  ///< level i: the merge of 2^i units, or empty
};

}  // namespace kam
