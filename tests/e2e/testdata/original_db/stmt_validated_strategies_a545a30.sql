-- The original kiss_signal at commit a545a30 (its latest): reporter.py
-- _get_validated_strategies_from_db() (the strategies its run turns into signals).
                SELECT DISTINCT s1.symbol, s1.rule_stack, s1.edge_score, s1.win_pct, 
                       s1.sharpe, s1.total_trades, s1.avg_return, s1.run_timestamp
                FROM strategies s1
                INNER JOIN (
                    SELECT symbol, MAX(run_timestamp) as max_timestamp
                    FROM strategies 
                    WHERE run_timestamp <= ?
                    GROUP BY symbol
                ) s2 ON s1.symbol = s2.symbol AND s1.run_timestamp = s2.max_timestamp
                ORDER BY s1.symbol
