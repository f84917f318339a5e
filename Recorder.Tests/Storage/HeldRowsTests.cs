using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The raw log's rows and the fills are held and inserted several at a time (<see cref="HeldRows{TParam, TRow}"/>): the
/// file holds what one row at a time gave, what reads them within the batch sees the rows held, and a batch rolled back
/// leaves none.
/// </summary>
[TestFixture]
public sealed class HeldRowsTests
{
    private const string RawLog = """
        SELECT id, run_id, event_type, event_utc, payload_json, received_utc, sequence, source, payload_version
        FROM ingest_events ORDER BY id
        """;

    private const string Fills = """
        SELECT id, run_id, execution_id, order_id, exec_utc, price, quantity, fee, fee_currency, liquidity, extra_json, symbol,
               account_id, side, position_impact
        FROM executions ORDER BY id
        """;

    [Test]
    public void Rows_logged_together_get_the_ids_and_values_one_at_a_time_gives()
    {
        var s = new Scenario();
        // Two statements' worth of rows and some left over, of every kind the writer logs most.
        var events = s.Start().Concat(Enumerable.Range(1, 2 * HeldRows.Rows).SelectMany(i => new RecorderEvent[]
        {
            s.Order($"O{i}", i % 2 == 0 ? Side.Buy : Side.Sell, i, at: i),
            s.Order($"O{i}", i % 2 == 0 ? Side.Buy : Side.Sell, i, status: "FILLED", at: i + 0.5),
            s.Fill($"X{i}", $"O{i}", i % 2 == 0 ? Side.Buy : Side.Sell, i, price: 5000 + i, at: i + 0.5),
        })).Append(s.Bar(0)).Append(s.End()).ToList();

        using var together = new TempDatabase();
        using var apart = new TempDatabase();
        Write(together.Path, [events]);
        Write(apart.Path, events.Select(e => (IReadOnlyList<RecorderEvent>)[e]).ToList());

        var logged = Db.Query<RawRow>(together.Path, RawLog);
        Assert.That(logged, Has.Count.GreaterThan(2 * HeldRows.Rows * 3));
        Assert.That(logged, Is.EqualTo(Db.Query<RawRow>(apart.Path, RawLog)));
        Assert.That(logged.Select(r => r.id), Is.EqualTo(Enumerable.Range(1, logged.Count).Select(i => (long)i)), "ids in arrival order");
        var fills = Db.Query<FillRow>(together.Path, Fills);
        Assert.That(fills.Select(f => f.execution_id), Is.EqualTo(Enumerable.Range(1, 2 * HeldRows.Rows).Select(i => $"X{i}")));
        Assert.That(fills, Is.EqualTo(Db.Query<FillRow>(apart.Path, Fills)));
    }

    [Test]
    public void An_order_whose_later_states_come_in_its_batch_is_stored_as_one_state_at_a_time_stores_it()
    {
        var s = new Scenario();
        var events = s.Start().Concat(
        [
            // Opened and filled; a limit moved, then cancelled; states that leave fields out (kept from before).
            s.Order("A", Side.Buy, 2, at: 1), s.Order("A", Side.Buy, 2, status: "FILLED", at: 2, filled: 2) with { AverageFillPrice = 5001.25 },
            s.Order("B", Side.Sell, 1, type: "LIMIT", price: 5010, at: 1) with { ClientTag = "entry", ExtraJson = "{\"k\":1}", ParentOrderId = "P" },
            s.Order("B", Side.Sell, 1, type: "LIMIT", price: 5012, at: 3) with { TimeInForce = "GTC" },
            s.Order("B", Side.Sell, 1, status: "CANCELLED", type: "LIMIT", price: null, at: 4) with { PositionImpact = PositionImpact.Open },
            // A later state under another symbol, and one submitted earlier: the upsert's update (symbol, earliest submission).
            s.Order("C", Side.Buy, 1, at: 5), s.Order("C", Side.Buy, 3, at: 6, symbol: "NQ"),
            s.Order("C", Side.Buy, 3, at: 7, symbol: "NQ") with { SubmitUtc = s.At(0.5) },
            // A copy of an earlier state after a newer one, and another state stamped at the same instant.
            s.Order("D", Side.Sell, 1, at: 8), s.Order("D", Side.Sell, 1, status: "FILLED", at: 9),
            s.Order("D", Side.Sell, 1, at: 8), s.Order("D", Side.Sell, 1, status: "REJECTED", at: 9),
        ]).Concat(Enumerable.Range(1, HeldRows.Rows + 3).SelectMany(i => new RecorderEvent[]
        {
            // More new orders than a statement holds, each filled in the same batch.
            s.Order($"N{i}", Side.Buy, 1, at: 10 + i), s.Order($"N{i}", Side.Buy, 1, status: "FILLED", at: 10.5 + i, filled: 1),
        })).ToList();
        using var together = new TempDatabase();
        using var apart = new TempDatabase();
        Write(together.Path, [events]);
        Write(apart.Path, events.Select(e => (IReadOnlyList<RecorderEvent>)[e]).ToList());

        var stored = Db.Dump(together.Path, "orders", "id");
        Assert.That(stored, Has.Count.EqualTo(4 + HeldRows.Rows + 3));
        Assert.That(stored, Is.EqualTo(Db.Dump(apart.Path, "orders", "id")));
        Assert.That(Db.Query<RawRow>(together.Path, RawLog), Is.EqualTo(Db.Query<RawRow>(apart.Path, RawLog)));
    }

    [Test]
    public void A_fill_again_in_the_batch_is_found_among_the_fills_held()
    {
        var s = new Scenario();
        var fill = s.Fill("X1", "O1", Side.Buy, 1, at: 1);
        using var db = new TempDatabase();

        using var once = new TempDatabase();
        List<RecorderEvent> events = [.. s.Start(), fill, s.Fill("X2", "O1", Side.Buy, 1, at: 1)];

        var outcome = Write(db.Path, [[.. events, fill]], out var changed);

        Assert.That((outcome.Duplicates, outcome.Quarantined), Is.EqualTo((1, 0)));
        Assert.That(Db.Query<string>(db.Path, "SELECT execution_id FROM executions ORDER BY id"), Is.EqualTo(new[] { "X1", "X2" }));
        // The batch was written once, as without the copy: not failed on the copy's key and written again event by event.
        Write(once.Path, [events], out var changedWithout);
        Assert.That(changed, Is.EqualTo(changedWithout));
    }

    [Test]
    public void A_copy_of_an_earlier_state_is_found_among_the_rows_held()
    {
        var s = new Scenario();
        var opened = s.Order("O1", Side.Buy, 1, at: 1);
        var filled = s.Order("O1", Side.Buy, 1, status: "FILLED", at: 2);
        using var db = new TempDatabase();

        // The order's first state is still held when its copy comes after the newer state: the copy is a repeat.
        var outcome = Write(db.Path, [[.. s.Start(), opened, filled, opened]]);

        Assert.That(outcome.Duplicates, Is.EqualTo(1));
        Assert.That(Db.Query<string>(db.Path, "SELECT json_extract(payload_json, '$.status') FROM ingest_events WHERE event_type = 'ORDER' ORDER BY id"),
            Is.EqualTo(new[] { "OPENED", "FILLED" }));
    }

    [Test]
    public void A_batch_rolled_back_leaves_none_of_its_held_rows()
    {
        var s = new Scenario();
        // SQLite refuses one order's row (a trigger of the test's) while the rows of the orders before it are held: the
        // batch fails as a whole and is written again event by event.
        const string refuse = """
            CREATE TRIGGER refuse_bad BEFORE INSERT ON orders WHEN NEW.order_id = 'BAD'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """;
        var orders = Enumerable.Range(1, 5).SelectMany(i => new RecorderEvent[] { s.Order($"O{i}", Side.Buy, 1, at: i), s.Fill($"X{i}", $"O{i}", Side.Buy, 1, at: i) }).ToList();
        using var db = new TempDatabase();

        var outcome = Write(db.Path, [[.. s.Start(), .. orders.Take(6), s.Order("BAD", Side.Buy, 1, at: 3.5), .. orders.Skip(6)]], refuse);

        Assert.That(outcome.Quarantined, Is.EqualTo(1));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT reason FROM ingest_quarantine"), Does.Contain("refused by the test"));
        Assert.That(Db.Query<string>(db.Path, "SELECT json_extract(payload_json, '$.order_id') FROM ingest_events WHERE event_type = 'ORDER' ORDER BY id"),
            Is.EqualTo(new[] { "O1", "O2", "O3", "O4", "O5" }));
        Assert.That(Db.Query<string>(db.Path, "SELECT execution_id FROM executions ORDER BY id"), Is.EqualTo(new[] { "X1", "X2", "X3", "X4", "X5" }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) - COUNT(DISTINCT sequence) FROM ingest_events"), Is.Zero, "no event logged twice");
    }

    // Each list one batch, written by one writer; the events numbered in arrival order across them.
    private static BatchOutcome Write(string path, IReadOnlyList<IReadOnlyList<RecorderEvent>> batches, string? setUp = null) =>
        Write(path, batches, out _, setUp);

    // With the rows the writer's statements changed, rolled back or not (SQLite's total_changes).
    private static BatchOutcome Write(string path, IReadOnlyList<IReadOnlyList<RecorderEvent>> batches, out int changes, string? setUp = null)
    {
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        if (setUp is not null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = setUp;
            command.ExecuteNonQuery();
        }

        using var writer = new BatchWriter(connection, TimeProvider.System, runLocks: null);
        var sequence = 0;
        var total = new BatchOutcome();
        foreach (var batch in batches)
        {
            total += writer.Write(batch.Select(e => new Envelope(e, ++sequence, Scenario.T0.Ticks)).ToList());
        }

        changes = SQLitePCL.raw.sqlite3_total_changes(connection.Handle);
        return total;
    }

    private sealed record FillRow(long id, string run_id, string execution_id, string order_id, string exec_utc, double price, double quantity,
        double? fee, string? fee_currency, string? liquidity, string? extra_json, string? symbol, string? account_id, string? side, string position_impact);

    private sealed record RawRow(long id, string run_id, string event_type, string event_utc, string payload_json, string received_utc,
        long? sequence, string? source, long? payload_version);
}
