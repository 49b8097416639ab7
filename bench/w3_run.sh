#!/usr/bin/env bash
# W3 of docs/performance.md: `kiss-signal track-record --from 2022-08-01 --to 2025-08-08` over
# the W1 workload (tests/e2e/testdata/w1_*.yaml with the bundled sample's 50 stocks and the NIFTY
# index, prices already in the store), walk-forward on: about 750 trading days, each the daily
# loop of `run --freeze-data d` on a fresh book. The command opens the store read-only, so one
# import serves every run. Prints the median and min wall time of RUNS runs (after one warm-up
# run) and the peak RSS.
# Usage: bench/w3_run.sh [BUILD_DIR] [RUNS] [JOBS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
bin=$build/kiss-signal
runs=${2:-11}
jobs=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
. "$root/bench/w1_project.sh"
w1_project
python3 - "$bin" "$runs" "$jobs" <<'PY'
import resource, statistics, subprocess, sys, time
bin, runs, jobs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cmd = [bin, "track-record", "--from", "2022-08-01", "--to", "2025-08-08", "--jobs", jobs, "-o", "out"]
walls = []
for i in range(runs + 1):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t
    if i > 0: walls.append(wall)   # the first run only warms the caches
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
days = sum(1 for _ in open("out/equity.csv")) - 1
print(f"W3 track-record ({days} trading days, --jobs {jobs}): median {statistics.median(walls):.3f} s, "
      f"min {min(walls):.3f} s over {runs} runs; peak RSS {rss:.1f} MB")
PY
