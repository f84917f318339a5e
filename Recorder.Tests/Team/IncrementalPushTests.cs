using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// `recorder push` sends what changed since a run's mark, and the team store ends up as one full push of the file
/// would leave it: compared table by table, every column.
/// </summary>
[Category("PostgreSQL")]
public sealed class IncrementalPushTests
{
    [Test]
    public void Pushes_after_every_step_of_recording_leave_the_team_store_as_one_push_of_the_final_file()
    {
        using var folder = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 21, ["threshold"] = 1.5 });
        using var steps = PostgresServer.CreateDatabase();
        using var once = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(steps.ConnectionString);
        var pushes = new List<FilePushResult>();

        // Step 1: run A begins (bars, an order in an OCO group, a decision); run B begins over the same bars.
        Record(folder.Path, a.Start().Concat(b.Start()).Concat(Bars(a, 0, 10)).Concat(Bars(b, 0, 10)).Concat(
        [
            new DecisionMarked { RunId = a.RunId, Source = a.Source, EventUtc = a.At(30), DecisionId = "D1", Signal = "cross-long", Symbol = "ES", Side = Side.Buy, Quantity = 1, Price = 5000, OrderId = "O1" },
            new OcoGroupDefined { RunId = a.RunId, Source = a.Source, EventUtc = a.At(31), OcoGroupId = "G1", Label = "Bracket" },
            a.Order("O1", Side.Buy, 1, "OPENED", at: 32),
            new OcoLinkAdded { RunId = a.RunId, Source = a.Source, EventUtc = a.At(33), OcoGroupId = "G1", OrderId = "O1", Role = "ENTRY" },
        ]));
        pushes.Add(pusher.Push(folder.Path));

        // Step 2: A fills, places its exit in the group and a stop, and has a forming bar; B goes on over bars A has; both analysed.
        Record(folder.Path, Bars(a, 10, 19).Concat(
        [
            a.Order("O1", Side.Buy, 1, "FILLED", at: 600, filled: 1),
            a.Fill("X1", "O1", Side.Buy, 1, price: 5001, at: 601),
            a.Order("O2", Side.Sell, 1, "OPENED", at: 602, type: "LIMIT", price: 5020),
            new OcoLinkAdded { RunId = a.RunId, Source = a.Source, EventUtc = a.At(603), OcoGroupId = "G1", OrderId = "O2", Role = "TAKE_PROFIT" },
            a.Order("O3", Side.Sell, 1, "OPENED", at: 604, type: "STOP", stop: 4980),
            a.Bar(19, close: 5010, closed: false, at: 1150),
        ]).Concat(Bars(b, 10, 15)));
        Analyze(folder.Path);
        pushes.Add(pusher.Push(folder.Path));
        var eventsAtSecondMark = TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM ingest_events");

        // Step 3: A's forming bar closes at another price, the stop moves and is cancelled, the exit fills, A ends; B records the rest, shared, and ends.
        Record(folder.Path, new RecorderEvent[] { a.Bar(19, close: 5012, at: 1200) }.Concat(Bars(a, 20, 30)).Concat(
        [
            new DecisionMarked { RunId = a.RunId, Source = a.Source, EventUtc = a.At(1500), DecisionId = "D2", Signal = "target", Symbol = "ES", Side = Side.Sell, Quantity = 1, Price = 5020, OrderId = "O2" },
            a.Order("O3", Side.Sell, 1, "OPENED", at: 1201, type: "STOP", stop: 4995),
            a.Order("O2", Side.Sell, 1, "FILLED", at: 1501, type: "LIMIT", price: 5020, filled: 1),
            a.Order("O3", Side.Sell, 1, "CANCELLED", at: 1503, type: "STOP", stop: 4995),
            a.Fill("X2", "O2", Side.Sell, 1, price: 5020, at: 1502),
            a.End(at: 1900),
        ]).Concat(Bars(b, 15, 30)).Append(b.End(at: 1900)));
        Analyze(folder.Path);
        pushes.Add(pusher.Push(folder.Path));

        FilePushResult full;
        using (var reference = TeamPusher.Connect(once.ConnectionString))
        {
            full = reference.Push(folder.Path);
        }

        Assert.That(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(30),
            "run B reads run A's bars, stored once under their market: that is part of what is pushed");
        Assert.That(TerminalFiles.Count(folder.Path, $"SELECT COUNT(*) FROM series_bars WHERE series_id = '{b.SeriesId}'"), Is.EqualTo(1),
            "B keeps its own bar 19, which A's closed at another price");
        Assert.That(pushes.Select(p => p.Conflicts.Count), Is.All.EqualTo(0));
        Assert.That(pushes.Skip(1).Select(p => p.LaterRuns), Is.All.EqualTo(2), "each later push updates both runs");
        Assert.That(pushes[2].RowsSent, Is.LessThan(full.RowsSent - eventsAtSecondMark),
            "the last step sends fewer rows than both runs' state again with the new events");
        foreach (var table in TeamTable.All.Select(t => t.Name).Concat(["bar_markets", "market_bars", "bars"]))
        {
            var sql = $"SELECT {string.Join(", ", Columns(steps, table))} FROM {table}";
            using var left = steps.Open();
            using var right = once.Open();
            var stepped = TerminalFiles.Lines(left, sql);
            Assert.That(stepped, Is.EqualTo(TerminalFiles.Lines(right, sql)), table);
        }

        Assert.That(steps.Scalar("SELECT COUNT(*) FROM run_trades WHERE is_open = 0"), Is.EqualTo(1), "A's one round trip, analysed at the end");
        Assert.That(steps.Scalar("SELECT COUNT(*) FROM run_trades WHERE is_open = 1"), Is.EqualTo(0), "the open position of step 2 is gone");
        Assert.That(steps.Scalar($"SELECT COUNT(*) FROM bars WHERE series_id = '{b.SeriesId}'"), Is.EqualTo(30));
        Assert.That(steps.Scalar("SELECT COUNT(*) FROM market_bars"), Is.EqualTo(30), "the bars B shares with A are stored once");
        Assert.That(steps.Scalar("SELECT COUNT(*) FROM market_bars WHERE forming_utc IS NOT NULL"), Is.Zero, "A's forming bar closed");
    }

    [Test]
    public void A_push_after_a_few_new_events_of_a_live_run_sends_those_events_and_the_rows_they_wrote()
    {
        using var folder = new TempDatabase();
        var live = new Scenario();
        var events = live.Start().Concat(Bars(live, 0, 200)).ToList();
        for (var t = 0; t < 20; t++)
        {
            events.Add(live.Order($"O{t}", t % 2 == 0 ? Side.Buy : Side.Sell, 1, "FILLED", at: 600 + t * 10, filled: 1));
            events.Add(live.Fill($"X{t}", $"O{t}", t % 2 == 0 ? Side.Buy : Side.Sell, 1, at: 601 + t * 10));
        }

        Record(folder.Path, events);
        using var team = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(team.ConnectionString);
        var first = pusher.Push(folder.Path);

        // Three new bars and a new order: 4 events, 3 bars, 1 order, and the run's own few rows.
        Record(folder.Path, Bars(live, 200, 203).Append(live.Order("O20", Side.Buy, 1, "OPENED", at: 2000, type: "LIMIT", price: 4990)));
        var second = pusher.Push(folder.Path);

        Assert.That(first.RowsSent, Is.GreaterThan(240), "the first push sends the whole run: 200 bars, 20 orders, 20 fills and more");
        Assert.That(second.LaterRuns, Is.EqualTo(1));
        // strategy, instance, run, series and its market: 5 rows; the raw log's stretch row of the 3 bars and the order's
        // event, the 3 bars and the order: 6; and the run's analysis as of those events, which the session's close
        // stored (a running run's analysis is current: docs/decisions.md, 10), sent whole as every new analysis is.
        var analysis = QuantowerRecorder.Storage.Analysis.AnalysisRows.Tables
            .Sum(table => TerminalFiles.Count(folder.Path, $"SELECT COUNT(*) FROM {table} WHERE run_id = '{live.RunId}'"));
        Assert.That(analysis, Is.GreaterThan(0), "the close analysed the running run");
        Assert.That(second.RowsSent, Is.EqualTo(11 + analysis), "what the new events wrote and the analysis as of them, not the run again");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM bars"), Is.EqualTo(203));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM orders"), Is.EqualTo(21));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM ingest_events"), Is.EqualTo(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM ingest_events")));
    }

    [Test]
    public void A_later_analysis_with_fewer_rows_leaves_none_of_the_earlier_ones_in_the_team_store()
    {
        using var folder = new TempDatabase();
        var live = new Scenario();
        var events = live.Start().Concat(Bars(live, 0, 30)).ToList();
        for (var t = 0; t < 4; t++)
        {
            events.Add(live.Order($"O{t}", t % 2 == 0 ? Side.Buy : Side.Sell, 1, "FILLED", at: 100 + t * 300, filled: 1));
            events.Add(live.Fill($"X{t}", $"O{t}", t % 2 == 0 ? Side.Buy : Side.Sell, 1, price: 5000 + t, at: 101 + t * 300));
        }

        Record(folder.Path, events);
        Analyze(folder.Path);
        using var team = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(team.ConnectionString);
        pusher.Push(folder.Path);
        Assert.That(team.Scalar("SELECT COUNT(*) FROM run_trades"), Is.EqualTo(2), "two round trips pushed");

        // The run goes on; its analysis is the one the team has, and is not sent again.
        Record(folder.Path, [new RunProgress { RunId = live.RunId, EventUtc = live.At(2000), Source = live.Source, ProcessedCount = 5 }]);
        var progress = pusher.Push(folder.Path);
        Assert.That(progress.RowsSent, Is.EqualTo(6), "strategy, instance, run, series, its market and the one new event");

        // Its analysis now has one trade, as an analysis with other inputs would leave it.
        Record(folder.Path, [new RunProgress { RunId = live.RunId, EventUtc = live.At(2001), Source = live.Source, ProcessedCount = 6 }]);
        TerminalFiles.Write(folder.Path, """
            DELETE FROM run_trades WHERE trade_no = 2;
            UPDATE strategy_runs SET metrics_json = json_set(metrics_json, '$.analyzed_utc', '2026-03-03T00:00:00.0000000Z');
            """);
        var later = pusher.Push(folder.Path);

        Assert.That(later.LaterRuns, Is.EqualTo(1));
        Assert.That(later.RowsDeleted, Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM run_trades"), Is.EqualTo(1), "the team store holds the file's analysis, not both");
    }

    private static IEnumerable<RecorderEvent> Bars(Scenario s, int from, int to) =>
        Enumerable.Range(from, to - from).Select(m => (RecorderEvent)s.Bar(m, close: 5000 + (m % 7)));

    private static void Record(string path, IEnumerable<RecorderEvent> events)
    {
        using var session = RecorderSession.Open(path);
        foreach (var e in events)
        {
            session.Record(e);
        }

        var closed = session.Close(TimeSpan.FromSeconds(30));
        Assert.That(closed.Completed, Is.True, closed.ToString());
    }

    private static void Analyze(string path)
    {
        var analyze = CliRunner.Run(Path.GetDirectoryName(path)!, "analyze", "--all", "--db", path);
        Assert.That(analyze.ExitCode, Is.EqualTo(0), analyze.ToString());
    }

    // Every column the team stores, without the team's own row ids (identity columns, numbered per database).
    internal static List<string> Columns(TeamDatabase team, string table)
    {
        using var connection = team.Open();
        using var command = new Npgsql.NpgsqlCommand("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @t AND is_identity = 'NO' ORDER BY ordinal_position
            """, connection);
        command.Parameters.AddWithValue("t", table);
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add("\"" + reader.GetString(0) + "\"");
        }

        Assert.That(columns, Is.Not.Empty, table);
        return columns;
    }
}
