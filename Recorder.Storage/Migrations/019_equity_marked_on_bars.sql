-- Version 19: an equity curve that follows a series' bars refers to them (docs/decisions.md, 16). While a run holds one
-- position, each bar's point is the same base (the initial balance, the cash and every other open position) plus the
-- same factor (its open quantity × point value) × the bar's close: one equity_data row keeps such a stretch — its first
-- point's time, its base as the equity, mark_factor, the series it is marked on (mark_series), the points after the
-- first as repeats and the bars' step as repeat_step_ticks — and run_equity computes its points from the series' bars,
-- each at its bar's end (start + step), with the analysis' arithmetic, so the view's rows are the same. A long backtest
-- kept one row per bar for its curve; it now keeps a row per position. Rows of files written before are points, as
-- they were (mark_series NULL).
ALTER TABLE equity_data ADD COLUMN mark_series TEXT;
ALTER TABLE equity_data ADD COLUMN mark_factor REAL;

DROP VIEW v_equity_points;
DROP VIEW run_equity;

-- Every run's points as stored rows, marked stretches computed: a point or a flat stretch (repeats) as it is kept, and
-- one row per bar of a marked stretch — the series' own bar where it saw other values than its market's
-- (series_bars), else its market's (market_bars), as v_series_bars gives them, and only the bars on the stretch's step.
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
UNION ALL
SELECT k.run_id, k.pct_known, d.seq + (o.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, o.ts + d.repeat_step_ticks,
       d.equity + d.mark_factor * o.close, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN series_bars o ON o.series_id = d.mark_series
 AND o.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
WHERE d.mark_series IS NOT NULL AND (o.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0;

-- The design's columns, as in version 18: drawdown from the running peak of the run's points (seq order), drawdown_pct
-- its share of that peak when the initial balance is known and the peak above zero. The window is partitioned by
-- run_id, so a filter on run_id reads that run's rows alone.
CREATE VIEW run_equity AS
SELECT run_id, seq,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       equity, peak - equity AS drawdown,
       CASE WHEN pct_known AND peak > 0 THEN (peak - equity) / peak * 100 END AS drawdown_pct,
       repeats, repeat_step_ticks
FROM (SELECT run_id, pct_known, seq, ts, equity, repeats, repeat_step_ticks,
             MAX(equity) OVER (PARTITION BY run_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS peak
      FROM v_equity_rows);

CREATE TRIGGER run_equity_insert INSTEAD OF INSERT ON run_equity
BEGIN
  INSERT INTO equity_runs(run_id, pct_known) VALUES (NEW.run_id, NEW.drawdown_pct IS NOT NULL)
  ON CONFLICT(run_id) DO UPDATE SET pct_known = pct_known OR excluded.pct_known;
  INSERT INTO equity_data(run_key, seq, ts, equity, repeats, repeat_step_ticks)
  VALUES ((SELECT run_key FROM equity_runs WHERE run_id = NEW.run_id), NEW.seq,
          CAST(strftime('%s', substr(NEW.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(NEW.ts_utc, 21, 7) AS INTEGER),
          NEW.equity, COALESCE(NEW.repeats, 0), COALESCE(NEW.repeat_step_ticks, 0));
END;

-- A point of a marked stretch is not a row of its own: updating it is refused rather than lost.
CREATE TRIGGER run_equity_update INSTEAD OF UPDATE ON run_equity
BEGIN
  SELECT RAISE(ABORT, 'run_equity: a point cannot move to another run') WHERE NEW.run_id IS NOT OLD.run_id;
  SELECT RAISE(ABORT, 'run_equity: this point is computed from its series'' bars (equity_data.mark_series); store the curve again with recorder analyze')
  WHERE NOT EXISTS (SELECT 1 FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id)
                    AND seq = OLD.seq AND mark_series IS NULL);
  UPDATE equity_data SET seq = NEW.seq,
         ts = CAST(strftime('%s', substr(NEW.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(NEW.ts_utc, 21, 7) AS INTEGER),
         equity = NEW.equity, repeats = NEW.repeats, repeat_step_ticks = NEW.repeat_step_ticks
  WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

-- Deleting a marked stretch's first point deletes the stretch's row; its other points go with it.
CREATE TRIGGER run_equity_delete INSTEAD OF DELETE ON run_equity
BEGIN
  DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

-- The equity curve one row per point, as a quant reads it: flat stretches unfolded too (a row and its repeats,
-- repeat_step_ticks apart, numbered seq … seq + repeats). Unfolds every run's rows before a filter on run_id applies:
-- on a file of many long runs, read run_equity with SUM(1 + repeats) instead.
CREATE VIEW v_equity_points AS
WITH RECURSIVE points(run_id, seq, n, repeats, step, ts, equity, drawdown, drawdown_pct) AS (
  SELECT run_id, seq, 0, repeats, repeat_step_ticks, ts, equity, peak - equity,
         CASE WHEN pct_known AND peak > 0 THEN (peak - equity) / peak * 100 END
  FROM (SELECT run_id, pct_known, seq, ts, equity, repeats, repeat_step_ticks,
               MAX(equity) OVER (PARTITION BY run_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS peak
        FROM v_equity_rows)
  UNION ALL
  SELECT run_id, seq, n + 1, repeats, step, ts + step, equity, drawdown, drawdown_pct FROM points WHERE n < repeats)
SELECT run_id, seq + n AS seq,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       equity, drawdown, drawdown_pct
FROM points;
