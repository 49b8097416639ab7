-- The original kiss_signal at commit e43e6a3: persistence.py add_new_positions_from_signals().
    INSERT INTO positions (symbol, entry_date, entry_price, status, rule_stack_used)
    VALUES (?, ?, ?, 'OPEN', ?);
