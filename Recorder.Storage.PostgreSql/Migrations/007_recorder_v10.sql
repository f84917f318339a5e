-- Team schema 7 = the recorder's SQLite schema version 10 (Recorder.Storage/Migrations/010_studies.sql): the studies
-- a user grouped by hand. Push does not copy them yet (a regrouping is its file's own, docs/studies.md); the tables are
-- here so the team store has the file's shape and its readers the same tables.
CREATE TABLE IF NOT EXISTS studies (
  study_id           text PRIMARY KEY,
  name               text NOT NULL UNIQUE,
  objective          text,
  created_utc        text NOT NULL
);

CREATE TABLE IF NOT EXISTS study_runs (
  run_id             text PRIMARY KEY REFERENCES strategy_runs(run_id) ON DELETE CASCADE,
  study_id           text REFERENCES studies(study_id),
  assigned_utc       text NOT NULL
);

CREATE INDEX IF NOT EXISTS idx_study_runs_study ON study_runs(study_id);
