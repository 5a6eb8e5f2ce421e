"""The BG/NBD fit the way lifetimes (BetaGeoFitter) does it, in numpy/scipy, timed against kam's
fit_bgnbd on the same simulated accounts in one run.

    /work/shared/tools/peer-python benchmarks/peers/bgnbd_scipy.py \
        --kam build/release/benchmarks/bgnbd_peer --rows 100000 1000000

For each size it has bgnbd_peer write the accounts (simulated from the model; see
bgnbd_peer.cpp), then times, best of --repeat: lifetimes' method (the negative log-likelihood
over all accounts in vectorised numpy with gammaln and logaddexp, parameters in log space,
scipy.optimize.minimize with Nelder-Mead and tol 1e-7, lifetimes' defaults) and, as a stronger
peer, BFGS on the same function per account with its analytic gradient (digamma), gtol 1e-7. Then it runs bgnbd_peer on
the same file and prints a table: seconds, the speed-up of kam, and the largest relative
difference between each peer's estimates and kam's.
"""

import argparse
import os
import re
import subprocess
import tempfile
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln


def read(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"KAMBGv1\0"
        n = int(np.frombuffer(f.read(8), dtype="<i8")[0])
        cols = np.frombuffer(f.read(24 * n), dtype="<f8").reshape(3, n)
    return cols[0].copy(), cols[1].copy(), cols[2].copy()


def negative_log_likelihood(log_params, x, t_x, age):
    """lifetimes' BetaGeoFitter._negative_log_likelihood, without the penaliser (0 by default)."""
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + age)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(t_x + alpha)
    max_a3_a4 = np.maximum(a3, a4)
    second = np.log(np.exp(a3 - max_a3_a4) + (x > 0) * np.exp(a4 - max_a3_a4)) + max_a3_a4
    return -(a1 + a2 + second).sum()


def gradient(log_params, x, t_x, age):
    """The analytic gradient of negative_log_likelihood in the log-parameters."""
    r, alpha, a, b = np.exp(log_params)
    log_t = np.log(alpha + age)
    log_ratio = log_t - np.log(alpha + t_x)
    d = np.log(a / (b + np.maximum(x, 1) - 1)) + (r + x) * log_ratio
    w2 = np.where(x > 0, 1 / (1 + np.exp(-d)), 0.0)
    psi_abx = digamma(a + b + x)
    g = np.empty(4)
    g[0] = (digamma(r + x) - digamma(r) + np.log(alpha) - log_t + w2 * log_ratio).sum() * r
    g[1] = (r / alpha - (r + x) / (alpha + age)
            + w2 * (r + x) * (1 / (alpha + age) - 1 / (alpha + t_x))).sum() * alpha
    g[2] = (digamma(a + b) - psi_abx + w2 / a).sum() * a
    g[3] = (digamma(b + x) - psi_abx - digamma(b) + digamma(a + b)
            - np.where(x > 0, w2 / (b + np.maximum(x, 1) - 1), 0.0)).sum() * b
    return -g


def best_of(repeat, fit):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fit()
        best = min(best, time.perf_counter() - start)
    return best, np.exp(out.x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kam", required=True)
    p.add_argument("--rows", type=int, nargs="+", default=[100000])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--nelder-mead-up-to", type=int, default=10**6,
                   help="run lifetimes' Nelder-Mead method only up to this many accounts "
                        "(it takes ~150 s per 10^6 here and grows linearly)")
    args = p.parse_args()
    print("| accounts | method | seconds | kam seconds | kam speed-up | max rel. diff of estimates |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bgnbd.bin")
            subprocess.run([args.kam, "write", path, "--rows", str(n)], check=True,
                           capture_output=True)
            data = read(path)
            nm = None
            if n <= args.nelder_mead_up_to:
                nm = best_of(args.repeat, lambda: minimize(
                    negative_log_likelihood, np.zeros(4), args=data, method="Nelder-Mead",
                    tol=1e-7))
            bfgs = best_of(args.repeat, lambda: minimize(  # per account: BFGS fails unscaled
                lambda u: negative_log_likelihood(u, *data) / n, np.zeros(4),
                jac=lambda u: gradient(u, *data) / n, method="BFGS", options={"gtol": 1e-7}))
            out = subprocess.run([args.kam, "run", path, "--repeat", str(args.repeat)],
                                 check=True, capture_output=True, text=True).stdout
        seconds = float(re.search(r"seconds=([0-9.]+)", out).group(1))
        kam = np.array([float(re.search(k + r"=([-0-9.e+]+)", out).group(1))
                        for k in (" r", "alpha", " a", " b")])
        for name, peer in (("lifetimes (Nelder-Mead)", nm), ("BFGS, analytic gradient", bfgs)):
            if peer is None:
                print(f"| {n} | {name} | not run (--nelder-mead-up-to) | {seconds:.3f} | | |")
                continue
            t, est = peer
            diff = np.max(np.abs(est - kam) / kam)
            print(f"| {n} | {name} | {t:.3f} | {seconds:.3f} | {t / seconds:.1f}x | {diff:.1e} |")


if __name__ == "__main__":
    main()
