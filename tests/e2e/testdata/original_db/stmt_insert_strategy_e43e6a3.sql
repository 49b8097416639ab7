-- The original kiss_signal at commit e43e6a3 (its last persistence.py): save_strategies_batch().
    INSERT OR REPLACE INTO strategies (
        run_timestamp, symbol, rule_stack, edge_score, 
        win_pct, sharpe, total_trades, avg_return, config_snapshot, config_hash
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
