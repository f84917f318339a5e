using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The store of an analysis in steps (a run's end, on the writer between batches) writes exactly the rows of the
/// store in one transaction, and metrics_json says whether they are all there.
/// </summary>
[TestFixture]
public sealed class AnalysisStepsTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private static readonly (string Table, string Order)[] Derived =
    [
        ("run_trades", "trade_no"), ("run_equity", "seq"), ("run_order_quality", "order_id"), ("run_metrics_kv", "key"),
        ("run_order_shortfall", "order_id"), ("run_trade_context", "trade_no"),
    ];

    [Test]
    public void Steps_of_one_row_each_replace_the_earlier_rows_with_those_of_one_transaction()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 5);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        RunAnalysisStore.Analyze(connection, s.RunId, time: Clock, trialFigures: false);
        var atOnce = Dump(db.Path);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(5), "precondition: several rows a table");

        var input = RunLoader.Load(connection, s.RunId);
        var analysis = RunAnalyzer.Analyze(input, AnalysisOptions.Default);
        var insight = RunInsight.Compute(connection, s.RunId, input, analysis);
        var precision = StoredPrecision.Of(input);
        var steps = 0;
        var analysedMidway = new List<long>();
        foreach (var step in AnalysisSteps.Of(s.RunId, new RunAnalysisStore.Computed(precision.Apply(analysis), insight, RunAnalysisStore.AsOf(connection, s.RunId), true, precision), Clock, rowsPerStep: 1))
        {
            WriteTransaction.Run(connection, () => step(connection));
            steps++;
            analysedMidway.Add(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"));
        }

        Assert.That(steps, Is.GreaterThan(20), "every row was its own step: the earlier rows deleted one by one, the new ones inserted one by one");
        Assert.That(analysedMidway.Take(steps - 1), Has.All.EqualTo(0L), "no metrics_json while the rows are incomplete");
        Assert.That(analysedMidway[^1], Is.EqualTo(1L), "metrics_json written by the last step");
        Assert.That(Dump(db.Path), Is.EqualTo(atOnce));
    }

    private static Dictionary<string, List<string>> Dump(string path)
    {
        var tables = Derived.ToDictionary(d => d.Table, d => Db.Dump(path, d.Table, d.Order));
        tables["metrics_json"] = Db.Query<string>(path, "SELECT metrics_json FROM strategy_runs");
        return tables;
    }

    /// <summary>Long 1 at 5000 + i, out at 5002 + i, a minute apart, over bars of the same minutes.</summary>
    internal static Scenario RecordRoundTrips(TempDatabase db, int trades)
    {
        var s = new Scenario(source: RunSource.Backtest);
        var events = s.Start().ToList();
        for (var i = 0; i < trades; i++)
        {
            var at = 120.0 * i;
            events.Add(s.Bar(2 * i, 5000 + i));
            events.Add(s.Order($"E{i}", Side.Buy, 1, "FILLED", at: at + 1, filled: 1));
            events.Add(s.Fill($"XE{i}", $"E{i}", Side.Buy, 1, price: 5000 + i, at: at + 1));
            events.Add(s.Bar((2 * i) + 1, 5002 + i));
            events.Add(s.Order($"C{i}", Side.Sell, 1, "FILLED", at: at + 61, filled: 1));
            events.Add(s.Fill($"XC{i}", $"C{i}", Side.Sell, 1, price: 5002 + i, at: at + 61));
        }

        events.Add(s.End(at: 120.0 * trades));
        Recorded.Write(db.Path, events);
        return s;
    }
}
