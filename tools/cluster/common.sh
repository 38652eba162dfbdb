# Shared by submit_*.sh: their common flags and one way to submit a step.
#
#   --shards N       tasks in each array step (required)
#   --out DIR        shared directory for every task's result and log (required)
#   --partition P    Slurm partition (default: the cluster's default)
#   --cpus N         CPUs per task (default 1)
#   --time T         time limit per task (sbatch --time)
#   --wait           return when the last step has finished, with its status
#   -- FLAGS...      the mint8 tool's own flags
#
# MINT8_BIN names the directory holding the tools (default: this checkout's
# bazel-bin/tools); it, the model and the images must be visible at the same
# paths on every node.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export MINT8_BIN="${MINT8_BIN:-$(cd "$here/../.." && pwd)/bazel-bin/tools}"
shards="" out="" wait_flag=() sbatch_common=() tool_flags=()

parse_flags() {
  while (($#)); do
    case "$1" in
      --shards) shards="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      --partition) sbatch_common+=(--partition="$2"); shift 2 ;;
      --cpus) sbatch_common+=(--cpus-per-task="$2"); shift 2 ;;
      --time) sbatch_common+=(--time="$2"); shift 2 ;;
      --wait) wait_flag=(--wait); shift ;;
      --) shift; tool_flags=("$@"); break ;;
      *) echo "$(basename "$0"): unknown flag '$1' (see the top of the script)" >&2; exit 2 ;;
    esac
  done
  if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
    echo "$(basename "$0"): --shards N (a positive number) is required" >&2; exit 2
  fi
  if [[ -z "$out" ]]; then echo "$(basename "$0"): --out DIR is required" >&2; exit 2; fi
  if [[ ! -x "$MINT8_BIN/quantize" ]]; then
    echo "$(basename "$0"): no mint8 tools in MINT8_BIN=$MINT8_BIN (bazel build //tools:all first)" >&2; exit 2
  fi
  mkdir -p "$out/logs"
  out="$(cd "$out" && pwd)"
}

# submit NAME DEPENDENCY ARRAY TOOL FLAGS...: prints the job id. DEPENDENCY
# is a job id ("" for none), ARRAY an sbatch --array range ("" for one task).
submit() {
  local name="$1" after="$2" array="$3"
  shift 3
  local log="$out/logs/$name-%j.out"
  [[ -n "$array" ]] && log="$out/logs/$name-%A_%a.out"
  local options=(--parsable --job-name="mint8-$name" --output="$log" "${sbatch_common[@]}")
  [[ -n "$after" ]] && options+=(--dependency="afterok:$after" --kill-on-invalid-dep=yes)
  [[ -n "$array" ]] && options+=(--array="$array")
  sbatch "${options[@]}" "$here/task.sbatch" "$@" | cut -d';' -f1
}

# Waits for job ID to end (polling every half second: sbatch --wait backs
# off to half a minute); fails unless it completed.
wait_for_job() {
  local id="$1" state
  while true; do
    state=$(scontrol show job -o "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n1 | cut -d= -f2)
    case "$state" in
      PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED | REQUEUED | RESIZING | "") sleep 0.5 ;;
      COMPLETED) return 0 ;;
      *) echo "$(basename "$0"): job $id ended $state; see $out/logs" >&2; return 1 ;;
    esac
  done
}

# The last step (one task after DEPENDENCY); with --wait, returns when it has
# ended, with its status.
submit_last() {
  local name="$1" after="$2" id
  shift 2
  id=$(submit "$name" "$after" "" "$@")
  echo "$id"
  if ((${#wait_flag[@]})); then wait_for_job "$id" >&2; fi
}
