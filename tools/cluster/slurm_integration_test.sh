#!/usr/bin/env bash
# The cluster workflows on a real Slurm: starts munged, slurmctld and slurmd
# for this host in a temporary directory, submits the calibration, evaluation
# and accuracy-budget workflows of tools/cluster/ on a small zoo model with
# synthetic images, and checks each merged result equals a single-process run
# (the INT8 model byte for byte, the evaluation's predictions), that a merge
# refuses a missing shard and succeeds once that shard is re-run alone. Stops
# the daemons it started (by pid) however it ends. Needs root (the daemons
# run as root); skipped with a message otherwise.
set -euo pipefail
# Bazel runs tests with a short PATH; the daemons live in /usr/sbin.
export PATH="$PATH:/usr/sbin:/sbin"

if [[ "$(id -u)" != 0 ]]; then
  echo "SKIPPED: this test starts munged, slurmctld and slurmd, which needs root (CI runs as root)"
  exit 0
fi
if ! command -v slurmctld >/dev/null || ! command -v sbatch >/dev/null; then
  echo "FAIL: Slurm is missing (./bazelw installs munge, slurmctld, slurmd and slurm-client)"
  exit 1
fi

runfiles="${TEST_SRCDIR:?}/${TEST_WORKSPACE:?}"
export MINT8_BIN="$runfiles/tools"
cluster="$runfiles/tools/cluster"
# Short: munge's socket path must fit in a sockaddr_un.
dir="$(mktemp -d /tmp/mint8-slurm.XXXXXX)"
export SLURM_CONF="$dir/slurm.conf"

source "$cluster/local_slurm.sh"
stop_daemons() {
  stop "$dir"
  sleep 1
  rm -rf "$dir"
}
trap stop_daemons EXIT

fail() {
  echo "FAIL: $*"
  for log in "$dir"/*.log "$dir"/*/logs/*.out; do
    [[ -f "$log" ]] && { echo "--- $log"; tail -n 20 "$log"; }
  done
  exit 1
}

start "$dir" >/dev/null || fail "could not start Slurm"
echo "Slurm up on $(hostname -s)"

model=zoo:mobilenet_v3_small
# INT8 depthwise convolutions: the timed choice (--depthwise_precision=auto)
# could differ between the two quantizations compared byte for byte.
calibration=(--model="$model" --calibration_data=synthetic:40 --calibration_images=16 --depthwise_precision=int8)
# Each workflow ends in a step submitted with --wait; bounded here.
run() { timeout 300 "$@" || fail "$* (exit $?)"; }
start=$SECONDS
elapsed() { echo "  ($((SECONDS - start)) s so far)"; }

# Two shards per array: this machine's two cores run them at once.
# 1. Calibration in 2 shards, merged and quantized = one process.
run "$cluster/submit_calibration.sh" --shards 2 --out "$dir/calibrate" --wait -- \
  "${calibration[@]}" --output="$dir/calibrate/model.mint8"
run "$MINT8_BIN/quantize" "${calibration[@]}" --benchmark_seconds=0 --output="$dir/single.mint8" >/dev/null
cmp "$dir/calibrate/model.mint8" "$dir/single.mint8" || fail "merged calibration gave another INT8 model"
echo "calibration: 2 shards merged = single process (same INT8 model bytes)"
elapsed

# 2. Evaluation in 2 shards, merged = one process; a missing shard is refused
# and re-running it alone completes the merge.
evaluation=(--model="$model" --int8_model="$dir/single.mint8" --dataset=synthetic:20)
run "$cluster/submit_evaluate.sh" --shards 2 --out "$dir/evaluate" --wait -- "${evaluation[@]}"
run "$MINT8_BIN/evaluate" "${evaluation[@]}" --json_out="$dir/single.json" >/dev/null
cmp "$dir/evaluate/evaluation.json" "$dir/single.json" || fail "merged evaluation differs from one process"
rm "$dir/evaluate/evaluate/shard-0001-of-0002.json"
if "$MINT8_BIN/evaluate" --merge="$dir/evaluate/evaluate" >"$dir/merge.out" 2>&1; then
  fail "a merge with a shard missing succeeded"
fi
grep -q "missing: 1" "$dir/merge.out" || fail "the merge did not name the missing shard: $(cat "$dir/merge.out")"
run sbatch --wait --array=1 --output="$dir/evaluate/logs/rerun-%a.out" "$cluster/task.sbatch" evaluate \
  "${evaluation[@]}" --num_shards=2 --shard_dir="$dir/evaluate/evaluate" >/dev/null
run "$MINT8_BIN/evaluate" --merge="$dir/evaluate/evaluate" --json_out="$dir/rerun.json" >/dev/null
cmp "$dir/rerun.json" "$dir/single.json" || fail "the merge after re-running shard 1 differs"
echo "evaluation: 2 shards merged = single process; shard 1 removed, refused, re-run alone, merged again"
elapsed

# 3. Accuracy-aware search: 2 calibration shards, the ranking in 2 shards, 2
# candidates (all INT8, every ranked layer FP32), the pick.
run "$cluster/submit_budget_search.sh" --shards 2 --candidates 2 --out "$dir/search" --wait -- \
  "${calibration[@]}" --min_agreement=60 --tuning_images=10 --output="$dir/search/model.mint8"
[[ -s "$dir/search/model.mint8" ]] || fail "the budget search wrote no model"
ls "$dir/search/ranking"/shard-000{0,1}-of-0002.json "$dir/search/candidates"/shard-000{0,1}-of-0002.json \
  >/dev/null || fail "ranking or candidate files missing"
grep -q "kept FP32 by the budget" "$dir"/search/logs/pick-*.out || fail "the pick step did not report its choice"
echo "budget search: 2 candidates measured in parallel, the pick wrote the model"
elapsed
echo "PASS"
