-- Version 14: run_equity takes fewer bytes (docs/metrics.md, "How run_equity stores the curve"; docs/decisions.md, 16).
-- Its rows move to equity_data, keyed by a small number per run (equity_runs.run_key) instead of the run's
-- 36-character id in every row, in a table without rowid (its key is the table, so there is no second index), and
-- run_equity becomes a view with the same columns and the same rows: a run's curve is still
-- SELECT … FROM run_equity WHERE run_id = ? ORDER BY seq. INSERT, UPDATE and DELETE on run_equity work through the
-- triggers below. Touches only run_equity, so it applies after whatever 12 and 13 did.
CREATE TABLE equity_runs (
  run_key            INTEGER PRIMARY KEY,
  run_id             TEXT NOT NULL UNIQUE,
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE TABLE equity_data (
  run_key            INTEGER NOT NULL,
  seq                INTEGER NOT NULL,
  ts_utc             TEXT NOT NULL,
  equity             REAL NOT NULL,
  drawdown           REAL NOT NULL,
  drawdown_pct       REAL,
  repeats            INTEGER NOT NULL DEFAULT 0,
  repeat_step_ticks  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(run_key, seq),
  FOREIGN KEY(run_key) REFERENCES equity_runs(run_key)
) WITHOUT ROWID;

-- Keys in the order the runs were analysed, each run's points in order: equity_data is filled from front to back.
INSERT INTO equity_runs(run_id) SELECT run_id FROM run_equity GROUP BY run_id ORDER BY MIN(rowid);

INSERT INTO equity_data(run_key, seq, ts_utc, equity, drawdown, drawdown_pct, repeats, repeat_step_ticks)
SELECT k.run_key, e.seq, e.ts_utc, e.equity, e.drawdown, e.drawdown_pct, e.repeats, e.repeat_step_ticks
FROM run_equity e JOIN equity_runs k ON k.run_id = e.run_id ORDER BY k.run_key, e.seq;

DROP TABLE run_equity;

CREATE VIEW run_equity AS
SELECT k.run_id, d.seq, d.ts_utc, d.equity, d.drawdown, d.drawdown_pct, d.repeats, d.repeat_step_ticks
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key;

-- Writing run_equity writes equity_data: a new run gets the next key; omitted counts are 0, as the table's defaults.
CREATE TRIGGER run_equity_insert INSTEAD OF INSERT ON run_equity
BEGIN
  INSERT OR IGNORE INTO equity_runs(run_id) VALUES (NEW.run_id);
  INSERT INTO equity_data(run_key, seq, ts_utc, equity, drawdown, drawdown_pct, repeats, repeat_step_ticks)
  VALUES ((SELECT run_key FROM equity_runs WHERE run_id = NEW.run_id), NEW.seq, NEW.ts_utc, NEW.equity, NEW.drawdown,
          NEW.drawdown_pct, COALESCE(NEW.repeats, 0), COALESCE(NEW.repeat_step_ticks, 0));
END;

CREATE TRIGGER run_equity_update INSTEAD OF UPDATE ON run_equity
BEGIN
  SELECT RAISE(ABORT, 'run_equity: a point cannot move to another run') WHERE NEW.run_id IS NOT OLD.run_id;
  UPDATE equity_data SET seq = NEW.seq, ts_utc = NEW.ts_utc, equity = NEW.equity, drawdown = NEW.drawdown,
         drawdown_pct = NEW.drawdown_pct, repeats = NEW.repeats, repeat_step_ticks = NEW.repeat_step_ticks
  WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

CREATE TRIGGER run_equity_delete INSTEAD OF DELETE ON run_equity
BEGIN
  DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;
