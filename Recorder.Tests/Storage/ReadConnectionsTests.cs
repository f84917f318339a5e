using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The writer's jobs read on connections kept from one job to the next (ReadConnections): a connection given back
/// outside a transaction is the next job's, one given back inside a transaction is closed, no more than a few wait, and
/// once the writer closes none is left open: the -wal and -shm files go with the last connection, as before.
/// </summary>
[TestFixture]
public sealed class ReadConnectionsTests
{
    [Test]
    public void A_connection_given_back_is_the_next_ones_unless_it_was_inside_a_transaction()
    {
        using var db = new TempDatabase();
        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();
        using var readings = new ReadConnections(db.Path);

        Microsoft.Data.Sqlite.SqliteConnection first;
        using (var lease = readings.Open())
        {
            first = lease.Connection;
            Assert.That(first.ExecuteScalar<long>("SELECT count(*) FROM strategy_runs"), Is.Zero);
        }

        Assert.That(readings.Idle, Is.EqualTo(1));
        using (var lease = readings.Open())
        {
            Assert.That(lease.Connection, Is.SameAs(first), "kept, not opened again");
            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => lease.Connection.Execute("CREATE TABLE t(x)"), "still query-only");
            lease.Connection.Execute("BEGIN; SELECT count(*) FROM strategy_runs;");
        }

        Assert.That(readings.Idle, Is.Zero, "given back inside a transaction: closed, its snapshot not kept");
        using (var lease = readings.Open())
        {
            Assert.That(lease.Connection, Is.Not.SameAs(first));
        }

        var leases = Enumerable.Range(0, ReadConnections.Kept + 2).Select(_ => readings.Open()).ToList();
        leases.ForEach(l => l.Dispose());
        Assert.That(readings.Idle, Is.EqualTo(ReadConnections.Kept), "no more than Kept wait");
    }

    [Test]
    public void A_kept_connection_keeps_a_readings_statements_prepared_from_one_job_to_the_next()
    {
        using var db = new TempDatabase();
        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();
        using var readings = new ReadConnections(db.Path);

        HashSet<IntPtr> Reading(Microsoft.Data.Sqlite.SqliteConnection connection)
        {
            connection.Run("BEGIN;");
            Assert.That(connection.Scalar("SELECT count(*) FROM strategy_runs"), Is.EqualTo(0L));
            connection.Run("COMMIT;");
            return StatementCacheTests.Statements(connection);
        }

        HashSet<IntPtr> first;
        Microsoft.Data.Sqlite.SqliteConnection kept;
        using (var lease = readings.Open())
        {
            kept = lease.Connection;
            first = Reading(kept);
            Assert.That(first, Has.Count.EqualTo(3), "BEGIN, the read and COMMIT, each kept");
        }

        using (var lease = readings.Open())
        {
            Assert.That(lease.Connection, Is.SameAs(kept));
            Assert.That(Reading(lease.Connection), Is.EquivalentTo(first), "the next job's reading prepares none again");
        }
    }

    [Test]
    public void After_the_writer_closes_its_jobs_connections_are_closed_and_the_wal_goes_with_them()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        foreach (var e in s.Start().Concat(Enumerable.Range(0, 5).Select(m => s.Bar(m, 5000 + m)))
                     .Append(s.Order("E", Side.Buy, 1, "FILLED", at: 1, filled: 1)).Append(s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 1))
                     .Append(s.End(at: 600)))
        {
            session.Record(e);
        }

        Assert.That(session.AnalyzeRunWhenWritten(s.RunId).Wait(TimeSpan.FromMinutes(1)), Is.True);
        Assert.That(session.Close(TimeSpan.FromMinutes(1)).Completed, Is.True);

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.EqualTo(1), "the analysis read and stored");
        Assert.That(File.Exists(db.Path + "-wal"), Is.False, "no connection of the writer's jobs kept the -wal");
        Assert.That(File.Exists(db.Path + "-shm"), Is.False, "no connection of the writer's jobs kept the -shm");
    }
}
