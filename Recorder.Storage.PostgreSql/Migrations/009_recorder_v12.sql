-- Team schema 9 = the recorder's SQLite schema version 12 (Recorder.Storage/Migrations/012_shared_bars_as_events.sql):
-- v_events gives a BARS_SHARED row of the raw log as one BAR event per bar of its stretch, with the bars the series
-- has here, so rows read from the team store import into a file with every run's bars.
DROP VIEW v_events;
CREATE VIEW v_events AS
SELECT e.id, e.run_id, e.event_type, e.event_utc, e.sequence,
       e.payload_json || jsonb_build_object('event_type', e.event_type, 'run_id', e.run_id, 'event_utc', e.event_utc,
                                            'source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type <> 'BARS_SHARED'
UNION ALL
SELECT e.id, e.run_id, 'BAR', e.event_utc, e.sequence,
       jsonb_build_object('series_id', b.series_id, 'open_utc', b.ts_utc, 'open', b.open, 'high', b.high, 'low', b.low,
                          'close', b.close, 'volume', b.volume, 'volumetric_json', b.volumetric_json,
                          'event_type', 'BAR', 'run_id', e.run_id, 'event_utc', e.event_utc, 'source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
JOIN bars b ON b.series_id = e.payload_json ->> 'series_id'
           AND b.ts_utc BETWEEN e.payload_json ->> 'first_utc' AND e.payload_json ->> 'last_utc'
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type = 'BARS_SHARED';
