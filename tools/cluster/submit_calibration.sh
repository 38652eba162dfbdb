#!/usr/bin/env bash
# Calibrates over --shards array tasks (each its share of the calibration
# images, statistics in OUT/calibration/shard-K-of-N.calibration), then merges
# them and quantizes: the final step's --output model is the one a single
# process calibrating every image would write. Give the quantize flags as for
# one process, --output included.
#
#   tools/cluster/submit_calibration.sh --shards 8 --out /shared/calib -- \
#     --model=/shared/resnet50.onnx --calibration_data=/shared/train --calibration_images=5000 \
#     --preprocess=torch --output=/shared/resnet50.mint8
#
# Common flags: tools/cluster/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_flags "$@"
mkdir -p "$out/calibration"
tasks=$(submit calibrate "" "0-$((shards - 1))" quantize "${tool_flags[@]}" --num_shards="$shards" \
  --calibration_shard_dir="$out/calibration")
final=$(submit_last quantize "$tasks" quantize "${tool_flags[@]}" --calibration_shards="$out/calibration" \
  --benchmark_seconds=0)
echo "calibration: array job $tasks ($shards tasks), merge-and-quantize job $final; logs in $out/logs"
