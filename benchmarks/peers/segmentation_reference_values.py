"""Recomputes, with numpy, pandas and scikit-learn, the peer values kam's segmentation tests cite
(tests/segmentation/*_test.cpp, issue #6). Run it with the Debian peers:

    /work/shared/tools/peer-python benchmarks/peers/segmentation_reference_values.py

The tests also work every value out by hand from the documented rule; this script is the
independent check that the rule is the peer's.
"""
import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler


def quantile_ties():
    print("quantile_bins: many ties (12 purchase counts, 4 bins)")
    x = np.array([1, 3, 1, 2, 1, 1, 8, 2, 1, 5, 1, 2], dtype=float)
    print("  np.quantile edges     ", np.quantile(x, np.linspace(0, 1, 5)))
    try:
        pd.qcut(x, 4)
    except ValueError as e:
        print("  pd.qcut(x, 4)          ValueError:", str(e).splitlines()[0])
    print("  qcut drop, labels=False", pd.qcut(x, 4, duplicates="drop", labels=False))
    print("  qcut drop, edges      ", pd.qcut(x, 4, duplicates="drop", retbins=True)[1])
    y = np.array([1, 1, 1, 1, 1, 1, 2, 3, 4, 5], dtype=float)
    print("quantile_bins: coinciding edges (1 x6, 2..5; 5 bins)")
    print("  np.quantile edges     ", np.quantile(y, np.linspace(0, 1, 6)))
    print("  qcut drop, labels=False", pd.qcut(y, 5, duplicates="drop", labels=False))


def lloyd(x, init, w=None, k=None):
    m = KMeans(k or len(init), init=init, n_init=1, tol=0, algorithm="lloyd")
    return m.fit(x, sample_weight=w)


def kmeans_cases():
    x = np.array([[0.0], [2.0], [4.0], [10.0], [12.0]])
    w = np.array([1, 1, 1, 1, 3.0])
    for name, weights in (("unweighted", None), ("weighted 1 1 1 1 3", w)):
        m = lloyd(x, np.array([[0.0], [4.0]]), weights)
        print(f"kmeans: Lloyd from 0 and 4, {name}: labels {m.labels_}, centres "
              f"{m.cluster_centers_.ravel()}, inertia {m.inertia_}, n_iter_ {m.n_iter_}")
    m = lloyd(x, np.array([[0.0]]), w)
    print(f"kmeans: k = 1, weighted: centre {m.cluster_centers_.ravel()} (52/7 = {52 / 7}), "
          f"inertia {m.inertia_} (1160/7 = {1160 / 7})")
    x2 = np.array([[0.0], [1.0], [10.0], [11.0]])
    m = lloyd(x2, np.array([[0.0], [10.0], [1000.0]]))
    print(f"kmeans: empty cluster: labels {m.labels_}, centres {m.cluster_centers_.ravel()}, "
          f"inertia {m.inertia_}, n_iter_ {m.n_iter_}")
    x3 = np.array([[0, 5], [1, 5], [10, 5], [11, 5.0]])
    s = StandardScaler().fit(x3)
    z = s.transform(x3)
    m = lloyd(z, z[[0, 2]])
    print(f"kmeans: constant feature, standardised: scale_ {s.scale_}, inertia {m.inertia_} "
          f"(1/25.25 = {1 / 25.25})")


if __name__ == "__main__":
    print(f"numpy {np.__version__}, pandas {pd.__version__}, scikit-learn {sklearn.__version__}")
    quantile_ties()
    kmeans_cases()
