// strategies.config_snapshot: the settings that shaped a strategy row, as one line of compact
// JSON, the way the original tool wrote that column (its create_config_snapshot), so that its
// analyze-strategies (json.loads of the column) reads our rows and ours reads its rows. The
// whole config.yaml is stored once per run instead (runs.config_yaml, docs/persistence.md).
#pragma once
#include <string>

#include "config/config.h"

namespace kiss {

// {"universe_path":"data/nifty50.csv","hold_period":20,"edge_score_threshold":0.5,
//  "min_trades_threshold":10,"freeze_date":null}
// The original's keys with their meaning and order. universe_path is written as config.yaml
// gives it (relative to config.yaml's folder when it lies inside), so the bytes do not depend
// on where the project folder is. Two keys of the original are not written: `rules_hash` (the
// rules are covered by the row's config_hash and the run's stored configuration) and
// `timestamp` (the row's run_timestamp; a clock reading would make equal runs differ).
std::string settings_snapshot_json(const Config& config);

}  // namespace kiss
