#!/usr/bin/env bash
# The naive way to W3 (docs/performance.md), measured rather than estimated: one
# `kiss-signal run --freeze-data d` per trading day d of 2022-08-01 .. 2025-08-08, in order, on
# one fresh database of the W1 workload (the equivalence test of docs/track-record.md replays
# 36 of these days the same way). Each run is a whole daily loop: discovery, the book, one
# transaction and the report files. Prints the days, the total wall time and the peak RSS.
# Usage: bench/w3_naive.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
bin=$build/kiss-signal
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
. "$root/bench/w1_project.sh"
w1_project
python3 - "$bin" <<'PY'
import resource, sqlite3, subprocess, sys, time
bin = sys.argv[1]
con = sqlite3.connect("w1.db")
days = [r[0] for r in con.execute(
    "SELECT DISTINCT date FROM prices_v WHERE symbol != '^NSEI' AND date BETWEEN "
    "'2022-08-01' AND '2025-08-08' ORDER BY date")]
con.close()
t = time.perf_counter()
for d in days:
    subprocess.run([bin, "-q", "run", "--freeze-data", d], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"naive W3: {len(days)} runs of `run --freeze-data d`: {wall:.1f} s wall "
      f"({1000 * wall / len(days):.1f} ms per day); peak RSS {rss:.1f} MB")
PY
