-- Version 13: the manifests `recorder artifacts` wrote for a run (seed 003). A run's artifact folder ends with
-- manifest.json, which lists every file with its SHA-256; the manifest's own SHA-256 is kept here, with the run, so
-- `recorder verify --artifacts DIR --db …` can tell a folder this database wrote from one whose files and manifest were
-- both changed. A run may have several (written again later, after a new analysis). Only a new table.
CREATE TABLE IF NOT EXISTS run_artifacts (
  run_id             TEXT NOT NULL,
  manifest_sha256    TEXT NOT NULL,               -- lower-case hex of manifest.json's bytes
  files              INTEGER NOT NULL,            -- files the manifest lists (manifest.json not counted)
  written_utc        TEXT NOT NULL,
  PRIMARY KEY(run_id, manifest_sha256),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id) ON DELETE CASCADE
);
