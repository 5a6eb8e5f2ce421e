"""Builds kam._kam, the pybind11 extension, from kam's headers (header-only mode).

The headers are read from ../include (this directory lives inside kam's repository); Eigen 3.4
and Boost 1.81 come from Debian's libeigen3-dev and libboost1.81-dev. KAM_PY_JOBS sets how many
translation units compile at once (default 2). The module compiles with -O3, where GCC 12
vectorises kam's loops (at -O2 its cheap cost model leaves them scalar: k-means ran 2.6x
slower). KAM_PY_NATIVE=1 adds -march=native, as the C++ release preset: faster still here
(k-means another 1.5x on this AVX-512 machine, benchmarks/README.md), but the module then runs
only on processors with the same instructions, so it is off by default. Both flavours compile
with -ffp-contract=off, as kam's C++ builds, so that results match numpy's to the bit. Each
flavour builds in a directory of its own (build/portable, build/native), and the compiler flags
are written to a file there that the extension depends on: setuptools rebuilds an extension only
when a source or a `depends` file is newer than it, so without that a switch of flags (or of
KAM_PY_NATIVE over an existing build) silently installed the objects of the previous flags.
"""

import os
from pathlib import Path

from pybind11.setup_helpers import ParallelCompile, Pybind11Extension, build_ext
from setuptools import setup

HERE = Path(__file__).resolve().parent
KAM_INCLUDE = HERE.parent / "include"
if not (KAM_INCLUDE / "kam" / "scoring.hpp").is_file():
    raise SystemExit(
        f"kam's headers are not at {KAM_INCLUDE}: build the Python module from the python/ "
        "directory of a kam checkout (pip install --no-build-isolation ./python)"
    )
EIGEN_INCLUDE = Path("/usr/include/eigen3")
if not (EIGEN_INCLUDE / "Eigen" / "Core").is_file():
    raise SystemExit("Eigen 3.4 is missing: apt-get install libeigen3-dev")

ParallelCompile("KAM_PY_JOBS", default=2).install()

NATIVE = os.environ.get("KAM_PY_NATIVE") == "1"
# -ffp-contract=off: no fused multiply-add the compiler chooses. GCC contracts by default (GNU
# mode), and under -march=native (FMA instructions) it fused `a + d * t` of kam's quantile
# interpolation, so kam.quantiles differed from numpy's (whose arithmetic is not contracted) in
# the last bit; kam's C++ builds (the tool, its tests) compile with the flag too.
COMPILE_ARGS = ["-O3", "-Wall", "-Wextra", "-ffp-contract=off"] + (
    ["-march=native"] if NATIVE else [])
BUILD_BASE = HERE / "build" / ("native" if NATIVE else "portable")
# The flags as a dependency: the file changes (and so is newer than the extension) exactly when
# they do.
FLAGS_FILE = BUILD_BASE / "compile-flags.txt"
FLAGS_FILE.parent.mkdir(parents=True, exist_ok=True)
if not FLAGS_FILE.is_file() or FLAGS_FILE.read_text() != " ".join(COMPILE_ARGS) + "\n":
    FLAGS_FILE.write_text(" ".join(COMPILE_ARGS) + "\n")

sources = ["module.cpp", "errors.cpp", "methods.cpp", "weights.cpp", "retention.cpp",
           "retention_models.cpp", "segmentation.cpp", "portfolio.cpp",
           "plan.cpp", "plan_review.cpp", "explain.cpp",
           "defaults.cpp", "reference.cpp"]
ext = Pybind11Extension(
    "kam._kam",
    [f"csrc/{name}" for name in sources],
    include_dirs=[str(KAM_INCLUDE), str(EIGEN_INCLUDE)],
    # Rebuild when kam's headers change, not only the binding's sources.
    depends=sorted(str(p) for p in KAM_INCLUDE.rglob("*.hpp"))
    + ["csrc/common.hpp", "csrc/scoring.hpp", str(FLAGS_FILE)],
    cxx_std=20,
    extra_compile_args=COMPILE_ARGS,
)

setup(ext_modules=[ext], cmdclass={"build_ext": build_ext},
      options={"build": {"build_base": str(BUILD_BASE.relative_to(HERE))}})
