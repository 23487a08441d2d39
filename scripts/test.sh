#!/usr/bin/env bash
# Builds tl-boost and runs every test under ctest. The end-to-end tests (label "data") need
# CIFAR-10 in data/cifar-10-batches-bin: scripts/fetch-data.sh puts it there.
#   scripts/test.sh            all tests
#   scripts/test.sh -L unit    only the tests that need no dataset (any ctest arguments work)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure --parallel "$(nproc)" "$@"
