#!/usr/bin/env bash
# fuzzing/run_fuzzers.sh SECONDS [WORK_DIR] [FUZZER...]
#
# Builds the fuzz targets as libFuzzer fuzzers (--config=fuzz: clang 14,
# ASan + UBSan), writes the seed corpora, and runs each fuzzer for SECONDS,
# two at a time (one per core). Every fuzzer's corpus grows in
# WORK_DIR/corpus/<fuzzer>, kept between runs (default WORK_DIR:
# /tmp/mint8-fuzz); a crash, leak, timeout or out-of-memory input lands in
# WORK_DIR/findings/<fuzzer>/ and the script exits 1 after all have run.
# Without FUZZER names, all of them (//fuzzing:BUILD.bazel, FUZZERS).
#
#   fuzzing/run_fuzzers.sh 60                       # CI: one minute each
#   fuzzing/run_fuzzers.sh 1800 /tmp/long-fuzz      # the long run
#   fuzzing/run_fuzzers.sh 600 /tmp/f image_decoder_fuzzer
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:?usage: fuzzing/run_fuzzers.sh SECONDS [WORK_DIR] [FUZZER...]}
work=${2:-/tmp/mint8-fuzz}
shift $(( $# >= 2 ? 2 : 1 ))
declare -A target_of=(
  [importer_fuzzer]=//ir/onnx:importer_fuzzer
  [paddle_importer_fuzzer]=//ir/paddle:paddle_importer_fuzzer
  [mint8_file_fuzzer]=//ir:mint8_file_fuzzer
  [mint8_model_fuzzer]=//ir:mint8_model_fuzzer
  [image_decoder_fuzzer]=//tools/data:image_decoder_fuzzer
  [dataset_files_fuzzer]=//tools/data:dataset_files_fuzzer
)
fuzzers=("$@")
(( ${#fuzzers[@]} > 0 )) || fuzzers=(importer_fuzzer paddle_importer_fuzzer mint8_file_fuzzer mint8_model_fuzzer image_decoder_fuzzer
                                    dataset_files_fuzzer)
targets=()
for f in "${fuzzers[@]}"; do
  [[ -n "${target_of[$f]:-}" ]] || { echo "unknown fuzzer '$f' (have: ${!target_of[*]})" >&2; exit 2; }
  targets+=("${target_of[$f]}")
done

# clang 14 and its sanitizer + libFuzzer runtimes: the fuzz build's only extra packages.
if ! dpkg-query -W -f='${Status}' clang-14 libclang-rt-14-dev 2>/dev/null | grep -c 'ok installed' | grep -q 2; then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q clang-14 libclang-rt-14-dev >/dev/null
fi

./bazelw build --config=fuzz "${targets[@]}"
bin=$(./bazelw info --config=fuzz bazel-bin 2>/dev/null)
seeds="$work/seeds"
mkdir -p "$seeds"
./bazelw run //fuzzing:write_seed_corpora -- "$seeds"

run_one() {
  local name=$1 target=$2
  local binary="$bin/${target#//}"
  binary=${binary/://}
  local seed_dir="$seeds/$name"
  [[ $name == mint8_*_fuzzer ]] && seed_dir="$seeds/mint8_fuzzers"
  mkdir -p "$work/corpus/$name" "$work/findings/$name"
  # -rss_limit_mb: an input that makes mint8 allocate more is a finding.
  "$binary" "$work/corpus/$name" "$seed_dir" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=3072 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/findings/$name/" >"$work/$name.log" 2>&1
}

status=0
pids=()
names=()
for i in "${!fuzzers[@]}"; do
  run_one "${fuzzers[$i]}" "${targets[$i]}" &
  pids+=($!)
  names+=("${fuzzers[$i]}")
  if (( ${#pids[@]} == 2 )) || (( i == ${#fuzzers[@]} - 1 )); then
    for k in "${!pids[@]}"; do
      log="$work/${names[$k]}.log"
      if wait "${pids[$k]}"; then
        printf '%-22s ok  %s\n' "${names[$k]}" "$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
                                                  awk '{print $2 " runs"}'), corpus $(ls "$work/corpus/${names[$k]}" | wc -l)"
      else
        status=1
        printf '%-22s FAILED (see %s; the input is in %s)\n' "${names[$k]}" "$log" "$work/findings/${names[$k]}/"
        grep -m5 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" || tail -5 "$log"
      fi
    done
    pids=()
    names=()
  fi
done
exit $status
