namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>The bar store's SQL (docs/decisions.md, 14): constant text per statement, each prepared once.</summary>
internal static class BarStatements
{
    public const string FindMarket = """
        SELECT market_id FROM bar_markets
        WHERE symbol = @Symbol AND timeframe = @Timeframe AND source = @Source AND volumetric = @Volumetric
        """;

    public const string InsertMarket = """
        INSERT INTO bar_markets(symbol, timeframe, source, volumetric) VALUES (@Symbol, @Timeframe, @Source, @Volumetric)
        RETURNING market_id
        """;

    public const string SelectSeries = """
        SELECT market_id, first_bar, last_bar, EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = run_series.series_id) AS unseen
        FROM run_series WHERE series_id = @seriesId
        """;

    public const string NewestMarketBar = "SELECT MAX(ts) FROM market_bars WHERE market_id = @marketId";

    public const string StoreStretch = "UPDATE run_series SET first_bar = @First, last_bar = @Last WHERE series_id = @SeriesId";

    // Hot: one prepared statement each, bound by name (NamedStatement).
    public const string InsertMarketBar = """
        INSERT INTO market_bars(market_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
        VALUES ($market, $ts, $open, $high, $low, $close, $volume, $volumetricJson, $formingUtc)
        """;

    public const string SelectMarketBar = """
        SELECT open, high, low, close, volume, volumetric_json, forming_utc FROM market_bars WHERE market_id = $market AND ts = $ts
        """;

    // A market's bars from a time on, in time order: the batch's read-ahead (BarStore.MarketBar).
    public const string MarketBarsFrom = """
        SELECT ts, open, high, low, close, volume, volumetric_json, forming_utc FROM market_bars
        WHERE market_id = $market AND ts >= $ts ORDER BY ts LIMIT $limit
        """;

    public const string UpdateMarketBar = """
        UPDATE market_bars SET open = $open, high = $high, low = $low, close = $close, volume = $volume,
                               volumetric_json = $volumetricJson, forming_utc = $formingUtc
        WHERE market_id = $market AND ts = $ts
        """;

    public const string SelectSeriesBar = """
        SELECT open, high, low, close, volume, volumetric_json, forming_utc FROM series_bars WHERE series_id = $series AND ts = $ts
        """;

    public const string UpsertSeriesBar = """
        INSERT INTO series_bars(series_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
        VALUES ($series, $ts, $open, $high, $low, $close, $volume, $volumetricJson, $formingUtc)
        ON CONFLICT(series_id, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
          close = excluded.close, volume = excluded.volume, volumetric_json = excluded.volumetric_json,
          forming_utc = excluded.forming_utc
        """;

    public const string DeleteSeriesBar = "DELETE FROM series_bars WHERE series_id = $series AND ts = $ts";

    // Before a market's bar moves to a newer state: every other series that reads it there keeps what it saw.
    public const string KeepReaders = """
        INSERT INTO series_bars(series_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
        SELECT s.series_id, b.ts, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json, b.forming_utc
        FROM run_series s JOIN market_bars b ON b.market_id = s.market_id AND b.ts = @Ts
        WHERE s.market_id = @Market AND s.series_id <> @Series AND @Ts BETWEEN s.first_bar AND s.last_bar
          AND NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = s.series_id AND o.ts = @Ts)
          AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = s.series_id AND u.ts = @Ts)
        """;

    // A market's new bar inside other series' stretches (by their stored stretch; BarStore adds the batch's own): a time
    // they did not see. Where their stretches start is indexed (idx_series_market), so a bar before every stretch of
    // its market, as a backtest of an earlier period stores, finds none at once.
    public const string UnseenByOthers = """
        INSERT OR IGNORE INTO series_unseen(series_id, ts)
        SELECT series_id, $ts FROM run_series
        WHERE market_id = $market AND first_bar < $ts AND last_bar > $ts AND series_id <> $series
        RETURNING series_id
        """;

    public const string InsertUnseen = "INSERT OR IGNORE INTO series_unseen(series_id, ts) VALUES ($series, $ts)";

    public const string SelectUnseen = "SELECT 1 FROM series_unseen WHERE series_id = $series AND ts = $ts";

    public const string DeleteUnseen = "DELETE FROM series_unseen WHERE series_id = $series AND ts = $ts";

    // A market's bar times strictly between two times: those a series' stretch grows over without seeing them.
    public const string MarketTimesBetween = """
        SELECT ts FROM market_bars WHERE market_id = $market AND ts > $after AND ts < $before ORDER BY ts
        """;

    // After it moved: a series whose own values are now the market's reads the market's again.
    public const string DropAgreeing = """
        DELETE FROM series_bars
        WHERE ts = @Ts AND series_id IN (SELECT series_id FROM run_series WHERE market_id = @Market)
          AND (open, high, low, close, volume, volumetric_json) IS
              (SELECT open, high, low, close, volume, volumetric_json FROM market_bars WHERE market_id = @Market AND ts = @Ts)
        """;
}
