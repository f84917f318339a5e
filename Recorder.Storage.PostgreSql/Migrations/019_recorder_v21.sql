-- Team schema 19 = the recorder's SQLite schema version 21 (Recorder.Storage/Migrations/021_population_indexes.sql):
-- the runs a run's trials are chosen among — a strategy's parameter sets, the runs an author named the same study —
-- are found by index.
CREATE INDEX idx_instances_strategy ON strategy_instances(strategy_id);
CREATE INDEX idx_runs_author_study ON strategy_runs((fingerprint_json ->> 'study'));
