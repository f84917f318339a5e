using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Storage.Queries;

/// <summary>
/// Runs sorted by a stored metric (Sharpe, max drawdown, win rate, net PnL, trades): by its value, runs without it
/// (not analysed) first ascending and last descending, ties by start and id; the same in a file and in the team store.
/// </summary>
[Category("PostgreSQL")]
public sealed class RunSortTests
{
    private TempDatabase file = null!;
    private TeamDatabase team = null!;
    private string unanalysed = null!;

    [OneTimeSetUp]
    public void DemoWithARunNotAnalysed()
    {
        file = DemoFiles.Create();
        var s = new Scenario(strategy: "Not analysed");
        unanalysed = s.RunId;
        // Recorded by a session that analyses nothing on its own (the run ends in it, which would be analysed at its close).
        Recorded.Write(file.Path, s.Start().Concat<RecorderEvent>([s.Bar(0, 5000), s.End(at: 100)]),
            new QuantowerRecorder.Storage.Writing.RecorderOptions { LiveAnalysisInterval = null });
        team = PostgresServer.CreateDatabase();
        var push = CliRunner.Run(file.Folder, "push", "--to", team.ConnectionString, file.Path);
        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
    }

    [OneTimeTearDown]
    public void Drop()
    {
        team.Dispose();
        file.Dispose();
    }

    [TestCase(RunSort.Sharpe, MetricKeys.Sharpe)]
    [TestCase(RunSort.MaxDrawdown, MetricKeys.MaxDrawdown)]
    [TestCase(RunSort.WinRate, MetricKeys.WinRate)]
    [TestCase(RunSort.NetPnl, MetricKeys.NetPnl)]
    [TestCase(RunSort.TradeCount, MetricKeys.TradeCount)]
    public void Runs_sort_by_the_stored_metric_in_the_file_and_in_the_team_store(RunSort sort, string key)
    {
        using var sqlite = RecorderStore.OpenRead(file.Path);
        using var pg = TeamStore.OpenRead(team.ConnectionString);
        foreach (var reader in new[] { sqlite, pg })
        {
            var runs = reader.Runs.List(new RunQuery()).Runs;
            double? Value(RunSummary r) => reader.Performance.Metrics(r.RunId).FirstOrDefault(m => m.Key == key)?.Value;
            Assert.That(runs.Select(Value).Where(v => v is not null).Distinct().Count(), Is.GreaterThan(1), $"{key} tells the runs apart");
            Assert.That(Value(runs.Single(r => r.RunId == unanalysed)), Is.Null);
            var ascending = runs.OrderBy(r => Value(r) is null ? 0 : 1).ThenBy(Value)
                .ThenBy(r => r.StartUtc, StringComparer.Ordinal).ThenBy(r => r.RunId, StringComparer.Ordinal).Select(r => r.RunId).ToList();
            var descending = runs.OrderBy(r => Value(r) is null ? 1 : 0).ThenByDescending(Value)
                .ThenByDescending(r => r.StartUtc, StringComparer.Ordinal).ThenByDescending(r => r.RunId, StringComparer.Ordinal).Select(r => r.RunId).ToList();

            Assert.That(reader.Runs.List(new RunQuery { Sort = sort }).Runs.Select(r => r.RunId), Is.EqualTo(ascending), $"{reader.Health.Schema()} ascending");
            Assert.That(reader.Runs.List(new RunQuery { Sort = sort, Descending = true }).Runs.Select(r => r.RunId), Is.EqualTo(descending), "descending");
            Assert.That(ascending[0], Is.EqualTo(unanalysed), "not analysed first when ascending");
            Assert.That(descending[^1], Is.EqualTo(unanalysed), "and last when descending");
            Assert.That(reader.Runs.List(new RunQuery { Sort = sort, Descending = true, Offset = 2, Limit = 3 }).Runs.Select(r => r.RunId),
                Is.EqualTo(descending.Skip(2).Take(3)), "paged");
        }
    }
}
