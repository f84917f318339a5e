using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Each kind of bad input has a defined outcome; none throws into the caller; nothing else is lost.</summary>
[TestFixture]
public sealed class BadInputTests
{
    private TempDatabase db = null!;
    private Scenario s = null!;

    [SetUp]
    public void SetUp()
    {
        db = new TempDatabase();
        s = new Scenario();
    }

    [TearDown]
    public void TearDown() => db.Dispose();

    /// <summary>Records good events around the bad one in the same batch and checks the good ones all arrive.</summary>
    private void RecordAmongGoodEvents(params RecorderEvent[] bad)
    {
        var good = new RecorderEvent[] { s.Order("GOOD-1", Side.Buy, 1, at: 1), s.Fill("GOOD-X", "GOOD-1", Side.Buy, 1, at: 1), s.Bar(59) };
        using var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        session.Record(good[0]);
        foreach (var e in bad)
        {
            Assert.DoesNotThrow(() => Assert.That(session.Record(e), Is.True));
        }

        session.Record(good[1]);
        session.Record(good[2]);
        Assert.That(session.Flush(TimeSpan.FromSeconds(20)).Completed, Is.True);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_id = 'GOOD-1'"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE execution_id = 'GOOD-X'"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars WHERE ts_utc = '2026-03-02T15:29:00.0000000Z'"), Is.EqualTo(1));
    }

    private List<string> Reasons() => Db.Query<string>(db.Path, "SELECT reason FROM ingest_quarantine ORDER BY id");

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Non_finite_execution_price_is_quarantined_with_the_reason(double price)
    {
        RecordAmongGoodEvents(s.Fill("BAD", "O9", Side.Buy, 1) with { Price = price });
        Assert.That(Reasons(), Has.Exactly(1).Contains("execution price is"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT payload_json FROM ingest_quarantine"), Does.Contain("\"execution_id\":\"BAD\""));
    }

    [Test]
    public void Non_finite_optional_order_prices_are_stored_as_null()
    {
        RecordAmongGoodEvents(s.Order("MKT", Side.Buy, 1) with { Price = double.NaN, StopPrice = double.PositiveInfinity });
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_id = 'MKT' AND price IS NULL AND stop_price IS NULL"), Is.EqualTo(1));
        Assert.That(Reasons(), Is.Empty);
    }

    [Test]
    public void Bar_with_a_non_finite_price_is_quarantined()
    {
        RecordAmongGoodEvents(s.Bar(3) with { High = double.NaN });
        Assert.That(Reasons(), Is.EqualTo(new[] { "bar high is NaN" }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Missing_ids_are_quarantined(string? id)
    {
        RecordAmongGoodEvents(
            s.Fill(id!, "O1", Side.Buy, 1),
            s.Order(id!, Side.Buy, 1),
            s.Fill("X-NO-ORDER", id!, Side.Buy, 1));
        Assert.That(Reasons(), Is.EqualTo(new[] { "execution id is missing", "order id is missing", "order id is missing" }));
    }

    [Test]
    public void Missing_run_id_is_quarantined_without_one()
    {
        RecordAmongGoodEvents(s.Order("O7", Side.Buy, 1) with { RunId = null! });
        Assert.That(Reasons(), Is.EqualTo(new[] { "run id is missing" }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine WHERE run_id IS NULL"), Is.EqualTo(1));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(double.NaN)]
    public void Zero_or_negative_quantities_are_quarantined(double quantity)
    {
        RecordAmongGoodEvents(s.Fill("BADQ", "O1", Side.Buy, quantity), s.Order("BADO", Side.Sell, quantity));
        Assert.That(Reasons(), Has.Count.EqualTo(2).And.All.Contains("must be positive"));
    }

    [Test]
    public void One_megabyte_strings_are_truncated_in_text_fields_and_refused_as_ids()
    {
        var huge = new string('x', 1 << 20);
        RecordAmongGoodEvents(
            s.Order("TAGGED", Side.Buy, 1) with { ClientTag = huge },
            s.Order(huge, Side.Buy, 1));
        var tag = Db.Scalar<string>(db.Path, "SELECT client_tag FROM orders WHERE order_id = 'TAGGED'");
        // The marker is inside the 4,096-character limit, so the stored text normalised again is unchanged.
        const string marker = "…[truncated 1044511 characters]";
        Assert.That(tag, Is.EqualTo(new string('x', 4096 - marker.Length) + marker));
        Assert.That(Reasons(), Has.Exactly(1).Contains("order id is 1048576 characters long"));
    }

    [Test]
    public void Over_long_JSON_payload_is_quarantined_rather_than_cut()
    {
        RecordAmongGoodEvents(s.Bar(4) with { VolumetricJson = "[" + string.Join(",", Enumerable.Repeat("1", 600_000)) + "]" });
        Assert.That(Reasons(), Has.Exactly(1).Contains("volumetric payload is"));
    }

    [Test]
    public void Unpaired_surrogates_are_replaced_and_the_event_stored()
    {
        RecordAmongGoodEvents(s.Order("SUR", Side.Buy, 1) with { ClientTag = "a\uD800b\uDC00c😀" });
        Assert.That(Db.Scalar<string>(db.Path, "SELECT client_tag FROM orders WHERE order_id = 'SUR'"), Is.EqualTo("a\uFFFDb\uFFFDc😀"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT payload_json FROM ingest_events WHERE event_type = 'ORDER' AND payload_json LIKE '%SUR%'"),
            Does.Contain("\\uFFFD").Or.Contain("\uFFFD"));
    }

    [Test]
    public void Missing_event_time_is_quarantined()
    {
        RecordAmongGoodEvents(s.Order("MIN", Side.Buy, 1) with { EventUtc = DateTime.MinValue });
        Assert.That(Reasons(), Is.EqualTo(new[] { "event time is missing (DateTime.MinValue)" }));
    }

    [Test]
    public void Local_times_are_converted_to_UTC_and_unspecified_ones_taken_as_UTC()
    {
        var local = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Local);
        var unspecified = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Unspecified);
        RecordAmongGoodEvents(
            s.Fill("LOCAL", "O1", Side.Buy, 1) with { EventUtc = local },
            s.Fill("UNSPEC", "O1", Side.Buy, 1) with { EventUtc = unspecified });
        Assert.That(Db.Scalar<string>(db.Path, "SELECT exec_utc FROM executions WHERE execution_id = 'LOCAL'"),
            Is.EqualTo(local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT exec_utc FROM executions WHERE execution_id = 'UNSPEC'"),
            Is.EqualTo("2026-03-02T10:00:00.0000000Z"));
    }

    [Test]
    public void Same_execution_id_with_different_content_is_quarantined_and_the_first_kept()
    {
        RecordAmongGoodEvents(
            s.Fill("DUP", "O1", Side.Buy, 1, price: 5000),
            s.Fill("DUP", "O1", Side.Buy, 1, price: 5000),
            s.Fill("DUP", "O1", Side.Buy, 1, price: 5001.5));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT price FROM executions WHERE execution_id = 'DUP'"), Is.EqualTo(5000));
        Assert.That(Reasons(), Is.EqualTo(new[] { "execution DUP was already recorded with different content (price 5000 → 5001.5)" }));
    }

    [Test]
    public void Unknown_run_id_is_quarantined()
    {
        RecordAmongGoodEvents(s.Order("O5", Side.Buy, 1) with { RunId = "no-such-run" });
        Assert.That(Reasons(), Is.EqualTo(new[] { "unknown run id no-such-run (record RUN_STARTED first)" }));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT run_id FROM ingest_quarantine"), Is.EqualTo("no-such-run"));
    }

    [Test]
    public void Constraint_violation_in_one_event_is_isolated_and_the_rest_of_the_batch_commits()
    {
        // A second series for the same (run, symbol, timeframe) under another id breaks UNIQUE(run_id, symbol, timeframe):
        // the batch fails as a whole, is retried event by event, and only that event goes to quarantine.
        RecordAmongGoodEvents(new SeriesDefined { RunId = s.RunId, EventUtc = s.At(1), SeriesId = "OTHER", Symbol = "ES", Timeframe = "1m" });
        Assert.That(Reasons(), Has.Exactly(1).StartsWith("not storable: ").And.Contains("UNIQUE constraint failed"));
    }

    [Test]
    public void Null_event_is_refused_without_throwing()
    {
        using var session = RecorderSession.Open(db.Path);
        Assert.That(session.Record(null!), Is.False);
    }
}
