using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The holding series' bars kept in memory between a sweep's passes (HeldBars, docs/decisions.md, 14): used while the
/// file's bars are unchanged, read again once anybody changed one, so a pass never shares a bar it did not see.
/// </summary>
[TestFixture]
public sealed class HeldBarsTests
{
    private const int Bars = 200;

    [Test]
    public void A_bar_changed_by_another_program_between_passes_is_not_shared_by_the_next_pass()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => true));
        Recorded.Write(db.Path, Pass(new Scenario(source: RunSource.Backtest), _ => true));

        // Changed outside the recorder (DB Browser, a script): the first run's bar at minute 120.
        Outside(db.Path, "UPDATE bar_data SET close = close + 1 WHERE series_id = @SeriesId AND ts_utc = @at", new { first.SeriesId, at = Ts(first, 120) });
        var third = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(third, _ => true));

        Assert.That(Closes(db.Path, third.RunId), Is.EqualTo(Enumerable.Range(0, Bars).Select(SharedBarsTests.Close)),
            "the third run's bars are the ones it recorded, minute 120 included");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bar_data WHERE series_id = @SeriesId AND ts_utc = @at",
                new { third.SeriesId, at = Ts(third, 120) }),
            Is.EqualTo(1), "minute 120 is its own bar");
    }

    [Test]
    public void A_bar_inserted_by_another_program_between_passes_is_not_shared_by_a_pass_that_did_not_see_it()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, minute => minute != 100));
        Recorded.Write(db.Path, Pass(new Scenario(source: RunSource.Backtest), minute => minute != 100));

        // The first run's missing minute, filled in outside the recorder.
        Outside(db.Path, """
            INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume)
            SELECT series_id, @at, open, high, low, close, volume FROM bar_data WHERE series_id = @SeriesId AND ts_utc = @before
            """, new { first.SeriesId, at = Ts(first, 100), before = Ts(first, 99) });
        var third = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(third, minute => minute != 100));

        var minutes = Db.Query<string>(db.Path, "SELECT b.ts_utc FROM bars b WHERE b.series_id = @SeriesId ORDER BY b.ts_utc", new { third.SeriesId });
        Assert.That(minutes, Has.Count.EqualTo(Bars - 1), "every bar the third run recorded, once");
        Assert.That(minutes, Does.Not.Contain(Ts(third, 100)), "not the bar it never saw");
        Assert.That(Closes(db.Path, first.RunId), Has.Count.EqualTo(Bars), "the first run has the bar inserted");
    }

    [Test]
    public void A_later_pass_over_unchanged_bars_keeps_them_in_memory_and_shares_every_one()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => true));
        Recorded.Write(db.Path, Pass(new Scenario(source: RunSource.Backtest), _ => true));
        Assert.That(HeldBars.Has(first.SeriesId), Is.True, "the holding series is kept after a pass shared it");

        var third = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(third, _ => true));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bar_data"), Is.EqualTo(Bars), "stored once");
        Assert.That(Closes(db.Path, third.RunId), Is.EqualTo(Closes(db.Path, first.RunId)));
    }

    [Test]
    public void A_batch_that_did_not_commit_forgets_the_bars_it_read_so_its_retry_reads_them_again()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => true));
        Recorded.Write(db.Path, Pass(new Scenario(source: RunSource.Backtest), _ => true));
        Assert.That(HeldBars.Has(first.SeriesId), Is.True, "kept after a pass shared them");

        // One batch (a long quiet period); its last bar fails once as if another program held the lock, after the
        // batch read the first run's bars: the batch rolls back and is tried again.
        var third = new Scenario(source: RunSource.Backtest);
        var last = third.Bar(Bars - 1).OpenUtc;
        var failed = false;
        bool? keptAtRetry = null;
        var options = new RecorderOptions
        {
            MaxBatchDelay = TimeSpan.FromSeconds(5),
            FaultInjection = e =>
            {
                if (failed && keptAtRetry is null)
                {
                    keptAtRetry = HeldBars.Has(first.SeriesId);
                }

                if (!failed && e is BarRecorded b && b.SeriesId == third.SeriesId && b.OpenUtc == last)
                {
                    failed = true;
                    throw new Microsoft.Data.Sqlite.SqliteException("injected: database is locked", 5);
                }
            },
        };
        var counters = Recorded.Write(db.Path, Pass(third, _ => true), options);

        Assert.That(failed, Is.True, "the fault happened");
        Assert.That(keptAtRetry, Is.False, "the retry starts without the bars the rolled-back batch read");
        Assert.That((counters.Retried, counters.Quarantined), Is.EqualTo((1L, 0L)));
        Assert.That(Closes(db.Path, third.RunId), Is.EqualTo(Closes(db.Path, first.RunId)));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bar_data"), Is.EqualTo(Bars), "stored once");
    }

    [Test]
    public void A_file_whose_bar_stamp_was_removed_reads_its_bars_from_the_file_and_never_shares_a_changed_one()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => true));
        Outside(db.Path, "DELETE FROM schema_meta WHERE key IN ('file_token', 'bar_data_changes')", new { });
        var second = new Scenario(source: RunSource.Backtest);
        var secondCounters = Recorded.Write(db.Path, Pass(second, _ => true), new RecorderOptions { MaxBatchDelay = TimeSpan.FromSeconds(5) });
        Assert.That((secondCounters.Bugs, secondCounters.Quarantined, secondCounters.Retried), Is.EqualTo((0L, 0L, 0L)), "recorded as any other pass");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE run_id = @RunId AND event_type = 'BARS_SHARED'", new { second.RunId }),
            Is.EqualTo(1), "one batch, one shared stretch: not a batch that failed and was written again event by event");

        // Without its counter a change moves nothing: the writer must not trust what it kept.
        Outside(db.Path, "UPDATE bar_data SET close = close + 1 WHERE series_id = @SeriesId AND ts_utc = @at", new { first.SeriesId, at = Ts(first, 120) });
        var third = new Scenario(source: RunSource.Backtest);
        var counters = Recorded.Write(db.Path, Pass(third, _ => true));

        Assert.That((counters.Bugs, counters.Quarantined), Is.EqualTo((0L, 0L)));
        Assert.That(Closes(db.Path, second.RunId), Is.EqualTo(Enumerable.Range(0, Bars).Select(m => SharedBarsTests.Close(m) + (m == 120 ? 1 : 0))),
            "the second run shares the first's bars, the one changed since included");
        Assert.That(Closes(db.Path, third.RunId), Is.EqualTo(Enumerable.Range(0, Bars).Select(SharedBarsTests.Close)),
            "the third run's bars are the ones it recorded, minute 120 included");
    }

    private static string Ts(Scenario s, int minute) => Timestamps.Format(s.Bar(minute).OpenUtc);

    // A change made by another program, on its own connection.
    private static void Outside(string path, string sql, object args)
    {
        using var connection = SchemaTests.Raw(path);
        connection.Execute(sql, args);
    }

    private static List<double> Closes(string path, string runId) =>
        Db.Query<double>(path, "SELECT b.close FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = @runId ORDER BY b.ts_utc", new { runId }).ToList();

    private static IEnumerable<RecorderEvent> Pass(Scenario s, Func<int, bool> recorded)
    {
        foreach (var e in s.Start())
        {
            yield return e;
        }

        for (var minute = 0; minute < Bars; minute++)
        {
            if (recorded(minute))
            {
                yield return s.Bar(minute, SharedBarsTests.Close(minute));
            }
        }

        yield return s.End(at: 60 * Bars + 60);
    }
}
