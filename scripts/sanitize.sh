#!/usr/bin/env bash
# Builds the unit tests with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/) and runs
# them. LibTorch itself is not instrumented; only tl-boost's code is checked.
#   scripts/sanitize.sh [CTEST_ARGS...]
#   scripts/sanitize.sh --build-only      build them, run nothing (.ci/run builds while other tests run)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_only=false
[[ "${1:-}" == --build-only ]] && { build_only=true; shift; }
build="$root/build-asan"
[[ -f "$build/CMakeCache.txt" ]] ||
  cmake -S "$root" -B "$build" "${cmake_args[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTL_BOOST_SANITIZE=address,undefined
cmake --build "$build" --target tl_boost_base_tests tl_boost_core_tests
$build_only && exit 0
cd "$build"
# LibTorch's thread pools and static registries are allocated once per process and never freed.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
# The scripts, the pandas example and the CLI tests (the release binary's) run in scripts/test.sh.
ctest --output-on-failure --parallel "$(nproc)" -L unit -LE cli -E "_script$|_example$" "$@"
