"""kam::kmeans against scikit-learn's KMeans(algorithm="lloyd"), in one run, on the same data.

    cmake --workflow --preset release        # builds build/release/benchmarks/kmeans_peer
    /work/shared/tools/peer-python benchmarks/peers/kmeans_sklearn.py \
        --peer build/release/benchmarks/kmeans_peer [--rows 1000000] [--k 8]

--peer may be given several times, with labels (--peer before=old/kmeans_peer --peer
after=new/kmeans_peer), to compare builds of kam side by side in one run on the same data (the
first one writes it); each build gets its own row.

How the data is shared: `kmeans_peer write` (C++) generates the accounts (the sample generator's
first N rows: 8 features = six needs/behaviour ratings, log10 revenue, log10 employees; revenue is
the sample weight), picks k initial centres with kam's k-means++ and writes all of it to one
binary file; this script reads the same file with numpy. Both sides then run Lloyd's algorithm
from those centres, revenue-weighted, with tolerance 0, without standardisation, in float64 and
in float32.

Time per iteration: each side is timed for a short and a long run (5 and 25 iterations by
default, fastest of --repeat runs), and the difference is divided by the difference in
iterations, so fixed costs (scikit-learn's input validation and copy, kam's validating pass, the
final labelling pass) cancel out. kam is timed inside `kmeans_peer run` around the kam::kmeans
call; scikit-learn around KMeans.fit, under threadpoolctl's limit. Label agreement compares the
final labels of the long runs, cluster by cluster (both start from the same centres, so cluster
numbers correspond).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits


def read_data(path):
    with open(path, "rb") as f:
        if f.read(8) != b"KAMKMv1\0":
            sys.exit(f"{path} is not a kmeans_peer data file")
        n, d, k = np.fromfile(f, dtype="<i8", count=3)
        x = np.fromfile(f, dtype="<f8", count=n * d).reshape(n, d)
        w = np.fromfile(f, dtype="<f8", count=n)
        init = np.fromfile(f, dtype="<f8", count=k * d).reshape(k, d)
    return x, w, init


def time_sklearn(x, w, init, iterations, repeat, threads):
    best, model = float("inf"), None
    for _ in range(repeat):
        with threadpool_limits(limits=threads):
            t0 = time.perf_counter()
            model = KMeans(n_clusters=len(init), init=init, n_init=1, max_iter=iterations, tol=0,
                           algorithm="lloyd").fit(x, sample_weight=w)
            best = min(best, time.perf_counter() - t0)
    if model.n_iter_ != iterations:
        print(f"  note: scikit-learn stopped after {model.n_iter_} of {iterations} iterations")
    return best, model


def time_kam(peer, data, iterations, repeat, threads, single, labels_path):
    cmd = [peer, "run", data, "--iterations", str(iterations), "--repeat", str(repeat),
           "--threads", str(threads), "--labels", labels_path]
    if single:
        cmd.append("--float")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    fields = dict(item.split("=") for item in out.split())
    if int(fields["iterations"]) != iterations:
        print(f"  note: kam stopped after {fields['iterations']} of {iterations} iterations")
    return float(fields["seconds"]), float(fields["inertia"])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peer", required=True, action="append",
                   help="[LABEL=]path to a kmeans_peer program; repeat to compare builds")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--k", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--short", type=int, default=5, help="iterations of the short run")
    p.add_argument("--long", type=int, default=25, help="iterations of the long run")
    p.add_argument("--repeat", type=int, default=3, help="runs per timing (the fastest counts)")
    p.add_argument("--threads", default="1,2", help="thread counts to compare, e.g. 1,2")
    args = p.parse_args()
    builds = [k.split("=", 1) if "=" in k else ["", k] for k in args.peer]

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data.bin")
        subprocess.run([builds[0][1], "write", data, "--rows", str(args.rows), "--k", str(args.k),
                        "--seed", str(args.seed)], check=True)
        x64, w64, init64 = read_data(data)
        print(f"scikit-learn {sklearn_version}, numpy {np.__version__}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{len(x64)} accounts x {x64.shape[1]} features, k = {len(init64)}, revenue "
              f"weights; Lloyd from kam's k-means++ centres, tolerance 0; ms per iteration = "
              f"(t({args.long}) - t({args.short})) / {args.long - args.short}")
        print(f"{'dtype':8} {'threads':>7} {'build':>8} {'sklearn ms/it':>14} {'kam ms/it':>10} "
              f"{'speed-up':>9} {'labels agree':>13} {'inertia (rel. diff)':>22}")
        for dtype in (np.float64, np.float32):
            x, w, init = x64.astype(dtype), w64.astype(dtype), init64.astype(dtype)
            for threads in (int(t) for t in args.threads.split(",")):
                single = dtype == np.float32
                ss, _ = time_sklearn(x, w, init, args.short, args.repeat, threads)
                sl, model = time_sklearn(x, w, init, args.long, args.repeat, threads)
                span = args.long - args.short
                skl_ms = (sl - ss) / span * 1e3
                for label, peer in builds:
                    labels_path = os.path.join(tmp, "labels.bin")
                    ks, _ = time_kam(peer, data, args.short, args.repeat, threads, single,
                                     labels_path)
                    kl, kam_inertia = time_kam(peer, data, args.long, args.repeat, threads,
                                               single, labels_path)
                    kam_labels = np.fromfile(labels_path, dtype="<i8")
                    kam_ms = (kl - ks) / span * 1e3
                    agree = np.mean(kam_labels == model.labels_)
                    rel = abs(kam_inertia - model.inertia_) / model.inertia_
                    print(f"{np.dtype(dtype).name:8} {threads:7d} {label:>8} {skl_ms:14.2f} "
                          f"{kam_ms:10.2f} {skl_ms / kam_ms:8.2f}x {agree:13.6f} {rel:22.2e}")

if __name__ == "__main__":
    main()
