-- Team schema 8 = the recorder's SQLite schema version 11 (Recorder.Storage/Migrations/011_equity_stretches.sql):
-- a run_equity row may stand for `repeats` more points at the same values, `repeat_step_ticks` apart.
ALTER TABLE run_equity ADD COLUMN IF NOT EXISTS repeats bigint NOT NULL DEFAULT 0;
ALTER TABLE run_equity ADD COLUMN IF NOT EXISTS repeat_step_ticks bigint NOT NULL DEFAULT 0;
