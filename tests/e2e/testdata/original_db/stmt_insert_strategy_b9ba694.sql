-- The original kiss_signal at commit b9ba694 (story 007): persistence.py save_strategies_batch().
    INSERT INTO strategies (
        run_timestamp, symbol, rule_stack, edge_score, 
        win_pct, sharpe, total_trades, avg_return
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
