// "Did you mean" for names the user mistyped: the known name closest in edit distance.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kam_tool {

/// Returns the optimal-string-alignment distance between `a` and `b` ignoring ASCII case: the
/// fewest insertions, deletions, substitutions and swaps of neighbours that turn one into the
/// other ("wieght" -> "weight" is 1).
[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> d((n + 1) * (m + 1));
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
  for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(n, m);
}

/// Returns "did you mean 'x'? " for the name of `known` closest to `name` (the first of equally
/// close ones), when it is close enough to be a likely typo: at most a third of the name's
/// length away (at least 1, at most 3 edits; names shorter than 3 characters only differing in
/// case); "" otherwise.
template <typename Names>
[[nodiscard]] std::string did_you_mean(std::string_view name, const Names& known) {
  const std::size_t limit = name.size() < 3 ? 0 : std::clamp<std::size_t>(name.size() / 3, 1, 3);
  std::size_t best = limit + 1;
  std::string_view closest;
  for (const auto& k : known) {
    const std::string_view candidate(k);
    const std::size_t dist = edit_distance(name, candidate);
    if (dist < best) {
      best = dist;
      closest = candidate;
    }
  }
  if (best > limit || closest == name) return {};
  return "did you mean '" + std::string(closest) + "'? ";
}

}  // namespace kam_tool
