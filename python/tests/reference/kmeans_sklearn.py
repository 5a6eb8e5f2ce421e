"""Reference values of test_segmentation.py's k-means case from scikit-learn (not a test; pytest
does not collect it). Run: /work/shared/tools/peer-python python/tests/reference/kmeans_sklearn.py
(Debian's scikit-learn 1.2.1). Same data and initial centres as
test_kmeans_matches_scikit_learn_from_the_same_centres."""

import numpy as np
import sklearn
from sklearn.cluster import KMeans

rng = np.random.default_rng(7)
x = np.concatenate([rng.normal(m, 1.2, size=(80, 3)) for m in (0.0, 3.0, 6.0)])
w = rng.uniform(0.5, 3.0, size=len(x))
init = x[[0, 1, 2]]
print("scikit-learn", sklearn.__version__)
for name, weights in (("unweighted", None), ("weighted", w)):
    km = KMeans(3, init=init, n_init=1, tol=0.0, algorithm="lloyd").fit(x, sample_weight=weights)
    print(name, "n_iter", km.n_iter_, "inertia", repr(km.inertia_))
    print(name, "centres", repr(km.cluster_centers_.tolist()))
    print(name, "sizes", np.bincount(km.labels_).tolist(), "labels[:12]", km.labels_[:12].tolist())
