#!/usr/bin/env bash
# Compares what two tl-boost binaries resolve every shipped config to (`validate` prints the
# config.json a run writes; a suite file: its protocols, seeds, splits and units) and what they say,
# errors included:
#   scripts/compare-resolved-configs.sh OLD_BINARY NEW_BINARY
# Prints each difference; exits 1 if there is any.
set -uo pipefail
old="$1" new="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
differ=0
compare() {  # label, then the arguments of validate
  local label="$1"; shift
  local a b
  a="$("$old" validate "$@" 2>&1; echo "exit $?")"
  b="$("$new" validate "$@" 2>&1; echo "exit $?")"
  if [[ "$a" != "$b" ]]; then
    echo "differs: $label"
    diff <(echo "$a") <(echo "$b") | head -20
    differ=1
  fi
}
sets=(train.schedule=cosine train.min_lr=0.001 data.split_seed=7 deterministic=false precision=bf16
      memory_format=contiguous device=auto threads=3 landscape.distance=true landscape.sharpness=true
      'probe.classes=["A"]' transfer_init=permuted_taps compute_matched=true train.train_eval_subset=500)
for config in configs/*.json; do
  compare "$config" "$config"
  for assignment in "${sets[@]}"; do compare "$config --set $assignment" "$config" --set "$assignment"; done
done
echo "compared every config in configs/ with ${#sets[@]} overrides each"
exit $differ
