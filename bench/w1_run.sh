#!/usr/bin/env bash
# W1 of docs/performance.md as a whole: `kiss-signal run --freeze-data 2025-08-08` over the 50-stock
# workload (tests/e2e/testdata/w1_*.yaml with the bundled sample's 50 stocks and the NIFTY index, prices
# already in the store), walk-forward on. Each timed run starts from the same freshly imported
# store (a copy, flushed to disk), as the workload defines. Prints the median and min wall time
# of RUNS runs of exactly that command, the phase split of one more run with -v (which also
# writes the run log), and the peak RSS.
# Usage: bench/w1_run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
bin=$build/kiss-signal
runs=${2:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
. "$root/bench/w1_project.sh"
w1_project
cp w1.db base.db
python3 - "$bin" "$runs" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
walls = []
def fresh():
    for suffix in ("-wal", "-shm"):
        if os.path.exists("w1.db" + suffix): os.remove("w1.db" + suffix)
    shutil.copyfile("base.db", "w1.db")
    # The copy's pages are written out before the clock starts: a user's store is not a file
    # with megabytes of unwritten pages, and ext4 would otherwise flush them in the run's fsync.
    fd = os.open("w1.db", os.O_RDONLY); os.fsync(fd); os.close(fd)
for i in range(runs + 1):
    fresh()
    t = time.perf_counter()
    subprocess.run([bin, "run", "--freeze-data", "2025-08-08"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - t) * 1000
    if i > 0: walls.append(wall)   # the first run only warms the caches
# The phase split, from one more run with -v (it also writes the run log, so it is not timed).
fresh()
out = subprocess.run([bin, "run", "-v", "--freeze-data", "2025-08-08"], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, text=True, check=True).stdout
timing = next((l for l in out.splitlines() if l.startswith("timing:")), "")
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"W1 run: median {statistics.median(walls):.1f} ms, min {min(walls):.1f} ms over {runs} runs; peak RSS {rss:.1f} MB")
print(f"phases of one -v run ({timing})")
PY
