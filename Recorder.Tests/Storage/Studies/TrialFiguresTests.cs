using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Studies;

/// <summary>
/// The deflated Sharpe figures a run takes from its trials (docs/metrics.md, "Trials") are stored after the runs'
/// own analyses, not in them: a pass's end reads the pass, and every pass's figures count every pass with a Sharpe
/// ratio, whatever the order they ended in — the same figures `recorder analyze` stores.
/// </summary>
[TestFixture]
public sealed class TrialFiguresTests
{
    private const int Passes = 6;
    private static readonly string[] Figures = [MetricKeys.DeflatedSharpe, MetricKeys.DeflatedSharpeThreshold, MetricKeys.DeflatedSharpeTrials];

    [Test]
    public void Passes_ended_through_the_writer_store_figures_counting_every_pass_equal_to_analyze()
    {
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, Passes));

        var recorded = Stored(db.Path);
        Assert.That(recorded.Values.Select(f => f.Trials), Has.All.EqualTo((double)Passes), "each pass counts all six, the later ones too");
        Assert.That(recorded.Values.Select(f => f.Probability), Has.All.Not.Null, "twelve trades over twelve days: a ratio each");
        Assert.That(recorded.Values.Select(f => f.Population), Has.All.StartWith("the passes of study \"Sweep"));

        var before = Dump(db.Path);
        using (var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
            var runIds = recorded.Keys.ToList();
            runIds.ForEach(id => RunAnalysisStore.Analyze(connection, id, trialFigures: false));
            RunAnalysisStore.StoreTrialFigures(connection, runIds);
        }

        Assert.That(Dump(db.Path), Is.EqualTo(before), "analyze of every pass stores the same metrics, notes and figures");
    }

    [Test]
    public void A_pass_gets_the_same_figures_whatever_the_order_the_passes_ended_in()
    {
        using var forward = new TempDatabase();
        using var backward = new TempDatabase();
        Optimise(forward.Path, Enumerable.Range(1, Passes));
        Optimise(backward.Path, Enumerable.Range(1, Passes).Reverse());

        static Dictionary<int, (double?, double?, double?)> ByPeriod(string path) => Stored(path).Values
            .ToDictionary(f => f.Period, f => (f.Probability, f.Threshold, f.Trials));
        var first = ByPeriod(forward.Path);
        Assert.That(first, Has.Count.EqualTo(Passes));
        Assert.That(ByPeriod(backward.Path), Is.EqualTo(first));
    }

    [Test]
    public void A_pass_analysed_again_alone_stores_the_figures_of_every_pass_whose_trials_include_it()
    {
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, Passes));
        var before = Stored(db.Path);
        var changed = before.Values.Single(f => f.Period == 3).RunId;
        // Its Sharpe ratio as another analysis would have left it: every other pass's variance of trials moves.
        QuantowerRecorder.Tests.Team.TerminalFiles.Write(db.Path, $"UPDATE run_metrics_kv SET value = value + 5 WHERE run_id = '{changed}' AND key = 'sharpe'");
        using (var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
            Assert.That(RunAnalysisStore.StoreTrialFigures(connection, [changed]), Is.EqualTo(Passes), "all six counted it");
        }

        var after = Stored(db.Path);
        Assert.That(after.Values.Select(f => f.Threshold), Is.Not.EqualTo(before.Values.Select(f => f.Threshold)));
        using (var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
            RunAnalysisStore.Analyze(connection, changed);
        }

        Assert.That(Stored(db.Path), Is.EqualTo(before), "analysed again, its own Sharpe back, every pass's figures are back");
    }

    [Test]
    public void Runs_of_two_populations_at_once_one_with_a_parameter_set_run_twice_each_get_their_own_populations_figures()
    {
        // One burst's runs may be the passes of several populations, and a run that is not its parameter set's first
        // has trials of its own (itself for its set): each population's Sharpe ratios are read, every one of them.
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, Passes));
        Optimise(db.Path, [1, 1, 2, 3, 4], strategy: "Again");
        var before = Stored(db.Path);
        var sweep = before.Values.Where(f => f.Population.Contains("\"Sweep", StringComparison.Ordinal)).ToList();
        var again = before.Values.Where(f => f.Population.StartsWith("the strategy's runs", StringComparison.Ordinal)).ToList();
        Assert.That((sweep.Count, again.Count), Is.EqualTo((Passes, 5)), "precondition: the study's passes, and the other strategy's runs over the same data");
        Assert.That(again.Select(f => f.Trials), Has.All.EqualTo(4.0), "precondition: four parameter sets, one run twice");

        // A pass and both runs of the set run twice moved, as another analysis would have left them: every run of both
        // populations counts one of them (the set's second run counts itself, not the first).
        var moved = again.Where(f => f.Period == 1).Select(f => f.RunId).Append(sweep.Single(f => f.Period == 3).RunId).ToList();
        foreach (var runId in moved)
        {
            QuantowerRecorder.Tests.Team.TerminalFiles.Write(db.Path, $"UPDATE run_metrics_kv SET value = value + 5 WHERE run_id = '{runId}' AND key = 'sharpe'");
        }

        using (var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
            Assert.That(RunAnalysisStore.StoreTrialFigures(connection, moved), Is.EqualTo(Passes + 5), "every run of both counted a moved run");
        }

        var after = Stored(db.Path);
        using var reading = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly;Pooling=False");
        reading.Open();
        var facts = SqlStudyReader.ReadFacts(reading);
        foreach (var (runId, figure) in after)
        {
            // The reader takes a run's own Sharpe ratio from its metric rows, moved here for the moved runs alone: their
            // probability is compared with what it was, the rest with the reader's.
            var now = TrialPopulations.DeflatedSharpe(reading, facts, runId)!;
            Assert.That((figure.Threshold, figure.Trials), Is.EqualTo((now.Threshold, (double?)now.Trials)), runId);
            Assert.That(figure.Threshold, Is.Not.EqualTo(before[runId].Threshold), runId + " counted a moved run");
            if (!moved.Contains(runId))
            {
                Assert.That(figure.Probability, Is.EqualTo(now.Probability), runId);
            }
        }
    }

    [Test]
    public void The_runs_a_populations_figures_read_are_found_by_index_not_by_reading_every_run()
    {
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, 2));
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqlStudyReader.FactsAround;
        command.Parameters.AddWithValue("@runs", "[\"x\"]");
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var tables = plan.Where(l => !l.Contains("VIRTUAL TABLE", StringComparison.Ordinal) && (l.StartsWith("SCAN", StringComparison.Ordinal) || l.StartsWith("SEARCH", StringComparison.Ordinal))).ToList();
        Assert.That(tables, Is.Not.Empty);
        Assert.That(tables, Has.All.StartWith("SEARCH"), string.Join("\n", plan));
    }

    [Test]
    public void The_figures_job_called_off_stops_in_its_reads_of_the_population()
    {
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, 2));
        var passes = Stored(db.Path).Keys.ToList();
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        Assert.That(SqlStudyReader.ReadFactsAround(connection, passes), Has.Count.EqualTo(2), "precondition: the reads find the passes");
        Assert.That(TrialPopulations.Sharpes(connection, passes), Has.Count.EqualTo(2), "precondition: both have a Sharpe ratio");

        using var calledOff = new CancellationTokenSource();
        calledOff.Cancel();
        Assert.Throws<OperationCanceledException>(() => SqlStudyReader.ReadFactsAround(connection, passes, calledOff.Token));
        Assert.Throws<OperationCanceledException>(() => TrialPopulations.Sharpes(connection, passes, calledOff.Token));
    }

    [Test]
    public void A_runs_deflated_sharpe_now_read_around_it_equals_the_one_every_runs_facts_give()
    {
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, Passes));
        var passes = Stored(db.Path).Keys.ToList();
        // Another strategy's runs in the same file: not the passes' trials, and not read for them.
        Recorded.Write(db.Path, Enumerable.Range(0, 3).SelectMany(i =>
        {
            var s = new Scenario(source: RunSource.Backtest, strategy: "Other");
            return s.Start(withSeries: false).Concat(Trades(s, i + 1)).Append(s.End(at: 86_400 * 13));
        }));
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        var all = SqlStudyReader.ReadFacts(connection);
        Assert.That(all.Count, Is.EqualTo(Passes + 3), "precondition: the other strategy's runs are in the file");

        foreach (var runId in passes)
        {
            var around = SqlStudyReader.ReadFactsAround(connection, [runId]);
            Assert.That(around.Select(f => f.RunId).ToList(), Has.Count.EqualTo(Passes), "the passes alone are read for a pass");
            var near = TrialPopulations.DeflatedSharpeAround(connection, around, runId);
            var whole = TrialPopulations.DeflatedSharpe(connection, all, runId);
            Assert.That(near, Is.Not.Null);
            Assert.That(near!.TrialRunIds, Is.EquivalentTo(whole!.TrialRunIds), runId);
            Assert.That(near with { TrialRunIds = [] }, Is.EqualTo(whole with { TrialRunIds = [] }), runId);
        }
    }

    [Test]
    public void A_close_called_off_by_the_next_pass_leaves_the_figures_to_their_interval_not_to_each_later_pass()
    {
        // An optimisation's next pass opens the file while the last handle closes: the close becomes a flush. Every pass
        // after it once stored the figures of its whole population at its end, so a pass cost more the more passes came
        // before it (the optimisation benchmark's later_passes_vs_first_passes).
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        // An interval far beyond what the writer's waits move the clock by (a retry's back-off at most each step): only
        // the test's own move below can reach it.
        var interval = TimeSpan.FromHours(1);
        var first = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock, LiveAnalysisInterval = interval }));
        var passes = Enumerable.Range(1, 4).Select(Sweep).ToList();
        Ended(first, passes[0]);
        // The next pass's start, flushed after the end's job: the loop has looked at the figures due since.
        RecordAll(first, passes[1].Start(withSeries: false));
        Assert.That(first.Flush(WriterClock.Unbounded).Completed, Is.True);
        Assert.That(first.TrialFiguresStarted, Is.Zero, "the interval counts from the writer's start");

        RecorderSession second;
        using (var holder = OtherProgram.HoldingWriteLock(db.Path))
        {
            // The pass's first trade waits behind another program's lock while its handle closes; the next handle comes.
            var trades = Trades(passes[1], 2).ToList();
            RecordAll(first, trades.Take(4));
            FlushResult? closed = null;
            var closing = Threads.StartAndWaitUntilBlocked(() => closed = first.Close(WriterClock.Unbounded));
            second = WriterClock.Follow(clock, RecorderSession.Open(db.Path));
            holder.Release();
            Assert.That(WriterClock.WhileMoving(clock, () => closing.Join(TimeSpan.FromSeconds(60))), Is.True);
            Assert.That(closed!.Completed, Is.True, closed.Message);
            RecordAll(second, trades.Skip(4));
        }

        Assert.That(clock.GetUtcNow() - Scenario.T0, Is.LessThan(interval), "the clock moved less than the interval so far");
        // The close may have started the figures before the new handle called them off (then they stopped): counted here.
        var startedByTheClose = second.TrialFiguresStarted;
        Assert.That(startedByTheClose, Is.LessThanOrEqualTo(1));
        Ended(second, passes[1], rest: []);
        Ended(second, passes[2]);
        RecordAll(second, passes[3].Start(withSeries: false));
        Assert.That(second.Flush(WriterClock.Unbounded).Completed, Is.True);
        Assert.That(second.TrialFiguresStarted, Is.EqualTo(startedByTheClose), "the later passes' ends wait for the interval");

        Assert.That(SpinWait.SpinUntil(clock.WritersRest, TimeSpan.FromSeconds(60)), Is.True);
        clock.Advance(interval);
        Assert.That(SpinWait.SpinUntil(() => second.TrialFiguresStarted == startedByTheClose + 1, TimeSpan.FromSeconds(60)), Is.True,
            "started once the interval passed");
        Ended(second, passes[3], rest: Trades(passes[3], 4));

        // Taken over once, the writer expects the next pass: its close waits for the next handle (the clock does not
        // move here) before it hurries the figures, and the handle that comes calls the close off with no figures job.
        // The handle came at once after the first close (the clock did not move between), so the close waits the
        // shortest wait (HandleGaps), not the ceiling.
        var figuresBefore = second.TrialFiguresStarted;
        FlushResult? flushed = null;
        var closingSecond = new Thread(() => flushed = second.Close(WriterClock.Unbounded)) { IsBackground = true };
        closingSecond.Start();
        Assert.That(SpinWait.SpinUntil(() => clock.Waits(closingSecond, HandleGaps.Floor), TimeSpan.FromSeconds(60)), Is.True,
            "the close waits for the next handle, on the writer's clock, as long as the handles that came taught it");
        var third = WriterClock.Follow(clock, RecorderSession.Open(db.Path));
        Assert.That(closingSecond.Join(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(flushed!.Completed, Is.True, flushed.Message);
        Assert.That(third.TrialFiguresStarted, Is.EqualTo(figuresBefore), "no figures job for a close the next pass called off");
        // The last pass's close: nobody comes; after the wait it stores the figures.
        Assert.That(WriterClock.WhileMoving(clock, () => third.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(third.TrialFiguresStarted, Is.EqualTo(figuresBefore + 1), "the writer's last close stored them");

        Assert.That(Stored(db.Path).Values.Select(f => f.Trials), Is.EqualTo(new double?[] { 4, 4, 4, 4 }), "every pass counts all four");
    }

    [Test]
    public void The_summaries_the_writer_stores_are_read_from_their_text_and_rewritten_as_the_serializer_rewrites_them()
    {
        using var db = new TempDatabase();
        Optimise(db.Path, Enumerable.Range(1, Passes));
        var asked = new StoredSummary.AskedKeys([.. TrialPopulations.MetricsRead, .. Figures]);
        using var connection = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT metrics_json FROM strategy_runs ORDER BY run_id";
        using var reader = command.ExecuteReader();
        var read = 0;
        while (reader.Read())
        {
            var json = reader.GetString(0);
            var fromText = StoredSummary.Read(json, asked);
            Assert.That(fromText, Is.Not.Null, "a summary the writer stored is read from its text, not by the serializer: " + json);
            var serialized = StoredSummary.Parse(json)!;
            Assert.That(fromText!.Notes, Is.EqualTo(serialized.Notes));
            Assert.That(Figures.Select(k => fromText.Metrics[k]), Is.EqualTo(Figures.Select(k => serialized.Metrics[k])));
            // The next job's rewrite, with one more trial: the serializer's bytes.
            var figures = new double?[] { 0.5, null, Passes + 1 };
            var notes = serialized.Notes.Where(n => !n.StartsWith(MetricKeys.DeflatedSharpeTrials, StringComparison.Ordinal))
                .Append(MetricKeys.DeflatedSharpeTrials + ": one more pass \"é\"").ToList();
            Assert.That(fromText.With(Figures, figures, TrialFigures.Units, notes), Is.EqualTo(serialized.With(Figures, figures, TrialFigures.Units, notes)));
            read++;
        }

        Assert.That(read, Is.EqualTo(Passes));
    }

    private static Scenario Sweep(int period) =>
        new(source: RunSource.Backtest, strategy: "Sweep", parameters: new Dictionary<string, object?> { ["period"] = period });

    private static void RecordAll(RecorderSession session, IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            Assert.That(session.Record(e), Is.True);
        }
    }

    // A pass's events — its start and trades, or the `rest` of them when its start was given already — and its end,
    // its end's analysis stored.
    private static void Ended(RecorderSession session, Scenario s, IEnumerable<RecorderEvent>? rest = null)
    {
        var period = (int)s.Parameters["period"]!;
        RecordAll(session, (rest ?? s.Start(withSeries: false).Concat(Trades(s, period))).Append(s.End(at: 86_400 * 13)));
        Assert.That(session.AnalyzeRunWhenWritten(s.RunId).Wait(TimeSpan.FromSeconds(60)), Is.True, "the pass's end is analysed");
    }

    // One optimisation: a pass per period, one after the other in one session, each ended and analysed as the plugin
    // has it (its end's analysis asked for), the session closed once the last has ended.
    private static void Optimise(string path, IEnumerable<int> periods, string strategy = "Sweep")
    {
        using var session = RecorderSession.Open(path);
        var ends = new List<Task>();
        foreach (var period in periods)
        {
            var s = new Scenario(source: RunSource.Backtest, strategy: strategy,
                parameters: new Dictionary<string, object?> { ["period"] = period });
            foreach (var e in s.Start(withSeries: false).Concat(Trades(s, period)).Append(s.End(at: 86_400 * 13)))
            {
                Assert.That(session.Record(e), Is.True);
            }

            ends.Add(session.AnalyzeRunWhenWritten(s.RunId));
        }

        Assert.That(Task.WaitAll([.. ends], TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(session.Close(TimeSpan.FromMinutes(2)).Completed, Is.True);
    }

    // A long trade a day for twelve days, won or lost by an amount the period decides.
    private static IEnumerable<RecorderEvent> Trades(Scenario s, int period)
    {
        for (var day = 0; day < 12; day++)
        {
            var at = 86_400.0 * day;
            var exit = 5000 + ((day * period) % 7) - 2.5 + (period * 0.25);
            yield return s.Order($"E{day}", Side.Buy, 1, "FILLED", at: at + 60, filled: 1);
            yield return s.Fill($"XE{day}", $"E{day}", Side.Buy, 1, price: 5000, at: at + 60);
            yield return s.Order($"C{day}", Side.Sell, 1, "FILLED", at: at + 3600, filled: 1);
            yield return s.Fill($"XC{day}", $"C{day}", Side.Sell, 1, price: exit, at: at + 3600);
        }
    }

    private sealed record Figure(string RunId, int Period, double? Probability, double? Threshold, double? Trials, string Population);

    private static Dictionary<string, Figure> Stored(string path)
    {
        var figures = new Dictionary<string, Figure>(StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.run_id, json_extract(i.parameters_json, '$.period'), r.metrics_json
            FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id ORDER BY r.run_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var summary = JsonNode.Parse(reader.GetString(2))!;
            double? Metric(string key) => (double?)summary["metrics"]![key];
            var population = summary["notes"]!.AsArray().Select(n => (string)n!)
                .Single(n => n.StartsWith(MetricKeys.DeflatedSharpeTrials + ": ", StringComparison.Ordinal))[(MetricKeys.DeflatedSharpeTrials.Length + 2)..];
            figures[reader.GetString(0)] = new Figure(reader.GetString(0), reader.GetInt32(1), Metric(Figures[0]), Metric(Figures[1]),
                Metric(Figures[2]), population);
        }

        return figures;
    }

    // Every metric row and every run's summary but the time it was analysed.
    private static List<string> Dump(string path)
    {
        var rows = Db.Dump(path, "run_metrics_kv", "run_id, key");
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id, json_remove(metrics_json, '$.analyzed_utc') FROM strategy_runs ORDER BY run_id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0) + " " + reader.GetString(1));
        }

        return rows;
    }
}
