#!/usr/bin/env bash
# seed_corpora_replay_test.sh WRITE_SEED_CORPORA FUZZER...: writes the seed
# corpora, checks each is there, and runs every fuzzer over its own.
set -euo pipefail
writer=$1
shift
dir="${TEST_TMPDIR:-$(mktemp -d)}/seeds"
"$writer" "$dir"
corpus_of() {
  case "$(basename "$1")" in
    mint8_file_fuzzer | mint8_model_fuzzer) echo "$dir/mint8_fuzzers" ;;
    *) echo "$dir/$(basename "$1")" ;;
  esac
}
for fuzzer in "$@"; do
  corpus=$(corpus_of "$fuzzer")
  count=$(find "$corpus" -type f | wc -l)
  if (( count < 3 )); then
    echo "FAIL: $corpus holds $count seeds" >&2
    exit 1
  fi
  echo "$(basename "$fuzzer"): $("$fuzzer" "$corpus")"
done
