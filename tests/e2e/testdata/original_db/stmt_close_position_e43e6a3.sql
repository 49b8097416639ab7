-- The original kiss_signal at commit e43e6a3: persistence.py close_positions_batch().
    UPDATE positions
    SET status = 'CLOSED', exit_date = ?, exit_price = ?, final_return_pct = ?, 
        final_nifty_return_pct = ?, days_held = ?, exit_reason = ?
    WHERE id = ?;
