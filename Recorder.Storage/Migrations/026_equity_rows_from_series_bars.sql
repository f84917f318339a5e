-- Version 26: the rule that says which bars are a series' (its market's bars over the stretch of time it saw, less the
-- times it did not see, its own values where it saw others) lives in one place, v_series_bars. v_equity_rows, which
-- marks a stretch of equity on a series' bars, wrote that rule out a second time; it now reads v_series_bars (SQLite
-- flattens the view into the join: the same plan, the same rows). Nothing stored changes.
DROP VIEW v_equity_rows;

CREATE VIEW v_equity_rows AS
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
WHERE d.mark_series IS NULL
UNION ALL
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq + (b.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, b.ts + d.repeat_step_ticks,
       CASE WHEN k.money_decimals IS NULL THEN d.equity + d.mark_factor * b.close
            ELSE ROUND(d.equity + d.mark_factor * b.close, k.money_decimals) END, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN v_series_bars b ON b.series_id = d.mark_series
 AND b.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
WHERE d.mark_series IS NOT NULL AND (b.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0;
