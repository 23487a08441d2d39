#!/usr/bin/env bash
# Configures and builds tl-boost and its tests in build/ (Release).
#   BUILD_DIR=dir    build directory (default: build)
#   extra arguments  passed to cmake's configure step, e.g. -DCMAKE_PREFIX_PATH=/path/to/libtorch
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build="${BUILD_DIR:-$root/build}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" "${cmake_args[@]}" -DCMAKE_BUILD_TYPE=Release "$@"
elif [[ $# -gt 0 ]]; then
  cmake "$build" "$@"
fi
cmake --build "$build" --parallel "$(nproc)"
