# Sourced by scripts/demo and scripts/check: makes sure Debian's packages kam needs are installed.
# As root it installs what is missing; otherwise it prints the exact apt-get line and stops.
# Boost comes as libboost1.81-dev: the default libboost-dev is 1.74, has no Describe, and conflicts.
kam_require_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "kam needs these Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

KAM_BUILD_PACKAGES=(cmake ninja-build g++ libeigen3-dev libboost1.81-dev libcsv-dev libfmt-dev)
# chromium and python3 render and check the kam tool's HTML report; libclang-rt-14-dev holds
# libFuzzer for the tool's fuzzers (asan preset). The Python module (python/, scripts/python-check)
# builds with pip from Debian's setuptools, wheel and pybind11 in a venv over Debian's Python.
# dpkg-dev (dpkg-shlibdeps) and pkgconf serve the .deb test: cpack, then consumers built with
# find_package and with pkg-config. doxygen builds the API reference, checked warning-free by the
# test kam.docs (gcc-dev preset).
KAM_PYTHON_PACKAGES=(g++ libeigen3-dev libboost1.81-dev python3 python3-dev python3-venv python3-pip
                     python3-setuptools python3-wheel pybind11-dev python3-pybind11 python3-numpy
                     python3-pandas python3-pytest python3-dask python3-distributed)
KAM_CHECK_PACKAGES=("${KAM_BUILD_PACKAGES[@]}" clang clang-format clang-tidy catch2 libbenchmark-dev
                    libclang-rt-14-dev chromium dpkg-dev pkgconf doxygen "${KAM_PYTHON_PACKAGES[@]}")
