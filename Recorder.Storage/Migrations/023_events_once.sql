-- Version 23 (docs/decisions.md, 4: a repeated event changes nothing): v_events gives each bar once and exactly.
-- A run's own events, taken from v_events and imported into the same file again, stored bars and raw-log rows: a
-- bar's volume 63.824999999999996 was written 63.825 (json_object writes a REAL with 15 significant digits), which
-- reads back as another double, a bar state with more volume; and a bar two stretches of its series name (stored
-- forming in one batch, closed in the next) was listed twice. Now each number is written with as many digits as give
-- the stored double back (15, else 17), and a bar is listed under the last stretch row that names it.
-- Named 023: 022 is the per-run views' (another change, on another branch); where both are in, this one upgrades 22 to 23.
DROP VIEW v_events;
CREATE VIEW v_events AS
SELECT e.id, e.run_id, e.event_type, e.event_utc, e.sequence,
       json_set(e.payload_json, '$.event_type', e.event_type, '$.run_id', e.run_id, '$.event_utc', e.event_utc,
                '$.source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type NOT IN ('BARS_SHARED', 'BARS_STORED')
UNION ALL
SELECT b.id, b.run_id, 'BAR', b.event_utc, b.sequence,
       json_object('series_id', b.series_id,
                   'open_utc', strftime('%Y-%m-%dT%H:%M:%S', b.ts / 10000000, 'unixepoch') || printf('.%07dZ', b.ts % 10000000),
                   'open', json(CASE WHEN CAST(printf('%!.15g', b.open) AS REAL) = b.open THEN printf('%!.15g', b.open) ELSE printf('%!.17g', b.open) END),
                   'high', json(CASE WHEN CAST(printf('%!.15g', b.high) AS REAL) = b.high THEN printf('%!.15g', b.high) ELSE printf('%!.17g', b.high) END),
                   'low', json(CASE WHEN CAST(printf('%!.15g', b.low) AS REAL) = b.low THEN printf('%!.15g', b.low) ELSE printf('%!.17g', b.low) END),
                   'close', json(CASE WHEN CAST(printf('%!.15g', b.close) AS REAL) = b.close THEN printf('%!.15g', b.close) ELSE printf('%!.17g', b.close) END),
                   'volume', json(CASE WHEN b.volume IS NULL THEN NULL WHEN CAST(printf('%!.15g', b.volume) AS REAL) = b.volume THEN printf('%!.15g', b.volume) ELSE printf('%!.17g', b.volume) END),
                   'volumetric_json', json(b.volumetric_json), 'is_closed', json(CASE WHEN b.forming_utc IS NULL THEN 'true' ELSE 'false' END),
                   'event_type', 'BAR', 'run_id', b.run_id, 'event_utc', b.event_utc, 'source', b.source) AS event_json,
       COALESCE(b.instance_id, r.instance_id) AS instance_id,
       COALESCE(b.strategy_id, i.strategy_id) AS strategy_id
FROM (SELECT e.id, e.run_id, e.event_utc, e.sequence, e.source, e.instance_id, e.strategy_id,
             s.series_id, s.ts, s.open, s.high, s.low, s.close, s.volume, s.volumetric_json, s.forming_utc,
             ROW_NUMBER() OVER (PARTITION BY e.run_id, s.series_id, s.ts ORDER BY e.id DESC) AS listing
      FROM ingest_events e
      JOIN v_series_bars s ON s.series_id = json_extract(e.payload_json, '$.series_id')
           AND s.ts BETWEEN CAST(strftime('%s', substr(json_extract(e.payload_json, '$.first_utc'), 1, 19)) AS INTEGER) * 10000000
                            + CAST(substr(json_extract(e.payload_json, '$.first_utc'), 21, 7) AS INTEGER)
                        AND CAST(strftime('%s', substr(json_extract(e.payload_json, '$.last_utc'), 1, 19)) AS INTEGER) * 10000000
                            + CAST(substr(json_extract(e.payload_json, '$.last_utc'), 21, 7) AS INTEGER)
      WHERE e.event_type IN ('BARS_SHARED', 'BARS_STORED')) b
LEFT JOIN strategy_runs r ON r.run_id = b.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE b.listing = 1;
