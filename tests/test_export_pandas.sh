#!/usr/bin/env bash
# Runs `tl-boost export` on a copy of the committed results/study, then docs/CLI.md's pandas
# one-liner on its runs.csv, exactly as written there. It checks that the one-liner prints one mean
# per protocol of the suite, each the mean target test accuracy of that protocol's runs as their
# summary.json files record it. Needs python3-pandas; without it it fails, so that a machine that
# lost it cannot pass by skipping.
#   tests/test_export_pandas.sh TL_BOOST [REPO_ROOT]      PYTHON=... picks the interpreter
set -euo pipefail
tl_boost="$1"
root="$(cd "${2:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
# Debian's python3-pandas is installed for the system interpreter, which a pyenv or venv may shadow.
python="${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}"
if ! "$python" -c 'import pandas' 2>/dev/null; then
  echo "FAIL: $python cannot import pandas; install python3-pandas (scripts/install-deps.sh --checks)" >&2
  exit 1
fi

one_liner="import pandas as pd; print(pd.read_csv('results/study/runs.csv').groupby(['protocol']).test_acc.mean())"
if ! grep -qF "$one_liner" "$root/docs/CLI.md"; then
  echo "FAIL: docs/CLI.md does not show the one-liner this test runs: $one_liner" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/results"
cp -r "$root/results/study" "$work/results/study"
rm -f "$work/results/study/runs.csv" "$work/results/study/comparisons.csv"
(cd "$work" && "$tl_boost" --quiet export results/study)
(cd "$work" && "$python" -c "$one_liner") > "$work/printed.txt"
cat "$work/printed.txt"

"$python" - "$work/results/study" "$work/printed.txt" <<'EOF'
import json, sys
from pathlib import Path

suite, printed = Path(sys.argv[1]), Path(sys.argv[2]).read_text().splitlines()
# pandas prints a Series as: the index name, one "<protocol>  <mean>" line each, then "Name: ...".
assert printed[0].strip() == "protocol", f"expected the index name first, found {printed[0]!r}"
assert printed[-1].startswith("Name: test_acc"), f"expected the Series' name last, found {printed[-1]!r}"
means = {}
for line in printed[1:-1]:
    protocol, mean = line.rsplit(None, 1)
    means[protocol.strip()] = float(mean)

protocols = json.loads((suite / "suite.json").read_text())["protocols"]
assert sorted(means) == sorted(protocols), f"one mean per protocol expected: {sorted(protocols)}, printed {sorted(means)}"
for protocol in protocols:
    accs = [json.loads(s.read_text())["stages"]["target"]["test_acc"]
            for s in suite.glob(f"**/{protocol}/seed-*/summary.json")]
    assert accs, f"no runs of {protocol}"
    expected = sum(accs) / len(accs)
    # pandas prints 6 decimals.
    assert abs(means[protocol] - expected) < 1e-6, f"{protocol}: printed {means[protocol]}, its runs' mean is {expected}"
print(f"ok: {len(means)} protocols, each the mean target test accuracy of its runs")
EOF
echo "PASS"
