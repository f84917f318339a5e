-- Version 12: v_events gives a stretch of shared bars as the BAR events it stands for. A BARS_SHARED row of the raw
-- log (docs/decisions.md, 14) names the series, its first and last bar and the series that holds them; the import
-- format has no such kind, so `recorder import` of v_events into another file lost those bars. Its rows now read as
-- one BAR event per bar of the stretch, with the values the series shows there (the bars view), the row's id,
-- sequence, time and run. Only the view changes.
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
WHERE e.event_type <> 'BARS_SHARED'
UNION ALL
SELECT e.id, e.run_id, 'BAR', e.event_utc, e.sequence,
       json_object('series_id', b.series_id, 'open_utc', b.ts_utc, 'open', b.open, 'high', b.high, 'low', b.low,
                   'close', b.close, 'volume', b.volume, 'volumetric_json', json(b.volumetric_json),
                   'event_type', 'BAR', 'run_id', e.run_id, 'event_utc', e.event_utc, 'source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
JOIN bars b ON b.series_id = json_extract(e.payload_json, '$.series_id')
           AND b.ts_utc BETWEEN json_extract(e.payload_json, '$.first_utc') AND json_extract(e.payload_json, '$.last_utc')
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type = 'BARS_SHARED';
