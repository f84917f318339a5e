-- Version 18: an equity point takes what it needs (docs/decisions.md, 16). equity_data keeps a point's time as an
-- integer (100-ns units since 1970, as market_bars) instead of 28 characters of text, and no longer stores the
-- drawdown and its percentage: run_equity derives them from the equity, as the analysis does, so the view's rows are
-- the same. equity_runs.pct_known says whether the run's drawdown has a percentage (its initial balance was known).
-- A long backtest's curve is one point per bar: this halves what the file spends on it.
ALTER TABLE equity_runs ADD COLUMN pct_known INTEGER NOT NULL DEFAULT 0;
UPDATE equity_runs SET pct_known = EXISTS (SELECT 1 FROM equity_data d WHERE d.run_key = equity_runs.run_key AND d.drawdown_pct IS NOT NULL);

DROP VIEW v_equity_points;
DROP TRIGGER run_equity_insert;
DROP TRIGGER run_equity_update;
DROP TRIGGER run_equity_delete;
DROP VIEW run_equity;
ALTER TABLE equity_data RENAME TO equity_data_17;

CREATE TABLE equity_data (
  run_key            INTEGER NOT NULL,
  seq                INTEGER NOT NULL,
  ts                 INTEGER NOT NULL,
  equity             REAL NOT NULL,
  repeats            INTEGER NOT NULL DEFAULT 0,
  repeat_step_ticks  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(run_key, seq),
  FOREIGN KEY(run_key) REFERENCES equity_runs(run_key)
) WITHOUT ROWID;

-- The design's columns. ts_utc is the fixed-width text of docs/decisions.md 7; drawdown is from the running peak of
-- the run's points (seq order) and drawdown_pct its share of that peak, known when the run's initial balance is
-- (equity_runs.pct_known) and the peak above zero — what the analysis computes (docs/metrics.md, "Equity curve").
-- The window is partitioned by run_id, so a filter on run_id reads that run's points alone.
CREATE VIEW run_equity AS
SELECT run_id, seq,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       equity, peak - equity AS drawdown,
       CASE WHEN pct_known AND peak > 0 THEN (peak - equity) / peak * 100 END AS drawdown_pct,
       repeats, repeat_step_ticks
FROM (SELECT k.run_id, k.pct_known, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks,
             MAX(d.equity) OVER (PARTITION BY k.run_id ORDER BY d.seq ROWS UNBOUNDED PRECEDING) AS peak
      FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key);

INSERT INTO equity_data(run_key, seq, ts, equity, repeats, repeat_step_ticks)
SELECT run_key, seq, CAST(strftime('%s', substr(ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(ts_utc, 21, 7) AS INTEGER),
       equity, repeats, repeat_step_ticks
FROM equity_data_17 ORDER BY run_key, seq;
DROP TABLE equity_data_17;

-- Writing run_equity writes equity_data: a new run gets the next key; omitted counts are 0, as the table's defaults.
-- The drawdown columns are not stored: the view derives them from the equity.
CREATE TRIGGER run_equity_insert INSTEAD OF INSERT ON run_equity
BEGIN
  INSERT INTO equity_runs(run_id, pct_known) VALUES (NEW.run_id, NEW.drawdown_pct IS NOT NULL)
  ON CONFLICT(run_id) DO UPDATE SET pct_known = pct_known OR excluded.pct_known;
  INSERT INTO equity_data(run_key, seq, ts, equity, repeats, repeat_step_ticks)
  VALUES ((SELECT run_key FROM equity_runs WHERE run_id = NEW.run_id), NEW.seq,
          CAST(strftime('%s', substr(NEW.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(NEW.ts_utc, 21, 7) AS INTEGER),
          NEW.equity, COALESCE(NEW.repeats, 0), COALESCE(NEW.repeat_step_ticks, 0));
END;

CREATE TRIGGER run_equity_update INSTEAD OF UPDATE ON run_equity
BEGIN
  SELECT RAISE(ABORT, 'run_equity: a point cannot move to another run') WHERE NEW.run_id IS NOT OLD.run_id;
  UPDATE equity_data SET seq = NEW.seq,
         ts = CAST(strftime('%s', substr(NEW.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(NEW.ts_utc, 21, 7) AS INTEGER),
         equity = NEW.equity, repeats = NEW.repeats, repeat_step_ticks = NEW.repeat_step_ticks
  WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

CREATE TRIGGER run_equity_delete INSTEAD OF DELETE ON run_equity
BEGIN
  DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

-- The equity curve one row per point, as a quant reads it: run_equity's flat stretches unfolded (a row and its repeats,
-- repeat_step_ticks apart, numbered seq … seq + repeats). Unfolds every run's rows before a filter on run_id applies:
-- on a file of many long runs, read run_equity with SUM(1 + repeats) instead.
CREATE VIEW v_equity_points AS
WITH RECURSIVE points(run_id, seq, n, repeats, step, ts, equity, drawdown, drawdown_pct) AS (
  SELECT run_id, seq, 0, repeats, repeat_step_ticks, ts, equity, peak - equity,
         CASE WHEN pct_known AND peak > 0 THEN (peak - equity) / peak * 100 END
  FROM (SELECT k.run_id, k.pct_known, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks,
               MAX(d.equity) OVER (PARTITION BY k.run_id ORDER BY d.seq ROWS UNBOUNDED PRECEDING) AS peak
        FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key)
  UNION ALL
  SELECT run_id, seq, n + 1, repeats, step, ts + step, equity, drawdown, drawdown_pct FROM points WHERE n < repeats)
SELECT run_id, seq + n AS seq,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       equity, drawdown, drawdown_pct
FROM points;
