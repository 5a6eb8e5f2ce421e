#!/usr/bin/env bash
# What including kam costs to compile, against <Eigen/Dense> alone (issue #14's budget: each area's
# umbrella <= 1.5x, the whole umbrella <= 1.5x in compiled mode and <= 2x header-only).
# Usage: benchmarks/compile_time.sh [runs=5] [compilers="g++ clang++"]
# For each compiler, prints the fastest user time of `-std=c++20 -O2 -c` over `runs` interleaved
# compilations of translation units that each include one header (and define an empty main):
# <Eigen/Dense> alone, every area umbrella (<kam/core.hpp>, <kam/scoring.hpp>, ...) and
# <kam/kam.hpp>, header-only and in compiled mode (-DKAM_COMPILED_LIB: what a user of the
# kam::compiled target compiles), each with its ratio to Eigen alone. Interleaving the units and
# taking each one's fastest run keep a noisy machine's load out of the ratios as far as possible.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
compilers=${2:-"g++ clang++"}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# name|header|extra flags
units=(
  "Eigen/Dense|Eigen/Dense|"
  "kam/core.hpp|kam/core.hpp|"
  "kam/scoring.hpp|kam/scoring.hpp|"
  "kam/portfolio.hpp|kam/portfolio.hpp|"
  "kam/retention.hpp|kam/retention.hpp|"
  "kam/segmentation.hpp|kam/segmentation.hpp|"
  "kam/kam.hpp|kam/kam.hpp|"
  "kam/kam.hpp (compiled)|kam/kam.hpp|-DKAM_COMPILED_LIB"
)
for i in "${!units[@]}"; do
  IFS='|' read -r _ header _ <<< "${units[$i]}"
  printf '#include <%s>\nint main() {}\n' "$header" > "$dir/unit$i.cpp"
done

for cxx in $compilers; do
  declare -A best=()
  for _ in $(seq "$runs"); do
    for i in "${!units[@]}"; do
      IFS='|' read -r _ _ flags <<< "${units[$i]}"
      # shellcheck disable=SC2086 # flags is empty or one word
      t=$( { /usr/bin/time -f %U "$cxx" -std=c++20 -O2 $flags -I include -I /usr/include/eigen3 \
        -c "$dir/unit$i.cpp" -o /dev/null; } 2>&1 | tail -n 1)
      best[$i]=$(awk -v a="$t" -v b="${best[$i]:-$t}" 'BEGIN { print (a < b) ? a : b }')
    done
  done
  echo "$cxx (fastest of $runs, -std=c++20 -O2 -c)"
  for i in "${!units[@]}"; do
    IFS='|' read -r name _ _ <<< "${units[$i]}"
    awk -v n="$name" -v t="${best[$i]}" -v e="${best[0]}" \
      'BEGIN { printf "  %-26s %6.2f s   %5.2fx Eigen/Dense\n", n, t, t / e }'
  done
  unset best
done
