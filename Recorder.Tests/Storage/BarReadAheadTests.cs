using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing.Bars;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The writer reads a market's stored bars ahead when a batch walks them in time order (BarStore.MarketBar): what it
/// answers is what a look-up of each bar answers, gaps and the stretch's end included, and what the batch writes meanwhile.
/// </summary>
[TestFixture]
public sealed class BarReadAheadTests
{
    private const int Minutes = (2 * BarStore.ReadAhead) + 40;

    [Test]
    public void A_walk_through_a_stored_stretch_answers_as_a_look_up_of_each_bar_does_gaps_and_end_included()
    {
        using var db = Stored(out var market);
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        using var store = new BarStore(connection);

        // Every minute from before the stretch to past its end, in order: the walk that reads ahead.
        for (var minute = -3; minute < Minutes + 5; minute++)
        {
            Assert.That(store.MarketBar(market, Ts(minute))?.Close, Is.EqualTo(LookUp(db.Path, market, minute)), $"minute {minute}");
        }
    }

    [Test]
    public void What_the_batch_writes_in_the_stretch_it_read_ahead_is_what_it_then_reads_there()
    {
        using var db = Stored(out var market);
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        using var store = new BarStore(connection);
        Rows(connection, "BEGIN IMMEDIATE;");
        var gap = Enumerable.Range(10, 100).First(Gap);

        // Two look-ups in order start a read-ahead that spans the gap and the bar after it.
        Assert.That(store.MarketBar(market, Ts(gap - 2)), Is.Not.Null);
        Assert.That(store.MarketBar(market, Ts(gap - 1)), Is.Not.Null);
        store.InsertMarketBar(market, Ts(gap), State(4242));
        store.MarkMarketBar(market, Ts(gap + 1), State(4343));

        Assert.That(store.MarketBar(market, Ts(gap))?.Close, Is.EqualTo(4242), "the bar inserted into the gap");
        Assert.That(store.MarketBar(market, Ts(gap + 1))?.Close, Is.EqualTo(4343), "the bar updated");
        Rows(connection, "ROLLBACK;");
        store.Forget();
        Assert.That(store.MarketBar(market, Ts(gap)), Is.Null, "rolled back: the gap is a gap again");
        Assert.That(store.MarketBar(market, Ts(gap + 1))?.Close, Is.EqualTo(LookUp(db.Path, market, gap + 1)));
    }

    [Test]
    public void Bars_a_batch_read_are_known_to_the_next_unless_another_connection_committed_between()
    {
        using var db = Stored(out var market);
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        using var store = new BarStore(connection);
        InBatch(connection, store, () =>
        {
            for (var minute = 0; minute < 20; minute++)
            {
                store.MarketBar(market, Ts(minute));
            }
        });
        var known = store.Known;
        Assert.That(known, Is.EqualTo(1 + BarStore.ReadAhead), "the first bar looked up and the read-ahead from the second, kept past the batch");

        InBatch(connection, store, () => Assert.That(store.MarketBar(market, Ts(5))?.Close, Is.EqualTo(5005)));
        Assert.That(store.Known, Is.EqualTo(known), "no other connection committed: still known");

        // Another process's run moves the bar (here: another connection's commit).
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            other.Open();
            Dapper.SqlMapper.Execute(other, "UPDATE market_bars SET close = 9999 WHERE market_id = @market AND ts = @ts", new { market, ts = Ts(5) });
        }

        InBatch(connection, store, () => Assert.That(store.MarketBar(market, Ts(5))?.Close, Is.EqualTo(9999), "read again, not the bar it knew"));
    }

    [Test]
    public void What_it_knows_is_bounded_and_a_known_bar_written_again_is_updated_when_full()
    {
        using var db = Stored(out var market);
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        using var store = new BarStore(connection);
        var volumetric = new string('v', (int)(BarStore.KnownBytes / 3));
        InBatch(connection, store, () =>
        {
            // Three gaps filled with bars whose volumetric text takes two thirds of the bound each: the first is known.
            foreach (var (gap, k) in Enumerable.Range(0, 40).Where(Gap).Take(3).Select((g, k) => (g, k)))
            {
                store.InsertMarketBar(market, Ts(gap), State(100 + k) with { VolumetricJson = volumetric });
            }

            Assert.That(store.Known, Is.EqualTo(1));
            var first = Enumerable.Range(0, 40).First(Gap);
            store.MarkMarketBar(market, Ts(first), State(4242) with { VolumetricJson = volumetric });
            Assert.That(store.MarketBar(market, Ts(first))?.Close, Is.EqualTo(4242), "the known bar follows what was written");
            Assert.That(store.Known, Is.EqualTo(1));
        });
    }

    [Test]
    public void Bars_known_past_the_room_made_for_all_at_once_are_each_known_as_written()
    {
        using var db = Stored(out var market);
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        using var store = new BarStore(connection);
        var count = BarStore.KnownRoomAt + 100;
        // Minutes after the stored stretch, each a bar of its own close.
        InBatch(connection, store, () =>
        {
            for (var k = 0; k < count; k++)
            {
                store.InsertMarketBar(market, Ts(Minutes + 10 + k), State(k));
            }
        });

        Assert.That(store.Known, Is.EqualTo(count));
        InBatch(connection, store, () => Assert.That(Enumerable.Range(0, count).Select(k => store.MarketBar(market, Ts(Minutes + 10 + k))?.Close),
            Is.EqualTo(Enumerable.Range(0, count).Select(k => (double?)k))));
        Assert.That(store.Known, Is.EqualTo(count), "every one known: none read back from the file");
    }

    // A batch as the writer runs it: in a write transaction, begun and ended with the store.
    private static void InBatch(Microsoft.Data.Sqlite.SqliteConnection connection, BarStore store, Action work)
    {
        Rows(connection, "BEGIN IMMEDIATE;");
        store.BeginBatch();
        work();
        store.EndBatch();
        Rows(connection, "COMMIT;");
    }

    // Every fifth minute from 7 on is missing, so that a read-ahead's edges fall on bars and on gaps alike.
    private static bool Gap(int minute) => minute >= 7 && minute % 5 == 2;

    private static TempDatabase Stored(out long market)
    {
        var db = new TempDatabase();
        var run = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, [.. run.Start(), .. Enumerable.Range(0, Minutes).Where(m => !Gap(m)).Select(m => run.Bar(m, 5000 + m)), run.End(at: Minutes * 60 + 60)]);
        market = Db.Scalar<long>(db.Path, "SELECT market_id FROM bar_markets");
        return db;
    }

    private static long Ts(int minute) => BarState.Ticks(Scenario.T0.AddMinutes(minute));

    private static BarState State(double close) => new(close, close, close, close, 1, null, null);

    private static double? LookUp(string path, long market, int minute) =>
        Db.Query<double>(path, "SELECT close FROM market_bars WHERE market_id = @market AND ts = @ts", new { market, ts = Ts(minute) })
            .Cast<double?>().SingleOrDefault();

    private static void Rows(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
