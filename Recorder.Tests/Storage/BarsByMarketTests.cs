using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Bars are stored by market and time (docs/decisions.md, 14): once, whoever saw them, and each run reads its own.</summary>
[TestFixture]
public sealed class BarsByMarketTests
{
    private const int Bars = 300;

    [Test]
    public void A_second_run_over_the_same_bars_stores_none_of_them_again_and_reads_the_same_rows()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        Recorded.Write(db.Path, Pass(first, _ => 0));
        Recorded.Write(db.Path, Pass(second, _ => 0));

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(Bars), "stored once");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.Zero, "no run keeps values of its own");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BAR'"), Is.Zero, "the raw log copies no bar");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT SUM(json_extract(payload_json, '$.bar_count')) FROM ingest_events WHERE run_id = @RunId AND event_type = 'BARS_STORED'", new { second.RunId }),
            Is.EqualTo(Bars), "the raw log names every bar the run stored");
        Assert.That(RunBars(db.Path, second.RunId), Is.EqualTo(RunBars(db.Path, first.RunId)));
        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.MarketData.Bars(second.RunId, "ES", "1m").Select(b => b.Close),
            Is.EqualTo(reader.MarketData.Bars(first.RunId, "ES", "1m").Select(b => b.Close)));
        Assert.That(reader.MarketData.Bars(second.RunId, "ES", "1m"), Has.Count.EqualTo(Bars));
    }

    [Test]
    public void A_run_whose_bars_differ_keeps_its_own_there_and_shares_the_rest()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        Recorded.Write(db.Path, Pass(second, minute => minute is >= 100 and < 110 ? 0.25 : 0));

        var closes = Db.Query<double>(db.Path, "SELECT b.close FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = @RunId ORDER BY b.ts_utc", new { second.RunId });
        Assert.That(closes, Is.EqualTo(Enumerable.Range(0, Bars).Select(m => Close(m) + (m is >= 100 and < 110 ? 0.25 : 0))));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars WHERE series_id = @SeriesId", new { second.SeriesId }),
            Is.EqualTo(10), "its own bars: the ten that differ");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(Bars));
        Assert.That(RunBars(db.Path, first.RunId).Select(b => b.Close), Is.EqualTo(Enumerable.Range(0, Bars).Select(Close)), "the first run's bars unchanged");

        // The analysis reads each run's bars from the tables (its market's and its own, merged), as the view gives them.
        using var connection = Db.Read(db.Path);
        foreach (var run in new[] { first, second })
        {
            var loaded = QuantowerRecorder.Storage.Analysis.RunLoader.Bars(connection, run.RunId).Single().Bars
                .Select(b => (QuantowerRecorder.Storage.Timestamps.Format(b.TimeUtc), b.Open, b.High, b.Low, b.Close, (double?)b.Volume));
            Assert.That(loaded, Is.EqualTo(RunBars(db.Path, run.RunId).Select(b => (b.Ts, b.Open, b.High, b.Low, b.Close, (double?)(b.Volume ?? 0)))),
                $"run {run.RunId}: the loader's bars are the view's");
        }
    }

    [Test]
    public void Runs_over_a_stretch_longer_than_the_writers_read_ahead_keep_their_own_values_at_its_edges()
    {
        // The writer reads a stored stretch ahead, ReadAhead bars at a time: a later run's bars that differ right at the
        // edges of those reads (and at the stretch's ends) are its own, the rest shared.
        const int count = (3 * QuantowerRecorder.Storage.Writing.Bars.BarStore.ReadAhead) + 7;
        const int edge = QuantowerRecorder.Storage.Writing.Bars.BarStore.ReadAhead;
        var differ = new HashSet<int> { 0, 1, 2, edge - 1, edge, edge + 1, edge + 2, 2 * edge, (2 * edge) + 1, count - 1 };
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        var third = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0, count: count));
        Recorded.Write(db.Path, Pass(second, m => differ.Contains(m) ? 0.25 : 0, count: count));
        Recorded.Write(db.Path, Pass(third, m => differ.Contains(m) ? 0.25 : 0, count: count));

        var expected = Enumerable.Range(0, count).Select(m => Close(m) + (differ.Contains(m) ? 0.25 : 0)).ToList();
        Assert.That(RunBars(db.Path, second.RunId).Select(b => b.Close), Is.EqualTo(expected));
        Assert.That(RunBars(db.Path, third.RunId).Select(b => b.Close), Is.EqualTo(expected));
        Assert.That(RunBars(db.Path, first.RunId).Select(b => b.Close), Is.EqualTo(Enumerable.Range(0, count).Select(Close)), "the first run's bars unchanged");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(count), "stored once");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.EqualTo(2 * differ.Count), "each later run's own: the bars that differ");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.Zero, "every bar taken");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT SUM(json_extract(payload_json, '$.bar_count')) FROM ingest_events WHERE run_id = @RunId AND event_type = 'BARS_STORED'", new { third.RunId }),
            Is.EqualTo(count), "the raw log names every bar the last run stored");
    }

    [Test]
    public void A_bar_written_while_forming_and_closed_in_a_later_batch_is_shared_as_if_only_its_close_was_written()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        var events = Pass(second, _ => 0).ToList();
        var at50 = events.FindIndex(e => e is BarRecorded b && b.OpenUtc == Bar(second, 50, 0).OpenUtc);
        var at120 = events.FindIndex(e => e is BarRecorded b && b.OpenUtc == Bar(second, 120, 0).OpenUtc);

        // Three sessions, so three batches at least: bar 50 first as it formed (other values), then closed; a cut at 120.
        Recorded.Write(db.Path, [.. events[..at50], Bar(second, 50, 0.5) with { IsClosed = false }]);
        Recorded.Write(db.Path, events[at50..at120]);
        Recorded.Write(db.Path, events[at120..]);

        Assert.That(RunBars(db.Path, second.RunId), Is.EqualTo(RunBars(db.Path, first.RunId)), "the closed states");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(Bars), "bar 50 is not stored a second time");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.Zero, "its forming values went once it closed as the market's");
    }

    [Test]
    public void A_runs_first_bar_written_while_forming_is_shared_once_closed_as_if_only_its_close_was_written()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        var events = Pass(second, _ => 0).ToList();
        var at0 = events.FindIndex(e => e is BarRecorded);

        // The first bar as it formed (other values) in one batch, then closed with every bar after it in the next: no
        // stretch comes before it, and it is shared all the same.
        Recorded.Write(db.Path, [.. events[..at0], Bar(second, 0, 0.5) with { IsClosed = false }]);
        Recorded.Write(db.Path, events[at0..]);

        Assert.That(RunBars(db.Path, second.RunId), Is.EqualTo(RunBars(db.Path, first.RunId)), "the closed states");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(Bars), "bar 0 is not stored a second time");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.Zero);
    }

    [Test]
    public void A_runs_last_bar_caught_half_formed_is_shared_once_its_last_state_is_the_stretchs_next_bar()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        var events = Pass(second, _ => 0).ToList();
        var last = events.FindIndex(e => e is BarRecorded b && b.OpenUtc == Bar(second, Bars - 1, 0).OpenUtc);

        // A run's newest bar is never reported closed: first half formed (other values), then as it ended, with the end.
        Recorded.Write(db.Path, [.. events[..last], Bar(second, Bars - 1, -0.5) with { IsClosed = false }]);
        Recorded.Write(db.Path, [Bar(second, Bars - 1, 0) with { IsClosed = false }, .. events[(last + 1)..]]);

        Assert.That(RunBars(db.Path, second.RunId), Is.EqualTo(RunBars(db.Path, first.RunId)));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(Bars), "the last bar is not stored a second time");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.Zero);
    }

    [Test]
    public void V_events_gives_a_shared_stretch_as_bar_events_that_import_into_another_file_with_every_runs_bars()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        Recorded.Write(db.Path, Pass(second, minute => minute == 7 ? 1 : 0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE run_id = @RunId AND event_type = 'BARS_STORED'", new { second.RunId }), Is.GreaterThan(0));

        var lines = Db.Query<string>(db.Path, "SELECT event_json FROM v_events ORDER BY id");
        Assert.That(lines.Where(l => l.Contains("BARS_STORED", StringComparison.Ordinal)), Is.Empty, "no kind import does not take");
        Assert.That(lines.Count(l => l.Contains("\"event_type\":\"BAR\"", StringComparison.Ordinal) && l.Contains(second.RunId, StringComparison.Ordinal)), Is.EqualTo(Bars),
            "a BAR event for every bar of the second run, shared or its own");
        File.WriteAllLines(db.Sibling("events.jsonl"), lines);
        var target = db.Sibling("imported.db");
        var import = QuantowerRecorder.Tests.Cli.Cli.Run(db.Folder, "import", "events.jsonl", "--db", target);

        Assert.That(import.ExitCode, Is.EqualTo(0), import.ToString());
        Assert.That(RunBars(target, first.RunId), Is.EqualTo(RunBars(db.Path, first.RunId)));
        Assert.That(RunBars(target, second.RunId), Is.EqualTo(RunBars(db.Path, second.RunId)));
        Assert.That(RunBars(target, second.RunId)[7].Close, Is.EqualTo(Close(7) + 1), "its own bar");
    }

    [Test]
    public void Changing_a_bar_another_run_shares_leaves_that_run_the_bar_it_saw()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0, end: false));
        Recorded.Write(db.Path, Pass(second, _ => 0));
        // A newer closed state of the first run's bar (its provider's correction, with the trades it had missed).
        Recorded.Write(db.Path, [first.Bar(50, 1234.5) with { Volume = 20 }]);

        Assert.That(RunBars(db.Path, first.RunId)[50].Close, Is.EqualTo(1234.5));
        Assert.That(RunBars(db.Path, second.RunId).Select(b => b.Close), Is.EqualTo(Enumerable.Range(0, Bars).Select(Close)));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.EqualTo(1), "one bar kept for the run that saw it");
    }

    [Test]
    public void The_same_bars_again_are_a_repeat_and_replay_rebuilds_every_run_s_bars()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        Recorded.Write(db.Path, Pass(second, minute => minute == 7 ? 1 : 0));
        const string Stored = "SELECT (SELECT COUNT(*) FROM market_bars) + (SELECT COUNT(*) FROM series_bars)";
        var stored = Db.Scalar<long>(db.Path, Stored);
        var log = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events");
        Recorded.Write(db.Path, Enumerable.Range(0, Bars).Select(m => Bar(second, m, m == 7 ? 1 : 0)));
        Assert.That(Db.Scalar<long>(db.Path, Stored), Is.EqualTo(stored), "a repeat stores nothing");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events"), Is.EqualTo(log), "and logs nothing");

        var target = db.Sibling("rebuilt.db");
        var result = EventReplayer.Rebuild(db.Path, target);

        Assert.That(result.Quarantined, Is.Zero);
        Assert.That(Db.Dump(target, "bars", "series_id, ts_utc"), Is.EqualTo(Db.Dump(db.Path, "bars", "series_id, ts_utc")));
        Assert.That(Db.Scalar<long>(target, Stored), Is.EqualTo(stored), "stored once again in the rebuilt file");
    }

    [Test]
    public void Pruning_the_first_run_keeps_the_bars_a_later_run_shares()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        Recorded.Write(db.Path, Pass(second, _ => 0));
        var before = RunBars(db.Path, second.RunId);

        using (var maintenance = RecorderStore.OpenMaintenance(db.Path, TimeProvider.System))
        {
            maintenance.DeleteRuns([first.RunId]);
        }

        Assert.That(RunBars(db.Path, first.RunId), Is.Empty);
        Assert.That(RunBars(db.Path, second.RunId), Is.EqualTo(before));
    }

    internal static double Close(int minute) => 5000 + (minute % 17) * 0.25 - (minute % 5);

    private static BarRecorded Bar(Scenario s, int minute, double shift) => s.Bar(minute, Close(minute) + shift);

    private static IEnumerable<RecorderEvent> Pass(Scenario s, Func<int, double> shift, bool end = true, int count = Bars)
    {
        foreach (var e in s.Start())
        {
            yield return e;
        }

        for (var minute = 0; minute < count; minute++)
        {
            yield return Bar(s, minute, shift(minute));
        }

        if (end)
        {
            yield return s.End(at: 60 * Bars + 60);
        }
    }

    private static List<(string Ts, double Open, double High, double Low, double Close, double? Volume)> RunBars(string path, string runId) =>
        Db.Query<(string, double, double, double, double, double?)>(path, """
            SELECT b.ts_utc, b.open, b.high, b.low, b.close, b.volume FROM bars b JOIN run_series rs ON rs.series_id = b.series_id
            WHERE rs.run_id = @runId ORDER BY b.ts_utc
            """, new { runId });
}
