using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The writer's statements that run once a run or a batch are prepared once for the connection's life
/// (<see cref="StatementCache"/>), bound from an object's properties as Dapper binds them: what they store is what
/// Dapper stored, kind for kind; the statements are finalised with the cache, so the connection closes as before; and a
/// connection without a cache finalises each call's statement after it.
/// </summary>
public sealed class StatementCacheTests
{
    private enum Shade
    {
        Light = 3,
        Dark = 7,
    }

    [Test]
    public void A_kept_statement_is_prepared_once_and_finalised_with_the_cache()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER, s TEXT)");
        var cache = StatementCache.Attach(connection)!;
        for (var i = 0; i < 3; i++)
        {
            Assert.That(connection.Run("INSERT INTO t VALUES (@n, @s)", new { n = i, s = $"row {i}" }), Is.EqualTo(1));
        }

        Assert.That(connection.Scalar("SELECT count(*) FROM t WHERE n >= @from", new { from = 1 }), Is.EqualTo(2L));
        Assert.That(connection.Scalar("SELECT count(*) FROM t WHERE n >= @from", new { from = 0 }), Is.EqualTo(3L));
        Assert.That((cache.Count, OpenStatements(connection)), Is.EqualTo((2, 2)), "one statement per text, kept between calls");

        cache.Dispose();
        Assert.That(OpenStatements(connection), Is.Zero, "the cache finalises what it kept");
        connection.Run("INSERT INTO t VALUES (@n, @s)", new { n = 9, s = "after" });
        Assert.That(OpenStatements(connection), Is.Zero, "once disposed, the connection's statements are one-offs again");
        Assert.That(connection.Query<(long, string)>("SELECT n, s FROM t ORDER BY n").ToList(),
            Is.EqualTo(new[] { (0L, "row 0"), (1L, "row 1"), (2L, "row 2"), (9L, "after") }));
    }

    [Test]
    public void Without_a_cache_each_call_finalises_its_statement()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER, s TEXT)");
        connection.Run("INSERT INTO t VALUES (@n, @s)", new { n = 1, s = "one" });
        Assert.That(OpenStatements(connection), Is.Zero);
        Assert.That(connection.Scalar("SELECT s FROM t WHERE n = @n", new { n = 1 }), Is.EqualTo("one"));
        Assert.That(connection.Rows("SELECT n FROM t", null, r => r.GetNullableInteger(0)), Is.EqualTo(new long?[] { 1 }));
        Assert.That(OpenStatements(connection), Is.Zero);
    }

    [Test]
    public void Values_are_stored_as_Dapper_stores_them()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(way TEXT, k INTEGER, v)");
        using var cache = StatementCache.Attach(connection);
        var values = new object?[]
        {
            "text", string.Empty, "Überweisung € 😀 中文", null, 42L, -7, 1.25, -0.0, double.MaxValue, 2.5f, true, false, Shade.Dark,
            long.MinValue, new string('x', 3000),
        };
        for (var k = 0; k < values.Length; k++)
        {
            connection.Execute("INSERT INTO t VALUES ('dapper', @k, @v)", new { k, v = values[k] });
            connection.Run("INSERT INTO t VALUES ('cache', @k, @v)", new { k, v = values[k] });
        }

        var stored = connection.Query<(string Way, long K, string Kind, string Quoted)>(
            "SELECT way, k, typeof(v), quote(v) FROM t ORDER BY k, way").ToList();
        Assert.That(stored, Has.Count.EqualTo(2 * values.Length));
        for (var k = 0; k < values.Length; k++)
        {
            var (mine, dapper) = (stored[2 * k], stored[(2 * k) + 1]);
            Assert.That((mine.Way, dapper.Way), Is.EqualTo(("cache", "dapper")));
            Assert.That((mine.Kind, mine.Quoted), Is.EqualTo((dapper.Kind, dapper.Quoted)), $"value {k}: {values[k] ?? "null"}");
        }
    }

    [Test]
    public void A_scalar_reads_as_ADO_NET_reads_it()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(v)");
        using var cache = StatementCache.Attach(connection)!;
        connection.Execute("INSERT INTO t VALUES (7), (2.5), ('é'), (NULL), (x'0102')");
        foreach (var (rowid, expected) in new (long, object?)[] { (1, 7L), (2, 2.5), (3, "é"), (4, null), (5, new byte[] { 1, 2 }) })
        {
            Assert.That(connection.Scalar("SELECT v FROM t WHERE rowid = @rowid", new { rowid }), Is.EqualTo(expected));
            Assert.That(connection.ExecuteScalar("SELECT v FROM t WHERE rowid = @rowid", new { rowid }), Is.EqualTo(expected));
        }

        Assert.That(connection.Scalar("SELECT v FROM t WHERE rowid = 99"), Is.Null, "no row");
    }

    [Test]
    public void What_it_cannot_bind_is_refused_and_nothing_is_stored()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(v)");
        using var cache = StatementCache.Attach(connection)!;
        const string insert = "INSERT INTO t VALUES (@v)";
        Assert.Throws<InvalidOperationException>(() => connection.Run(insert, new { v = double.NaN }), "SQLite would store NaN as NULL; ADO.NET refuses it");
        Assert.Throws<InvalidOperationException>(() => connection.Execute(insert, new { v = double.NaN }), "as Dapper's");
        Assert.Throws<NotSupportedException>(() => connection.Run(insert, new { v = DateTime.UnixEpoch }), "a time is formatted by the caller");
        Assert.Throws<NotSupportedException>(() => connection.Run(insert, new { v = 1.5m }));
        Assert.Throws<ArgumentException>(() => connection.Run(insert, new { w = 1 }), "no property for @v");
        Assert.Throws<ArgumentNullException>(() => connection.Run(insert));
        Assert.Throws<ArgumentException>(() => connection.Run("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"), "the second would never run");
        Assert.Throws<ArgumentException>(() => connection.Run("INSERT INTO t VALUES (?)", new { v = 1 }), "parameters are named");
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM t"), Is.Zero);

        connection.Run(insert, new { v = 5 });
        Assert.That(connection.ExecuteScalar<long>("SELECT v FROM t"), Is.EqualTo(5), "the statement refused a value is used again");
    }

    [Test]
    public void A_failed_step_is_SQLites_error_and_the_statement_runs_again()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER PRIMARY KEY, s TEXT NOT NULL)");
        using var cache = StatementCache.Attach(connection)!;
        const string insert = "INSERT INTO t VALUES (@n, @s)";
        connection.Run(insert, new { n = 1, s = "a" });
        var failed = Assert.Throws<SqliteException>(() => connection.Run(insert, new { n = 1, s = "b" }))!;
        Assert.That((failed.SqliteErrorCode, failed.SqliteExtendedErrorCode), Is.EqualTo((19, 1555)), "SQLITE_CONSTRAINT_PRIMARYKEY");
        Assert.That(connection.Run(insert, new { n = 2, s = "c" }), Is.EqualTo(1));
        Assert.That(connection.Query<string>("SELECT s FROM t ORDER BY n"), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    [Test]
    public void A_statement_run_while_its_own_rows_are_read_is_prepared_apart()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER)");
        using var cache = StatementCache.Attach(connection)!;
        connection.Execute("INSERT INTO t VALUES (1), (2), (3)");
        const string above = "SELECT n FROM t WHERE n > @n ORDER BY n";
        var pairs = connection.Rows(above, new { n = 0 }, r =>
        {
            var n = r.GetNullableInteger(0)!.Value;
            return (n, connection.Rows(above, new { n }, inner => inner.GetNullableInteger(0)!.Value).Count);
        });
        Assert.That(pairs, Is.EqualTo(new[] { (1L, 2), (2L, 1), (3L, 0) }));
        Assert.That((cache.Count, OpenStatements(connection)), Is.EqualTo((1, 1)), "the inner one was a one-off");
    }

    [Test]
    public void A_connection_that_sees_every_command_keeps_none_and_its_statements_come_by_as_commands()
    {
        using var db = new TempDatabase();
        Db.WithTable(db, "CREATE TABLE t(n INTEGER)").Dispose();
        var seen = new List<string>();
        using var connection = (SqliteConnection)WatchedConnection.Watching(c => seen.Add(c.CommandText))($"Data Source={db.Path};Pooling=False");
        connection.Open();
        Assert.That(StatementCache.Attach(connection), Is.Null);
        connection.Run("BEGIN IMMEDIATE;");
        connection.Run("INSERT INTO t VALUES (@n)", new { n = 4 });
        Assert.That(connection.Scalar("SELECT n FROM t"), Is.EqualTo(4L));
        connection.Run("COMMIT;");
        Assert.That(seen, Is.EqualTo(new[] { "BEGIN IMMEDIATE;", "INSERT INTO t VALUES (@n)", "SELECT n FROM t", "COMMIT;" }));
    }

    [Test]
    public void A_connection_keeps_one_cache()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER)");
        using var cache = StatementCache.Attach(connection)!;
        Assert.Throws<InvalidOperationException>(() => StatementCache.Attach(connection));
    }

    // How many statements SQLite holds prepared on the connection, whoever prepared them.
    internal static int OpenStatements(SqliteConnection connection) => Statements(connection).Count;

    // The statements SQLite holds prepared on the connection, whoever prepared them (asked of SQLite itself: SQLitePCLRaw
    // finds only the statements it tracks).
    internal static HashSet<IntPtr> Statements(SqliteConnection connection)
    {
        var db = connection.Handle!.DangerousGetHandle();
        var statements = new HashSet<IntPtr>();
        for (var s = NextStatement(db, IntPtr.Zero); s != IntPtr.Zero; s = NextStatement(db, s))
        {
            statements.Add(s);
        }

        return statements;
    }

    // The text each statement prepared on the connection was prepared from.
    internal static List<string> StatementTexts(SqliteConnection connection) =>
        Statements(connection).Select(s => Marshal.PtrToStringUTF8(StatementSql(s)) ?? string.Empty).ToList();

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_sql")]
    private static extern IntPtr StatementSql(IntPtr statement);

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_next_stmt")]
    private static extern IntPtr NextStatement(IntPtr db, IntPtr statement);
}
