-- Team schema 10 = the recorder's SQLite schema version 13 (Recorder.Storage/Migrations/013_artifact_manifests.sql):
-- the SHA-256 of each artifact manifest written for a run, from a file (push carries them) or from the team store.
CREATE TABLE IF NOT EXISTS run_artifacts (
  run_id             text NOT NULL REFERENCES strategy_runs(run_id) ON DELETE CASCADE,
  manifest_sha256    text NOT NULL,
  files              bigint NOT NULL,
  written_utc        text NOT NULL,
  PRIMARY KEY(run_id, manifest_sha256)
);
