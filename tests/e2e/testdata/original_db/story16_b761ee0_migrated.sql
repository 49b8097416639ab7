-- The original kiss_signal at commit b761ee0: a story-007 file (commit b9ba694) that its
-- get_connection() migrated with migrate_strategies_table_v2() (rename, new table, copy with
-- the legacy placeholders, drop, user_version 2) without create_database(): no positions.
CREATE TABLE strategies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol TEXT NOT NULL,
    run_timestamp TEXT NOT NULL,
    rule_stack TEXT NOT NULL,
    edge_score REAL NOT NULL,
    win_pct REAL NOT NULL,
    sharpe REAL NOT NULL,
    total_trades INTEGER NOT NULL,
    avg_return REAL NOT NULL,
    config_snapshot TEXT,
    config_hash TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    UNIQUE(symbol, rule_stack, run_timestamp)
);
CREATE INDEX IF NOT EXISTS idx_strategies_symbol_timestamp 
ON strategies(symbol, run_timestamp);
INSERT INTO strategies (symbol, run_timestamp, rule_stack, edge_score, win_pct, sharpe,
    total_trades, avg_return, config_snapshot, config_hash)
VALUES ('TCS', '2025-06-21T18:00:00', '["sma_10_20_crossover"]', 0.61, 0.58, 1.2, 14, 0.021,
    '{"legacy": true}', 'legacy');
PRAGMA user_version = 2;
