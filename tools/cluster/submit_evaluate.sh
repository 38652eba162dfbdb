#!/usr/bin/env bash
# Evaluates a model (and its INT8 version) over --shards array tasks, then
# merges their results into OUT/evaluation.json and the usual table in the
# merge step's log. A failed task can be re-run alone (sbatch --array=K with
# the same flags) before merging again; the merge refuses a missing shard.
#
#   tools/cluster/submit_evaluate.sh --shards 8 --out /shared/eval -- \
#     --model=/shared/resnet50.onnx --int8_model=/shared/resnet50.mint8 \
#     --dataset=/shared/val --labels=/shared/val.txt --preprocess=torch
#
# Common flags: tools/cluster/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_flags "$@"
mkdir -p "$out/evaluate"
tasks=$(submit evaluate "" "0-$((shards - 1))" evaluate "${tool_flags[@]}" --num_shards="$shards" \
  --shard_dir="$out/evaluate")
merge=$(submit_last evaluate-merge "$tasks" evaluate --merge="$out/evaluate" --json_out="$out/evaluation.json")
echo "evaluate: array job $tasks ($shards tasks), merge job $merge; results in $out"
