#!/usr/bin/env bash
# Fuzzes decode_offsets_record() with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Usage: tests/fuzz/run_fuzz.sh <seconds> [project-dir]
#
# Builds tests/fuzz/offsets_record_fuzz.cpp and the decoder's sources in core/kafka with clang++
# into a temporary directory (the main build uses g++, which has no libFuzzer), seeds a corpus
# with one valid record of every kind and version (tests/fuzz/make_seeds.cpp) plus any files under
# tests/fuzz/corpus/, and fuzzes for <seconds>. Exits non-zero on any crash, leak, sanitizer
# report or timeout; the failing input is printed in hex and kept in the directory named at the
# end, to be added to tests/fuzz/corpus/ once fixed. Exits 77 (CTest: skipped) when clang++ or
# libFuzzer is missing.
set -euo pipefail

seconds="${1:?usage: run_fuzz.sh <seconds> [project-dir]}"
root="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

cxx=""
for candidate in clang++ clang++-14; do
  if command -v "$candidate" >/dev/null 2>&1; then
    cxx="$candidate"
    break
  fi
done
if [[ -z "$cxx" ]]; then
  echo "run_fuzz: clang++ not found; skipping" >&2
  exit 77
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/warren-fuzz.XXXXXX")"
keep_work=0
cleanup() { if [[ "$keep_work" -eq 0 ]]; then rm -rf "$work"; fi; }
trap cleanup EXIT

flags=(-std=c++20 -g -O1 -I"$root" -fno-omit-frame-pointer)
sanitize=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)

# libFuzzer ships separately from clang on Debian (libclang-rt-*-dev): probe before building.
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
  "$cxx" -x c++ "${sanitize[@]}" - -o "$work/probe" >/dev/null 2>&1; then
  echo "run_fuzz: $cxx cannot link -fsanitize=fuzzer (libclang-rt dev package missing?); skipping" >&2
  exit 77
fi

# Only the decoder's sources: the rest of core/kafka needs librdkafka and the store.
decoder=()
for name in byte_reader consumer_protocol offsets_record classic_group_records consumer_group_records; do
  decoder+=("$root/core/kafka/$name.cpp")
done
"$cxx" "${flags[@]}" "${sanitize[@]}" "$root/tests/fuzz/offsets_record_fuzz.cpp" "${decoder[@]}" \
  -o "$work/offsets_record_fuzz"
"$cxx" "${flags[@]}" \
  "$root/tests/fuzz/make_seeds.cpp" "$root/core/mock/offsets_encoder.cpp" "$root/core/kafka/byte_writer.cpp" \
  -o "$work/make_seeds"

mkdir -p "$work/corpus" "$work/artifacts"
"$work/make_seeds" "$work/corpus"
if [[ -d "$root/tests/fuzz/corpus" ]]; then
  find "$root/tests/fuzz/corpus" -maxdepth 1 -type f -exec cp {} "$work/corpus/" \;
fi

status=0
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  "$work/offsets_record_fuzz" "$work/corpus" \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" >"$work/fuzz.log" 2>&1 || status=$?

grep -E '^(INFO: seed corpus|#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' \
  "$work/fuzz.log" || true

shopt -s nullglob
artifacts=("$work"/artifacts/*)
if [[ "$status" -ne 0 || "${#artifacts[@]}" -gt 0 ]]; then
  keep_work=1
  tail -n 60 "$work/fuzz.log" >&2
  for artifact in "${artifacts[@]}"; do
    echo "run_fuzz: failing input $artifact:" >&2
    od -An -tx1 -v "$artifact" | head -n 40 >&2
  done
  echo "run_fuzz: FAILED (exit $status); log and artifacts kept in $work" >&2
  exit 1
fi
echo "run_fuzz: clean after ${seconds}s"
