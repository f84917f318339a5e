using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// Turns a current file's bars back into the layout of schema 16 (bar_data, bar_shares, their triggers and views), each
/// series' bars as it read them, for the tests that build an older file from a current one and migrate it up.
/// </summary>
internal static class Schema16Bars
{
    public static void Restore(SqliteConnection connection) => connection.Execute(Sql);

    private const string Sql = """
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

        INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json)
        SELECT series_id, ts_utc, open, high, low, close, volume, volumetric_json FROM bars ORDER BY series_id, ts_utc;

        CREATE TABLE bar_shares (
          series_id          TEXT NOT NULL,               -- the series that sees these bars
          first_utc          TEXT NOT NULL,               -- the stretch's first and last bar time (own: every time)
          last_utc           TEXT NOT NULL,
          from_series_id     TEXT NOT NULL,               -- whose bar_data holds them (the series itself for its own)
          bar_count          INTEGER,                     -- a shared stretch's bars and content hash (NULL for its own)
          bars_hash          TEXT,
          PRIMARY KEY(series_id, first_utc),
          FOREIGN KEY(series_id) REFERENCES run_series(series_id)
        );

        CREATE INDEX idx_bar_shares_from ON bar_shares(from_series_id, first_utc);

        INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
        SELECT series_id, '0000-01-01T00:00:00.0000000Z', '9999-12-31T23:59:59.9999999Z', series_id FROM run_series;

        CREATE TRIGGER bar_data_updated AFTER UPDATE ON bar_data
        BEGIN
          UPDATE schema_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bar_data_changes';
        END;

        CREATE TRIGGER bar_data_deleted AFTER DELETE ON bar_data
        BEGIN
          UPDATE schema_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bar_data_changes';
        END;

        INSERT OR IGNORE INTO schema_meta(key, value) VALUES ('file_token', lower(hex(randomblob(16)))), ('bar_data_changes', '0');
        DROP VIEW v_events;
        DROP VIEW v_run_bars;
        DROP VIEW bars;
        DROP VIEW v_series_bars;
        DROP TABLE series_bars;
        DROP TABLE market_bars;
        ALTER TABLE run_series DROP COLUMN last_bar;
        ALTER TABLE run_series DROP COLUMN first_bar;
        ALTER TABLE run_series DROP COLUMN market_id;
        DROP TABLE bar_markets;

        CREATE VIEW bars AS
        SELECT d.id, s.series_id, d.ts_utc, d.open, d.high, d.low, d.close, d.volume, d.volumetric_json
        FROM bar_shares s
        JOIN bar_data d ON d.series_id = s.from_series_id AND d.ts_utc BETWEEN s.first_utc AND s.last_utc;

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
        """;
}
