"""kam from Python against kam from C++ and numpy, side by side in one run (#17 item 6), and
kam.dask on 1 and 2 worker processes.

Run with the Python that has the kam module (scripts/python-check builds it):

    build/python-venv/bin/python benchmarks/peers/python_overhead.py \\
        --pipeline build/release/benchmarks/peer_pipeline \\
        --kmeans build/release/benchmarks/kmeans_peer --rows 1000000 10000000 \\
        [--portable PORTABLE_PEER_PIPELINE --portable-kmeans PORTABLE_KMEANS_PEER] \\
        [--rounds 4] [--no-kmeans]

(benchmarks/README.md, "kam from Python", gives the commands that build the portable peers.)

For each size it writes scoring_numpy.py's accounts x 8 criteria matrix (seeded) and times, best
of --repeat, on one thread each:

- the score pipeline (statistics, min-max normalisation, weighted sum, top 1000): numpy as an
  expert writes it (scoring_numpy.numpy_pipeline), kam from Python (kam.score on the C-order
  array, read in place, then kam.top_k), once with fresh results per call and once with out=
  reusing the caller's arrays (TOPSIS: closeness and both distances), and kam from C++ (peer_pipeline, row-major, the same file, which reuses its
  result's storage from call to call; with --portable also a peer_pipeline built without
  -march=native, as the module is built by default);
- TOPSIS (vector normalisation) and the top 1000, the same three ways;
- k-means on kmeans_peer's data (8 features, revenue weights, k = 8 from kam's k-means++, a fixed
  number of Lloyd iterations; column-major on both sides, as kmeans_peer copies it): kam.KMeans
  from Python against kmeans_peer from C++. (scikit-learn
  is not importable beside the kam module; benchmarks/peers/kmeans_sklearn.py compares
  kmeans_peer with it, so the ratio to scikit-learn follows.)

"Python / C++" (kam-py out= over C++) is the overhead of calling kam from Python (the goal:
within 10 % at 10^7 rows);
"numpy / kam-py" is what a Python user gains. Then, with --dask-rows, kam.dask.score of that many
accounts in 8 partitions on a distributed.LocalCluster of 1 and of 2 worker processes (one
thread each), against kam.score in this process: the scaling. Scores are checked equal.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scoring_numpy import COST, WEIGHTS, make_matrix, numpy_pipeline, numpy_topsis  # noqa: E402

import kam  # noqa: E402

NAMES = [f"c{j}" for j in range(8)]
CRITERIA = [kam.Criterion(NAMES[j], float(WEIGHTS[j]), "cost" if COST[j] else "benefit")
            for j in range(8)]


NOTES = []  # printed after the table


def best(repeat, f):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def kam_pipeline(x, out=None):
    scores = kam.score(x, CRITERIA, out=out).scores
    return scores, kam.top_k(scores, 1000)


def kam_topsis(x, out=None):
    scores = kam.score(x, CRITERIA, method="topsis", out=out).scores
    return scores, kam.top_k(scores, 1000)


def cpp(binary, path, rows, repeat, method):
    out = subprocess.run([binary, path, str(rows), "--repeat", str(repeat), "--threads", "1",
                          "--layout", "row", "--method", method],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["pipeline_best_s"]


def scoring_rows(args, rows, tmp):
    x = make_matrix(rows)
    path = os.path.join(tmp, "matrix.f64")
    x.tofile(path)
    for method, numpy_f, kam_f in (("pipeline", numpy_pipeline, kam_pipeline),
                                   ("topsis", numpy_topsis, kam_topsis)):
        t_np, (s_np, _) = best(args.repeat, lambda: numpy_f(x))
        # kam from Python twice: a fresh result per call (numpy's allocation), and out= reusing
        # one array from call to call, as peer_pipeline reuses its result's storage.
        # Under load the two sides are timed in alternation, --rounds times, the best kept.
        t_fresh = t_py = t_cpp = t_port = float("inf")
        out = np.empty(rows)
        if method == "topsis":  # the closeness and the two distances, as topsis_into reuses
            out = (out, np.empty(rows), np.empty(rows))
        for _ in range(args.rounds):
            t, (s_py, _) = best(args.repeat, lambda: kam_f(x))
            t_fresh = min(t_fresh, t)
            t, (s_out, _) = best(args.repeat, lambda: kam_f(x, out))
            t_py = min(t_py, t)
            assert np.array_equal(s_out, s_py)
            t_cpp = min(t_cpp, cpp(args.pipeline, path, rows, args.repeat, method))
            if args.portable:
                t_port = min(t_port, cpp(args.portable, path, rows, args.repeat, method))
        line = f"| {rows} | {method} | {t_np:.3f} | {t_fresh:.3f} | {t_py:.3f} | {t_cpp:.3f} | "
        if args.portable:
            line += f"{t_port:.3f} | {t_py / t_port:.2f} | "
        diff = float(np.max(np.abs(s_np - s_py)))
        print(line + f"{t_py / t_cpp:.2f} | {t_np / t_py:.1f}x | {diff:.1e} |", flush=True)


def read_kmeans(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"KAMKMv1\0"
        n, d, k = (int(v) for v in np.frombuffer(f.read(24), dtype="<i8"))
        x = np.frombuffer(f.read(8 * n * d), dtype="<f8").reshape(n, d)
        w = np.frombuffer(f.read(8 * n), dtype="<f8")
        c = np.frombuffer(f.read(8 * k * d), dtype="<f8").reshape(k, d)
    return x, w, c


def kmeans_rows(args, rows, tmp):
    path = os.path.join(tmp, "kmeans.bin")
    subprocess.run([args.kmeans, "write", path, "--rows", str(rows), "--k", "8"], check=True,
                   capture_output=True)
    x, w, c = read_kmeans(path)
    # Column-major, as kmeans_peer copies its data before timing: the same layout on both sides
    # (kam's k-means kernel reads a row-major matrix at another speed, in C++ as from Python).
    x = np.asfortranarray(x)
    model = kam.KMeans(8, init=c, max_iter=args.iterations, tol=0)

    def run(binary):
        out = subprocess.run([binary, "run", path, "--iterations", str(args.iterations),
                              "--repeat", str(args.repeat)], check=True, capture_output=True,
                             text=True).stdout
        return dict(item.split("=") for item in out.split())

    t_py = t_cpp = t_port = float("inf")
    ratios = []
    for _ in range(args.rounds):  # in alternation, as the scoring
        t, fitted = best(args.repeat, lambda: model.fit(x, sample_weight=w))
        t_py = min(t_py, t)
        fields = run(args.kmeans)
        t_cpp = min(t_cpp, float(fields["seconds"]))
        ratios.append(f"{t / float(fields['seconds']):.2f}")
        if args.portable_kmeans:
            t_port = min(t_port, float(run(args.portable_kmeans)["seconds"]))
    # Each round's Python / native C++, its two halves seconds apart: under a varying load the
    # best of each side can come from different rounds.
    NOTES.append(f"k-means at {rows}: Python / native C++ per round: {', '.join(ratios)}")
    diff = abs(fitted.inertia_ - float(fields["inertia"])) / float(fields["inertia"])
    line = f"| {rows} | k-means, k = 8, {fitted.n_iter_} iterations | | {t_py:.3f} | | {t_cpp:.3f} | "
    if args.portable_kmeans:
        line += f"{t_port:.3f} | {t_py / t_port:.2f} | "
    print(line + f"{t_py / t_cpp:.2f} | | {diff:.1e} |", flush=True)


def dask_scaling(args):
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    import kam.dask

    frame = pd.DataFrame(make_matrix(args.dask_rows), columns=NAMES)
    t_one, whole = best(args.repeat, lambda: kam.score(frame, CRITERIA).scores)
    print(f"\nkam.dask.score, {args.dask_rows} accounts x 8 criteria in 8 partitions "
          f"(kam.score in one process: {t_one:.3f} s)\n")
    print("| workers | seconds | vs kam.score | same scores |")
    print("|---:|---:|---:|---|")
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None) as cluster, \
                Client(cluster) as client:
            parts = client.persist(dd.from_pandas(frame, npartitions=8))
            t, got = best(args.repeat, lambda: kam.dask.score(parts, CRITERIA).compute())
            same = bool(np.array_equal(got.to_numpy(), whole.to_numpy()))
            print(f"| {workers} | {t:.3f} | {t / t_one:.2f} | {same} |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pipeline", required=True, help="peer_pipeline binary (release build)")
    ap.add_argument("--kmeans", required=True, help="kmeans_peer binary (release build)")
    ap.add_argument("--portable", help="peer_pipeline built without -march=native, as the "
                    "module is by default: compares like with like")
    ap.add_argument("--portable-kmeans", help="kmeans_peer built without -march=native")
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=1,
                    help="time kam-py and the C++ peers in alternation this many times, best of "
                    "all (for a loaded machine)")
    ap.add_argument("--no-kmeans", action="store_true", help="scoring only")
    ap.add_argument("--iterations", type=int, default=10, help="Lloyd iterations of k-means")
    ap.add_argument("--dask-rows", type=int, default=0, help="accounts for the Dask scaling")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus; Python "
          f"{platform.python_version()}, numpy {np.__version__}, kam {kam.__version__}; "
          f"best of {args.repeat}; load average {os.getloadavg()[0]:.1f}\n"
          f"module: {kam._kam.__file__}\n")
    portable = "kam C++ portable s | Python / portable C++ | " if args.portable else ""
    print("| accounts | workload | numpy s | kam-py fresh s | kam-py out= s | kam C++ native s | "
          + portable + "Python / native C++ | numpy / kam-py | max diff |")
    print("|---:|---|" + "---:|" * (9 if args.portable else 7))
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            scoring_rows(args, rows, tmp)
            if not args.no_kmeans:
                kmeans_rows(args, rows, tmp)
    for note in NOTES:
        print("\n" + note)
    if args.dask_rows:
        dask_scaling(args)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
