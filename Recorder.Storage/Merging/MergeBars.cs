namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// How merge stores a run's bars (docs/decisions.md, 14): bars is a view, so rows are written into the bar tables as the
/// writer would. For each run the source holds new or in a later state, every bar its series shows goes to the target's
/// market where the market has no bar at that time; where the market's bar has other values, the series keeps its own;
/// where it had its own and now shows the market's, its own goes. A bar another series of the target already reads
/// never changes. The series' stretches of time come with run_series.
/// </summary>
internal static class MergeBars
{
    private const string Incoming = """
        FROM src.v_series_bars b
        JOIN src.run_series sr ON sr.series_id = b.series_id
        JOIN temp.merge_runs c ON c.run_id = sr.run_id
        JOIN main.run_series tr ON tr.series_id = b.series_id
        """;

    private const string Values = "b.open, b.high, b.low, b.close, b.volume, b.volumetric_json";

    /// <summary>The market's new bars (run first), the series' own values, then the own values it no longer needs.</summary>
    public static (string Keys, string Insert, string Update) Statements { get; } = (
        $"""
        INSERT INTO main.market_bars(market_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
        SELECT tr.market_id, b.ts, {Values}, b.forming_utc
        {Incoming}
        WHERE c.relation IN ('NEW', 'NEWER')
        ORDER BY tr.market_id, b.ts
        ON CONFLICT DO NOTHING
        """,
        $"""
        INSERT INTO main.series_bars(series_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
        SELECT b.series_id, b.ts, {Values}, b.forming_utc
        {Incoming}
        JOIN main.market_bars m ON m.market_id = tr.market_id AND m.ts = b.ts
        WHERE c.relation IN ('NEW', 'NEWER')
          AND ({Values}) IS NOT (m.open, m.high, m.low, m.close, m.volume, m.volumetric_json)
        ON CONFLICT(series_id, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
          close = excluded.close, volume = excluded.volume, volumetric_json = excluded.volumetric_json,
          forming_utc = excluded.forming_utc
        """,
        $"""
        DELETE FROM main.series_bars
        WHERE (series_id, ts) IN (
          SELECT b.series_id, b.ts
          {Incoming}
          JOIN main.market_bars m ON m.market_id = tr.market_id AND m.ts = b.ts
          WHERE c.relation = 'NEWER' AND ({Values}) IS (m.open, m.high, m.low, m.close, m.volume, m.volumetric_json))
        """);
}
