#!/usr/bin/env bash
# Runs every config for every seed: J runs at a time, the cores divided between them.
#
#   scripts/sweep-seeds.sh CONFIG... --seeds 0-4 [--jobs J] [--out DIR] [-- RUN_ARGS...]
#
#   --seeds LIST   seeds as ranges and lists: 0-4, 0,3,7, 0-2,9 (default 0-4)
#   --jobs J       runs at once (default: one per core, at most one per run); each gets
#                  nproc / J threads (at least 1). Several 1-thread runs side by side train
#                  faster in all than one run with every thread (docs/PERFORMANCE.md).
#   --out DIR      output root (default runs): runs land in DIR/<name>/seed-<N>/,
#                  each run's log in DIR/logs/<config>-seed-<N>.log
#   -- RUN_ARGS    passed to every `tl-boost run` (e.g. -- --force --set train.lr=0.02)
#   TL_BOOST=path  the binary (default build/tl-boost)
# SIGINT/SIGTERM stop every run at a checkpoint; rerun the sweep with `-- --resume` to continue.
# Exits non-zero if any run failed, after listing them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${TL_BOOST:-$root/build/tl-boost}"
seeds_spec="0-4"
jobs=""
out="runs"
configs=()
run_args=()

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) seeds_spec="${2:?--seeds needs a list}"; shift 2 ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --) shift; run_args=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "sweep-seeds: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) configs+=("$1"); shift ;;
  esac
done
[[ ${#configs[@]} -gt 0 ]] || { echo "sweep-seeds: no config given" >&2; usage >&2; exit 2; }
[[ -z "$jobs" || "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "sweep-seeds: --jobs must be a positive integer, found '$jobs'" >&2; exit 2; }
[[ -x "$binary" ]] || { echo "sweep-seeds: $binary not found; build first (scripts/build.sh)" >&2; exit 2; }
for c in "${configs[@]}"; do [[ -f "$c" ]] || { echo "sweep-seeds: $c: no such config" >&2; exit 2; }; done

seeds=()
IFS=',' read -ra parts <<< "$seeds_spec"
for part in "${parts[@]}"; do
  if [[ "$part" =~ ^([0-9]+)-([0-9]+)$ ]] && (( BASH_REMATCH[1] <= BASH_REMATCH[2] )); then
    for ((s = BASH_REMATCH[1]; s <= BASH_REMATCH[2]; s++)); do seeds+=("$s"); done
  elif [[ "$part" =~ ^[0-9]+$ ]]; then
    seeds+=("$part")
  else
    echo "sweep-seeds: invalid seed list '$seeds_spec' (expected e.g. 0-4 or 0,2,5)" >&2; exit 2
  fi
done

if [[ -z "$jobs" ]]; then
  jobs=$(( ${#configs[@]} * ${#seeds[@]} ))
  (( jobs <= $(nproc) )) || jobs=$(nproc)
fi
threads=$(( $(nproc) / jobs ))
(( threads >= 1 )) || threads=1
mkdir -p "$out/logs"
echo "sweep-seeds: ${#configs[@]} config(s) x ${#seeds[@]} seed(s), $jobs at a time, $threads thread(s) each"

# One line per run: config and seed; xargs runs J of them at once.
run_one() {
  local config="$1" seed="$2" log
  log="$out/logs/$(basename "${config%.json}")-seed-$seed.log"
  if "$binary" run "$config" --seed "$seed" --threads "$threads" --out "$out" "${run_args[@]}" >"$log" 2>&1; then
    echo "ok      $config seed $seed"
  else
    echo "FAILED  $config seed $seed (exit $?; see $log)"
    return 1
  fi
}
export -f run_one
export binary threads out
RUN_ARGS_SERIALISED=""
[[ ${#run_args[@]} -eq 0 ]] || RUN_ARGS_SERIALISED="$(printf '%q ' "${run_args[@]}")"
export RUN_ARGS_SERIALISED

# The runs go in the background so that a signal to this script reaches them at once: each run
# then checkpoints and stops, and the same sweep with `-- --resume` continues where it was.
descendants() { local child; for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
stop_runs() {
  trap - INT TERM
  echo "sweep-seeds: stopping; rerun with -- --resume to continue" >&2
  kill -TERM $(descendants $$) 2>/dev/null || true
  wait
  exit 143
}
trap stop_runs INT TERM
status=0
for c in "${configs[@]}"; do for s in "${seeds[@]}"; do printf '%s\0%s\0' "$c" "$s"; done; done |
  xargs -0 -n 2 -P "$jobs" bash -c 'eval "run_args=($RUN_ARGS_SERIALISED)"; run_one "$1" "$2"' _ &
wait $! || status=1
[[ $status -eq 0 ]] && echo "sweep-seeds: all runs finished" || echo "sweep-seeds: some runs failed" >&2
exit $status
