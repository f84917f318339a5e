namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Turns a file recorded today (schema 19, first taken back to 17 by <see cref="SchemaSeventeen"/>) into the file schema 16 would have made of the same runs, so that its
/// migration can be checked against the fresh recording: bars stored once in bar_data under the first series of a
/// symbol, timeframe, source and kind that recorded them, a later series whose bars are all the same sharing that
/// stretch (bar_shares), any other series holding its own; the tables, views and triggers of 16. The raw log is left as
/// recorded: what the comparison is about is the bars.
/// </summary>
internal static class SchemaSixteen
{
    public static void Downgrade(string path)
    {
        SchemaSeventeen.Downgrade(path);
        ToSixteen(path);
    }

    private static void ToSixteen(string path) => TerminalFiles.Write(path, """
        PRAGMA foreign_keys = OFF;
        CREATE TEMP TABLE v17_bars AS
        SELECT s.rowid AS series_no, s.market_id, b.series_id, b.ts_utc, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json
        FROM bars b JOIN run_series s ON s.series_id = b.series_id;
        CREATE TEMP TABLE v17_first AS
        SELECT market_id, (SELECT series_id FROM v17_bars f WHERE f.market_id = m.market_id ORDER BY series_no LIMIT 1) AS series_id
        FROM (SELECT DISTINCT market_id FROM v17_bars) m;
        CREATE TEMP TABLE v17_sharers AS
        SELECT o.series_id, f.series_id AS from_series_id, MIN(o.ts_utc) AS first_utc, MAX(o.ts_utc) AS last_utc, COUNT(*) AS n
        FROM v17_bars o JOIN v17_first f ON f.market_id = o.market_id AND f.series_id <> o.series_id
        GROUP BY o.series_id, f.series_id
        HAVING COUNT(*) = (SELECT COUNT(*) FROM v17_bars x JOIN v17_bars y ON y.series_id = f.series_id AND y.ts_utc = x.ts_utc
                             AND (y.open, y.high, y.low, y.close, y.volume, y.volumetric_json) IS (x.open, x.high, x.low, x.close, x.volume, x.volumetric_json)
                           WHERE x.series_id = o.series_id);

        DROP VIEW v_events;
        DROP VIEW v_run_bars;
        DROP VIEW v_equity_points;
        DROP VIEW bars;
        DROP VIEW v_series_bars;
        DROP TABLE series_bars;
        DROP TABLE market_bars;
        ALTER TABLE run_series DROP COLUMN market_id;
        ALTER TABLE run_series DROP COLUMN first_bar;
        ALTER TABLE run_series DROP COLUMN last_bar;
        DROP TABLE bar_markets;

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
        CREATE TRIGGER bar_data_updated AFTER UPDATE ON bar_data
        BEGIN
          UPDATE schema_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bar_data_changes';
        END;
        CREATE TRIGGER bar_data_deleted AFTER DELETE ON bar_data
        BEGIN
          UPDATE schema_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bar_data_changes';
        END;

        INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json)
        SELECT series_id, ts_utc, open, high, low, close, volume, volumetric_json FROM v17_bars
        WHERE series_id NOT IN (SELECT series_id FROM v17_sharers) ORDER BY series_no, ts_utc;
        INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
        SELECT series_id, '0000-01-01T00:00:00.0000000Z', '9999-12-31T23:59:59.9999999Z', series_id FROM run_series;
        INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id, bar_count)
        SELECT series_id, first_utc, last_utc, from_series_id, n FROM v17_sharers;

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

        INSERT INTO schema_meta(key, value) VALUES ('file_token', lower(hex(randomblob(16)))), ('bar_data_changes', '0');
        UPDATE schema_meta SET value = '16' WHERE key = 'schema_version';
        DROP TABLE temp.v17_bars;
        DROP TABLE temp.v17_first;
        DROP TABLE temp.v17_sharers;
        PRAGMA user_version = 16;
        """);
}
