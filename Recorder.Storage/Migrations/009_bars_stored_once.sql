-- Version 9: bars are stored once (docs/decisions.md, 14). The rows of bars move to bar_data unchanged (their ids
-- too); bar_shares gives every series its own bars, and bars becomes a view with the same columns, so a run's bars
-- are still bars joined with run_series on series_id. Bars already stored twice before this version stay as they
-- are (each series keeps its own); runs recorded from now on share what an earlier series holds
-- (Recorder.Storage/Writing/SharedBars.cs).
CREATE TABLE bar_data (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  series_id          TEXT NOT NULL,
  ts_utc             TEXT NOT NULL,
  open               REAL NOT NULL,
  high               REAL NOT NULL,
  low                REAL NOT NULL,
  close              REAL NOT NULL,
  volume             REAL,
  volumetric_json    TEXT,
  UNIQUE(series_id, ts_utc)
);

INSERT INTO bar_data(id, series_id, ts_utc, open, high, low, close, volume, volumetric_json)
SELECT id, series_id, ts_utc, open, high, low, close, volume, volumetric_json FROM bars ORDER BY id;

-- AUTOINCREMENT never reuses an id bars gave out, even one deleted since.
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('bars', 'bar_data'))
WHERE name = 'bar_data';
INSERT INTO sqlite_sequence(name, seq)
SELECT 'bar_data', seq FROM sqlite_sequence
WHERE name = 'bars' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'bar_data');

DROP TABLE bars;

CREATE TABLE bar_shares (
  series_id          TEXT NOT NULL,
  first_utc          TEXT NOT NULL,
  last_utc           TEXT NOT NULL,
  from_series_id     TEXT NOT NULL,
  bar_count          INTEGER,
  bars_hash          TEXT,
  PRIMARY KEY(series_id, first_utc),
  FOREIGN KEY(series_id) REFERENCES run_series(series_id)
);

CREATE INDEX idx_bar_shares_from ON bar_shares(from_series_id, first_utc);

INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
SELECT series_id, '0000-01-01T00:00:00.0000000Z', '9999-12-31T23:59:59.9999999Z', series_id FROM run_series;

CREATE VIEW bars AS
SELECT d.id, s.series_id, d.ts_utc, d.open, d.high, d.low, d.close, d.volume, d.volumetric_json
FROM bar_shares s
JOIN bar_data d ON d.series_id = s.from_series_id AND d.ts_utc BETWEEN s.first_utc AND s.last_utc;
