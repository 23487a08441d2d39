#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build, fetch CIFAR-10 if it is
# missing, and run configs/transferred.json (outputs in runs/transferred/seed-0/).
#
#   scripts/quickstart.sh                         download the dataset if needed
#   scripts/quickstart.sh --from FILE             offline: use a cifar-10-binary.tar.gz on disk
#   TL_BOOST_CIFAR_TARBALL=FILE scripts/quickstart.sh    the same, by environment variable
#   any other arguments are passed to `tl-boost run`, e.g. --seed 1 --device auto
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fetch_args=()
run_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) fetch_args=(--from "$2"); shift 2 ;;
    *) run_args+=("$1"); shift ;;
  esac
done

scripts/install-deps.sh
scripts/build.sh
scripts/fetch-data.sh "${fetch_args[@]}"
exec build/tl-boost run configs/transferred.json "${run_args[@]}"
