-- The original kiss_signal at commit a545a30 (its latest): reporter.py
-- analyze_strategy_performance() (analyze-strategies --per-stock), with min_trades > 0.
                SELECT s.symbol, s.rule_stack, s.edge_score, s.win_pct, s.sharpe,
                       s.avg_return as total_return, s.total_trades, s.config_hash, s.run_timestamp,
                       s.config_snapshot
                FROM strategies s
                INNER JOIN (
                    SELECT MAX(id) as max_id
                    FROM strategies
                    GROUP BY symbol, rule_stack
                ) latest ON s.id = latest.max_id
             WHERE s.total_trades >= ? ORDER BY s.symbol, s.edge_score DESC
