using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A query read by ordinal through a statement the connection keeps (<see cref="CachedSql.Reader"/>) gives what
/// Microsoft.Data.Sqlite's reader gives for the same query, value for value and refusal for refusal; it is prepared once
/// for the connection's life, not once a call; and a run's facts read through the kept statements of a reading
/// connection equal those read by a connection that keeps none, with no statement prepared at a second reading.
/// </summary>
public sealed class StatementReaderTests
{
    private const string Query = "SELECT k, i, r, t, n FROM t WHERE k >= @from ORDER BY k";

    [Test]
    public void A_kept_statement_reads_as_the_drivers_reader_reads()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(k INTEGER, i, r, t, n)");
        connection.Execute("""
            INSERT INTO t VALUES (1, 42, 2.75, 'Überweisung € 😀', NULL), (2, -7, -0.0, '1.5', NULL), (3, 9223372036854775807, 1e300, '', NULL),
                                 (4, 3, 2.5, '12', NULL)
            """);
        var expected = Read(connection.ExecuteReader(Query, new { from = 1 }));
        Assert.That(expected, Has.Count.EqualTo(4), "precondition: Microsoft.Data.Sqlite read every row");

        using var cache = StatementCache.Attach(connection)!;
        Assert.That(Read(connection.Reader(Query, new { from = 1 })), Is.EqualTo(expected));
        var prepared = StatementCacheTests.Statements(connection);
        Assert.That(Read(connection.Reader(Query, new { from = 3 })), Is.EqualTo(expected.Skip(2)), "bound afresh at the next call");
        Assert.That(Read(connection.Reader(Query, new { from = 9 })), Is.Empty);
        Assert.That(StatementCacheTests.Statements(connection), Is.EquivalentTo(prepared), "the same statement each call");
        Assert.That(cache.Count, Is.EqualTo(1));

        // Asked for what a NULL cannot be, or for a row it is not on, it refuses as the driver's reader refuses.
        using var driver = connection.ExecuteReader(Query, new { from = 1 });
        using var kept = connection.Reader(Query, new { from = 1 });
        Assert.That(Refusal(() => kept.GetString(0)), Is.EqualTo(Refusal(() => driver.GetString(0))).And.Not.Null, "before the first Read");
        Assert.That((kept.Read(), driver.Read()), Is.EqualTo((true, true)));
        foreach (var ask in new Func<IDataReader, object>[] { r => r.GetString(4), r => r.GetDouble(4), r => r.GetInt64(4) })
        {
            Assert.That(Refusal(() => ask(kept)), Is.EqualTo(Refusal(() => ask(driver))).And.Not.Null);
        }

        Assert.That((kept.GetValue(4), kept.IsDBNull(4), kept.GetName(3), kept.GetOrdinal("R")), Is.EqualTo((DBNull.Value, true, "t", 2)));
    }

    [Test]
    public void Taken_again_while_its_rows_are_read_a_statement_is_prepared_for_that_use_alone_and_every_row_is_read_once()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(k INTEGER, i, r, t, n)");
        connection.Execute("INSERT INTO t(k, i) VALUES (1, 10), (2, 20)");
        using var cache = StatementCache.Attach(connection)!;
        var pairs = new List<(long, long)>();
        using (var outer = connection.Reader(Query, new { from = 1 }))
        {
            while (outer.Read())
            {
                using var inner = connection.Reader(Query, new { from = outer.GetInt64(0) });
                while (inner.Read())
                {
                    pairs.Add((outer.GetInt64(1), inner.GetInt64(1)));
                }

                Assert.That(inner.Read(), Is.False, "no row after the last, however often asked");
            }
        }

        Assert.That(pairs, Is.EqualTo(new[] { (10L, 10L), (10L, 20L), (20L, 20L) }));
        Assert.That((cache.Count, StatementCacheTests.OpenStatements(connection)), Is.EqualTo((1, 1)), "the one taken beside was finalised");
    }

    [Test]
    public void A_runs_facts_read_through_kept_statements_equal_a_plain_connections_and_a_second_reading_prepares_none()
    {
        using var db = new TempDatabase();
        var s = AnalysisStepsTests.RecordRoundTrips(db, trades: 5);
        string Facts(SqliteConnection c) => System.Text.Json.JsonSerializer.Serialize(RunLoader.Load(c, s.RunId),
            new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

        using var plain = DatabaseFile.OpenForReading(db.Path);
        var expected = Facts(plain);
        using var kept = DatabaseFile.OpenForReading(db.Path);
        using var cache = StatementCache.Attach(kept)!;
        Assert.That(Facts(kept), Is.EqualTo(expected));
        var prepared = StatementCacheTests.Statements(kept);
        Assert.That(prepared, Has.Count.GreaterThanOrEqualTo(5), "precondition: the run's readings went through kept statements");
        Assert.That(Facts(kept), Is.EqualTo(expected));
        Assert.That(StatementCacheTests.Statements(kept), Is.EquivalentTo(prepared), "a second reading prepares nothing");
    }

    [Test]
    public void A_busy_file_is_waited_for_its_timeout_then_refused_with_SQLites_error_and_the_kept_statement_is_given_back()
    {
        using var db = new TempDatabase();
        // A rollback journal: a writer's exclusive lock keeps readers out too (a WAL file's readers never wait).
        Db.WithTable(db, "CREATE TABLE t(k INTEGER, i, r, t, n)").Dispose();
        using var holder = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        holder.Open();
        holder.Execute("PRAGMA journal_mode = DELETE; INSERT INTO t(k) VALUES (1)");
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False;Default Timeout=1");
        connection.Open();
        using var cache = StatementCache.Attach(connection)!;
        Assert.That(connection.ReadRows(Query, new { from = 0 }, r => r.GetInt64(0)), Is.EqualTo(new[] { 1L }));
        var prepared = StatementCacheTests.Statements(connection);

        holder.Execute("BEGIN EXCLUSIVE; INSERT INTO t(k) VALUES (2)");
        foreach (var ask in new Action[] { () => connection.Reader(Query, new { from = 0 }), () => connection.Run("INSERT INTO t(k) VALUES (3)") })
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var refused = Assert.Throws<SqliteException>(() => ask())!;
            Assert.That(refused.SqliteErrorCode, Is.EqualTo(SQLitePCL.raw.SQLITE_BUSY));
            Assert.That(waited.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)), "tried again for the connection's default timeout");
        }

        holder.Execute("COMMIT");
        var read = connection.ReadRows(Query, new { from = 0 }, r => (r.GetInt64(0), Open: StatementCacheTests.OpenStatements(connection)));
        Assert.That(read.Select(r => r.Item1), Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(read.Select(r => r.Open), Is.All.EqualTo(cache.Count), "read through the kept statement, given back after each refusal, not a one-off beside it");
        Assert.That(StatementCacheTests.Statements(connection).IsSupersetOf(prepared), Is.True);
    }

    private static List<string> Read(IDataReader reader)
    {
        using (reader)
        {
            var rows = new List<string>();
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                Assert.That(reader.GetValues(values), Is.EqualTo(5));
                rows.Add(string.Join("|", values.Select(v => $"{v.GetType().Name}:{v}"))
                         + $"|{reader.GetString(1)}|{reader.GetString(2)}|{reader.GetString(3)}|{reader.GetDouble(1):R}|{reader.GetDouble(3):R}"
                         + $"|{reader.GetInt64(2)}|{reader.GetInt64(3)}|{reader.IsDBNull(3)}");
            }

            return rows;
        }
    }

    private static string? Refusal(Action ask)
    {
        try
        {
            ask();
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }
}
