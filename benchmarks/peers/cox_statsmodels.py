"""The Cox proportional-hazards fit in statsmodels (PHReg, Efron ties), timed against kam's
fit_cox on the same simulated accounts in one run.

    /work/shared/tools/peer-python benchmarks/peers/cox_statsmodels.py \
        --kam build/release/benchmarks/cox_peer --rows 100000 1000000

For each size it has cox_peer write the accounts (5 covariates, whole-month churn times with
ties, censoring; see cox_peer.cpp), times statsmodels' PHReg(...).fit() with ties="efron" (its
Newton-Raphson, default tolerances), best of --repeat, then runs cox_peer on the same file and
prints a table: seconds, the speed-up of kam, and the largest relative difference between the
coefficients.
"""

import argparse
import os
import re
import subprocess
import tempfile
import time

import numpy as np
from statsmodels.duration.hazard_regression import PHReg


def read(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"KAMCXv1\0"
        n, p = (int(v) for v in np.frombuffer(f.read(16), dtype="<i8"))
        data = np.frombuffer(f.read(8 * n * (2 + p)), dtype="<f8")
    return data[:n].copy(), data[n:2 * n].copy(), data[2 * n:].reshape(p, n).T.copy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kam", required=True)
    ap.add_argument("--rows", type=int, nargs="+", default=[100000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print("| accounts | statsmodels s | kam s | kam speed-up | max rel. diff of coefficients |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "cox.bin")
            subprocess.run([args.kam, "write", path, "--rows", str(n)], check=True,
                           capture_output=True)
            t, e, x = read(path)
            best, fit = float("inf"), None
            for _ in range(args.repeat):
                start = time.perf_counter()
                fit = PHReg(t, x, status=e, ties="efron").fit()
                best = min(best, time.perf_counter() - start)
            out = subprocess.run([args.kam, "run", path, "--repeat", str(args.repeat)],
                                 check=True, capture_output=True, text=True).stdout
        seconds = float(re.search(r"seconds=([0-9.]+)", out).group(1))
        kam = np.array([float(v) for v in re.search(r"coef=([^ ]+)", out).group(1).split(",")])
        # the covariate with true coefficient 0 is compared absolutely (its estimate is ~0)
        diff = np.max(np.abs(fit.params - kam) / np.maximum(np.abs(kam), 1e-2))
        print(f"| {n} | {best:.3f} | {seconds:.3f} | {best / seconds:.1f}x | {diff:.1e} |")


if __name__ == "__main__":
    main()
