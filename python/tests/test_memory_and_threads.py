"""No copy of the input: arrays are read in place (C and Fortran order, read-only, column blocks);
and the GIL is released: threads score at the same time and get the serial answer."""

import subprocess
import sys
import textwrap
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import kam
from kam import _matrix

CRITERIA = [kam.Criterion(f"c{j}", j + 1.0, "cost" if j % 3 == 0 else "benefit")
            for j in range(8)]


def test_python_layer_passes_the_callers_memory():
    x = np.random.default_rng(1).random((50, 8))
    wider = np.random.default_rng(2).random((50, 12))
    for a in (x, np.asfortranarray(x), x.astype(np.float32), wider[:, 2:10],
              np.asfortranarray(wider)[:, 2:10]):
        assert np.shares_memory(_matrix(a), a)
    every_other = wider[:, ::2][:, :8]  # neither rows nor columns contiguous: copied
    assert not np.shares_memory(_matrix(every_other), every_other)


@pytest.mark.parametrize("order", ["C", "F"])
def test_read_only_input_works(order):
    x = np.asarray(np.random.default_rng(3).random((100, 8)), order=order)
    expected = kam.score(x, CRITERIA).scores
    x.flags.writeable = False
    assert np.array_equal(kam.score(x, CRITERIA).scores, expected)
    assert np.array_equal(kam.score(x, CRITERIA, "topsis").scores,
                          kam.score(x.copy(), CRITERIA, "topsis").scores)


@pytest.mark.parametrize("order", ["C", "F"])
def test_no_python_allocation_of_the_input_size(order):
    # tracemalloc sees numpy's allocations, and the results are numpy's: TOPSIS allocates three
    # vectors of N values (closeness and the two distances, 3 x 200,000 x 8 B = 4.8 MB), the
    # weighted sum one; an N x K copy of the input would be 12.8 MB, twice the bound.
    x = np.asarray(np.random.default_rng(4).random((200_000, 8)), order=order)
    tracemalloc.start()
    try:
        kam.score(x, CRITERIA)
        kam.score(x, CRITERIA, "topsis")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < x.nbytes / 2


RSS_SCRIPT = textwrap.dedent("""
    import resource, sys
    import numpy as np
    import kam
    order, method = sys.argv[1], sys.argv[2]
    n, k = 1_000_000, 16
    x = np.empty((n, k), order=order)
    rng = np.random.default_rng(5)
    for j in range(k):
        x[:, j] = rng.random(n) + 1.0
    crit = [kam.Criterion(f"c{j}", 1.0, "cost" if j % 2 else "benefit") for j in range(k)]
    kam.score(x[:10], crit, method)  # warm up
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kam.score(x, crit, method)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) * 1024, x.nbytes)
""")


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis"])
def test_peak_memory_stays_below_the_input_size(order, method):
    # The C++ side too: the process's peak resident memory grows by less than half the input
    # (128 MB) while kam scores it; the results themselves are N or 3 N values (8-24 MB).
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT, order, method], check=True,
                         capture_output=True, text=True).stdout.split()
    grown, size = int(out[0]), int(out[1])
    assert grown < size / 2, f"peak memory grew by {grown} bytes for a {size}-byte input"


def test_threads_score_concurrently():
    rng = np.random.default_rng(6)
    inputs = [rng.random((200_000, 8)) for _ in range(4)]
    serial = [kam.score(x, CRITERIA, "topsis").scores for x in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(kam.score, x, CRITERIA, "topsis") for x in inputs]
        parallel = [f.result(timeout=120).scores for f in futures]
    for a, b in zip(serial, parallel):
        assert np.array_equal(a, b)
