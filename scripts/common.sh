# Sourced by the build scripts: the repository root, and the CMake arguments every build shares
# (Ninja when installed; ccache when installed, keyed so that clones in other directories share it).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake_args=()
command -v ninja >/dev/null && cmake_args+=(-G Ninja)
if command -v ccache >/dev/null; then
  cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
fi
