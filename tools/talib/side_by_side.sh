#!/usr/bin/env bash
# Builds and runs tools/talib/side_by_side.cc: kiss::ind vs TA-Lib C, alternating calls on the
# same 1M-bar series. Needs the oracle (setup.sh) and a built kiss_indicators library.
# Usage: tools/talib/side_by_side.sh [BUILD_DIR] [N] [REPS] [NAME_FILTER]
#        (defaults build-ind, 1000000, 15, all indicators)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build-ind}
oracle_home=${ORACLE_HOME:-/tmp/kiss-oracle}
bash "$repo/tools/talib/oracle/setup.sh" >/dev/null
ta=$oracle_home/node_modules/talib/src/lib
cmake --build "$build" --target kiss_indicators >/dev/null
# Same flags as our Release build (-O3); TA-Lib's libraries keep their own -O2 build.
g++ -std=c++20 -O3 -DNDEBUG -I"$repo/src" -I"$repo/bench" -I"$ta/include" "$repo/tools/talib/side_by_side.cc" \
  "$build/libkiss_indicators.a" "$ta/lib/libta_func_csr.a" "$ta/lib/libta_common_csr.a" -lm \
  -o "$oracle_home/side_by_side"
"$oracle_home/side_by_side" "${2:-1000000}" "${3:-15}" "${4:-}"
