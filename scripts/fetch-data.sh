#!/usr/bin/env bash
# Puts CIFAR-10 (binary version) under data/cifar-10-batches-bin.
#
#   scripts/fetch-data.sh                     download the official tarball, check its md5
#   scripts/fetch-data.sh --from FILE         use a tarball already on disk (prints its sha256)
#   TL_BOOST_CIFAR_TARBALL=FILE scripts/fetch-data.sh     same as --from FILE
#   --sha256 HASH  with --from: refuse the tarball unless its sha256 is HASH
#   --dest DIR    where cifar-10-batches-bin goes (default: data/ of this checkout)
#   --force       replace an existing dataset
#
# Extraction goes to a temporary directory that is renamed into place only once every file has
# been checked, so DEST never holds a partial dataset. The dataset gets a SOURCE.json saying which
# tarball it came from (md5, sha256, whether the md5 is the official release's); runs record it.
set -euo pipefail

readonly URL="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
readonly MD5="c32a1d4ab5d03f1284b67883e8d87530"
readonly RECORD_BYTES=3073
readonly RECORDS=10000

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
from="${TL_BOOST_CIFAR_TARBALL:-}"
dest="$root/data"
force=0
sha256=""

die() { echo "fetch-data: error: $*" >&2; exit 3; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) [[ $# -ge 2 ]] || { echo "fetch-data: --from needs a file" >&2; exit 2; }; from="$2"; shift 2 ;;
    --sha256) [[ $# -ge 2 ]] || { echo "fetch-data: --sha256 needs a hash" >&2; exit 2; }; sha256="$2"; shift 2 ;;
    --dest) [[ $# -ge 2 ]] || { echo "fetch-data: --dest needs a directory" >&2; exit 2; }; dest="$2"; shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-data: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

target="$dest/cifar-10-batches-bin"
check_dataset() {  # dir -> 0 if every file is present with the right size
  local dir="$1" f size
  [[ -f "$dir/batches.meta.txt" ]] || { echo "$dir/batches.meta.txt: missing" >&2; return 1; }
  for f in data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin; do
    [[ -f "$dir/$f" ]] || { echo "$dir/$f: missing" >&2; return 1; }
    size=$(stat -c %s "$dir/$f")
    [[ "$size" -eq $((RECORD_BYTES * RECORDS)) ]] ||
      { echo "$dir/$f: expected $((RECORD_BYTES * RECORDS)) bytes, found $size" >&2; return 1; }
  done
}

if [[ -d "$target" && $force -eq 0 ]]; then
  if check_dataset "$target"; then
    echo "fetch-data: $target already in place"
    exit 0
  fi
  die "$target exists but is incomplete; rerun with --force to replace it"
fi

mkdir -p "$dest"
work="$(mktemp -d "$dest/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [[ -n "$from" ]]; then
  [[ -f "$from" ]] || die "$from: no such file"
  tarball="$from"
  echo "fetch-data: using local tarball $from (md5 pin skipped)"
  actual="$(sha256sum "$from" | cut -d' ' -f1)"
  echo "fetch-data: sha256 $actual  $from"
  if [[ -n "$sha256" && "$actual" != "$sha256" ]]; then
    die "$from: sha256 expected $sha256, found $actual"
  fi
else
  [[ -z "$sha256" ]] || { echo "fetch-data: --sha256 applies to --from FILE" >&2; exit 2; }
  tarball="$work/cifar-10-binary.tar.gz"
  echo "fetch-data: downloading $URL"
  if command -v curl >/dev/null; then
    curl -fL --retry 3 -o "$tarball" "$URL" || die "download failed; pass a local copy with --from FILE"
  elif command -v wget >/dev/null; then
    wget -O "$tarball" "$URL" || die "download failed; pass a local copy with --from FILE"
  else
    die "neither curl nor wget is installed; pass a local copy with --from FILE"
  fi
  actual="$(md5sum "$tarball" | cut -d' ' -f1)"
  [[ "$actual" == "$MD5" ]] || die "$tarball: md5 expected $MD5, found $actual"
fi

tar -xzf "$tarball" -C "$work" || die "$tarball: cannot extract (not a gzip tar archive?)"
[[ -d "$work/cifar-10-batches-bin" ]] ||
  die "$tarball: unexpected layout: expected a top-level cifar-10-batches-bin/, found: $(ls "$work" | tr '\n' ' ')"
check_dataset "$work/cifar-10-batches-bin" || die "$tarball: unexpected layout (see above)"

md5="$(md5sum "$tarball" | cut -d' ' -f1)"
sha="$(sha256sum "$tarball" | cut -d' ' -f1)"
official=false
[[ "$md5" == "$MD5" ]] && official=true
printf '{\n  "tarball_md5": "%s",\n  "tarball_sha256": "%s",\n  "official_md5": "%s",\n  "official": %s\n}\n' \
  "$md5" "$sha" "$MD5" "$official" > "$work/cifar-10-batches-bin/SOURCE.json"

rm -rf "$target"
mv "$work/cifar-10-batches-bin" "$target"
echo "fetch-data: CIFAR-10 ready in $target"
