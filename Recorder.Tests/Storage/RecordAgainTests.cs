using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The same events recorded a second time (a file imported again) change no rows, the raw log included: a bar's
/// earlier forming states, each written in a batch of its own, are repeats, not updates that turn the row back.
/// </summary>
[TestFixture]
public sealed class RecordAgainTests
{
    [Test]
    public void Earlier_states_of_a_bar_recorded_again_are_repeats_and_the_bar_keeps_its_last_state()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        events.AddRange([s.Bar(0, 5000, closed: false, at: 10), s.Bar(0, 5001, closed: false, at: 20), s.Bar(0, 5002, closed: true, at: 30)]);
        var passes = new List<(long Committed, long Duplicates, List<string> Log, List<string> Bars)>();
        for (var pass = 0; pass < 2; pass++)
        {
            RecorderCounters counters;
            using (var session = RecorderSession.Open(db.Path))
            {
                foreach (var e in events)
                {
                    session.Record(e);
                    // One batch per event: coalescing cannot hide an earlier state.
                    Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
                }

                counters = session.Counters;
            }

            passes.Add((counters.Committed, counters.Duplicates, Db.Dump(db.Path, "ingest_events", "id"),
                Db.Dump(db.Path, "bars", "series_id, ts_utc")));
        }

        Assert.Multiple(() =>
        {
            Assert.That(passes[0].Committed, Is.EqualTo(events.Count), "first pass stored");
            Assert.That(passes[1].Committed, Is.Zero, "second pass stored");
            Assert.That(passes[1].Duplicates, Is.EqualTo(events.Count), "second pass repeats");
            Assert.That(passes[1].Log, Is.EqualTo(passes[0].Log), "raw log");
            Assert.That(passes[1].Bars, Is.EqualTo(passes[0].Bars), "bars");
            Assert.That(passes[1].Bars.Single(), Does.Contain("close=5002"));
        });
    }
}
