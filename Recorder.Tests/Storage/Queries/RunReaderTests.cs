using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

[TestFixture]
public sealed class RunReaderTests
{
    [Test]
    public void Runs_are_filtered_sorted_and_paged_with_the_total_of_all_pages()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var all = reader.Runs.List(new RunQuery { Sort = RunSort.NetPnl, Descending = true });
        Assert.That(all.Runs.Select(r => r.RunId), Is.EqualTo(new[] { winner.RunId, loser.RunId }));
        Assert.That(all.Total, Is.EqualTo(2));

        var second = reader.Runs.List(new RunQuery { Sort = RunSort.NetPnl, Descending = true, Offset = 1, Limit = 1 });
        Assert.That(second.Runs.Select(r => r.RunId), Is.EqualTo(new[] { loser.RunId }));
        Assert.That(second.Total, Is.EqualTo(2), "the total counts every page");

        Assert.That(reader.Runs.List(new RunQuery { Strategy = "other" }).Runs.Single().RunId, Is.EqualTo(loser.RunId), "part of the name, any case");
        Assert.That(reader.Runs.List(new RunQuery { RunType = "backtest" }).Runs.Single().RunId, Is.EqualTo(winner.RunId));
        Assert.That(reader.Runs.List(new RunQuery { InstanceId = loser.InstanceId }).Runs.Single().RunId, Is.EqualTo(loser.RunId));
        Assert.That(reader.Runs.List(new RunQuery { SinceUtc = Scenario.T0.AddSeconds(1) }).Total, Is.Zero, "both started at T0");
        Assert.That(reader.Runs.List(new RunQuery { UntilUtc = Scenario.T0.AddSeconds(1) }).Total, Is.EqualTo(2));
    }

    [Test]
    public void A_negative_page_is_refused()
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Runs.List(new RunQuery { Limit = -1 }));
    }

    [Test]
    public void One_run_comes_with_its_counts_instruments_metrics_and_notes()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var detail = reader.Runs.Detail(s.RunId)!;

        Assert.That(detail.Run.RunType, Is.EqualTo("BACKTEST"));
        Assert.That(detail.Run.Status, Is.EqualTo("COMPLETED"));
        Assert.That(detail.Run.StrategyName, Is.EqualTo("Test strategy"));
        Assert.That((detail.Run.OrderCount, detail.Run.ExecutionCount, detail.Run.BarCount), Is.EqualTo((3L, 3L, 3L)));
        Assert.That(detail.Run.NetPnl, Is.EqualTo(12.5));
        Assert.That(detail.Run.TradeCount, Is.EqualTo(1));
        Assert.That(detail.Metrics.Single(m => m.Key == "net_pnl"), Is.EqualTo(new MetricValue("net_pnl", 12.5, "money")));
        Assert.That(detail.Notes.Readable, Is.True);
        Assert.That(detail.Notes.Notes, Has.Some.StartsWith("point_value: "), "ES had no recorded point value: the figures assumed 1 and say so");
        Assert.That(reader.Runs.Detail("no-such-run"), Is.Null);
        Assert.That(reader.Runs.Get("no-such-run"), Is.Null);
    }

    [Test]
    public void A_file_of_an_older_schema_read_as_it_is_counts_each_runs_bars_as_its_own_views_do()
    {
        foreach (var (schema, downgrade) in new (int, Action<string>)[]
                 {
                     (19, QuantowerRecorder.Tests.Team.SchemaNineteen.Downgrade), // bars by market, no record of unseen times
                     (16, QuantowerRecorder.Tests.Team.SchemaSixteen.Downgrade), // bars before markets
                 })
        {
            using var db = new TempDatabase();
            var s = QueryFiles.BracketWinner(db);
            downgrade(db.Path);
            Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'series_unseen'"), Is.Zero, $"schema {schema}");
            Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'market_bars'"), Is.EqualTo(schema >= 17 ? 1 : 0), $"schema {schema}");
            using var reader = RecorderStore.OpenRead(db.Path);

            var viewed = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = @RunId", new { s.RunId });
            Assert.That(viewed, Is.EqualTo(3), $"schema {schema}: the file's own view");
            Assert.That(reader.Runs.List(new RunQuery()).Runs.Single().BarCount, Is.EqualTo(viewed), $"schema {schema}: listed");
            Assert.That(reader.Runs.Detail(s.RunId)!.Run.BarCount, Is.EqualTo(viewed), $"schema {schema}: one run's detail");
        }
    }

    [Test]
    public void A_typed_run_id_resolves_by_unique_prefix_and_otherwise_says_what_it_matches()
    {
        using var db = new TempDatabase();
        var a = QueryFiles.BracketWinner(db);
        var b = QueryFiles.LiveLoser(db);
        using var reader = RecorderStore.OpenRead(db.Path);
        var common = CommonPrefix(a.RunId, b.RunId);

        Assert.That(reader.Runs.Resolve(a.RunId.ToUpperInvariant()).RunId, Is.EqualTo(a.RunId), "full id, any case");
        Assert.That(reader.Runs.Resolve(b.RunId[..(common.Length + 1)]).RunId, Is.EqualTo(b.RunId), "unique prefix");

        var ambiguous = reader.Runs.Resolve(common);
        Assert.That(ambiguous.Ambiguous, Is.True);
        Assert.That(ambiguous.Matches, Is.EquivalentTo(new[] { a.RunId, b.RunId }));

        var typo = "x" + a.RunId[1..12];
        var unknown = reader.Runs.Resolve(typo);
        Assert.That((unknown.Found, unknown.Ambiguous), Is.EqualTo((false, false)));
        Assert.That(unknown.Closest, Does.Contain(a.RunId), "one edit away from the start of a run id");
    }

    [Test]
    public void A_missing_file_is_refused_before_anything_is_created()
    {
        using var db = new TempDatabase();

        var refused = Assert.Throws<RecorderDatabaseException>(() => RecorderStore.OpenRead(db.Path))!;

        Assert.That(refused.Problem, Is.EqualTo(DatabaseProblem.Missing));
        Assert.That(File.Exists(db.Path), Is.False);
    }

    private static string CommonPrefix(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return a[..i];
    }
}
