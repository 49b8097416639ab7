#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang++ in build-fuzz/, replays each target's
# regression corpus (fuzz/regression/<target>/: every input that ever crashed, must now pass),
# then fuzzes each target for FUZZ_SECONDS (default 60) starting from its seed corpus
# (fuzz/seeds/<target>/, read-only; new inputs go to build-fuzz/corpus/<target>/).
# A crash leaves its input in build-fuzz/artifacts/<target>/ and fails the command: add that
# file to fuzz/regression/<target>/ once fixed (and a GoogleTest case if it was a real bug).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
JOBS=${JOBS:-$(nproc)}

cmake -S fuzz -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$BUILD" -j "$JOBS"

declare -A corpus=([csv_fuzz]=csv [config_fuzz]=config [rules_fuzz]=rules [yahoo_fuzz]=yahoo)
declare -A maxlen=([csv_fuzz]=8192 [config_fuzz]=4096 [rules_fuzz]=4096 [yahoo_fuzz]=4096)
status=0
for t in csv_fuzz config_fuzz rules_fuzz yahoo_fuzz; do
  c=${corpus[$t]}
  mapfile -t regress < <(find "fuzz/regression/$c" -type f ! -name '.*' | sort)
  mkdir -p "$BUILD/tmp"
  if [ ${#regress[@]} -gt 0 ]; then
    echo "== $t: regression corpus (${#regress[@]} inputs)"
    TMPDIR="$BUILD/tmp" "$BUILD/$t" -runs=0 "${regress[@]}" 2>&1 | tail -n 1 || { echo "REGRESSION FAILED: $t"; status=1; }
  fi
  echo "== $t: fuzzing ${SECONDS_PER_TARGET}s from fuzz/seeds/$c"
  mkdir -p "$BUILD/corpus/$c" "$BUILD/artifacts/$c" "$BUILD/tmp"
  # The loaders' scratch files (fuzz_util.h) go under the build folder, removed afterwards.
  if ! TMPDIR="$BUILD/tmp" "$BUILD/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len="${maxlen[$t]}" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$c/" \
      "$BUILD/corpus/$c" "fuzz/seeds/$c" >"$BUILD/$t.log" 2>&1; then
    echo "CRASH in $t: see $BUILD/$t.log and $BUILD/artifacts/$c/"
    grep -m3 -E 'ERROR|SUMMARY' "$BUILD/$t.log" || true
    status=1
  else
    grep -E '^#[0-9]+[[:space:]]+DONE' "$BUILD/$t.log" || true
  fi
  rm -rf "$BUILD/tmp"
done
exit $status
