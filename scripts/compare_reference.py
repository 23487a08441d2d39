#!/usr/bin/env python3
"""tl-boost against the PyTorch reference (scripts/reference_pytorch.py), alternating A B A B.

Runs one protocol with tl-boost (A) and with the reference (B), pair after pair, seed i for
pair i, both as whole processes (start-up and data loading included). Prints each run, the
median wall time of each, their ratio, and the test accuracy of each across seeds, so that the
speed comparison is seen to be like for like.

    python3 scripts/compare_reference.py --config configs/transferred.json --epochs 3 --pairs 3
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, env=None):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=os.path.join(ROOT, "configs", "transferred.json"))
    parser.add_argument("--epochs", type=int, help="epochs per stage for both (default: the config's)")
    parser.add_argument("--pairs", type=int, default=3, help="A B pairs, seed i for pair i (at least 3)")
    parser.add_argument("--threads", type=int, default=0, help="threads for both (0 = every core)")
    parser.add_argument("--set", action="append", default=[], help="extra key.path=value for both")
    parser.add_argument("--tl-boost", default=os.path.join(ROOT, "build", "tl-boost"))
    parser.add_argument("--python", default=sys.executable, help="the Python that has torch")
    parser.add_argument("--json", help="also write every figure here")
    args = parser.parse_args()

    # The reference has no base-task probe; switched off for both so each does the same work.
    overrides = ["probe.classes=[]"] + list(args.set) + [f"threads={args.threads}"]
    if args.epochs:
        overrides += [f"train.source_epochs={args.epochs}", f"train.target_epochs={args.epochs}"]
    set_args = [a for o in overrides for a in ("--set", o)]
    work = tempfile.mkdtemp(prefix="tl-boost-compare-")
    try:
        resolved = os.path.join(work, "resolved.json")
        _, text = timed([args.tl_boost, "validate", args.config] + set_args)
        with open(resolved, "w") as f:
            f.write(text)
        config = json.loads(text)
        print(f"config {args.config}: {config['name']}, {config['train']['source_epochs']} + "
              f"{config['train']['target_epochs']} epochs, batch {config['train']['batch_size']}, "
              f"threads {args.threads or os.cpu_count()}, {args.pairs} pairs (A = tl-boost, B = reference)")
        print("| pair | seed | A seconds | A test acc | B seconds | B test acc |")
        print("|---|---|---|---|---|---|")
        rows = []
        for pair in range(args.pairs):
            seed = pair
            out = os.path.join(work, "runs")
            a_seconds, _ = timed([args.tl_boost, "-q", "run", args.config, "--seed", str(seed), "--out", out,
                                  "--force"] + set_args)
            with open(os.path.join(out, config["name"], f"seed-{seed}", "summary.json")) as f:
                a_acc = json.load(f)["stages"]["target"]["test_acc"]
            b_seconds, text = timed([args.python, os.path.join(ROOT, "scripts", "reference_pytorch.py"), resolved,
                                     "--seed", str(seed)])
            b_acc = json.loads(text.strip().splitlines()[-1])["target_test_acc"]
            rows.append({"seed": seed, "a_seconds": a_seconds, "a_test_acc": a_acc, "b_seconds": b_seconds,
                         "b_test_acc": b_acc})
            print(f"| {pair + 1} | {seed} | {a_seconds:.1f} | {a_acc:.4f} | {b_seconds:.1f} | {b_acc:.4f} |", flush=True)
        a_med = statistics.median(r["a_seconds"] for r in rows)
        b_med = statistics.median(r["b_seconds"] for r in rows)
        a_accs = [r["a_test_acc"] for r in rows]
        b_accs = [r["b_test_acc"] for r in rows]

        def spread(values):
            return statistics.stdev(values) if len(values) > 1 else 0.0

        print()
        print(f"median wall time: tl-boost {a_med:.1f} s, reference {b_med:.1f} s; "
              f"tl-boost is {b_med / a_med:.2f}x faster")
        print(f"target test accuracy: tl-boost {statistics.mean(a_accs):.4f} ± {spread(a_accs):.4f}, "
              f"reference {statistics.mean(b_accs):.4f} ± {spread(b_accs):.4f} (mean ± std over seeds)")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"config": config, "runs": rows, "a_median_seconds": a_med, "b_median_seconds": b_med,
                           "speedup": b_med / a_med}, f, indent=2)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
