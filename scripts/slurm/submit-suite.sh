#!/usr/bin/env bash
# Runs a tl-boost suite on a Slurm cluster: the source networks as one job array, the target runs
# as a second array once every source is trained, and a report job after both.
#
#   scripts/slurm/submit-suite.sh SUITE.json [--seeds 0-4] [--partition P] [--cpus-per-task C]
#                                 [--out DIR] [--time HH:MM:SS] [--wait] [-- SUITE_ARGS...]
#
#   --seeds LIST        seeds as for `tl-boost suite`: 0-9, 0,3,7 (default 0-4)
#   --partition P       partition of every job (default: the cluster's default partition)
#   --cpus-per-task C   cores of every task (default 1); each unit runs with C threads
#   --out DIR           output root (default runs): the suite goes to DIR/<suite name>/, the
#                       unit lists, batch scripts and job logs to DIR/<suite name>/slurm/
#   --time HH:MM:SS     time limit of every task (default: the partition's)
#   --wait              wait for the report job; exit non-zero if any job failed
#   -- SUITE_ARGS       passed to every `tl-boost suite` (e.g. -- --set train.lr=0.02 --device cuda)
#   TL_BOOST=path       the binary (default build/tl-boost); every node must be able to run it
#   TL_BOOST_SLURM_POLL=S  seconds between --wait's looks at the report job (default 5)
# Submit from the directory the jobs should run in: relative paths given on the command line are
# read from there (a config's own data.dir from its checkout; TL_BOOST_DATA reaches the jobs). DIR
# must be on a file system that every node shares. Units already complete are not submitted, so
# the same command continues an interrupted suite. Exits 2 on a usage error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${TL_BOOST:-$root/build/tl-boost}"
seeds="0-4"
partition=""
cpus=1
out="runs"
time_limit=""
wait_for_report=false
config=""
suite_args=()
poll_seconds="${TL_BOOST_SLURM_POLL:-5}"

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "submit-suite: $*" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) seeds="${2:?--seeds needs a list}"; shift 2 ;;
    --partition) partition="${2:?--partition needs a name}"; shift 2 ;;
    --cpus-per-task) cpus="${2:?--cpus-per-task needs a number}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --time) time_limit="${2:?--time needs a limit}"; shift 2 ;;
    --wait) wait_for_report=true; shift ;;
    --) shift; suite_args=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "submit-suite: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) [[ -z "$config" ]] || die "one suite file only (found '$config' and '$1')"; config="$1"; shift ;;
  esac
done
[[ -n "$config" ]] || { echo "submit-suite: no suite file given" >&2; usage >&2; exit 2; }
for arg in "${suite_args[@]}"; do
  case "$arg" in
    --seeds|--seeds=*|--out|--out=*|--threads|--threads=*|--jobs|--jobs=*|--unit|--unit=*|--plan)
      die "SUITE_ARGS must not contain $arg (submit-suite.sh sets it)" ;;
  esac
done
[[ -f "$config" ]] || die "$config: no such suite file"
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || die "--cpus-per-task must be a positive integer, found '$cpus'"
[[ "$binary" == */* ]] || binary="$(command -v "$binary" || true)"
[[ -n "$binary" && -x "$binary" ]] || die "${TL_BOOST:-$root/build/tl-boost} not found; build first (scripts/build.sh)"
command -v sbatch >/dev/null || die "sbatch not found; run this on a Slurm login node"

# Absolute paths, so the batch scripts mean the same thing wherever Slurm starts them.
absolute() { printf '%s/%s' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")"; }
binary="$(absolute "$binary")"
config="$(absolute "$config")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
workdir="$(pwd)"

# The suite's directory name, as `tl-boost suite` chooses it: the suite file's top-level "name",
# else the file's stem. A small JSON scanner, so that a protocol's "name" is not mistaken for it.
suite_name="$(awk '
  {
    n = length($0)
    for (i = 1; i <= n; i++) {
      c = substr($0, i, 1)
      if (in_string) {
        if (escaped) { text = text c; escaped = 0 }
        else if (c == "\\") escaped = 1
        else if (c == "\"") {
          in_string = 0
          if (depth == 1 && want_value) { name = text; want_value = 0; key = "" }
          else { key = (depth == 1) ? text : ""; after_key = 1 }
        } else text = text c
        continue
      }
      if (c == " " || c == "\t" || c == "\r") continue
      if (c == "\"") { in_string = 1; text = ""; continue }
      if (c == ":" && after_key && key == "name") { want_value = 1; after_key = 0; continue }
      after_key = 0; key = ""; want_value = 0
      if (c == "{" || c == "[") depth++
      else if (c == "}" || c == "]") depth--
    }
  }
  END { print name }' "$config")"
if [[ -z "$suite_name" ]]; then
  suite_name="$(basename "$config")"
  suite_name="${suite_name%.*}"
fi
suite_dir="$out/$suite_name"
slurm_dir="$suite_dir/slurm"

# The work units, sources first. --threads as the tasks will run them (it is part of each config).
suite_cmd=("$binary" suite "$config" --seeds "$seeds" --out "$out" "${suite_args[@]}")
plan="$("${suite_cmd[@]}" --threads "$cpus" --plan)" || die "'${suite_cmd[*]} --plan' failed"
re_kind='"kind"[[:space:]]*:[[:space:]]*"([^"]*)"'
re_index='"(unit|index)"[[:space:]]*:[[:space:]]*([0-9]+)'
re_complete='"complete"[[:space:]]*:[[:space:]]*true'
sources=()
targets=()
done_units=0
line_number=0
while IFS= read -r line; do
  [[ -n "$line" ]] || continue
  index=$line_number
  line_number=$((line_number + 1))
  [[ "$line" =~ $re_index ]] && index="${BASH_REMATCH[2]}"
  [[ "$line" =~ $re_kind ]] || die "unexpected --plan line: $line"
  kind="${BASH_REMATCH[1]}"
  # tl-boost decides what is complete: a finished target with its probe; a source in the cache or needed by no incomplete target.
  if [[ "$line" =~ $re_complete ]]; then done_units=$((done_units + 1)); continue; fi
  case "$kind" in
    source) sources+=("$index") ;;
    target) targets+=("$index") ;;
    *) die "unexpected unit kind '$kind' in --plan line: $line" ;;
  esac
done <<< "$plan"
[[ $line_number -gt 0 ]] || die "the suite has no work units"

mkdir -p "$slurm_dir"
: > "$slurm_dir/sources.txt"
: > "$slurm_dir/targets.txt"
[[ ${#sources[@]} -eq 0 ]] || printf '%s\n' "${sources[@]}" > "$slurm_dir/sources.txt"
[[ ${#targets[@]} -eq 0 ]] || printf '%s\n' "${targets[@]}" > "$slurm_dir/targets.txt"

# The batch scripts: an array task runs the unit on line SLURM_ARRAY_TASK_ID + 1 of its list.
quoted_suite="$(printf '%q ' "${suite_cmd[@]}")"
write_unit_script() {  # write_unit_script LIST SCRIPT
  cat > "$2" <<EOF
#!/usr/bin/env bash
# Written by scripts/slurm/submit-suite.sh: array task i runs the unit on line i + 1 of
# $(basename "$1"), with SLURM_CPUS_PER_TASK threads.
set -euo pipefail
cd $(printf '%q' "$workdir")
unit="\$(sed -n "\$((SLURM_ARRAY_TASK_ID + 1))p" $(printf '%q' "$1"))"
[[ -n "\$unit" ]] || { echo "no unit on line \$((SLURM_ARRAY_TASK_ID + 1)) of $(printf '%q' "$1")" >&2; exit 2; }
echo "unit \$unit: job \${SLURM_JOB_ID:-?} (array \${SLURM_ARRAY_JOB_ID:-?}_\$SLURM_ARRAY_TASK_ID) on \$(hostname) with \${SLURM_CPUS_PER_TASK:-1} thread(s)"
exec ${quoted_suite}--unit "\$unit" --threads "\${SLURM_CPUS_PER_TASK:-1}"
EOF
  chmod +x "$2"
}
write_unit_script "$slurm_dir/sources.txt" "$slurm_dir/sources.sbatch"
write_unit_script "$slurm_dir/targets.txt" "$slurm_dir/targets.sbatch"
cat > "$slurm_dir/report.sbatch" <<EOF
#!/usr/bin/env bash
# Written by scripts/slurm/submit-suite.sh: the whole suite in one process; every unit is complete,
# so it trains nothing; it writes the suite file's interpolations and report.md, report.json and report.html.
set -euo pipefail
cd $(printf '%q' "$workdir")
exec ${quoted_suite}--jobs 1 --threads "\${SLURM_CPUS_PER_TASK:-1}"
EOF
chmod +x "$slurm_dir/report.sbatch"

# Submission. A dependent job whose dependency failed is cancelled rather than left pending.
common=(--parsable --chdir="$workdir" --cpus-per-task="$cpus" --kill-on-invalid-dep=yes)
[[ -z "$partition" ]] || common+=(--partition="$partition")
[[ -z "$time_limit" ]] || common+=(--time="$time_limit")
submit() {  # submit SBATCH_ARGS... -> the job id
  local id
  id="$(sbatch "${common[@]}" "$@")" || die "sbatch $* failed"
  id="${id%%;*}"
  [[ "$id" =~ ^[0-9]+$ ]] || die "sbatch printed '$id', not a job id"
  echo "$id"
}
source_job=""
target_job=""
report_deps=()
if [[ ${#sources[@]} -gt 0 ]]; then
  source_job="$(submit --job-name="$suite_name-sources" --array="0-$((${#sources[@]} - 1))" \
    --output="$slurm_dir/%x-%A_%a.log" "$slurm_dir/sources.sbatch")"
  report_deps+=("$source_job")
fi
if [[ ${#targets[@]} -gt 0 ]]; then
  target_deps=()
  [[ -z "$source_job" ]] || target_deps=(--dependency="afterok:$source_job")
  target_job="$(submit --job-name="$suite_name-targets" --array="0-$((${#targets[@]} - 1))" \
    "${target_deps[@]}" --output="$slurm_dir/%x-%A_%a.log" "$slurm_dir/targets.sbatch")"
  report_deps+=("$target_job")
fi
report_dep_args=()
if [[ ${#report_deps[@]} -gt 0 ]]; then
  report_dep_args=(--dependency="afterok:$(IFS=:; echo "${report_deps[*]}")")
fi
report_job="$(submit --job-name="$suite_name-report" "${report_dep_args[@]}" \
  --output="$slurm_dir/%x-%j.log" "$slurm_dir/report.sbatch")"
printf 'sources %s\ntargets %s\nreport %s\n' "${source_job:--}" "${target_job:--}" "$report_job" > "$slurm_dir/jobs.txt"

echo "submit-suite: suite $suite_name: $line_number units, $done_units already complete; $cpus thread(s) per task"
echo "sources: job ${source_job:-none} (${#sources[@]} tasks)"
echo "targets: job ${target_job:-none} (${#targets[@]} tasks${source_job:+, after $source_job})"
echo "report:  job $report_job${report_deps[*]:+ (after ${report_deps[*]})} -> $suite_dir/report.md"
echo "logs:    $slurm_dir/"
$wait_for_report || exit 0

# --wait: poll until the report job ends. It runs only after every source and target task ended
# well (afterok), so its state is the suite's.
job_states() {  # job_states ID: one state per task (scontrol while slurmctld remembers, else sacct)
  local info
  if info="$(scontrol -o show job "$1" 2>/dev/null)" && [[ -n "$info" ]]; then
    grep -o 'JobState=[A-Z_]*' <<< "$info" | cut -d= -f2
  else
    sacct -n -X -P -j "$1" -o State 2>/dev/null | awk '{print $1}'
  fi
}
echo "submit-suite: waiting for job $report_job"
missing=0
while :; do
  state="$(job_states "$report_job" | head -n1)" || true
  case "$state" in
    COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE) break ;;
    "") missing=$((missing + 1)); (( missing < 3 )) || { state=UNKNOWN; break; } ;;
    *) missing=0
       if scontrol -o show job "$report_job" 2>/dev/null | grep -q 'Reason=DependencyNeverSatisfied'; then
         state="PENDING (a job it depends on failed; scancel $report_job)"; break
       fi ;;
  esac
  sleep "$poll_seconds"
done
if [[ "$state" == COMPLETED ]]; then
  echo "submit-suite: done; report in $suite_dir/report.md"
  exit 0
fi
echo "submit-suite: report job $report_job ended $state" >&2
for job in $source_job $target_job; do
  states="$(job_states "$job" | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')" || true
  echo "submit-suite: job $job: ${states:-state unknown}" >&2
done
echo "submit-suite: see the logs in $slurm_dir/; the same command continues the suite" >&2
exit 1
