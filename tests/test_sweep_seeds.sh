#!/usr/bin/env bash
# scripts/sweep-seeds.sh: every config x seed lands, threads are divided, failures are reported.
# Usage: test_sweep_seeds.sh TL_BOOST_BINARY DATA_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TL_BOOST="$1"
data="$2"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

tiny=(--set "data.dir=\"$data\"" --set data.max_per_class=20 --set train.source_epochs=1 --set train.target_epochs=1)
"$root/scripts/sweep-seeds.sh" "$root/configs/scratch.json" "$root/configs/transferred.json" \
  --seeds 0-1,5 --jobs 2 --out "$out" -- "${tiny[@]}" > "$out/sweep.log"
for name in scratch transferred; do
  for seed in 0 1 5; do
    [[ -f "$out/$name/seed-$seed/summary.json" ]] || fail "$name seed $seed has no summary.json"
    grep -q "\"seed\": $seed" "$out/$name/seed-$seed/summary.json" || fail "$name seed $seed: wrong seed in summary"
  done
done
expected_threads=$(( $(nproc) / 2 )); (( expected_threads >= 1 )) || expected_threads=1
grep -q "\"threads\": $expected_threads" "$out/scratch/seed-0/summary.json" || fail "threads not divided between jobs"
[[ $(grep -c '^ok ' "$out/sweep.log") -eq 6 ]] || fail "expected 6 ok lines: $(cat "$out/sweep.log")"

# Running the same sweep again fails (runs exist) and says which.
if "$root/scripts/sweep-seeds.sh" "$root/configs/scratch.json" --seeds 0 --out "$out" -- "${tiny[@]}" > "$out/again.log" 2>&1; then
  fail "a sweep over existing runs succeeded"
fi
grep -q "FAILED  .*scratch.json seed 0" "$out/again.log" || fail "failure not reported: $(cat "$out/again.log")"

# Bad arguments are usage errors.
set +e
"$root/scripts/sweep-seeds.sh" "$root/configs/scratch.json" --seeds 4-2 > /dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "invalid seed range gave exit $rc, expected 2"
echo "sweep-seeds: ok"
