#!/usr/bin/env bash
# Accuracy-aware quantization as array jobs: calibration over --shards tasks;
# the layer ranking (how much keeping each layer FP32 alone helps) over
# --candidates tasks, each ranking its share of the layers; then --candidates
# tasks, each measuring one FP32-fallback set on the tuning images (candidate
# K of N keeps the round(K*L/(N-1)) most sensitive of the L ranked layers
# FP32); then a final step that keeps the candidate meeting the budget with
# the fewest FP32 layers and writes --output.
#
#   tools/cluster/submit_budget_search.sh --shards 4 --candidates 8 --out /shared/search -- \
#     --model=/shared/mobilenet.onnx --calibration_data=/shared/train --preprocess=inception \
#     --min_agreement=99 --output=/shared/mobilenet.mint8
#
# Common flags: tools/cluster/common.sh; --candidates N (at least 2) here.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
candidates=""
args=()
while (($#)); do
  if [[ "$1" == --candidates ]]; then candidates="$2"; shift 2; else args+=("$1"); shift; fi
done
parse_flags "${args[@]}"
if ! [[ "$candidates" =~ ^[0-9]+$ ]] || ((candidates < 2)); then
  echo "$(basename "$0"): --candidates N (at least 2) is required" >&2; exit 2
fi
mkdir -p "$out/calibration" "$out/ranking" "$out/candidates"
calibrate=$(submit calibrate "" "0-$((shards - 1))" quantize "${tool_flags[@]}" --num_shards="$shards" \
  --calibration_shard_dir="$out/calibration")
# Every later task merges the same shards into the same cache file (atomic
# renames of identical contents).
rank=$(submit rank "$calibrate" "0-$((candidates - 1))" quantize "${tool_flags[@]}" \
  --num_shards="$candidates" --calibration_shards="$out/calibration" --budget_ranking_dir="$out/ranking")
measure=$(submit candidate "$rank" "0-$((candidates - 1))" quantize "${tool_flags[@]}" \
  --num_shards="$candidates" --calibration_shards="$out/calibration" --budget_ranking="$out/ranking" \
  --budget_candidate_dir="$out/candidates")
final=$(submit_last pick "$measure" quantize "${tool_flags[@]}" --calibration_shards="$out/calibration" \
  --budget_candidates="$out/candidates" --benchmark_seconds=0)
echo "budget search: calibration $calibrate, ranking $rank, candidates $measure, pick-and-quantize $final;" \
  "logs in $out/logs"
