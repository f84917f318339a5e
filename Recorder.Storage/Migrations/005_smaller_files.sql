-- Version 5: smaller files. Two indexes that repeated the index of a UNIQUE constraint go (every bar wrote its key
-- twice); the raw log's payload leaves out what its row holds in columns (payload_version 2, written from now on;
-- version 1 payloads stay as they are and read the same); v_events gives every event back as `recorder import`
-- reads it.
DROP INDEX IF EXISTS idx_bars_series_time;
DROP INDEX IF EXISTS idx_series_run;

CREATE VIEW v_events AS
SELECT id, run_id, event_type, event_utc, sequence,
       json_set(payload_json, '$.event_type', event_type, '$.run_id', run_id, '$.event_utc', event_utc,
                '$.source', source) AS event_json
FROM ingest_events;
