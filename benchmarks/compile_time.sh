#!/usr/bin/env bash
# Compile time of <kam/kam.hpp> against <Eigen/Dense> (issue #7's budget: under 1.5x).
# Usage: benchmarks/compile_time.sh [runs=5] [compilers="g++ clang++"]
# Prints, per compiler, the fastest user time of `-std=c++20 -O2 -c` over `runs` interleaved
# compilations of a translation unit that includes only the umbrella header and of one that
# includes only <Eigen/Dense>, and their ratio. Interleaving and taking the fastest run keep a
# noisy machine's load out of the ratio as far as possible.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
compilers=${2:-"g++ clang++"}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '#include <kam/kam.hpp>\nint main() {}\n' > "$dir/kam.cpp"
printf '#include <Eigen/Dense>\nint main() {}\n' > "$dir/eigen.cpp"
for cxx in $compilers; do
  best_kam=""
  best_eigen=""
  for _ in $(seq "$runs"); do
    for tu in kam eigen; do
      t=$( { /usr/bin/time -f %U "$cxx" -std=c++20 -O2 -I include -I /usr/include/eigen3 \
        -c "$dir/$tu.cpp" -o /dev/null; } 2>&1 | tail -n 1)
      if [ "$tu" = kam ]; then
        best_kam=$(awk -v a="$t" -v b="${best_kam:-$t}" 'BEGIN { print (a < b) ? a : b }')
      else
        best_eigen=$(awk -v a="$t" -v b="${best_eigen:-$t}" 'BEGIN { print (a < b) ? a : b }')
      fi
    done
  done
  awk -v c="$cxx" -v k="$best_kam" -v e="$best_eigen" \
    'BEGIN { printf "%-8s <kam/kam.hpp> %.2f s   <Eigen/Dense> %.2f s   ratio %.2f\n", c, k, e, k / e }'
done
