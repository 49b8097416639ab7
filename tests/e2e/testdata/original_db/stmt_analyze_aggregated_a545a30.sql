-- The original kiss_signal at commit a545a30 (its latest): reporter.py
-- analyze_strategy_performance_aggregated() (analyze-strategies), with min_trades > 0.
                SELECT symbol, rule_stack, edge_score, win_pct, sharpe,
                       avg_return, total_trades, config_hash, run_timestamp,
                       config_snapshot
                FROM strategies 
                WHERE total_trades >= ?
                ORDER BY symbol, edge_score DESC
