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

    /// <summary>
    /// The incoming bars of runs both files hold in the same state (or new ones whose series the target has) that the
    /// target's series shows with other values: its own value there, else its market's over its stretch of time. Read
    /// from the tables by key; the target's bars view, joined on its text time, was a scan of every bar per incoming bar.
    /// </summary>
    public const string Conflicts = $"""
        INSERT INTO temp.merge_conflicts(table_name, natural_key, run_id, sequence, stored_json, incoming_json)
        SELECT 'bars', x.series_id || '|' || strftime('%Y-%m-%dT%H:%M:%S', x.ts / 10000000, 'unixepoch') || printf('.%07dZ', x.ts % 10000000),
               x.run_id, NULL,
               json_object('open', x.t_open, 'high', x.t_high, 'low', x.t_low, 'close', x.t_close, 'volume', x.t_volume, 'volumetric_json', x.t_volumetric_json),
               json_object('open', x.open, 'high', x.high, 'low', x.low, 'close', x.close, 'volume', x.volume, 'volumetric_json', x.volumetric_json)
        FROM (SELECT b.series_id, b.ts, {Values}, sr.run_id,
                 CASE WHEN o.series_id IS NOT NULL THEN o.open ELSE m.open END AS t_open,
                 CASE WHEN o.series_id IS NOT NULL THEN o.high ELSE m.high END AS t_high,
                 CASE WHEN o.series_id IS NOT NULL THEN o.low ELSE m.low END AS t_low,
                 CASE WHEN o.series_id IS NOT NULL THEN o.close ELSE m.close END AS t_close,
                 CASE WHEN o.series_id IS NOT NULL THEN o.volume ELSE m.volume END AS t_volume,
                 CASE WHEN o.series_id IS NOT NULL THEN o.volumetric_json ELSE m.volumetric_json END AS t_volumetric_json
              {Incoming}
              LEFT JOIN main.series_bars o ON o.series_id = b.series_id AND o.ts = b.ts
              LEFT JOIN main.market_bars m ON m.market_id = tr.market_id AND m.ts = b.ts AND b.ts BETWEEN tr.first_bar AND tr.last_bar
                AND NOT EXISTS (SELECT 1 FROM main.series_unseen u WHERE u.series_id = b.series_id AND u.ts = b.ts)
              WHERE c.relation IN ('SAME', 'NEW') AND (o.series_id IS NOT NULL OR m.market_id IS NOT NULL)) x
        WHERE (x.open, x.high, x.low, x.close, x.volume, x.volumetric_json) IS NOT (x.t_open, x.t_high, x.t_low, x.t_close, x.t_volume, x.t_volumetric_json)
        """;

    // The series of the runs whose bars the merge writes: their stretches came with run_series.
    private const string Writing = """
        SELECT sr.series_id FROM src.run_series sr JOIN temp.merge_runs c ON c.run_id = sr.run_id WHERE c.relation IN ('NEW', 'NEWER')
        """;

    /// <summary>
    /// The market's new bars (run first), the series' own values, then the own values it no longer needs. With the
    /// market's new bars, what each series covers stays recorded (series_unseen): a new bar inside another series'
    /// stretch is a time that series did not see, and a written series did not see the target's bars in its stretch
    /// that it does not show in the source.
    /// </summary>
    public static (string Keys, string Insert, string Update) Statements { get; } = (
        $"""
        INSERT OR IGNORE INTO main.series_unseen(series_id, ts)
        SELECT t.series_id, b.ts
        {Incoming}
        JOIN main.run_series t ON t.market_id = tr.market_id AND t.first_bar < b.ts AND t.last_bar > b.ts
        WHERE c.relation IN ('NEW', 'NEWER')
          AND NOT EXISTS (SELECT 1 FROM main.market_bars m WHERE m.market_id = tr.market_id AND m.ts = b.ts)
          AND t.series_id NOT IN ({Writing});
        INSERT INTO main.market_bars(market_id, ts, open, high, low, close, volume, volumetric_json, forming_utc)
        SELECT tr.market_id, b.ts, {Values}, b.forming_utc
        {Incoming}
        WHERE c.relation IN ('NEW', 'NEWER')
        ORDER BY tr.market_id, b.ts
        ON CONFLICT DO NOTHING;
        DELETE FROM main.series_unseen WHERE series_id IN ({Writing});
        INSERT OR IGNORE INTO main.series_unseen(series_id, ts)
        SELECT tr.series_id, m.ts
        FROM src.run_series sr JOIN temp.merge_runs c ON c.run_id = sr.run_id AND c.relation IN ('NEW', 'NEWER')
        JOIN main.run_series tr ON tr.series_id = sr.series_id
        JOIN main.market_bars m ON m.market_id = tr.market_id AND m.ts > tr.first_bar AND m.ts < tr.last_bar
        WHERE NOT EXISTS (SELECT 1 FROM src.series_bars o WHERE o.series_id = sr.series_id AND o.ts = m.ts)
          AND NOT (m.ts BETWEEN sr.first_bar AND sr.last_bar
                   AND EXISTS (SELECT 1 FROM src.market_bars sm WHERE sm.market_id = sr.market_id AND sm.ts = m.ts)
                   AND NOT EXISTS (SELECT 1 FROM src.series_unseen u WHERE u.series_id = sr.series_id AND u.ts = m.ts))
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
