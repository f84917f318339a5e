using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;
using QuantowerRecorder.Tests.Team;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A view asked for one run reads that run alone (issue 56): on a file of 1,000 runs, recorded and analysed through the
/// writer, the plan of <c>SELECT * FROM view WHERE run_id = @id</c> searches the tables by the run and scans none.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed partial class PerRunViewTests
{
    private const int Runs = 1_000;

    // Views of a parameter set, not of a run: a filter on instance_id reads every run of the instance by design.
    private static readonly string[] PerInstance = ["v_instance_comparison", "v_instance_shortfall"];

    private TempDatabase? file;
    private string someRun = "";
    private string someSeries = "";

    [OneTimeSetUp]
    public void RecordThousandRuns()
    {
        file = new TempDatabase();
        var runs = Enumerable.Range(0, Runs).Select(i => new Scenario(source: RunSource.Backtest)).ToList();
        Recorded.Write(file.Path, runs.SelectMany((s, i) => BracketWinner(s, "B" + i)));
        Analyse(file.Path);
        someRun = runs[Runs / 2].RunId;
        someSeries = runs[Runs / 2].SeriesId;
        Journal(file.Path, someRun);
    }

    [OneTimeTearDown]
    public void Remove() => file?.Dispose();

    [Test]
    public void The_file_holds_a_thousand_analysed_runs()
    {
        Assert.That(Db.Scalar<long>(file!.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(Runs));
        Assert.That(Db.Scalar<long>(file.Path, "SELECT COUNT(DISTINCT run_id) FROM run_trades"), Is.EqualTo(Runs), "every run analysed");
        Assert.That(Db.Scalar<long>(file.Path, "SELECT COUNT(*) FROM equity_runs"), Is.EqualTo(Runs), "every run's equity");
        Assert.That(Db.Scalar<long>(file.Path, "SELECT COUNT(*) FROM order_oco_groups"), Is.EqualTo(Runs), "a bracket per run");
    }

    [TestCaseSource(nameof(Views))]
    public void A_view_filtered_by_its_run_scans_no_table(string view)
    {
        using var connection = Db.Read(file!.Path);
        var columns = connection.Query<string>("SELECT name FROM pragma_table_info(@view)", new { view }).ToList();
        var (key, id) = columns.Contains("run_id") ? ("run_id", someRun)
            : columns.Contains("series_id") ? ("series_id", someSeries)
            : columns.Contains("subject_id") ? ("subject_id", someRun)
            : (null, null);
        if (key is null)
        {
            Assert.That(PerInstance, Does.Contain(view), $"{view} has no run_id, series_id or subject_id: say which of its rows are one run's");
            return;
        }

        var plan = Plan(connection, $"SELECT * FROM {view} WHERE {key} = @id", id!);
        Assert.That(Scans(plan), Is.Empty, $"{view} WHERE {key} = one run's id reads more than that run:\n{string.Join("\n", plan)}");
    }

    // The check itself can fail: schema 21's v_oco_groups and v_equity_points, as migrations 4 and 19 made them, scanned
    // every link and every equity row of the file for one run.
    [TestCase("004_instruments.sql", "v_oco_groups", "FROM order_oco_groups g")]
    [TestCase("019_equity_marked_on_bars.sql", "v_equity_points", "FROM points;")]
    public void The_plan_check_finds_the_scans_of_schema_21s_views(string migration, string view, string end)
    {
        using var connection = Writable(file!.Path);
        var old = SchemaSeventeen.Migration(migration, $"CREATE VIEW {view} AS", end)
            .Replace($"CREATE VIEW {view} AS", $"CREATE TEMP VIEW old_{view} AS", StringComparison.Ordinal);
        connection.Execute(old);
        var plan = Plan(connection, $"SELECT * FROM old_{view} WHERE run_id = @id", someRun);
        Assert.That(Scans(plan), Is.Not.Empty, string.Join("\n", plan));
    }

    internal static IEnumerable<string> Views() =>
        ViewName().Matches(QuantowerRecorder.Storage.Sqlite.Migrator.ReadResource("QuantowerRecorder.Storage.schema.sql"))
            .Select(m => m.Groups[1].Value);

    /// <summary>
    /// The plan's scans of a table or an index: a SCAN of anything but a subquery, a view or a CTE the plan computes
    /// (CO-ROUTINE, MATERIALIZE) or a table-valued function over one row's value (VIRTUAL TABLE).
    /// </summary>
    internal static List<string> Scans(IReadOnlyList<string> plan)
    {
        var computed = plan.Select(line => ComputedName().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        return plan.Select(line => ScanOf().Match(line))
            .Where(m => m.Success && !m.Groups[1].Value.StartsWith("(subquery", StringComparison.Ordinal)
                && !computed.Contains(m.Groups[1].Value) && !m.Value.Contains("VIRTUAL TABLE", StringComparison.Ordinal))
            .Select(m => m.Value.Trim()).ToList();
    }

    internal static List<string> Plan(SqliteConnection connection, string sql, string id) =>
        connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, new { id })
            .Select(r => r.Detail).ToList();

    internal static SqliteConnection Writable(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    // QueryFiles.BracketWinner's run, its OCO group named per run (a group's id is the file's key).
    private static IEnumerable<RecorderEvent> BracketWinner(Scenario s, string group) => s.Start().Concat<RecorderEvent>(
    [
        s.Bar(0, 5000),
        s.Order("E", Side.Buy, 2, "FILLED", at: 60, filled: 2),
        s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 61), s.Fill("X2", "E", Side.Buy, 1, price: 5000, at: 62),
        new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = group, Label = "Bracket" },
        new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = group, OrderId = "E", Role = "ENTRY" },
        new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = group, OrderId = "SL", Role = "SL" },
        new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = group, OrderId = "TP", Role = "TP" },
        s.Order("SL", Side.Sell, 2, "OPENED", at: 63, type: "STOP", stop: 4995),
        s.Order("TP", Side.Sell, 2, "OPENED", at: 63, type: "LIMIT", price: 5010),
        s.Bar(1, 5008), s.Bar(2, 5011),
        s.Fill("X3", "TP", Side.Sell, 2, price: 5010, at: 170),
        s.Order("TP", Side.Sell, 2, "FILLED", at: 170, type: "LIMIT", price: 5010, filled: 2),
        s.Order("SL", Side.Sell, 2, "CANCELLED", at: 170, type: "STOP", stop: 4995),
        s.End(at: 200),
    ]);

    // The runs the writer's close left to `analyze` (their end analysis is off the writer's thread), as analyze does.
    private static void Analyse(string path)
    {
        using var connection = DatabaseFile.OpenForWriting(path, QueryFiles.Clock);
        var left = connection.Query<string>(
            "SELECT run_id FROM strategy_runs r WHERE NOT EXISTS (SELECT 1 FROM equity_runs k WHERE k.run_id = r.run_id)").ToList();
        foreach (var runId in left)
        {
            RunAnalysisStore.Analyze(connection, runId, time: QueryFiles.Clock, trialFigures: false);
        }

        RunAnalysisStore.StoreTrialFigures(connection, left);
    }

    private static void Journal(string path, string runId)
    {
        using var journal = RecorderStore.OpenJournal(path, QueryFiles.Clock);
        journal.Tag(JournalSubject.Run(runId), ["checked"], [], "tests");
        journal.Pin(JournalSubject.Run(runId), true, "tests");
    }

    [GeneratedRegex(@"CREATE VIEW (\w+) AS")]
    private static partial Regex ViewName();

    [GeneratedRegex(@"(?:CO-ROUTINE|MATERIALIZE) (\S+)")]
    private static partial Regex ComputedName();

    [GeneratedRegex(@"SCAN (\S+).*$")]
    private static partial Regex ScanOf();
}
