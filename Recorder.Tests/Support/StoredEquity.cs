namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A file's equity rows where it keeps them, for tests that store a curve other than the analysis' own: the run's key
/// in equity_runs (and whether its drawdown has a percentage), its points in equity_data under that key, a point's time
/// in 100-ns units since 1970 and no drawdown (run_equity derives it). run_equity is a view to read (schema 25).
/// </summary>
internal static class StoredEquity
{
    /// <summary>The run's key, made when missing (<c>@runId</c>, <c>@pctKnown</c>).</summary>
    public const string Key = """
        INSERT INTO equity_runs(run_id, pct_known) VALUES (@runId, @pctKnown)
        ON CONFLICT(run_id) DO UPDATE SET pct_known = excluded.pct_known
        """;

    /// <summary>One point or flat stretch under its run's key (<c>@runId</c>, <c>@seq</c>, <c>@ts</c>, <c>@equity</c>).</summary>
    public const string Point = """
        INSERT INTO equity_data(run_key, seq, ts, equity) VALUES ((SELECT run_key FROM equity_runs WHERE run_id = @runId), @seq, @ts, @equity)
        """;

    /// <summary>The run's points (<c>@runId</c>); its key stays.</summary>
    public const string DeletePoints = "DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = @runId)";

    /// <summary>A time as equity_data and market_bars keep it.</summary>
    public static long Ticks(DateTime utc) => utc.Ticks - DateTime.UnixEpoch.Ticks;
}
