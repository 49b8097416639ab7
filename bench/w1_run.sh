#!/usr/bin/env bash
# W1 of SPEC §10 as a whole: `kiss-signal run --freeze-data 2025-08-08` over the 50-stock
# workload of ../shared/bench (the bundled sample's prices, already in the store), walk-forward
# on. Prints the median and min wall time of RUNS runs, the discovery time the run reports, and
# the peak RSS. Usage: bench/w1_run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
bin=$build/kiss-signal
runs=${2:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's#universe_path: "w1_universe.csv"#universe_path: "universe.csv"#' \
  "$root/tests/e2e/testdata/w1_config.yaml" > "$work/config.yaml"
cp "$root/tests/e2e/testdata/w1_rules.yaml" "$work/rules.yaml"
cp "$root/data/sample/nifty50.csv" "$work/universe.csv"
cd "$work"
"$bin" -q data import "$root"/data/sample/prices/*.csv
"$bin" -q data import --symbol '^NSEI' "$root/data/sample/prices/^NSEI"
"$bin" -q run --freeze-data 2025-08-08   # warm the page cache and the WAL once
python3 - "$bin" "$runs" <<'PY'
import subprocess, sys, time, resource, statistics
bin, runs = sys.argv[1], int(sys.argv[2])
walls, disc = [], []
for _ in range(runs):
    t = time.perf_counter()
    out = subprocess.run([bin, "run", "--freeze-data", "2025-08-08"], capture_output=True, text=True, check=True).stdout
    walls.append((time.perf_counter() - t) * 1000)
    for line in out.splitlines():
        if line.startswith("[3/6]"):
            disc.append(line)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"W1 run: median {statistics.median(walls):.1f} ms, min {min(walls):.1f} ms over {runs} runs; peak RSS {rss:.1f} MB")
print(f"last discovery line: {disc[-1]}")
PY
