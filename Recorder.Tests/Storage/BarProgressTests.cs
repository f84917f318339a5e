using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A bar's states in the order of its own progress (docs/decisions.md, 14): a closed bar is final, an older state never
/// replaces a newer one however it arrives, and what is stored depends neither on batching nor on the order of copies.
/// </summary>
[TestFixture]
public sealed class BarProgressTests
{
    private const string Stored = "SELECT b.series_id, b.ts_utc, b.open, b.high, b.low, b.close, b.volume FROM bars b ORDER BY b.series_id, b.ts_utc";

    [TestCase(4_096)]
    [TestCase(1)]
    public void A_late_copy_of_an_earlier_forming_state_after_the_close_leaves_the_closed_bar(int batch)
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        var forming = State(s, 0, volume: 18, close: 4999.75, at: 20, closed: false);
        var closed = State(s, 0, volume: 32, close: 4999.00, at: 60, closed: true);
        var options = new RecorderOptions { MaxBatchSize = batch };
        Recorded.Write(db.Path, [.. s.Start(), forming, closed, forming with { }], options);

        Assert.That(Db.Query<(double Close, double Volume)>(db.Path, "SELECT close, volume FROM bars"), Is.EqualTo(new[] { (4999.00, 32.0) }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BAR'"), Is.Zero,
            "the late copy is a state the bar has moved past: stored nowhere");
        var log = Db.Dump(db.Path, "ingest_events", "id");

        Recorded.Write(db.Path, [forming, closed, forming], options);

        Assert.That(Db.Query<(double Close, double Volume)>(db.Path, "SELECT close, volume FROM bars"), Is.EqualTo(new[] { (4999.00, 32.0) }));
        Assert.That(Db.Dump(db.Path, "ingest_events", "id"), Is.EqualTo(log), "the same events again change nothing");
    }

    [Test]
    public void Interleaved_stale_copies_give_the_same_tables_whatever_the_batching_with_every_bar_in_its_final_state()
    {
        var s = new Scenario(source: RunSource.Live);
        var random = new Random(20261125);
        var events = new List<RecorderEvent>(s.Start());
        var finals = new List<BarRecorded>();
        for (var minute = 0; minute < 120; minute++)
        {
            var states = Enumerable.Range(1, 4).Select(k => State(s, minute, volume: 8 * k, close: 5000 + minute + 0.25 * k,
                at: 60 * minute + 15 * k, closed: k == 4)).ToList();
            events.AddRange(states);
            finals.Add(states[^1]);
            // Late copies of earlier states, some right after, some bars later.
            for (var copy = random.Next(0, 3); copy > 0; copy--)
            {
                events.Insert(random.Next(events.Count - 2, events.Count + 1), states[random.Next(0, 3)] with { });
            }
        }

        var dumps = new[] { 1, 5, 64, 4_096 }.Select(batch =>
        {
            using var db = new TempDatabase();
            Recorded.Write(db.Path, events, new RecorderOptions { MaxBatchSize = batch });
            return (Bars: string.Join('\n', Db.Dump(db.Path, "bars", "series_id, ts_utc")), Closes: Db.Query<double>(db.Path, "SELECT close FROM bars ORDER BY ts_utc"));
        }).ToList();

        Assert.That(dumps.Select(d => d.Bars).Distinct().Count(), Is.EqualTo(1), "the same bars whatever the batching");
        Assert.That(dumps[0].Closes, Is.EqualTo(finals.Select(f => f.Close)), "every bar in its closed state");
    }

    [Test]
    public void A_forming_bar_shared_by_two_live_runs_that_ended_otherwise_for_one_keeps_each_runs_own_state()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Live);
        var b = new Scenario(source: RunSource.Live, parameters: new Dictionary<string, object?> { ["period"] = 9 });
        Recorded.Write(db.Path, [.. a.Start(), .. b.Start(),
            State(a, 0, 10, 5000, 10, false), State(b, 0, 10, 5000, 10, false),
            State(a, 0, 20, 5001, 40, true)]);

        Assert.That(Closes(db.Path, a), Is.EqualTo(new[] { 5001.0 }), "the run that saw the bar close");
        Assert.That(Closes(db.Path, b), Is.EqualTo(new[] { 5000.0 }), "the run that saw it forming keeps what it saw");

        Recorded.Write(db.Path, [State(b, 0, 20, 5001, 40, true)]);

        Assert.That(Closes(db.Path, b), Is.EqualTo(new[] { 5001.0 }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.Zero, "both read the market's bar again: stored once");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(1));
    }

    private static List<double> Closes(string path, Scenario s) =>
        Db.Query<double>(path, "SELECT close FROM v_run_bars WHERE run_id = @RunId ORDER BY ts_utc", new { s.RunId });

    private static BarRecorded State(Scenario s, int minute, double volume, double close, double at, bool closed) =>
        s.Bar(minute, close, closed, at: at) with { Volume = volume };
}
