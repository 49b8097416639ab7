# Sourced by the bench runners (w1_run.sh, w3_run.sh, w3_naive.sh): the W1 workload's project in
# the current folder, its prices imported into w1.db and checkpointed (one file, flushed). Needs
# $root (the repository) and $bin (kiss-signal). tests/e2e/testdata/w1_*.yaml with the bundled
# sample's 50 stocks and the NIFTY index; walk-forward on.
w1_project() {
  sed 's#universe_path: "w1_universe.csv"#universe_path: "universe.csv"#' \
    "$root/tests/e2e/testdata/w1_config.yaml" > config.yaml
  cp "$root/tests/e2e/testdata/w1_rules.yaml" rules.yaml
  cp "$root/data/sample/nifty50.csv" universe.csv
  "$bin" -q data import "$root"/data/sample/prices/*.csv
  "$bin" -q data import --symbol '^NSEI' "$root/data/sample/prices/^NSEI"
  sqlite3 w1.db "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
}
