#!/usr/bin/env bash
# Compile time of kam's headers against <Eigen/Dense> (issue #14's budget: each per-area umbrella
# under 1.5x, <kam/kam.hpp> under 1.5x in compiled mode and under 2x header-only).
# Usage: benchmarks/compile_time.sh [runs=5] [compilers="g++ clang++"] [headers=all]  (all: the table in the docs)
#   headers: the headers to measure, each in a translation unit of its own; `name:compiled`
#   measures `name` in compiled mode (KAM_COMPILED_LIB defined: the headers declare what
#   src/kam.cpp compiles once). `all` stands for every per-area umbrella and kam/kam.hpp, the
#   latter in both modes. E.g. benchmarks/compile_time.sh 5 g++ "kam/scoring.hpp kam/scoring/wsm.hpp".
#   `name@DIR` measures `name` from another checkout's DIR/include, interleaved with this one's
#   (before/after a change): benchmarks/compile_time.sh 5 g++ "kam/kam.hpp kam/kam.hpp@/tmp/old".
# Prints, per compiler and header, the fastest user time of `-std=c++20 -O2 -c` over `runs`
# interleaved compilations (every header and <Eigen/Dense> alone in each round), and its ratio to
# <Eigen/Dense>. Interleaving and taking the fastest run keep a noisy machine's load out of the
# ratios as far as possible.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
compilers=${2:-"g++ clang++"}
headers=${3:-all}
all="kam/core.hpp kam/scoring.hpp kam/portfolio.hpp kam/retention.hpp kam/segmentation.hpp"
all="$all kam/kam.hpp kam/kam.hpp:compiled"
headers=$(printf '%s\n' $headers | sed "s|^all$|$all|" | tr '\n' ' ')
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '#include <Eigen/Dense>\nint main() {}\n' > "$dir/eigen.cpp"
names=()
includes=()
for h in $headers; do
  name=$(printf '%s' "$h" | tr '/.:@' '____')
  names+=("$name")
  spec=${h%%@*}
  case "$h" in *@*) includes+=("${h#*@}/include") ;; *) includes+=(include) ;; esac
  {
    case "$spec" in *:compiled) printf '#define KAM_COMPILED_LIB\n' ;; esac
    printf '#include <%s>\nint main() {}\n' "${spec%:compiled}"
  } > "$dir/$name.cpp"
done
best() {  # best <file>: the smallest number in it
  sort -g "$1" | head -n 1
}
for cxx in $compilers; do
  rm -f "$dir"/*.times
  tus=(eigen "${names[@]}")
  incs=(include "${includes[@]}")
  for _ in $(seq "$runs"); do
    for j in "${!tus[@]}"; do
      tu=${tus[$j]}
      if ! /usr/bin/time -f %U -o "$dir/time" "$cxx" -std=c++20 -O2 -I "${incs[$j]}" \
        -I /usr/include/eigen3 -c "$dir/$tu.cpp" -o /dev/null; then
        echo "compile_time.sh: $cxx failed on $(tail -n 2 "$dir/$tu.cpp" | head -n 1)" >&2
        exit 1
      fi
      tail -n 1 "$dir/time" >> "$dir/$tu.times"
    done
  done
  eigen=$(best "$dir/eigen.times")
  printf '%-8s %-34s %6.2f s\n' "$cxx" "<Eigen/Dense>" "$eigen"
  i=0
  for h in $headers; do
    t=$(best "$dir/${names[$i]}.times")
    spec=${h%%@*}
    label="<${spec%:compiled}>"
    case "$spec" in *:compiled) label="$label compiled" ;; esac
    case "$h" in *@*) label="$label from ${h#*@}" ;; esac
    ratio=$(awk -v t="$t" -v e="$eigen" 'BEGIN { printf "%.2f", t / e }')
    printf '%-8s %-34s %6.2f s   ratio %s\n' "$cxx" "$label" "$t" "$ratio"
    i=$((i + 1))
  done
done
