-- Version 2: what the other design documents call for, additive only. Columns are appended in the order schema.sql
-- lists them, so a migrated file and a fresh one have the same structure (a test compares them).

ALTER TABLE strategy_instances ADD COLUMN config_hash TEXT;

ALTER TABLE strategy_runs ADD COLUMN processed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE strategy_runs ADD COLUMN total_count INTEGER;
ALTER TABLE strategy_runs ADD COLUMN progress_percent REAL;
ALTER TABLE strategy_runs ADD COLUMN last_progress_utc TEXT;
ALTER TABLE strategy_runs ADD COLUMN error_message TEXT;
ALTER TABLE strategy_runs ADD COLUMN fingerprint_json TEXT;

ALTER TABLE orders ADD COLUMN last_sequence INTEGER;
ALTER TABLE orders ADD COLUMN filled_quantity REAL;
ALTER TABLE orders ADD COLUMN avg_fill_price REAL;

ALTER TABLE executions ADD COLUMN symbol TEXT;
ALTER TABLE executions ADD COLUMN account_id TEXT;
ALTER TABLE executions ADD COLUMN side TEXT;
ALTER TABLE executions ADD COLUMN position_impact TEXT NOT NULL DEFAULT 'UNKNOWN';

ALTER TABLE ingest_events ADD COLUMN sequence INTEGER;
ALTER TABLE ingest_events ADD COLUMN source TEXT;
ALTER TABLE ingest_events ADD COLUMN payload_version INTEGER;
ALTER TABLE ingest_events ADD COLUMN instance_id TEXT;
ALTER TABLE ingest_events ADD COLUMN strategy_id TEXT;

CREATE TABLE schema_meta (
  key                TEXT PRIMARY KEY,
  value              TEXT
);

CREATE INDEX idx_instances_config_hash ON strategy_instances(config_hash);

CREATE TABLE ingest_quarantine (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT,
  event_type         TEXT NOT NULL,
  sequence           INTEGER,
  reason             TEXT NOT NULL,
  payload_json       TEXT NOT NULL,
  received_utc       TEXT NOT NULL,
  quarantined_utc    TEXT NOT NULL
);

CREATE INDEX idx_quarantine_run ON ingest_quarantine(run_id);

-- Backfills: what version 1 rows already tell.
UPDATE executions SET
  symbol     = (SELECT o.symbol     FROM orders o WHERE o.run_id = executions.run_id AND o.order_id = executions.order_id),
  account_id = (SELECT o.account_id FROM orders o WHERE o.run_id = executions.run_id AND o.order_id = executions.order_id),
  side       = (SELECT o.side       FROM orders o WHERE o.run_id = executions.run_id AND o.order_id = executions.order_id);

UPDATE ingest_events SET
  source      = (SELECT r.run_type    FROM strategy_runs r WHERE r.run_id = ingest_events.run_id),
  instance_id = (SELECT r.instance_id FROM strategy_runs r WHERE r.run_id = ingest_events.run_id),
  strategy_id = (SELECT i.strategy_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                 WHERE r.run_id = ingest_events.run_id),
  payload_version = 1;

UPDATE ingest_events SET sequence = (
  SELECT COUNT(*) FROM ingest_events e2 WHERE e2.run_id = ingest_events.run_id AND e2.id <= ingest_events.id);

UPDATE strategy_runs SET progress_percent = 100.0, processed_count = 0
  WHERE status IN ('COMPLETED') AND progress_percent IS NULL;
