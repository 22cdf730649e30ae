#!/usr/bin/env bash
# Runs every libFuzzer target for a fixed time on a scratch copy of its seed corpus.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS      e.g. tests/fuzz/run.sh build/fuzz 20
#
# BUILD_DIR is a tree configured with `cmake --preset fuzz` and built. Target fuzz_<name> uses
# the seeds in tests/fuzz/corpus/<name>/; the repository is never written to. Prints one summary
# line per target; exits non-zero if any target crashed, leaked, timed out or is missing.
set -uo pipefail

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build_dir=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# Every fuzz_* binary in the build; seeds in tests/fuzz/corpus/<name>/ or workers/ingest/channels/<name>/fuzz_corpus/.
targets=()
for bin in "$build_dir"/tests/fuzz/fuzz_*; do
  [ -x "$bin" ] && targets+=("$(basename "$bin")")
done
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_frame)  # reported as MISSING below

work=$(mktemp -d "${TMPDIR:-/tmp}/aspirasi-fuzz.XXXXXX")
failed=0
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  bin="$build_dir/tests/fuzz/$target"
  if [ ! -x "$bin" ]; then
    echo "fuzz: $target MISSING ($bin not built; run cmake --preset fuzz && cmake --build --preset fuzz)"
    failed=1
    continue
  fi
  corpus="$work/$name/corpus"
  artifacts="$work/$name/artifacts"
  mkdir -p "$corpus" "$artifacts"
  seeds=0
  for seed_dir in "$here/corpus/$name" "$root/workers/ingest/channels/$name/fuzz_corpus"; do
    if [ -d "$seed_dir" ]; then
      cp "$seed_dir"/* "$corpus"/ 2>/dev/null
    fi
  done
  seeds=$(find "$corpus" -type f | wc -l)
  log="$work/$name/log"
  "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  now=$(find "$corpus" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    echo "fuzz: $target ok: ${seconds}s, ${runs:-?} runs, coverage ${cov:-?}, corpus $seeds -> $now"
  else
    failed=1
    echo "fuzz: $target FAILED (exit $rc) after ${runs:-?} runs; artifacts in $artifacts, log in $log"
    tail -n 60 "$log" | sed "s/^/  $target: /"
    for a in "$artifacts"/*; do
      [ -f "$a" ] && echo "  reproduce: $bin $a"
    done
  fi
done

if [ $failed -eq 0 ]; then
  rm -rf "$work"
else
  echo "fuzz: kept $work for inspection"
fi
exit $failed
