-- Version 10: studies, the passes of one optimisation judged together (docs/metrics.md, "Studies"; docs/studies.md).
-- Which runs form a study is mostly inferred on read (strategy, build, symbols, timeframe, period, data source, start
-- times) or named by the strategy's author (RunRecorderOptions.Study, in the run's fingerprint); these two tables keep
-- only what a user decided with `recorder study group` / `ungroup`. Only new tables, created if missing: the migration
-- applies the same whatever version 9 added.
CREATE TABLE IF NOT EXISTS studies (
  study_id           TEXT PRIMARY KEY,            -- name-based UUID of the name
  name               TEXT NOT NULL UNIQUE,
  objective          TEXT,                        -- the metric the passes are ranked by, when the user chose one
  created_utc        TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS study_runs (
  run_id             TEXT PRIMARY KEY,
  study_id           TEXT,                        -- NULL: the user took the run out of every study
  assigned_utc       TEXT NOT NULL,
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id) ON DELETE CASCADE,
  FOREIGN KEY(study_id) REFERENCES studies(study_id)
);

CREATE INDEX IF NOT EXISTS idx_study_runs_study ON study_runs(study_id);
