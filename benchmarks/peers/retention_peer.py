"""The retention metrics of kam/retention/metrics.hpp written the way a pandas/numpy analyst
would, timed against kam's retention_benchmark on the same kind of data in one run.

    /work/shared/tools/peer-python benchmarks/peers/retention_peer.py \
        --generator build/release/examples/generate_revenue \
        --kam build/release/benchmarks/retention_benchmark --rows 1000000

It writes `--rows` accounts x 36 months with kam's own generator (generate_revenue), reads them
with pandas (not timed), and times, best of `--repeat`, on a column-major (Fortran-order) array
like kam's: monthly GRR/NRR with their movements (35 windows), quarterly GRR/NRR (11 windows,
gaps inside a quarter break cohort membership: reactivation_rule::separate), and the cohort table.
Then it runs kam's benchmark at the same size and prints both. `--csv FILE` instead prints the
quarterly table of a file (the bundled sample gives the same GRR/NRR as examples/retention_report).
"""

import argparse
import os
import re
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd


def retention_windows(r, step, first):
    """GRR, NRR, CRR and the movements per window (the `separate` reactivation rule)."""
    n, p = r.shape
    active = r > 0
    ever = np.logical_or.accumulate(active, axis=1)  # revenue in any period up to j
    out = []
    for s in range(first, p - step, step):
        e = s + step
        a, b = r[:, s], r[:, e]
        ha, hb = active[:, s], active[:, e]
        kept = ha & hb
        if step > 1:
            kept &= active[:, s + 1 : e].all(axis=1)
        lost = ha & ~kept
        other = hb & ~kept
        back = other & (ha | ever[:, s])
        new = other & ~back
        opening = a.sum(dtype=np.float64)
        expansion = np.where(kept & (b > a), b - a, 0).sum(dtype=np.float64)
        contraction = np.where(kept & (a > b), a - b, 0).sum(dtype=np.float64)
        churned = np.where(lost, a, 0).sum(dtype=np.float64)
        out.append(
            dict(
                opening=opening,
                new=np.where(new, b, 0).sum(dtype=np.float64),
                reactivated=np.where(back, b, 0).sum(dtype=np.float64),
                expansion=expansion,
                contraction=contraction,
                churned=churned,
                closing=b.sum(dtype=np.float64),
                grr=(opening - contraction - churned) / opening,
                nrr=(opening + expansion - contraction - churned) / opening,
                crr=kept.sum() / ha.sum(),
            )
        )
    return out


def cohort_table(r):
    """Active, survived and revenue by (cohort = first period with revenue, age)."""
    n, p = r.shape
    active = r > 0
    has = active.any(axis=1)
    first = np.where(has, active.argmax(axis=1), p)
    j = np.arange(p)
    age = j[None, :] - first[:, None]
    cell = (first[:, None] * p + age)[active]
    counts = np.bincount(cell, minlength=p * p).reshape(p, p)
    money = np.bincount(cell, weights=r[active], minlength=p * p).reshape(p, p)
    lapsed = np.logical_or.accumulate(~active & (age >= 0), axis=1)
    lapse = np.where(lapsed.any(axis=1), lapsed.argmax(axis=1) - first, p - first)[has]
    lapses = np.bincount(first[has] * (p + 1) + lapse, minlength=p * (p + 1)).reshape(p, p + 1)
    size = np.bincount(first[has], minlength=p)
    survived = size[:, None] - np.cumsum(lapses, axis=1)[:, :p]
    return counts, survived, money


def best_of(f, repeat):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def load(path):
    frame = pd.read_csv(path)
    return frame.drop(columns="id").to_numpy(dtype=np.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv")
    ap.add_argument("--generator", default="build/release/examples/generate_revenue")
    ap.add_argument("--kam", default="build/release/benchmarks/retention_benchmark")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    if args.csv:
        r = np.asfortranarray(load(args.csv))
        for q, w in enumerate(retention_windows(r, 3, 2), start=2):
            print(f"Q{q:<3} GRR {100 * w['grr']:5.1f}%  NRR {100 * w['nrr']:5.1f}%  "
                  f"logo churn {100 * (1 - w['crr']):4.1f}%")
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "revenue.csv")
        subprocess.run([args.generator, "--rows", str(args.rows), "--out", path], check=True)
        r64 = np.asfortranarray(load(path))
    r32 = np.asfortranarray(r64.astype(np.float32))
    print(f"numpy {np.__version__}, pandas {pd.__version__}: {args.rows} accounts x "
          f"{r64.shape[1]} months, best of {args.repeat}")
    peer = {}
    for name, r in (("double", r64), ("float", r32)):
        peer[("BM_revenue_retention_monthly", name)] = best_of(
            lambda: retention_windows(r, 1, 0), args.repeat)
        peer[("BM_revenue_retention_quarterly", name)] = best_of(
            lambda: retention_windows(r, 3, 2), args.repeat)
        peer[("BM_cohorts", name)] = best_of(lambda: cohort_table(r), args.repeat)

    out = subprocess.run(
        [args.kam, f"--benchmark_filter=(monthly|quarterly|cohorts).*/{args.rows}$",
         "--benchmark_min_time=0.5"],
        check=True, capture_output=True, text=True).stdout
    kam = {}
    for line in out.splitlines():
        m = re.match(r"(BM_\w+)<(\w+)>/\d+\s+([\d.]+) ms\s+([\d.]+) ms", line)
        if m:
            kam[(m.group(1), m.group(2))] = float(m.group(3)) / 1000
    print(f"{'metric':34s} {'scalar':6s} {'numpy ms':>10s} {'kam ms':>10s} {'speed-up':>9s}")
    for key, t in peer.items():
        k = kam.get(key)
        ratio = f"{t / k:8.1f}x" if k else "        -"
        print(f"{key[0]:34s} {key[1]:6s} {1000 * t:10.1f} "
              f"{(1000 * k if k else float('nan')):10.1f} {ratio}")


if __name__ == "__main__":
    main()
