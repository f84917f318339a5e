using System.IO.Compression;
using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A file recorded by the recorder of schema 16 (the demo, its optimisation included: Fixtures/README.md) migrates in
/// place to bars by market and time and reads the same: every run's bars, trades, metrics and equity.
/// </summary>
[TestFixture]
public sealed class Bars16MigrationTests
{
    private static readonly (string Table, string Order)[] Read =
    [
        ("bars", "series_id, ts_utc"), ("run_series", "series_id"), ("run_trades", "run_id, trade_no"),
        ("run_metrics_kv", "run_id, key"), ("strategy_runs", "run_id"), ("run_equity", "run_id, seq"), ("orders", "run_id, order_id"),
        ("executions", "run_id, execution_id"), ("run_order_quality", "run_id, order_id"), ("run_order_shortfall", "run_id, order_id"),
        ("run_trade_context", "run_id, trade_no"),
    ];

    [Test]
    public void The_demo_recorded_at_schema_16_migrates_and_reads_the_same_with_each_bar_stored_once()
    {
        using var db = new TempDatabase();
        Unpack("demo-v16.db.gz", db.Path);
        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(16));
        var before = Read.Select(t => Dump(db.Path, t.Table, t.Order)).ToList();
        var barsBefore = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars");

        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();

        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(RecorderStore.CurrentSchemaVersion));
        Assert.That(Db.Scalar<string>(db.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        for (var i = 0; i < Read.Length; i++)
        {
            Assert.That(Dump(db.Path, Read[i].Table, Read[i].Order), Is.EqualTo(before[i]), Read[i].Table);
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(barsBefore));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.LessThan(barsBefore / 2),
            "the optimisation's passes share their market's bars");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('bar_data', 'bar_shares')"), Is.Zero);

        // The migrated file replays into a new one with the same bars.
        var rebuilt = db.Sibling("rebuilt.db");
        var result = EventReplayer.Rebuild(db.Path, rebuilt);
        Assert.That(result.Quarantined, Is.Zero);
        Assert.That(Db.Dump(rebuilt, "bars", "series_id, ts_utc"), Is.EqualTo(Db.Dump(db.Path, "bars", "series_id, ts_utc")));
    }

    // A table's rows as a reader sees them; the columns a migration adds are left out (before, there were none).
    private static List<string> Dump(string path, string table, string order) =>
        Db.Dump(path, table, order).Select(row => string.Join("|", row.Split('|')
            .Where(f => !f.StartsWith("market_id=", StringComparison.Ordinal) && !f.StartsWith("first_bar=", StringComparison.Ordinal)
                        && !f.StartsWith("last_bar=", StringComparison.Ordinal) && !f.StartsWith("id=", StringComparison.Ordinal)))).ToList();

    private static void Unpack(string fixture, string target)
    {
        using var source = new GZipStream(File.OpenRead(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", fixture)), CompressionMode.Decompress);
        using var file = File.Create(target);
        source.CopyTo(file);
    }
}
