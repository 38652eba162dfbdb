#!/usr/bin/env bash
# tools/real_models/compare_all.sh MODEL_DIR [NAME...]
#
# For each MODEL_DIR/NAME.onnx (torchvision exports from export_torchvision.py,
# or any 1x3xHxW classifier/detector): does mint8 import it, do its FP32
# outputs match ONNX Runtime's on two inputs (ort_compare.js), and how fast
# are mint8 FP32, mint8 INT8 (synthetic calibration) and ONNX Runtime FP32,
# one thread, batch 1. Not run by CI: it needs onnxruntime-node
# (NODE_PATH, e.g. ../shared/peers installed in /tmp/peers) and minutes per
# model. Prints one Markdown row per model.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:?usage: compare_all.sh MODEL_DIR [NAME...]}
shift
names=("$@")
(( ${#names[@]} > 0 )) || names=($(cd "$dir" && ls *.onnx | sed 's/\.onnx$//'))
./bazelw build //tools:inspect //tools:evaluate //tools:benchmark >/dev/null 2>&1 || exit 1
bin=bazel-bin/tools
work=$(mktemp -d)
echo "| model | imports | FP32 vs ORT (max rel.) | mint8 FP32 img/s | mint8 INT8 img/s | INT8/FP32 | ORT FP32 img/s |"
echo "|---|---|---|---|---|---|---|"
for name in "${names[@]}"; do
  model="$dir/$name.onnx"
  side=224; [[ $name == inception_v3 ]] && side=299
  shape="1x3x${side}x${side}"
  if ! "$bin/inspect" --model="$model" --input_shape="$shape" >"$work/$name.inspect" 2>&1; then
    echo "| $name | no: $(grep -m1 -i error "$work/$name.inspect" | cut -c1-120) | | | | | |"
    continue
  fi
  node tools/real_models/ort_compare.js inputs "$work/in.npy" 2 "$side" "$side" >/dev/null
  diff="-"
  if "$bin/evaluate" --model="$model" --input_shape="$shape" --dataset="$work/in.npy" \
       --dump_outputs="$work/$name" >/dev/null 2>&1; then
    diff=$(node tools/real_models/ort_compare.js compare "$model" "$work/in.npy" "$work/$name.fp32.npy" |
           tail -1 | grep -o 'difference [0-9.e+-]*' | cut -d' ' -f2)
  fi
  "$bin/benchmark" --model="$model" --input_shape="$shape" --min_seconds=3 >"$work/$name.bench" 2>&1
  row=$(grep -m1 "^| $name.onnx " "$work/$name.bench")
  fp32=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  int8=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$4); print $4}')
  ratio=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$5); print $5}')
  ort=$(node ../shared/peers/ort_time.js "$model" "$shape" 3 2>/dev/null | grep -o '[0-9.]* images/s' | cut -d' ' -f1)
  echo "| $name | yes | $diff | $fp32 | $int8 | $ratio | ${ort:--} |"
done
rm -rf "$work"
