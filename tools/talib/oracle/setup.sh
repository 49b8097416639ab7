#!/usr/bin/env bash
# Build the TA-Lib oracle: TA-Lib C static libraries (from the npm package
# talib@1.1.6, which bundles the TA-Lib 0.6.0-dev C source) and talib_ref.
#
#   tools/talib/oracle/setup.sh                      # -> $ORACLE_HOME/bin/talib_ref
#   ORACLE_HOME=/somewhere setup.sh  # default /tmp/kiss-oracle (must be outside any git repo)
#
# Idempotent: a second run only recompiles talib_ref when talib_ref.cpp changed.
# Needs: npm (node >= 20 for talib's engines field; only a warning otherwise),
# make, gcc, g++, ar.  On Debian 12 as root, missing make/g++ are apt-installed.
# node-gyp is NOT used: the package is installed with --ignore-scripts and the
# bundled TA-Lib makefile (make/csr/linux/g++) is run directly; that is the same
# makefile talib's own install script runs, minus the Node addon build.
set -euo pipefail

TALIB_NPM="talib@1.1.6"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORACLE_HOME="${ORACLE_HOME:-/tmp/kiss-oracle}"
T0=$(date +%s.%N)

log() { echo "setup.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- tools ----------------------------------------------------------------
missing_apt=()
for t in make gcc g++ ar; do
  command -v "$t" >/dev/null 2>&1 || missing_apt+=("$t")
done
if ((${#missing_apt[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing build tools via apt-get (missing: ${missing_apt[*]})"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make gcc g++ binutils >/dev/null
  else
    die "missing ${missing_apt[*]}; install them (Debian: apt-get install make gcc g++ binutils)"
  fi
fi
command -v npm >/dev/null 2>&1 || die "npm not found (Debian: apt-get install nodejs npm; this image ships nodejs 20 from nodesource)"

# --- work folder ----------------------------------------------------------
# Refuse a folder inside a git work tree (checked on the nearest existing
# ancestor, before anything is created).
probe="$ORACLE_HOME"
while [[ ! -d $probe ]]; do probe="$(dirname "$probe")"; done
if command -v git >/dev/null 2>&1 && git -C "$probe" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  die "ORACLE_HOME=$ORACLE_HOME is inside a git work tree; choose a folder outside any repository"
fi
mkdir -p "$ORACLE_HOME/bin"
ORACLE_HOME="$(cd "$ORACLE_HOME" && pwd)"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ORACLE_HOME/.setup.lock"
  flock 9
fi

TA="$ORACLE_HOME/node_modules/talib/src/lib"
LIBS=("$TA/lib/libta_abstract_csr.a" "$TA/lib/libta_func_csr.a" "$TA/lib/libta_common_csr.a")
STAMP="$ORACLE_HOME/.talib-built"

libs_ok() {
  [[ -f $STAMP && $(cat "$STAMP") == "$TALIB_NPM" ]] || return 1
  local l
  for l in "${LIBS[@]}"; do [[ -s $l ]] || return 1; done
}

if libs_ok; then
  log "TA-Lib static libraries already built ($TALIB_NPM in $ORACLE_HOME)"
else
  rm -f "$STAMP"
  if [[ ! -f $TA/make/csr/linux/g++/Makefile ]]; then
    log "npm install $TALIB_NPM (--ignore-scripts) into $ORACLE_HOME"
    [[ -f $ORACLE_HOME/package.json ]] || echo '{"name":"kiss-oracle","private":true}' >"$ORACLE_HOME/package.json"
    (cd "$ORACLE_HOME" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "$TALIB_NPM" >&2) \
      || die "npm install $TALIB_NPM failed"
  fi
  [[ -f $TA/make/csr/linux/g++/Makefile ]] || die "talib package has no make/csr/linux/g++/Makefile"
  log "building TA-Lib C library (make -j$(nproc), -O2 as shipped)"
  # 'ar cqs' appends, so never build on top of a partial earlier attempt.
  rm -f "$TA"/lib/*.a "$TA"/temp/csr/*.o 2>/dev/null || true
  mkdir -p "$TA/temp/csr" "$TA/lib"
  (cd "$TA/make/csr/linux/g++" && make -j"$(nproc)" >"$ORACLE_HOME/talib-make.log" 2>&1) \
    || { tail -30 "$ORACLE_HOME/talib-make.log" >&2; die "TA-Lib make failed (log: $ORACLE_HOME/talib-make.log)"; }
  for l in "${LIBS[@]}"; do [[ -s $l ]] || die "missing $l after make"; done
  echo "$TALIB_NPM" >"$STAMP"
fi

# --- talib_ref ------------------------------------------------------------
BIN="$ORACLE_HOME/bin/talib_ref"
if [[ ! -x $BIN || $HERE/talib_ref.cpp -nt $BIN || $STAMP -nt $BIN ]]; then
  log "compiling $BIN"
  g++ -std=c++17 -O2 -Wall -Wextra -o "$BIN.tmp" "$HERE/talib_ref.cpp" -I"$TA/include" "${LIBS[@]}" -lm
  mv -f "$BIN.tmp" "$BIN"
else
  log "talib_ref is up to date"
fi
"$BIN" --info | head -2 >&2

T1=$(date +%s.%N)
log "done in $(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b-a}') s: $BIN"
echo "$BIN"
