#!/usr/bin/env bash
# Installs what tl-boost needs to build, test and run on Debian 12 (or Ubuntu with the same
# packages): compiler and CMake, LibTorch 1.13, CLI11, nlohmann/json, spdlog, GoogleTest, and an
# optimised BLAS (Debian's libtorch runs matrix products on the system BLAS; the reference BLAS
# is ~30x slower than OpenBLAS).
#   scripts/install-deps.sh            what building, testing and running need
#   scripts/install-deps.sh --checks   also clang and its sanitizer/libFuzzer runtime (scripts/fuzz.sh),
#                                      Slurm and munge (tests/test_slurm.sh), and pandas and
#                                      matplotlib for the pandas example (tests/test_readme_pandas.sh)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache git ca-certificates curl
  libtorch-dev libcli11-dev nlohmann-json3-dev libspdlog-dev libgtest-dev libboost-math-dev
  libopenblas0-openmp
)
case "${1:-}" in
  --checks) packages+=(clang libclang-rt-14-dev slurm-wlm munge python3-pandas python3-matplotlib) ;;
  "") ;;
  *) echo "install-deps: unknown argument '$1' (expected --checks or nothing)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: everything already installed"
else
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# OpenBLAS registers itself as the libblas.so.3 alternative; say which one LibTorch will load.
if command -v update-alternatives >/dev/null; then
  blas=$(update-alternatives --query "libblas.so.3-$(uname -m)-linux-gnu" 2>/dev/null | awk '/^Value:/ {print $2}')
  echo "install-deps: BLAS in use: ${blas:-unknown}"
  case "$blas" in *openblas*) ;; *) echo "install-deps: warning: not OpenBLAS; matrix products will be slow" >&2 ;; esac
fi
