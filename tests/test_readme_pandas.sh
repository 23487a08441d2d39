#!/usr/bin/env bash
# Runs the pandas snippet of docs/CLI.md (the ```python block after the marker comment, which the
# README links; the test kept its name from when the README held it) on two suite directories: the
# committed results/suite (no class splits: <protocol>/seed-<N>/) and one with two class splits
# (<split>/<protocol>/seed-<N>/, built here from committed runs). It checks that every
# run and every epoch became a row keyed by protocol, split and seed, and that the plot was written.
# Needs python3-pandas and python3-matplotlib (scripts/install-deps.sh --checks); without them it
# fails, so a CI machine that lost them cannot pass by skipping the documented example.
#   tests/test_readme_pandas.sh [REPO_ROOT]      PYTHON=... picks the interpreter
set -euo pipefail
root="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
# Debian's python3-pandas is installed for the system interpreter, which a pyenv or venv may shadow.
python="${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}"
if ! "$python" -c 'import pandas, matplotlib' 2>/dev/null; then
  echo "FAIL: $python cannot import pandas and matplotlib;" \
       "install python3-pandas python3-matplotlib (scripts/install-deps.sh --checks)" >&2
  exit 1
fi

doc="$root/docs/CLI.md"
marker='<!-- tested by tests/test_readme_pandas.sh -->'
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk -v marker="$marker" '
  $0 == marker { found = 1; next }
  found == 1 && /^```python$/ { found = 2; next }
  found == 2 && /^```$/ { exit }
  found == 2 { print }' "$doc" > "$work/snippet.py"
if [[ ! -s "$work/snippet.py" ]]; then
  echo "FAIL: no \`\`\`python block after '$marker' in $doc" >&2
  exit 1
fi

# A suite with two class splits, laid out as SuiteLayout::run(split, protocol, seed) places runs,
# each summary naming its split as run.cpp writes it; a cached source beside them must not count.
splits="$work/splits"
for split in default random-7-0; do
  for protocol in transferred scratch; do
    for seed in 0 1; do
      mkdir -p "$splits/$split/$protocol"
      cp -r "$root/results/suite/$protocol/seed-$seed" "$splits/$split/$protocol/"
      "$python" - "$splits/$split/$protocol/seed-$seed/summary.json" "$split" <<'EOF'
import json, sys
path, split = sys.argv[1:]
summary = json.load(open(path))
summary["split"] = {"name": split, "groups": summary["config"]["groups"]}
json.dump(summary, open(path, "w"))
EOF
    done
  done
done
mkdir -p "$splits/sources/0123abcd"
echo '{}' > "$splits/sources/0123abcd/stage.json"
cp "$root/results/suite/suite.json" "$splits/"

check() {  # check NAME SUITE_DIR EXPECTED_RUNS EXPECTED_SPLITS
  local name="$1" suite="$2" runs="$3" split_names="$4" cwd="$work/$1"
  mkdir -p "$cwd/results"
  ln -s "$suite" "$cwd/results/suite"  # the path the snippet reads
  (cd "$cwd" && "$python" - "$work/snippet.py" "$suite" "$runs" "$split_names") <<'EOF'
import csv, sys
from pathlib import Path

snippet, suite, runs, split_names = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
scope = {"__name__": "__main__"}
exec(compile(open(snippet).read(), "docs/CLI.md (pandas snippet)", "exec"), scope)
metrics, summaries = scope["metrics"], scope["summaries"]

# What the directory holds, read without pandas: rows of each run's metrics.csv by its path.
expected = {}
for summary in suite.glob("**/seed-*/summary.json"):
    parts = summary.parent.relative_to(suite).parts
    key = (parts[-2], parts[0] if len(parts) == 3 else "default", int(parts[-1].split("-")[1]))
    with open(summary.parent / "metrics.csv") as f:
        expected[key] = sum(1 for _ in csv.DictReader(f))
assert len(expected) == runs, f"the suite directory holds {len(expected)} runs, expected {runs}"

for frame, name in ((metrics, "metrics"), (summaries, "summaries")):
    missing = {"protocol", "split", "seed"} - set(frame.columns)
    assert not missing, f"{name} lacks the columns {missing}"
assert len(summaries) == runs, f"summaries has {len(summaries)} rows, expected one per run ({runs})"
keys = set(zip(summaries.protocol, summaries.split, summaries.seed))
assert keys == set(expected), f"summaries' runs {sorted(keys)} differ from the directory's {sorted(expected)}"
assert sorted(summaries.split.unique()) == sorted(split_names), f"splits {summaries.split.unique()}"
assert len(metrics) == sum(expected.values()), f"metrics has {len(metrics)} rows, expected {sum(expected.values())}"
per_run = metrics.groupby(["protocol", "split", "seed"]).size().to_dict()
assert per_run == expected, "metrics' rows per run differ from the runs' metrics.csv"
assert {"stages.target.test_acc", "probe.test_acc", "config.train.lr"} <= set(summaries.columns)
assert summaries["stages.target.test_acc"].between(0, 1).all()

plot = Path("val_acc.png")
assert plot.is_file() and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "val_acc.png was not written"
print(f"ok: {len(summaries)} runs, {len(metrics)} epochs, splits {sorted(summaries.split.unique())}, {plot}")
EOF
}

check single-split "$root/results/suite" 25 default
check two-splits "$splits" 8 default,random-7-0
echo "PASS"
