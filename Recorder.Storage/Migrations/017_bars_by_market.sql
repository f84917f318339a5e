-- Version 17: bars by market and time (docs/decisions.md, 14). A bar is stored once under its market (symbol,
-- timeframe, provider, kind of bar: bar_markets) and its open time as an integer (market_bars, WITHOUT ROWID, no
-- second index); a series is its market plus the stretch of time it saw (run_series.market_id, first_bar, last_bar),
-- and where a series saw other values than its market's it keeps its own (series_bars). bar_data, bar_shares, their
-- triggers and the file's bar-change counters go; bars, v_events and the new v_series_bars and v_run_bars read the new
-- tables. Every series reads the same bars as before: the first series of a market to have recorded a time gives the
-- market its values there, a series that had other ones keeps them in series_bars. And v_equity_points: the equity
-- curve one row per point.
CREATE TABLE bar_markets (
  market_id          INTEGER PRIMARY KEY,
  symbol             TEXT NOT NULL,
  timeframe          TEXT NOT NULL,
  source             TEXT NOT NULL,               -- the series' provider, '' when it named none
  volumetric         INTEGER NOT NULL,            -- 1: bars with a volumetric payload, 0: plain bars
  UNIQUE(symbol, timeframe, source, volumetric)
);

CREATE TABLE market_bars (
  market_id          INTEGER NOT NULL,
  ts                 INTEGER NOT NULL,            -- the bar's open time, 100-ns units since 1970-01-01 UTC
  open               REAL NOT NULL,
  high               REAL NOT NULL,
  low                REAL NOT NULL,
  close              REAL NOT NULL,
  volume             REAL,
  volumetric_json    TEXT,
  forming_utc        INTEGER,
  PRIMARY KEY(market_id, ts)
) WITHOUT ROWID;

CREATE TABLE series_bars (
  series_id          TEXT NOT NULL,
  ts                 INTEGER NOT NULL,
  open               REAL NOT NULL,
  high               REAL NOT NULL,
  low                REAL NOT NULL,
  close              REAL NOT NULL,
  volume             REAL,
  volumetric_json    TEXT,
  forming_utc        INTEGER,
  PRIMARY KEY(series_id, ts)
) WITHOUT ROWID;

ALTER TABLE run_series ADD COLUMN market_id INTEGER;
ALTER TABLE run_series ADD COLUMN first_bar INTEGER;
ALTER TABLE run_series ADD COLUMN last_bar INTEGER;

INSERT INTO bar_markets(symbol, timeframe, source, volumetric)
SELECT symbol, timeframe, IFNULL(source, ''), has_volumetric FROM run_series
GROUP BY symbol, timeframe, IFNULL(source, ''), has_volumetric
ORDER BY MIN(rowid);

UPDATE run_series SET market_id = (SELECT m.market_id FROM bar_markets m
                                   WHERE m.symbol = run_series.symbol AND m.timeframe = run_series.timeframe
                                     AND m.source = IFNULL(run_series.source, '') AND m.volumetric = run_series.has_volumetric);

-- Every series' bars as it reads them today, with the series' place in the order they were defined.
CREATE TEMP TABLE old_bars AS
SELECT s.rowid AS series_no, s.series_id, s.market_id, (CAST(strftime('%s', substr(b.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(b.ts_utc, 21, 7) AS INTEGER)) AS ts,
       b.open, b.high, b.low, b.close, b.volume, b.volumetric_json
FROM run_series s JOIN bars b ON b.series_id = s.series_id;

CREATE TEMP TABLE old_stretches AS
SELECT series_id, MIN(ts) AS first_bar, MAX(ts) AS last_bar FROM old_bars GROUP BY series_id;
CREATE UNIQUE INDEX temp.old_stretches_series ON old_stretches(series_id);

-- The newest bar of a series whose run is still RUNNING may be forming: marked so, its next state replaces it.
INSERT INTO market_bars(market_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
SELECT o.market_id, o.ts, o.open, o.high, o.low, o.close, o.volume, o.volumetric_json,
       CASE WHEN r.status = 'RUNNING' AND o.ts = l.last_bar THEN o.ts END
FROM old_bars o JOIN old_stretches l ON l.series_id = o.series_id
JOIN run_series s ON s.series_id = o.series_id JOIN strategy_runs r ON r.run_id = s.run_id
WHERE true
ORDER BY o.series_no, o.ts
ON CONFLICT(market_id, ts) DO NOTHING;

INSERT INTO series_bars(series_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
SELECT o.series_id, o.ts, o.open, o.high, o.low, o.close, o.volume, o.volumetric_json, m.forming_utc
FROM old_bars o JOIN market_bars m ON m.market_id = o.market_id AND m.ts = o.ts
WHERE (o.open, o.high, o.low, o.close, o.volume, o.volumetric_json) IS NOT (m.open, m.high, m.low, m.close, m.volume, m.volumetric_json);

UPDATE run_series SET first_bar = (SELECT l.first_bar FROM old_stretches l WHERE l.series_id = run_series.series_id),
                      last_bar = (SELECT l.last_bar FROM old_stretches l WHERE l.series_id = run_series.series_id);

DROP TABLE old_bars;
DROP TABLE old_stretches;

DROP VIEW v_events;
DROP VIEW bars;
DROP TRIGGER IF EXISTS bar_data_updated;
DROP TRIGGER IF EXISTS bar_data_deleted;
DROP TABLE bar_shares;
DROP TABLE bar_data;
DELETE FROM schema_meta WHERE key IN ('file_token', 'bar_data_changes');

CREATE VIEW v_series_bars AS
SELECT s.series_id, b.ts, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json, b.forming_utc
FROM run_series s
JOIN market_bars b ON b.market_id = s.market_id AND b.ts BETWEEN s.first_bar AND s.last_bar
WHERE NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = s.series_id AND o.ts = b.ts)
UNION ALL
SELECT o.series_id, o.ts, o.open, o.high, o.low, o.close, o.volume, o.volumetric_json, o.forming_utc
FROM series_bars o;

-- The design's bars table, as every reader sees it: a run's bars are still bars joined with run_series on series_id,
-- ts_utc the fixed-width text of docs/decisions.md 7.
CREATE VIEW bars AS
SELECT series_id,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       open, high, low, close, volume, volumetric_json
FROM v_series_bars;

-- Each run's bars with what a quant asks first: the run, the symbol and the timeframe.
CREATE VIEW v_run_bars AS
SELECT s.run_id, s.symbol, s.timeframe, s.source, b.series_id, b.ts_utc, b.open, b.high, b.low, b.close, b.volume,
       b.volumetric_json
FROM bars b
JOIN run_series s ON s.series_id = b.series_id;

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
SELECT e.id, e.run_id, 'BAR', e.event_utc, e.sequence,
       json_object('series_id', b.series_id,
                   'open_utc', strftime('%Y-%m-%dT%H:%M:%S', b.ts / 10000000, 'unixepoch') || printf('.%07dZ', b.ts % 10000000),
                   'open', b.open, 'high', b.high, 'low', b.low, 'close', b.close, 'volume', b.volume,
                   'volumetric_json', json(b.volumetric_json), 'is_closed', json(CASE WHEN b.forming_utc IS NULL THEN 'true' ELSE 'false' END),
                   'event_type', 'BAR', 'run_id', e.run_id, 'event_utc', e.event_utc, 'source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
JOIN v_series_bars b ON b.series_id = json_extract(e.payload_json, '$.series_id')
     AND b.ts BETWEEN CAST(strftime('%s', substr(json_extract(e.payload_json, '$.first_utc'), 1, 19)) AS INTEGER) * 10000000
                      + CAST(substr(json_extract(e.payload_json, '$.first_utc'), 21, 7) AS INTEGER)
                  AND CAST(strftime('%s', substr(json_extract(e.payload_json, '$.last_utc'), 1, 19)) AS INTEGER) * 10000000
                      + CAST(substr(json_extract(e.payload_json, '$.last_utc'), 21, 7) AS INTEGER)
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type IN ('BARS_SHARED', 'BARS_STORED');

-- The equity curve one row per point, as a quant reads it: run_equity's flat stretches unfolded (a row and its repeats,
-- repeat_step_ticks apart, numbered seq … seq + repeats). Unfolds every run's rows before a filter on run_id applies:
-- on a file of many long runs, read run_equity with SUM(1 + repeats) instead.
CREATE VIEW v_equity_points AS
WITH RECURSIVE points(run_key, seq, n, repeats, step, ts, equity, drawdown, drawdown_pct) AS (
  SELECT run_key, seq, 0, repeats, repeat_step_ticks,
         CAST(strftime('%s', substr(ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(ts_utc, 21, 7) AS INTEGER),
         equity, drawdown, drawdown_pct
  FROM equity_data
  UNION ALL
  SELECT run_key, seq, n + 1, repeats, step, ts + step, equity, drawdown, drawdown_pct FROM points WHERE n < repeats)
SELECT k.run_id, p.seq + p.n AS seq,
       strftime('%Y-%m-%dT%H:%M:%S', p.ts / 10000000, 'unixepoch') || printf('.%07dZ', p.ts % 10000000) AS ts_utc,
       p.equity, p.drawdown, p.drawdown_pct
FROM points p JOIN equity_runs k ON k.run_key = p.run_key;
