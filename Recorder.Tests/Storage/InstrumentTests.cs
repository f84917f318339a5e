using System.Text.Json;
using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>INSTRUMENT_DEFINED → run_instruments, and the money figures the analysis derives from it.</summary>
[TestFixture]
public sealed class InstrumentTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    internal static InstrumentDefined Es(Scenario s, double at = 0, double tickValue = 12.5, string symbol = "ES") => new()
    {
        RunId = s.RunId, EventUtc = s.At(at), Source = s.Source, Symbol = symbol, TickSize = 0.25, TickValue = tickValue,
        PointValue = tickValue / 0.25, LotSize = 1, Currency = "USD", AccountCurrency = "USD", SymbolType = "Futures",
        Exchange = "CME", ExpirationUtc = new DateTime(2026, 6, 19, 13, 30, 0, DateTimeKind.Utc),
        VariableTicksJson = """[{"left":0,"right":null,"tick_size":0.25,"tick_cost":12.5}]""",
    };

    /// <summary>The example: buy 1 ES at 5000, sell at 5010, 2.50 fee per side.</summary>
    internal static IEnumerable<RecorderEvent> EsRoundTrip(Scenario s, bool withInstrument = true)
    {
        foreach (var e in s.Start(withSeries: false))
        {
            yield return e;
        }

        if (withInstrument)
        {
            yield return Es(s);
        }

        yield return s.Order("E", Side.Buy, 1, "FILLED", at: 10, filled: 1);
        yield return s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 10);
        yield return s.Order("C", Side.Sell, 1, "FILLED", at: 20, filled: 1);
        yield return s.Fill("X2", "C", Side.Sell, 1, price: 5010, at: 20);
        yield return s.End(at: 30);
    }

    [Test]
    public void Instrument_is_stored_per_run_and_symbol_with_every_column()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Append(Es(s, at: 1)));

        var row = Db.Query<(string, double, double, double, double, string, string, string, string, string, string, string)>(db.Path, """
            SELECT symbol, tick_size, tick_value, point_value, lot_size, currency, account_currency, symbol_type, exchange,
                   expiration_utc, captured_utc, variable_ticks_json FROM run_instruments WHERE run_id = @RunId
            """, new { s.RunId }).Single();
        Assert.That(row, Is.EqualTo(("ES", 0.25, 12.5, 50.0, 1.0, "USD", "USD", "FUTURES", "CME", "2026-06-19T13:30:00.0000000Z",
            "2026-03-02T14:30:01.0000000Z", """[{"left":0,"right":null,"tick_size":0.25,"tick_cost":12.5}]""")));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'INSTRUMENT_DEFINED'"), Is.EqualTo(1));
    }

    [Test]
    public void A_newer_snapshot_replaces_the_stored_one_an_older_one_does_not_and_a_repeat_changes_nothing()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>([Es(s, at: 5, tickValue: 12.5), Es(s, at: 9, tickValue: 5)]));
        Recorded.Write(db.Path, [Es(s, at: 7, tickValue: 50), Es(s, at: 9, tickValue: 5)]);

        Assert.That(Db.Query<(double, double, string)>(db.Path, "SELECT tick_value, point_value, captured_utc FROM run_instruments").Single(),
            Is.EqualTo((5.0, 20.0, "2026-03-02T14:30:09.0000000Z")));
        // The older snapshot is kept in the raw log; the repeat is not logged twice.
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'INSTRUMENT_DEFINED'"), Is.EqualTo(3));
    }

    [Test]
    public void NaN_and_non_positive_sizes_are_stored_as_null_with_the_reason()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var bad = Es(s) with { TickSize = double.NaN, TickValue = -12.5, PointValue = 0, LotSize = double.PositiveInfinity, ExtraJson = """{"vendor":"x"}""" };
        var counters = Recorded.Write(db.Path, s.Start().Append(bad));

        Assert.That(counters.Quarantined, Is.Zero);
        var (tick, value, point, lot, extra) = Db.Query<(double?, double?, double?, double?, string)>(db.Path,
            "SELECT tick_size, tick_value, point_value, lot_size, extra_json FROM run_instruments").Single();
        Assert.That(new[] { tick, value, point, lot }, Has.All.Null);
        using var json = JsonDocument.Parse(extra);
        Assert.That(json.RootElement.GetProperty("vendor").GetString(), Is.EqualTo("x"));
        var dropped = json.RootElement.GetProperty("dropped");
        Assert.That(dropped.GetProperty("tick_size").GetString(), Is.EqualTo("NaN is not a positive number"));
        Assert.That(dropped.GetProperty("tick_value").GetString(), Is.EqualTo("-12.5 is not a positive number"));
        Assert.That(dropped.GetProperty("point_value").GetString(), Is.EqualTo("0 is not a positive number"));
        Assert.That(dropped.GetProperty("lot_size").GetString(), Is.EqualTo("∞ is not a positive number").Or.EqualTo("Infinity is not a positive number"));
    }

    [Test]
    public void Instrument_without_a_symbol_is_quarantined_with_its_reason()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var counters = Recorded.Write(db.Path, s.Start().Append(Es(s) with { Symbol = " " }));

        Assert.That(counters.Quarantined, Is.EqualTo(1));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT reason FROM ingest_quarantine"), Is.EqualTo("symbol is missing"));
    }

    [Test]
    public void Replay_rebuilds_run_instruments_identically()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
            [Es(s, at: 5), Es(s, at: 9, tickValue: 5), Es(s, at: 7, tickValue: 50), Es(s, at: 3, symbol: "NQ") with { TickSize = double.NaN }]));
        Recorded.Write(db.Path, [s.Order("O", Side.Buy, 1, "CANCELLED", at: 11)]);

        var target = db.Sibling("rebuilt.db");
        var result = EventReplayer.Rebuild(db.Path, target);

        Assert.That(result.Quarantined, Is.Zero);
        Assert.That(Db.Dump(target, "run_instruments", "run_id, symbol"), Is.EqualTo(Db.Dump(db.Path, "run_instruments", "run_id, symbol")));
        Assert.That(Db.Dump(target, "orders", "id"), Is.EqualTo(Db.Dump(db.Path, "orders", "id")));
        Assert.That(Db.Scalar<string>(target, "SELECT status FROM orders"), Is.EqualTo("CANCELED"));
    }

    [Test]
    public void Replaying_an_old_raw_log_that_spells_CANCELLED_rebuilds_the_migrated_rows()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Append(s.Order("O", Side.Buy, 1, "CANCELED", at: 11)));
        using (var raw = SchemaTests.Raw(db.Path))
        {
            // What a version-3 recorder wrote in its raw log (the platform's spelling); the v4 migration rewrote orders.
            raw.Execute("UPDATE ingest_events SET payload_json = replace(payload_json, '\"CANCELED\"', '\"CANCELLED\"') WHERE event_type = 'ORDER'");
        }

        Assert.That(Db.Scalar<string>(db.Path, "SELECT payload_json FROM ingest_events WHERE event_type = 'ORDER'"), Does.Contain("\"CANCELLED\""));
        var target = db.Sibling("rebuilt.db");
        EventReplayer.Rebuild(db.Path, target);

        Assert.That(Db.Dump(target, "orders", "id"), Is.EqualTo(Db.Dump(db.Path, "orders", "id")));
        Assert.That(Db.Scalar<string>(target, "SELECT status FROM orders"), Is.EqualTo("CANCELED"));
    }

    [Test]
    public void Es_round_trip_is_495_net_in_run_trades_v_trades_and_run_metrics_kv()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, EsRoundTrip(s));

        var result = RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        // (5010 − 5000) × 1 × 50 = 500 gross, minus 2 × 2.50 fees.
        Assert.That(result.Analysis.Trades.Single().NetPnl, Is.EqualTo(495.0));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT net_pnl FROM run_trades"), Is.EqualTo(495.0));
        Assert.That(Db.Query<(double, double, string, double)>(db.Path, "SELECT gross_pnl, net_pnl, currency, point_value FROM v_trades").Single(),
            Is.EqualTo((500.0, 495.0, "USD", 50.0)));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.EqualTo(495.0));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT currency FROM v_runs"), Is.EqualTo("USD"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT metrics_json FROM strategy_runs"), Does.Not.Contain("point_value:"));
    }

    [Test]
    public void Without_an_instrument_money_falls_back_to_point_value_1_and_metrics_json_says_so()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, EsRoundTrip(s, withInstrument: false));

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        Assert.That(Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.EqualTo(5.0));
        using var json = JsonDocument.Parse(Db.Scalar<string>(db.Path, "SELECT metrics_json FROM strategy_runs"));
        var notes = json.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.That(notes, Has.Some.StartsWith("point_value: ES: no point value recorded"));
    }

    [Test]
    public void Counts_read_as_integers_in_v_runs_and_v_run_metrics()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, EsRoundTrip(s));
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        using var connection = Db.Read(db.Path);
        Assert.That(connection.ExecuteScalar<string>("SELECT typeof(trade_count) FROM v_runs"), Is.EqualTo("integer"));
        Assert.That(connection.ExecuteScalar<string>("SELECT typeof(value) FROM v_run_metrics WHERE key = 'trade_count'"), Is.EqualTo("integer"));
        Assert.That(connection.ExecuteScalar<string>("SELECT typeof(value) FROM v_run_metrics WHERE key = 'net_pnl'"), Is.EqualTo("real"));
        Assert.That(connection.ExecuteScalar<string>("SELECT typeof(trades) FROM v_instance_comparison"), Is.EqualTo("integer"));
    }

    [Test]
    public void Instance_comparison_keeps_backtest_and_forward_runs_apart()
    {
        using var db = new TempDatabase();
        var backtest = new Scenario(source: RunSource.Backtest);
        var paper = new Scenario(source: RunSource.Paper);
        Recorded.Write(db.Path, EsRoundTrip(backtest));
        Recorded.Write(db.Path, EsRoundTrip(paper));
        RunAnalysisStore.AnalyzeFile(db.Path, backtest.RunId, time: Clock);
        RunAnalysisStore.AnalyzeFile(db.Path, paper.RunId, time: Clock);

        Assert.That(Db.Query<(string, long, long, long, double)>(db.Path,
                "SELECT phase, runs, backtest_runs, forward_runs, total_net_pnl FROM v_instance_comparison ORDER BY phase"),
            Is.EqualTo(new[] { ("BACKTEST", 1L, 1L, 0L, 495.0), ("FORWARD", 1L, 0L, 1L, 495.0) }));
    }

    [Test]
    public void An_abandoned_run_ends_at_its_last_event_not_when_the_crash_was_found()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Bar(0), s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 10), s.Bar(1),
            s.End(RunStatus.Abandoned, at: 3 * 86400),
        ]));

        var result = RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        // Start 14:30:00, long from 14:30:10, last event the second bar's end at 14:32:00: open 110 of 120 s.
        // Stored, so at a percentage's 6 decimals (docs/metrics.md, "Stored precision").
        Assert.That(result.Analysis.Value("exposure_pct"), Is.EqualTo(StoredPrecision.Percent(110.0 / 120 * 100)));
    }

    [Test]
    public void Version_3_file_is_upgraded_run_instruments_added_and_cancelled_orders_spelled_canceled()
    {
        using var db = new TempDatabase();
        SchemaTests.CreateVersion1(db.Path);
        using (var raw = SchemaTests.Raw(db.Path))
        {
            raw.Execute(Migrator.ReadResource("QuantowerRecorder.Storage.Migrations.002_additions.sql"));
            raw.Execute(Migrator.ReadResource("QuantowerRecorder.Storage.Migrations.003_derived_analytics.sql"));
            raw.Execute("""
                PRAGMA user_version = 3;
                INSERT INTO strategies VALUES ('S','Trend','1','me',NULL,'2025-01-01T00:00:00.0000000Z',NULL);
                INSERT INTO strategy_instances VALUES ('I','S','a','{"p":1}','ES',NULL,'1m','ACC',NULL,'2025-01-01T00:00:00.0000000Z', 'h');
                INSERT INTO strategy_runs(run_id, instance_id, run_type, start_utc, status, created_utc)
                  VALUES ('R','I','BACKTEST','2025-01-01T00:00:00.0000000Z','CANCELED','2025-01-01T00:00:00.0000000Z');
                INSERT INTO orders(run_id, order_id, symbol, side, order_type, quantity, status, submit_utc)
                  VALUES ('R','O1','ES','BUY','STOP',2,'CANCELLED','2025-01-01T00:00:01.0000000Z'),
                         ('R','O2','ES','BUY','MARKET',2,'FILLED','2025-01-01T00:00:01.0000000Z');
                """);
        }

        using (var upgraded = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
            Assert.That(upgraded.ExecuteScalar<long>("PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion), "upgraded to the newest version");
        }

        Assert.That(Db.Query<string>(db.Path, "SELECT status FROM orders ORDER BY order_id"), Is.EqualTo(new[] { "CANCELED", "FILLED" }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_instruments"), Is.Zero);
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM v_orders WHERE order_id = 'O1'"), Is.EqualTo("CANCELED"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT value FROM schema_meta WHERE key = 'schema_version'"),
            Is.EqualTo(Migrator.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
