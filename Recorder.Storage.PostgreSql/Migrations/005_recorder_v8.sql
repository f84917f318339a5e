-- Team schema 5 = the recorder's SQLite schema version 8 (Recorder.Storage/Migrations/008_raw_log_without_run_ids.sql):
-- files no longer fill ingest_events.instance_id and strategy_id (their run says both); v_events gives them for every
-- row, from the row or else from its run.
DROP VIEW v_events;
CREATE VIEW v_events AS
SELECT e.id, e.run_id, e.event_type, e.event_utc, e.sequence,
       e.payload_json || jsonb_build_object('event_type', e.event_type, 'run_id', e.run_id, 'event_utc', e.event_utc,
                                            'source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id;
