#!/usr/bin/env bash
# scripts/fetch-data.sh on good and bad tarballs: bad ones exit 3, name the problem, and leave no
# partial dataset behind. Builds its own small tarballs (same layout, tiny files are enough to
# exercise every check but the sizes, which get their own case).
# Usage: test_fetch_data.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
fetch() { "$root/scripts/fetch-data.sh" "$@" > "$work/out.log" 2>&1; }

# A well-formed dataset: six files of 10,000 zero records (sparse, so quick) plus the class names.
make_tree() {  # dir
  mkdir -p "$1/cifar-10-batches-bin"
  printf 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n' > "$1/cifar-10-batches-bin/batches.meta.txt"
  for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do
    truncate -s 30730000 "$1/cifar-10-batches-bin/$f.bin"
  done
}
make_tree "$work/good"
tar -czf "$work/good.tar.gz" -C "$work/good" cifar-10-batches-bin

fetch --from "$work/good.tar.gz" --dest "$work/d1" || fail "good tarball rejected: $(cat "$work/out.log")"
[[ -f "$work/d1/cifar-10-batches-bin/test_batch.bin" ]] || fail "dataset not in place"
grep -q "sha256 $(sha256sum "$work/good.tar.gz" | cut -d' ' -f1)" "$work/out.log" || fail "sha256 not printed"
source_json="$work/d1/cifar-10-batches-bin/SOURCE.json"
[[ -f "$source_json" ]] || fail "no SOURCE.json beside the dataset"
python3 - "$source_json" "$(md5sum "$work/good.tar.gz" | cut -d' ' -f1)" "$(sha256sum "$work/good.tar.gz" | cut -d' ' -f1)" <<'PY' || fail "SOURCE.json: $(cat "$source_json")"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["tarball_md5"] == sys.argv[2] and s["tarball_sha256"] == sys.argv[3], s
assert s["official_md5"] == "c32a1d4ab5d03f1284b67883e8d87530" and s["official"] is False, s
PY
fetch --from "$work/good.tar.gz" --dest "$work/d1" || fail "second fetch failed"
grep -q "already in place" "$work/out.log" || fail "existing dataset not recognised"

expect_data_error() {  # description, expected text, fetch args...
  local what="$1" text="$2"; shift 2
  local rc=0
  fetch "$@" || rc=$?
  [[ $rc -eq 3 ]] || fail "$what: exit $rc, expected 3: $(cat "$work/out.log")"
  grep -q -- "$text" "$work/out.log" || fail "$what: message lacks '$text': $(cat "$work/out.log")"
  [[ ! -e "$work/d2/cifar-10-batches-bin" ]] || fail "$what: a partial dataset was left in place"
  [[ -z "$(find "$work/d2" -name '.fetch.*' 2>/dev/null)" ]] || fail "$what: temporary directory left behind"
}

expect_data_error "wrong checksum" "sha256 expected" --from "$work/good.tar.gz" --sha256 0000 --dest "$work/d2"
expect_data_error "missing tarball" "no such file" --from "$work/none.tar.gz" --dest "$work/d2"
echo "not a tarball" > "$work/junk.tar.gz"
expect_data_error "not a tarball" "cannot extract" --from "$work/junk.tar.gz" --dest "$work/d2"
mkdir -p "$work/wrong/other" && echo x > "$work/wrong/other/file"
tar -czf "$work/wrong.tar.gz" -C "$work/wrong" other
expect_data_error "unexpected layout" "unexpected layout" --from "$work/wrong.tar.gz" --dest "$work/d2"
make_tree "$work/short" && truncate -s 30729999 "$work/short/cifar-10-batches-bin/data_batch_4.bin"
tar -czf "$work/short.tar.gz" -C "$work/short" cifar-10-batches-bin
expect_data_error "truncated file" "data_batch_4.bin: expected 30730000 bytes, found 30729999" \
  --from "$work/short.tar.gz" --dest "$work/d2"
make_tree "$work/nometa" && rm "$work/nometa/cifar-10-batches-bin/batches.meta.txt"
tar -czf "$work/nometa.tar.gz" -C "$work/nometa" cifar-10-batches-bin
expect_data_error "missing file" "batches.meta.txt: missing" --from "$work/nometa.tar.gz" --dest "$work/d2"

rc=0; "$root/scripts/fetch-data.sh" --bogus > /dev/null 2>&1 || rc=$?
[[ $rc -eq 2 ]] || fail "unknown flag gave exit $rc, expected 2"
echo "fetch-data: ok"
