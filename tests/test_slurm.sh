#!/usr/bin/env bash
# scripts/slurm/submit-suite.sh on a single-node Slurm cluster started here (munged, slurmctld and
# slurmd, all in a temporary directory): a suite runs as job arrays, every source network is trained
# once, and the report job writes a report.json identical to a local `tl-boost suite` run's.
# Resubmitting the finished suite submits only the report job. The suite, tests/data/slurm_suite.json,
# is the smallest that shows all of it: transferred and scratch with the smoke settings for two seeds,
# so the source array has two tasks, the target array four, and the report compares over seeds.
# Needs root and munged, slurmctld and slurmd (scripts/install-deps.sh --checks); without them it
# says why and exits 77 (skipped). Runs from the repository root (the configs' data dir is relative).
#   TL_BOOST=path  the binary (default build/tl-boost)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TL_BOOST="${TL_BOOST:-$root/build/tl-boost}"
export PATH="$PATH:/usr/sbin:/sbin"
suite=tests/data/slurm_suite.json
seeds=0-1
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

[[ $(id -u) -eq 0 ]] || skip "needs root to start munged, slurmctld and slurmd"
for tool in munged slurmctld slurmd sbatch sinfo squeue scontrol scancel; do
  command -v "$tool" >/dev/null || skip "$tool not installed (scripts/install-deps.sh --checks installs slurm-wlm and munge)"
done
[[ -x "$TL_BOOST" ]] || fail "$TL_BOOST not found; build first"
[[ -f "$suite" ]] || fail "run from the repository root ($suite not found in $(pwd))"

tmp="$(mktemp -d)"  # mode 0700, owned by root: munged accepts it for its key and socket
munged_pid=""; slurmctld_pid=""; slurmd_pid=""
stop() {  # stop PID NAME: SIGTERM, then SIGKILL after 20 s
  local pid="$1" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "$2 did not stop; killing it" >&2; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? i
  set +e
  if [[ -n "$slurmctld_pid" ]] && kill -0 "$slurmctld_pid" 2>/dev/null; then
    # Only this test's cluster is reachable through SLURM_CONF: cancel whatever it still runs.
    scancel --quiet --user="$(id -un)" 2>/dev/null
    for ((i = 0; i < 30; i++)); do [[ -z "$(squeue -h 2>/dev/null)" ]] && break; sleep 1; done
  fi
  if [[ $rc -ne 0 && $rc -ne 77 && -d "$tmp/log" ]]; then
    for log in "$tmp"/log/*.log; do echo "--- last lines of $log" >&2; tail -n 20 "$log" >&2; done
  fi
  stop "$slurmd_pid" slurmd
  stop "$slurmctld_pid" slurmctld
  stop "$munged_pid" munged
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$tmp/munge" "$tmp/log" "$tmp/state" "$tmp/spool"
chmod 0700 "$tmp/munge"

# munge: a fresh key, and munged with every file in the temporary directory.
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$tmp/munge/munge.key" 2>/dev/null || dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
else
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
fi
chown root:root "$tmp/munge/munge.key"
chmod 0400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" \
  > "$tmp/log/munged-stdout.log" 2>&1 &
munged_pid=$!
for ((i = 0; i < 50; i++)); do [[ -S "$socket" ]] && break; kill -0 "$munged_pid" 2>/dev/null || break; sleep 0.2; done
[[ -S "$socket" ]] || fail "munged did not start: $(cat "$tmp/log/munged-stdout.log" "$tmp/log/munged.log" 2>/dev/null)"

# Two free TCP ports for slurmctld and slurmd (a refused connection: nothing listens there).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port=""
for ((i = 0; i < 50; i++)); do
  p=$((20000 + RANDOM % 30000))
  if port_free "$p" && port_free $((p + 1)); then ctld_port=$p; break; fi
done
[[ -n "$ctld_port" ]] || fail "no two free TCP ports found"

host="$(hostname -s)"
cpus="$(nproc)"
conf="$tmp/slurm.conf"
cat > "$conf" <<EOF
ClusterName=tlboosttest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=500 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$conf"

slurmctld -D -c -f "$conf" > "$tmp/log/slurmctld-stdout.log" 2>&1 &
slurmctld_pid=$!
slurmd -D -c -f "$conf" -N "$host" > "$tmp/log/slurmd-stdout.log" 2>&1 &
slurmd_pid=$!
state=""
for ((i = 0; i < 60; i++)); do
  kill -0 "$slurmctld_pid" 2>/dev/null || fail "slurmctld exited: $(cat "$tmp/log/slurmctld-stdout.log")"
  kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd exited: $(cat "$tmp/log/slurmd-stdout.log")"
  state="$(sinfo -h -N -n "$host" -o %t 2>/dev/null | head -n1)" || true
  [[ "$state" == idle ]] && break
  sleep 1
done
[[ "$state" == idle ]] || fail "node $host not idle after 60 s (sinfo says '${state:-nothing}')"
echo "slurm: node $host idle with $cpus CPUs (slurmctld on port $ctld_port)"

# The suite through Slurm, then the same suite locally.
plan="$("$TL_BOOST" suite "$suite" --seeds "$seeds" --out "$tmp/plan" --threads 1 --plan)"
source_units="$(grep -c '"kind" *: *"source"' <<< "$plan" || true)"
target_units="$(grep -c '"kind" *: *"target"' <<< "$plan" || true)"
[[ $source_units -ge 2 && $target_units -ge 2 ]] ||
  fail "$suite plans $source_units source and $target_units target units; each array needs two tasks or more"
start=$SECONDS
timeout 900 "$root/scripts/slurm/submit-suite.sh" "$suite" --seeds "$seeds" --cpus-per-task 1 \
  --out "$tmp/slurm-out" --wait | tee "$tmp/submit.log" || fail "submit-suite.sh --wait failed (exit ${PIPESTATUS[0]})"
echo "slurm: suite done in $((SECONDS - start)) s"
dir="$tmp/slurm-out/slurm_suite"
[[ -f "$dir/report.json" ]] || fail "no report.json in $dir"
grep -q '"transferred"' "$dir/report.json" || fail "report.json names no transferred protocol"
grep -q '"threads": 1' "$dir/transferred/seed-0/summary.json" || fail "a task did not run with SLURM_CPUS_PER_TASK threads"
[[ $(wc -l < "$dir/slurm/sources.txt") -eq $source_units ]] || fail "sources.txt does not list the $source_units source units"
[[ $(wc -l < "$dir/slurm/targets.txt") -eq $target_units ]] || fail "targets.txt does not list the $target_units target units"
for log in "$dir"/slurm/slurm_suite-sources-*.log "$dir"/slurm/slurm_suite-targets-*.log; do
  [[ -f "$log" ]] || fail "no task logs in $dir/slurm"
done
# Each source network trained once: by its source task, never again by a target task.
trained="$(find "$dir/sources" -mindepth 2 -maxdepth 2 -name stage.json | wc -l)"
[[ $trained -eq $source_units ]] || fail "$trained trained source networks, expected $source_units"
trainings="$(cat "$dir"/slurm/*.log | grep -c 'training source network' || true)"
[[ $trainings -eq $source_units ]] || fail "source networks were trained $trainings times, expected $source_units"

start=$SECONDS
timeout 900 "$TL_BOOST" suite "$suite" --seeds "$seeds" --out "$tmp/local-out" --jobs 2 --threads 1 \
  > "$tmp/local.log" 2>&1 || fail "local suite failed: $(tail -n 20 "$tmp/local.log")"
echo "local: suite done in $((SECONDS - start)) s"
if ! cmp "$tmp/local-out/slurm_suite/report.json" "$dir/report.json"; then
  diff "$tmp/local-out/slurm_suite/report.json" "$dir/report.json" | head -n 60 >&2 || true
  fail "report.json of the Slurm run differs from the local run's"
fi

# Resubmitting the finished suite submits only the report job, which writes the same report.
timeout 300 "$root/scripts/slurm/submit-suite.sh" "$suite" --seeds "$seeds" --cpus-per-task 1 \
  --out "$tmp/slurm-out" --wait > "$tmp/resubmit.log" || fail "resubmission failed: $(cat "$tmp/resubmit.log")"
grep -q "$((source_units + target_units)) already complete" "$tmp/resubmit.log" || fail "resubmission ran units again: $(cat "$tmp/resubmit.log")"
grep -q '^sources: job none' "$tmp/resubmit.log" || fail "resubmission submitted sources: $(cat "$tmp/resubmit.log")"
cmp "$tmp/local-out/slurm_suite/report.json" "$dir/report.json" || fail "report.json changed on resubmission"
echo "slurm round trip: ok"
