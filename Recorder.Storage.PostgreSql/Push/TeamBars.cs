namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// How push stores a chunk's bars (team schema 15; docs/decisions.md, 14), as the file's writer stores them: the bars
/// each series shows in the file (staged from its v_series_bars) go to the series' market of the team where the market
/// has no bar at that time (the chunk's first run first); where the market's bar has other values the series keeps its
/// own, and where it had its own and now shows the market's, its own goes. A series that read the team's market bar
/// and brings a newer state of it (a forming bar that closed) moves the market's bar, and every other series that read
/// it there keeps what it saw. Only runs new to the team or in a later state (NEW, NEWER) write bars.
/// </summary>
internal static class TeamBars
{
    private const string Values = "open, high, low, close, volume, volumetric_json";

    /// <summary>
    /// Before the chunk's run_series rows are merged: the stretch each series of a run the team holds had read
    /// (chunk_read), so that a series that brings a newer state of a bar it read moves the market's bar.
    /// </summary>
    public const string Read = """
        CREATE TEMP TABLE chunk_read ON COMMIT DROP AS
        SELECT rs.series_id, rs.first_bar, rs.last_bar FROM run_series rs JOIN chunk_runs c ON c.run_id = rs.run_id
        WHERE c.relation = 'NEWER';
        CREATE TEMP TABLE chunk_bars ON COMMIT DROP AS SELECT * FROM series_bars WITH NO DATA;
        ALTER TABLE chunk_bars ADD COLUMN market_id bigint, ADD COLUMN ord bigint;
        """;

    /// <summary>The merge, in order, each with what its count adds to (rows inserted, updated or deleted).</summary>
    public static IReadOnlyList<(string Sql, char Counts)> Statements { get; } =
    [
        // The bars that write: the staged bars of new and later runs, with the team's market of their series.
        ($"""
          INSERT INTO chunk_bars
          SELECT s.series_id, s.ts, {Of("s")}, s.forming_utc, rs.market_id, c.ord
          FROM stage_series_bars s JOIN chunk_runs c ON c.run_id = s._run_id AND c.relation IN ('NEW', 'NEWER')
          JOIN run_series rs ON rs.series_id = s.series_id;
          CREATE INDEX ON chunk_bars(market_id, ts);
          ANALYZE chunk_bars;
          CREATE TEMP TABLE chunk_moves ON COMMIT DROP AS
          SELECT DISTINCT ON (b.market_id, b.ts) b.*
          FROM chunk_bars b JOIN chunk_read r ON r.series_id = b.series_id AND b.ts BETWEEN r.first_bar AND r.last_bar
          JOIN market_bars m ON m.market_id = b.market_id AND m.ts = b.ts
          WHERE NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = b.series_id AND o.ts = b.ts)
            AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = b.series_id AND u.ts = b.ts)
            AND ({Of("b")}) IS DISTINCT FROM ({Of("m")}) AND {Progress("b")} > {Progress("m")}
          ORDER BY b.market_id, b.ts, {Progress("b")} DESC
          """, ' '),
        // A market bar that moves: whoever else read it there keeps what it saw.
        ($"""
          INSERT INTO series_bars(series_id, ts, {Values}, forming_utc)
          SELECT rs.series_id, m.ts, {Of("m")}, m.forming_utc
          FROM chunk_moves v JOIN market_bars m ON m.market_id = v.market_id AND m.ts = v.ts
          JOIN run_series rs ON rs.market_id = v.market_id AND v.ts BETWEEN rs.first_bar AND rs.last_bar AND rs.series_id <> v.series_id
          WHERE NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = rs.series_id AND u.ts = v.ts)
          ON CONFLICT (series_id, ts) DO NOTHING
          """, 'i'),
        ($"""
          UPDATE market_bars m SET ({Values}, forming_utc) = ({Of("v")}, v.forming_utc)
          FROM chunk_moves v WHERE m.market_id = v.market_id AND m.ts = v.ts
          """, 'u'),
        // The same values in a newer state (a forming bar that closed as it was): the market's bar says so.
        ($"""
          UPDATE market_bars m SET forming_utc = x.forming_utc
          FROM (SELECT b.market_id, b.ts, CASE WHEN bool_or(b.forming_utc IS NULL) THEN NULL ELSE MAX(b.forming_utc) END AS forming_utc
                FROM chunk_bars b JOIN market_bars t ON t.market_id = b.market_id AND t.ts = b.ts
                WHERE ({Of("b")}) IS NOT DISTINCT FROM ({Of("t")}) GROUP BY b.market_id, b.ts) x
          WHERE m.market_id = x.market_id AND m.ts = x.ts AND m.forming_utc IS NOT NULL
            AND (x.forming_utc IS NULL OR x.forming_utc > m.forming_utc)
          """, 'u'),
        // A new bar of a market inside a series' stretch that the series does not bring: a time it did not see.
        ("""
          INSERT INTO series_unseen(series_id, ts)
          SELECT DISTINCT rs.series_id, b.ts
          FROM chunk_bars b JOIN run_series rs ON rs.market_id = b.market_id AND b.ts > rs.first_bar AND b.ts < rs.last_bar
          WHERE NOT EXISTS (SELECT 1 FROM market_bars m WHERE m.market_id = b.market_id AND m.ts = b.ts)
            AND NOT EXISTS (SELECT 1 FROM chunk_bars s WHERE s.series_id = rs.series_id AND s.ts = b.ts)
          ON CONFLICT DO NOTHING
          """, ' '),
        ($"""
          INSERT INTO market_bars(market_id, ts, {Values}, forming_utc)
          SELECT DISTINCT ON (b.market_id, b.ts) b.market_id, b.ts, {Of("b")}, b.forming_utc
          FROM chunk_bars b
          ORDER BY b.market_id, b.ts, b.ord
          ON CONFLICT (market_id, ts) DO NOTHING
          """, 'i'),
        // What the chunk's series cover: the times they bring are seen; a series sent whole did not see the market's bars
        // in its stretch that it does not bring, and one sent since a time did not see those its stretch grew over.
        ("""
          DELETE FROM series_unseen u USING chunk_bars b WHERE u.series_id = b.series_id AND u.ts = b.ts;
          DELETE FROM series_unseen u USING run_series rs, chunk_runs c
          WHERE rs.series_id = u.series_id AND c.run_id = rs.run_id AND (c.relation = 'NEW' OR (c.relation = 'NEWER' AND NOT c.since));
          INSERT INTO series_unseen(series_id, ts)
          SELECT rs.series_id, m.ts
          FROM run_series rs JOIN chunk_runs c ON c.run_id = rs.run_id AND c.relation IN ('NEW', 'NEWER')
          LEFT JOIN chunk_read r ON r.series_id = rs.series_id AND c.since
          JOIN market_bars m ON m.market_id = rs.market_id AND m.ts > rs.first_bar AND m.ts < rs.last_bar
          WHERE (r.series_id IS NULL OR m.ts < r.first_bar OR m.ts > r.last_bar)
            AND NOT EXISTS (SELECT 1 FROM chunk_bars b WHERE b.series_id = rs.series_id AND b.ts = m.ts)
          ON CONFLICT DO NOTHING
          """, ' '),
        // The series' own values: changed ones, then new ones, then those that are the market's again.
        ($"""
          UPDATE series_bars o SET ({Values}, forming_utc) = ({Of("b")}, b.forming_utc)
          FROM chunk_bars b JOIN market_bars m ON m.market_id = b.market_id AND m.ts = b.ts
          WHERE o.series_id = b.series_id AND o.ts = b.ts AND ({Of("b")}) IS DISTINCT FROM ({Of("m")})
            AND ({Of("o")}, o.forming_utc) IS DISTINCT FROM ({Of("b")}, b.forming_utc)
          """, 'u'),
        ($"""
          INSERT INTO series_bars(series_id, ts, {Values}, forming_utc)
          SELECT b.series_id, b.ts, {Of("b")}, b.forming_utc
          FROM chunk_bars b JOIN market_bars m ON m.market_id = b.market_id AND m.ts = b.ts
          WHERE ({Of("b")}) IS DISTINCT FROM ({Of("m")})
          ON CONFLICT (series_id, ts) DO NOTHING
          """, 'i'),
        ($"""
          DELETE FROM series_bars o USING market_bars m, run_series rs
          WHERE rs.series_id = o.series_id AND m.market_id = rs.market_id AND m.ts = o.ts
            AND (EXISTS (SELECT 1 FROM chunk_bars b WHERE b.series_id = o.series_id AND b.ts = o.ts
                           AND ({Of("b")}) IS NOT DISTINCT FROM ({Of("m")}))
                 OR (({Of("o")}) IS NOT DISTINCT FROM ({Of("m")})
                     AND EXISTS (SELECT 1 FROM chunk_moves v WHERE v.market_id = m.market_id AND v.ts = o.ts)))
          """, 'd'),
        // A later run sent whole: own values at times the file's series no longer shows go.
        ("""
          DELETE FROM series_bars o USING run_series rs, chunk_runs c
          WHERE rs.series_id = o.series_id AND c.run_id = rs.run_id AND c.relation = 'NEWER' AND NOT c.since
            AND NOT EXISTS (SELECT 1 FROM stage_series_bars s WHERE s.series_id = o.series_id AND s.ts = o.ts)
          """, 'd'),
    ];

    private static string Of(string alias) => string.Join(", ", Values.Split(", ").Select(c => $"{alias}.{c}"));

    // A bar state's place in its bar's own progress (BarState.CompareProgress): closed after forming, then the later
    // forming time, the larger volume, and the values themselves, so the newest state never depends on arrival order.
    private static string Progress(string a) =>
        $"ROW(({a}.forming_utc IS NULL)::int, COALESCE({a}.forming_utc, 0), COALESCE({a}.volume, '-Infinity'::float8), " +
        $"{a}.close, {a}.high, -{a}.low, {a}.open, COALESCE({a}.volumetric_json::text, '') COLLATE \"C\")";
}
