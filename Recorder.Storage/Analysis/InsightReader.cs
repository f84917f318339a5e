using System.Data.Common;
using System.Globalization;
using Dapper;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Reads a run's stored insight and its instance's walk-forward, from a file or the team store (the same SQL; reached
/// through the read API, <see cref="IPerformanceReader.Insight"/>).
/// </summary>
internal static class InsightReader
{
    // The stored outcomes in the order the summary lists them: the enum's.
    private static readonly string[] Outcomes = Enum.GetValues<BracketOutcome>().Select(InsightRows.Outcome).ToArray();

    /// <summary>The run's stored insight (the run must exist), or null when the store has no insight tables (schema before 6).</summary>
    public static StoredInsight? Read(DbConnection connection, string runId, ReadDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.ExecuteScalar<long>(dialect.TableExists("run_order_shortfall")) != 1)
        {
            return null;
        }

        var analyzed = connection.ExecuteScalar<long>("SELECT CASE WHEN EXISTS(SELECT 1 FROM run_metrics_kv WHERE run_id = @runId AND key = 'shortfall_orders') THEN 1 ELSE 0 END", new { runId }) != 0;
        var currency = connection.ExecuteScalar("SELECT CASE WHEN COUNT(DISTINCT currency) > 1 THEN 'MIXED' ELSE MAX(currency) END FROM run_instruments WHERE run_id = @runId", new { runId }) as string;
        var metrics = connection.Query<(string Key, double? Value)>(
                "SELECT key, value FROM run_metrics_kv WHERE run_id = @runId AND key LIKE 'shortfall%'", new { runId })
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        double? M(string key) => metrics.GetValueOrDefault(key);
        var summary = new ShortfallSummary(
            (int)(M(InsightKeys.ShortfallOrders) ?? 0), (int)(M(InsightKeys.ShortfallDecisionOrders) ?? 0),
            M(InsightKeys.ShortfallDelay), M(InsightKeys.ShortfallExecution), M(InsightKeys.ShortfallFees) ?? 0,
            M(InsightKeys.ShortfallOpportunity), M(InsightKeys.ShortfallTotal) ?? 0, (int)(M(InsightKeys.ShortfallCompleteOrders) ?? 0));

        var orders = ValueRows(connection,
            """
            SELECT s.order_id, s.symbol, s.side, s.decision_id, s.decision_price, s.submission_price, s.avg_fill_price,
                   s.intended_quantity, s.filled_quantity, s.delay, s.delay_unknown, s.execution, s.fees, s.opportunity,
                   s.total, s.complete
            FROM run_order_shortfall s LEFT JOIN orders o ON o.run_id = s.run_id AND o.order_id = s.order_id
            WHERE s.run_id = @run ORDER BY o.submit_utc, s.order_id
            """, runId, r => new StoredOrderShortfall((string)r[0]!, (string)r[1]!, (string)r[2]!, (string?)r[3], D(r[4]), D(r[5]),
                D(r[6]), D(r[7]) ?? 0, D(r[8]) ?? 0, D(r[9]), (string?)r[10], D(r[11]), D(r[12]) ?? 0, D(r[13]), D(r[14]) ?? 0, L(r[15]) == 1));

        var brackets = ValueRows(connection,
                """
                SELECT bracket_outcome, trades, stop_moved, avg_stop_moves, avg_placed_reward_risk, avg_got_reward_risk,
                       avg_time_to_outcome_s, net_pnl
                FROM v_bracket_outcomes WHERE run_id = @run
                """, runId, r => new StoredBracketOutcome((string)r[0]!, L(r[1]), L(r[2]), D(r[3]), D(r[4]), D(r[5]), D(r[6]), D(r[7])))
            .OrderBy(b => Array.IndexOf(Outcomes, b.Outcome)).ToList();

        var split = ValueRows(connection,
                "SELECT entry_delta_sign, trades, wins, net_pnl, avg_net_pnl FROM v_pnl_by_entry_delta WHERE run_id = @run",
                runId, r => new StoredDeltaSplit((string)r[0]!, L(r[1]), L(r[2]), D(r[3]), D(r[4])))
            .OrderBy(x => OrderFlow.Signs.ToList().IndexOf(x.Sign)).ToList();

        return new StoredInsight(runId, analyzed, currency, summary, orders, brackets, split, WalkForwardOf(connection, runId),
            BuyAndHoldOf(connection, runId));
    }

    // Columns as the store gives them (SQLite: INTEGER or REAL for a number, whatever the expression; PostgreSQL: bigint,
    // numeric or double precision), converted here.
    private static List<T> ValueRows<T>(DbConnection connection, string sql, string runId, Func<object?[], T> map) =>
        connection.Query(sql, new { run = runId }).Select(row => map([.. ((IDictionary<string, object?>)row).Values])).ToList();

    private static double? D(object? value) => value is null ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    private static long L(object? value) => value is null ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Buy-and-hold of each symbol's recorded bars (its first series by id) against the run's daily returns from its
    /// stored equity curve: computed on reading, like the walk-forward, since it needs nothing the analysis keeps.
    /// </summary>
    private static List<Benchmark> BuyAndHoldOf(DbConnection connection, string runId)
    {
        var equity = EquityStrides.Read(connection, runId)
            .Select(e => new Analytics.EquityPoint(Timestamps.Parse(e.TsUtc), e.Equity, 0, null)).ToList();
        var daily = DailyReturns.FromEquity(equity);
        return BuyAndHold.PerSymbol(RunLoader.Bars(connection, runId))
            .Select(b => BuyAndHold.Compute(b, daily))
            .OfType<Benchmark>()
            .ToList();
    }

    /// <summary>
    /// Walk-forward of the run's instance over its ended, analysed backtests (in-sample) and live or paper runs
    /// (out-of-sample): null unless some backtest is followed by a forward run. Final equity is the run's last stored
    /// equity point (a folded row's values are its last point's); the end is its end time.
    /// </summary>
    private static WalkForwardResult? WalkForwardOf(DbConnection connection, string runId)
    {
        var runs = connection.Query<StoredForwardRun>("""
                SELECT r.run_id, r.run_type, r.start_utc, r.end_utc, r.initial_balance,
                       (SELECT e.equity FROM run_equity e WHERE e.run_id = r.run_id ORDER BY e.seq DESC LIMIT 1) AS final_equity
                FROM strategy_runs r
                WHERE r.instance_id = (SELECT instance_id FROM strategy_runs WHERE run_id = @runId)
                  AND r.run_type IN ('BACKTEST', 'LIVE', 'PAPER') AND r.end_utc IS NOT NULL AND r.initial_balance IS NOT NULL
                  AND EXISTS (SELECT 1 FROM run_equity e WHERE e.run_id = r.run_id)
                """, new { runId }).Select(r => new WalkForwardRun(r.RunId, r.RunType == "BACKTEST", Timestamps.Parse(r.StartUtc),
                    Timestamps.Parse(r.EndUtc), r.InitialBalance, r.FinalEquity)).ToList();
        var result = WalkForward.Evaluate(runs);
        return result.Segments.Any(s => s.InSampleRuns.Count > 0 && s.OutOfSampleRuns.Count > 0) ? result : null;
    }

    private sealed record StoredForwardRun
    {
        public string RunId { get; init; } = "";

        public string RunType { get; init; } = "";

        public string StartUtc { get; init; } = "";

        public string EndUtc { get; init; } = "";

        public double InitialBalance { get; init; }

        public double FinalEquity { get; init; }
    }
}
