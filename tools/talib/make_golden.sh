#!/usr/bin/env bash
# Regenerates the TA-Lib golden files of src/indicators/testdata/ (committed; the test suite never
# needs npm or TA-Lib). Builds the oracle with tools/talib/oracle/setup.sh (TA-Lib 0.6.0-dev C from
# npm's talib@1.1.6, ~20 s the first time), copies the input CSVs of data/sample next to the
# goldens, and writes one <name>.golden.csv per input with every indicator of SPECS (talib_ref's
# column naming).
#
# Usage: tools/talib/make_golden.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
sample=$repo/data/sample/prices
out=$repo/src/indicators/testdata
oracle=$(bash "$repo/tools/talib/oracle/setup.sh")
mkdir -p "$out"

# The oracle's 24 defaults, then other parameters that exercise other seeds / edge paths
# (period 1 where TA-Lib allows it, swapped MACD periods, asymmetric bands, small windows).
SPECS=(
  'sma(20)' 'ema(20)' 'rsi(14)' 'atr(14)' 'natr(14)' 'trange' 'macd(12,26,9)' 'bbands(20,2)'
  'stoch(14,3,3)' 'willr(14)' 'cci(20)' 'adx(14)' 'plus_di(14)' 'minus_di(14)' 'aroon(14)' 'obv'
  'mfi(14)' 'roc(10)' 'wma(20)' 'dema(20)' 'tema(20)' 'sar(0.02,0.2)' 'max(20)' 'min(20)'
  'sma(2)' 'ema(50)' 'rsi(2)' 'atr(1)' 'natr(5)' 'macd(26,12,9)' 'macd(5,35,5)' 'bbands(10,1.5,2.5)'
  'stoch(5,3,3)' 'stoch(14,1,1)' 'willr(2)' 'cci(5)' 'adx(5)' 'plus_di(5)' 'minus_di(5)'
  'aroon(25)' 'mfi(5)' 'roc(1)' 'wma(5)' 'dema(5)' 'tema(5)' 'sar(0.01,0.1)' 'max(5)' 'min(5)'
  'max(20)@high' 'min(20)@low' 'sma(50)@volume'
  'plus_di(1)' 'minus_di(1)' 'natr(1)' 'stoch(1,1,1)' 'bbands(2,0.5)' 'aroon(2)' 'sar(0.3,0.2)'
)

copy() {  # copy <source> <name>: the input, unchanged, so tests read only the repository
  cp "$1" "$out/$2.csv"
  "$oracle" "$out/$2.csv" "${SPECS[@]}" > "$out/$2.golden.csv"
  echo "$2: $(($(wc -l < "$out/$2.golden.csv") - 1)) rows, $(head -1 "$out/$2.golden.csv" | tr ',' '\n' | tail -n +2 | wc -l) columns"
}
copy "$sample/RELIANCE.csv" reliance
copy "$sample/TCS.csv" tcs
copy "$sample/M&M.csv" mm
copy "$sample/^NSEI/NIFTY50_2007-09-17_2024-12-31.csv" nifty50
