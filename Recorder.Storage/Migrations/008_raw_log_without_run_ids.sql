-- Version 8: the raw log's rows no longer repeat their run's instance and strategy. ingest_events.instance_id and
-- strategy_id (v2 additions) held the same two 36-character ids on every row, about a tenth of a recorder file; the
-- run's row already says both. The writer leaves them NULL from now on (rows written before keep theirs), and
-- v_events gives them for every row, from the row or else from its run.
DROP VIEW v_events;
CREATE VIEW v_events AS
SELECT e.id, e.run_id, e.event_type, e.event_utc, e.sequence,
       json_set(e.payload_json, '$.event_type', e.event_type, '$.run_id', e.run_id, '$.event_utc', e.event_utc,
                '$.source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id;
