-- Version 21: the runs a run's trials are chosen among are read by index (docs/metrics.md, "Trials"). A run's
-- deflated Sharpe figures count the runs of its study or strategy; finding them read every run of the file, so each
-- pass of an optimisation paid for all the passes before it. Now the runs of a strategy, and the runs an author named
-- the same study (RunRecorderOptions.Study, in the run's fingerprint), are found by these indexes.
CREATE INDEX idx_instances_strategy ON strategy_instances(strategy_id);
CREATE INDEX idx_runs_author_study ON strategy_runs(
  (CASE WHEN json_valid(fingerprint_json) THEN json_extract(fingerprint_json, '$.study') END));
