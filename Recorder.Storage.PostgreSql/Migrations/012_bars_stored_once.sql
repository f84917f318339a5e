-- Team schema 12 (still the recorder's SQLite schema version 14): the team store keeps bars once, as a file does
-- (Recorder.Storage/Migrations/009_bars_stored_once.sql, docs/decisions.md 14). bar_data holds the bars a series
-- recorded itself; bar_shares says which stored bars each series sees: its own (one row, from itself, over every time)
-- and stretches of another series' bars that were the same. Push copies both as the file has them, so a series that a
-- hundred passes of an optimisation share is stored here once. bars is a view with the design's columns: every reader
-- sees the same rows as before.
ALTER TABLE bars RENAME TO bar_data;
-- Bars another series shares outlive their own run, as in a file: no foreign key to run_series.
ALTER TABLE bar_data DROP CONSTRAINT IF EXISTS bars_series_id_fkey;
COMMENT ON TABLE bar_data IS 'The bars each series recorded itself; bar_shares says which bars a series sees (the view bars).';

CREATE TABLE bar_shares (
  series_id          text NOT NULL REFERENCES run_series(series_id),
  first_utc          text NOT NULL,
  last_utc           text NOT NULL,
  from_series_id     text NOT NULL,
  bar_count          bigint,
  bars_hash          text,
  PRIMARY KEY(series_id, first_utc)
);

CREATE INDEX idx_bar_shares_from ON bar_shares(from_series_id, first_utc);

INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
SELECT series_id, '0000-01-01T00:00:00.0000000Z', '9999-12-31T23:59:59.9999999Z', series_id FROM run_series;

CREATE VIEW bars AS
SELECT d.id, s.series_id, d.ts_utc, d.open, d.high, d.low, d.close, d.volume, d.volumetric_json
FROM bar_shares s
JOIN bar_data d ON d.series_id = s.from_series_id AND d.ts_utc BETWEEN s.first_utc AND s.last_utc;

-- v_events read the table now named bar_data: it reads the view again, so a shared stretch gives its bars.
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
