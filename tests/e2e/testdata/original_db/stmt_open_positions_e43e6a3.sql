-- The original kiss_signal at commit e43e6a3: persistence.py get_open_positions().
SELECT id, symbol, entry_date, entry_price, rule_stack_used FROM positions WHERE status = 'OPEN' ORDER BY entry_date;
