-- Version 20: what a series covers is recorded, not inferred (docs/decisions.md, 14). A series was its market's bars
-- over its stretch (first_bar … last_bar), so bars another run stored later in its gaps, or beside its bars, entered
-- it, and an ended run's bars, equity and figures changed after it ended. series_unseen keeps the times of its stretch
-- that a series did not see; v_series_bars and v_equity_rows leave them out. A file written before kept no such
-- record: its series stay as they read, their stretches whole.
CREATE TABLE series_unseen (
  series_id          TEXT NOT NULL,
  ts                 INTEGER NOT NULL,
  PRIMARY KEY(series_id, ts)
) WITHOUT ROWID;

CREATE INDEX idx_series_market ON run_series(market_id, first_bar);

-- The runs still running: what a writer that opens the file checks for crashed recorders, read without going through
-- every run that ended (a pass of an optimisation opened the file and read them all).
CREATE INDEX idx_runs_running ON strategy_runs(status) WHERE status = 'RUNNING';

DROP VIEW v_series_bars;
CREATE VIEW v_series_bars AS
SELECT s.series_id, b.ts, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json, b.forming_utc
FROM run_series s
JOIN market_bars b ON b.market_id = s.market_id AND b.ts BETWEEN s.first_bar AND s.last_bar
WHERE NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = s.series_id AND o.ts = b.ts)
  AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = s.series_id AND u.ts = b.ts)
UNION ALL
SELECT o.series_id, o.ts, o.open, o.high, o.low, o.close, o.volume, o.volumetric_json, o.forming_utc
FROM series_bars o;;

DROP VIEW v_equity_rows;
CREATE VIEW v_equity_rows AS
SELECT k.run_id, k.pct_known, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
WHERE d.mark_series IS NULL
UNION ALL
SELECT k.run_id, k.pct_known, d.seq + (b.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, b.ts + d.repeat_step_ticks,
       d.equity + d.mark_factor * b.close, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN run_series s ON s.series_id = d.mark_series
JOIN market_bars b ON b.market_id = s.market_id
 AND b.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
 AND b.ts BETWEEN s.first_bar AND s.last_bar
WHERE d.mark_series IS NOT NULL AND (b.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0
  AND NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = d.mark_series AND o.ts = b.ts)
  AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = d.mark_series AND u.ts = b.ts)
UNION ALL
SELECT k.run_id, k.pct_known, d.seq + (o.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, o.ts + d.repeat_step_ticks,
       d.equity + d.mark_factor * o.close, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN series_bars o ON o.series_id = d.mark_series
 AND o.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
WHERE d.mark_series IS NOT NULL AND (o.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0;;
