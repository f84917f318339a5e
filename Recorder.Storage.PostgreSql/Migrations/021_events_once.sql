-- Team schema 21 = the recorder's SQLite schema version 23 (Recorder.Storage/Migrations/023_events_once.sql):
-- v_events lists a bar that several stretch rows of its series name (stored forming in one batch, closed in a later
-- one) once, under the last of them, as the file's does. Its numbers were exact here already: PostgreSQL writes a
-- double with the digits that give it back. Named for its content: 022 of the file is another change's.
CREATE OR REPLACE VIEW v_events AS
SELECT e.id, e.run_id, e.event_type, e.event_utc, e.sequence,
       e.payload_json || jsonb_build_object('event_type', e.event_type, 'run_id', e.run_id, 'event_utc', e.event_utc,
                                            'source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type NOT IN ('BARS_SHARED', 'BARS_STORED')
UNION ALL
SELECT b.id, b.run_id, 'BAR', b.event_utc, b.sequence,
       jsonb_build_object('series_id', b.series_id, 'open_utc', recorder_ts_text(b.ts), 'open', b.open, 'high', b.high,
                          'low', b.low, 'close', b.close, 'volume', b.volume, 'volumetric_json', b.volumetric_json,
                          'is_closed', b.forming_utc IS NULL,
                          'event_type', 'BAR', 'run_id', b.run_id, 'event_utc', b.event_utc, 'source', b.source) AS event_json,
       COALESCE(b.instance_id, r.instance_id) AS instance_id,
       COALESCE(b.strategy_id, i.strategy_id) AS strategy_id
FROM (SELECT e.id, e.run_id, e.event_utc, e.sequence, e.source, e.instance_id, e.strategy_id,
             s.series_id, s.ts, s.open, s.high, s.low, s.close, s.volume, s.volumetric_json, s.forming_utc,
             ROW_NUMBER() OVER (PARTITION BY e.run_id, s.series_id, s.ts ORDER BY e.id DESC) AS listing
      FROM ingest_events e
      JOIN v_series_bars s ON s.series_id = e.payload_json ->> 'series_id'
           AND s.ts BETWEEN recorder_ts(e.payload_json ->> 'first_utc') AND recorder_ts(e.payload_json ->> 'last_utc')
      WHERE e.event_type IN ('BARS_SHARED', 'BARS_STORED')) b
LEFT JOIN strategy_runs r ON r.run_id = b.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE b.listing = 1;
