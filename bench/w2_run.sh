#!/usr/bin/env bash
# W2 of docs/performance.md as a whole run: the W1 rules and configuration over 2,000 synthetic stocks x
# 20 years plus a synthetic benchmark (bench/w2_gen.h), written into a store once by
# `w2_store` (not timed: "prices already in the store"), then `kiss-signal run --freeze-data
# <last bar>` timed RUNS times, each from a fresh copy of that store (flushed to disk before the
# clock starts). Prints the wall times, the phase split of one more run with -v and the peak RSS
# of the timed runs (GNU time). Needs about 2 GB of disk in $TMPDIR.
# Usage: bench/w2_run.sh [BUILD_DIR] [RUNS] [STOCKS] [YEARS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
runs=${2:-3}
stocks=${3:-2000}
years=${4:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e 's#universe_path: "w1_universe.csv"#universe_path: "universe.csv"#' \
    -e "s#^historical_data_years: .*#historical_data_years: $years#" \
    -e 's#database_path: "w1.db"#database_path: "w2.db"#' \
    -e 's#reports_output_dir: "w1_reports/"#reports_output_dir: "w2_reports/"#' \
  "$root/tests/e2e/testdata/w1_config.yaml" > "$work/config.yaml"
cp "$root/tests/e2e/testdata/w1_rules.yaml" "$work/rules.yaml"
cd "$work"
t0=$(date +%s.%N)
last=$("$build/w2_store" base.db universe.csv "$stocks" "$years")
t1=$(date +%s.%N)
echo "store written: $stocks stocks x $years years up to $last in $(python3 -c "print(f'{$t1-$t0:.1f}')") s, $(du -m base.db | cut -f1) MB"
fresh() {
  rm -f w2.db-wal w2.db-shm
  cp base.db w2.db
  python3 -c 'import os; fd = os.open("w2.db", os.O_RDONLY); os.fsync(fd)'
}
for i in $(seq 1 "$runs"); do
  fresh
  /usr/bin/time -f "%e s wall, %M KB peak RSS" -o time.txt \
    "$build/kiss-signal" -q run --freeze-data "$last" >/dev/null
  echo "run $i: $(cat time.txt)"
done
fresh
"$build/kiss-signal" run -v --freeze-data "$last" | grep '^timing:' || true
