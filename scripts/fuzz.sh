#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined-behaviour sanitizers) and runs
# each for a bounded time, starting from the corpora in tests/fuzz/corpus/.
#   scripts/fuzz.sh [SECONDS]       seconds per target (default 60)
#   scripts/fuzz.sh --build-only    build the targets, run nothing (.ci/run builds while other tests run)
# New interesting inputs go to build-fuzz/corpus/, not into the repository; a crash leaves its
# input as build-fuzz/crash-* and fails the script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_only=false
[[ "${1:-}" == --build-only ]] && { build_only=true; shift; }
seconds="${1:-60}"
build="$root/build-fuzz"
command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
[[ -f "$build/CMakeCache.txt" ]] ||
  cmake -S "$root" -B "$build" "${cmake_args[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DTL_BOOST_FUZZ=ON -DTL_BOOST_BUILD_TESTS=OFF
cmake --build "$build" --target fuzz_config fuzz_cifar10_records
$build_only && exit 0
cd "$build"
# The targets are single-threaded: run them side by side, one per core, then judge each.
targets=(config cifar10_records)
pids=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "fuzz: $target for ${seconds}s"
  "tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$build/crash-$target-" "corpus/$target" "$root/tests/fuzz/corpus/$target" \
    > "fuzz-$target.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!targets[@]}"; do
  target="${targets[$i]}"
  status=0
  wait "${pids[$i]}" || status=$?
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==|SUMMARY)" \
    "fuzz-$target.log" || true
  if [[ $status -ne 0 ]]; then
    tail -n 40 "fuzz-$target.log" >&2
    echo "fuzz: $target FAILED (exit $status; input in build-fuzz/crash-$target-*)" >&2
    failed=1
  fi
done
[[ $failed -eq 0 ]] || exit 1
echo "fuzz: no findings"
