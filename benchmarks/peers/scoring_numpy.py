#!/usr/bin/env python3
"""kam against numpy, side by side in one run: the key-account score pipeline and TOPSIS.

Writes a synthetic accounts x 8 criteria float64 matrix (seeded; revenue log-normal, ratings 1-5,
probabilities), then times the same work in numpy -- written as a numpy expert would: min and max
per column, the min-max normalisation and cost inversion folded into one matrix-vector product,
argpartition for the top 1000; TOPSIS with the weights folded into the vector normalisation and
one temporary per distance -- and in kam (benchmarks/peer_pipeline, built by the release preset),
on the same file. Prints tables with the ratios and checks that both give the same scores.

    ../shared/tools/peer-python benchmarks/peers/scoring_numpy.py [--rows N] [--repeat R]
        [--method pipeline|topsis|both] [--kam [LABEL=]build/release/benchmarks/peer_pipeline ...]

Each kam variant runs on one and on two threads (score_options::threads, topsis_options::threads).
--kam may be given several times (e.g. --kam before=old/peer_pipeline --kam after=new/peer_pipeline)
to compare builds of kam side by side in one run: each variant then runs every build in turn.
"""
import argparse
import json
import os
import platform
import subprocess
import tempfile
import time

import numpy as np

# selection_catalogue(): names, weights (normalised) and directions; all min-max here.
WEIGHTS = np.array([25, 20, 15, 10, 10, 10, 5, 5], dtype=np.float64) / 100.0
COST = np.array([False, False, False, False, True, False, False, False])


def make_matrix(rows, seed=20261128):
    rng = np.random.default_rng(seed)
    x = np.empty((rows, 8), dtype=np.float64)
    x[:, 0] = np.round(np.exp(rng.normal(10.8, 1.15, rows)), -2)  # revenue
    for j in (1, 4, 5, 6, 7):  # 1-5 ratings
        x[:, j] = rng.integers(1, 6, rows)
    x[:, 2] = np.round(rng.uniform(0, 1, rows), 2)  # probabilities
    x[:, 3] = np.round(rng.uniform(0, 1, rows), 2)
    return x


def numpy_pipeline(x, k=1000):
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    rng = hi - lo
    scale = np.where(rng > 0, 1.0 / np.where(rng > 0, rng, 1.0), 0.0)
    # benefit: w (x - lo) / rng; cost: w (1 - (x - lo) / rng); constant column: w * 0.5.
    coef = np.where(COST, -WEIGHTS * scale, WEIGHTS * scale)
    const = np.sum(np.where(rng > 0, np.where(COST, WEIGHTS * (1 + lo * scale), -WEIGHTS * lo * scale),
                            0.5 * WEIGHTS))
    scores = x @ coef + const
    top = np.argpartition(-scores, k)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return scores, top


def numpy_topsis(x, k=1000):
    # Vector normalisation and the weights folded into one scale per column; ideal and anti-ideal
    # per direction; both distances from one N x 8 temporary each.
    scale = WEIGHTS / np.sqrt(np.einsum("ij,ij->j", x, x))
    v = x * scale
    vmax = v.max(axis=0)
    vmin = v.min(axis=0)
    ideal = np.where(COST, vmin, vmax)
    anti = np.where(COST, vmax, vmin)
    dplus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dminus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    closeness = dminus / (dplus + dminus)
    top = np.argpartition(-closeness, k)[:k]
    top = top[np.argsort(-closeness[top], kind="stable")]
    return closeness, top


def timed(f, x, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f(x)
        times.append(time.perf_counter() - t0)
    times.sort()
    return times, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--kam", action="append",
                    help="[LABEL=]path of a peer_pipeline binary; repeat to compare builds "
                         "(default: build/release/benchmarks/peer_pipeline)")
    ap.add_argument("--method", choices=("pipeline", "topsis", "both"), default="both",
                    help="which comparison to run (default: both)")
    args = ap.parse_args()
    methods = ("pipeline", "topsis") if args.method == "both" else (args.method,)
    builds = [k.split("=", 1) if "=" in k else ["", k]
              for k in (args.kam or ["build/release/benchmarks/peer_pipeline"])]
    numpy_of = {"pipeline": numpy_pipeline, "topsis": numpy_topsis}

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "matrix.f64")
        x = make_matrix(args.rows)
        x.tofile(path)
        results = {m: timed(numpy_of[m], x, args.repeat) for m in methods}
        del x
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus; "
              f"numpy {np.__version__}; {args.rows} accounts x 8 criteria, float64, best of {args.repeat}")
        peak = {}
        labels = {"pipeline": "score pipeline: stats, min-max, weighted sum, top 1000",
                  "topsis": "TOPSIS (vector normalisation) and top 1000"}
        for method in methods:
            label = labels[method]
            times, (scores, top) = results[method]
            print(f"\n{label}")
            print(f"{'variant':34} {'best ms':>9} {'median ms':>10} {'numpy / kam':>12} {'vs read':>8}")
            print(f"{'numpy':34} {times[0]*1e3:9.1f} {times[len(times)//2]*1e3:10.1f}")
            for layout, threads in (("row", 1), ("col", 1), ("row", 2), ("col", 2)):
                for label_of_build, binary in builds:
                    out_scores = os.path.join(tmp, "scores.f64")
                    res = subprocess.run([binary, path, str(args.rows), "--repeat", str(args.repeat),
                                          "--threads", str(threads), "--layout", layout,
                                          "--scores", out_scores, "--method", method],
                                         check=True, capture_output=True, text=True)
                    r = json.loads(res.stdout)
                    kam_scores = np.fromfile(out_scores, dtype=np.float64)
                    diff = np.max(np.abs(kam_scores - scores))
                    kam = f"kam {label_of_build}" if label_of_build else "kam"
                    name = f"{kam} ({layout}-major, {threads} thread{'s' if threads > 1 else ''})"
                    # Two passes over the matrix (statistics, then scores): twice the plain read.
                    bound = 2 * r["read_best_s"]
                    print(f"{name:34} {r['pipeline_best_s']*1e3:9.1f} {r['pipeline_median_s']*1e3:10.1f} "
                          f"{times[0] / r['pipeline_best_s']:11.1f}x {r['pipeline_best_s'] / bound:7.2f}x"
                          f"   max |diff| {diff:.1e}, same top account: {r['top1'] == int(top[0])}")
                    peak[(method, layout, threads, label_of_build)] = r["peak_rss_mb"]
        print(f"\nplain read of the matrix (one pass): {r['read_best_s']*1e3:.1f} ms; "
              "'vs read' = kam time / (2 passes x plain read)")
        mb = args.rows * 8 * 8 / 2**20
        print(f"input matrix {mb:.0f} MiB; kam process peak RSS (input + results + harness): " +
              ", ".join(f"{m} {l}-major {t}t{' ' + b if b else ''} {v:.0f} MiB"
                        for (m, l, t, b), v in peak.items()))


if __name__ == "__main__":
    main()
