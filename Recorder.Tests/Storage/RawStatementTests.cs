using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The hot tables' statement binds text as UTF-8 and leaves a parameter's text bound from one row to the next when it
/// is equal (a long one goes through a pooled buffer): whatever is bound row after row (the same string, an equal one,
/// another one, longer, shorter, past the kept size, not ASCII, a number in between) is stored exactly, and a parameter
/// not bound for a row is NULL in it. Each case runs both ways a statement calls SQLite: straight into the native library
/// (DirectCalls, where the package's e_sqlite3 is loaded) and through SQLitePCLRaw.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class RawStatementTests(bool direct)
{
    [Test]
    public void The_native_calls_are_had_straight_from_the_packages_library()
    {
        Assert.That(QuantowerRecorder.Storage.Sqlite.DirectCalls.Table, Is.Not.Null,
            "e_sqlite3 is SQLitePCLRaw's provider here: its functions are called without a SafeHandle or a GC transition");
    }

    [Test]
    public void Text_and_times_are_stored_exactly_whatever_was_bound_before()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER, a TEXT, b TEXT, at TEXT)");

        var shared = "run-0001";
        var values = new (string? A, string B)[]
        {
            (shared, "short"),
            (shared, "a much longer value than the one before it, past the first buffer of sixty-four bytes…"),
            (shared, "ok"),
            (new string("run-0001".ToCharArray()), "Überweisung € 😀 中文"),
            ("run-0002", "Überweisung € 😀 中文"),
            (null, string.Empty),
            (shared, new string('x', 5000)),
            (string.Concat(Enumerable.Repeat("€😀", 2000)), "ok"),
            (shared, "ok"),
        };
        var time = new DateTime(2026, 3, 2, 14, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        using (var insert = Statement(connection, "INSERT INTO t VALUES ($n, $a, $b, $at)", "$n", "$a", "$b", "$at"))
        {
            for (var i = 0; i < values.Length; i++)
            {
                insert.Integer(0, i).Text(1, values[i].A).Text(2, values[i].B).Time(3, time.AddDays(i)).Run();
            }
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT a, b, at, typeof(a) FROM t ORDER BY n";
        using var reader = read.ExecuteReader();
        for (var i = 0; i < values.Length; i++)
        {
            Assert.That(reader.Read(), Is.True);
            Assert.That(reader.IsDBNull(0) ? null : reader.GetString(0), Is.EqualTo(values[i].A), $"row {i}, a");
            Assert.That(reader.GetString(1), Is.EqualTo(values[i].B), $"row {i}, b");
            Assert.That(reader.GetString(2), Is.EqualTo(Timestamps.Format(time.AddDays(i))), $"row {i}, time");
            Assert.That(reader.GetString(3), Is.EqualTo(values[i].A is null ? "null" : "text"));
        }

        Assert.That(reader.Read(), Is.False);
    }

    [Test]
    public void A_parameter_not_bound_again_is_null_and_an_equal_text_after_a_number_is_stored_as_text()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER, a ANY, b ANY) STRICT");

        // Each row: the values bound (null: the parameter is not bound at all for that row), and what must be stored.
        var rows = new (object? A, object? B)[]
        {
            ("acct", "open"),
            ("acct", null),
            (null, "open"),
            ("acct", 2.5),
            ("acct", "2.5"),
            (7L, "open"),
            ("acct", "open"),
            ("acct", "open"),
            (2.5, 2.5),
            (2.5, null),
            (3L, 3L),
            (3L, 3.0),
            (At, At),
            (At, Timestamps.Format(At)),
            (At.AddTicks(1), null),
        };
        using (var insert = Statement(connection, "INSERT INTO t VALUES ($n, $a, $b)", "$n", "$a", "$b"))
        {
            for (var i = 0; i < rows.Length; i++)
            {
                insert.Integer(0, i);
                Bind(insert, 1, rows[i].A);
                Bind(insert, 2, rows[i].B);
                insert.Run();
            }

            // A query stepped to its end, then run again without the parameter: NULL matches nothing.
            using var select = Statement(connection, "SELECT count(*) FROM t WHERE a IS $a", "$a");
            Assert.That(select.Text(0, "acct").Next(), Is.True);
            Assert.That(select.GetNullableInteger(0), Is.EqualTo(6));
            Assert.That(select.Next(), Is.False);
            Assert.That(select.Next(), Is.True, "run again without binding: $a is NULL");
            Assert.That(select.GetNullableInteger(0), Is.EqualTo(1), "the one row whose a is NULL");
            select.Reset();
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT a, typeof(a), b, typeof(b) FROM t ORDER BY n";
        using var reader = read.ExecuteReader();
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.That(reader.Read(), Is.True);
            Assert.That(reader.IsDBNull(0) ? null : reader.GetValue(0), Is.EqualTo(Stored(rows[i].A)), $"row {i}, a");
            Assert.That(reader.GetString(1), Is.EqualTo(TypeOf(rows[i].A)), $"row {i}, a's type");
            Assert.That(reader.IsDBNull(2) ? null : reader.GetValue(2), Is.EqualTo(Stored(rows[i].B)), $"row {i}, b");
            Assert.That(reader.GetString(3), Is.EqualTo(TypeOf(rows[i].B)), $"row {i}, b's type");
        }

        Assert.That(reader.Read(), Is.False);
    }

    private static void Bind(RawStatement statement, int parameter, object? value)
    {
        switch (value)
        {
            case string text:
                // A new instance each time: equal texts are told equal by value, not by reference.
                statement.Text(parameter, new string(text.ToCharArray()));
                break;
            case double number:
                statement.Real(parameter, number);
                break;
            case long integer:
                statement.Integer(parameter, integer);
                break;
            case DateTime time:
                statement.Time(parameter, time);
                break;
        }
    }

    private static readonly DateTime At = new(2026, 3, 2, 14, 30, 15, DateTimeKind.Utc);

    private static object? Stored(object? value) => value is DateTime time ? Timestamps.Format(time) : value;

    private static string TypeOf(object? value) => value switch
    {
        string or DateTime => "text",
        double => "real",
        long => "integer",
        _ => "null",
    };

    // The writer passes over an insight row stored so before by the fingerprint made with the row (InsightTable), and a
    // running store's image may hold either kind: the two must agree value for value, kind for kind.
    [Test]
    public void An_insight_rows_fingerprint_made_with_it_is_the_one_a_fingerprinted_statement_gives_its_values()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(a, b, c, d, e)");
        using var insert = Statement(connection, "INSERT INTO t VALUES ($a, $b, $c, $d, $e)", "$a", "$b", "$c", "$d", "$e").Fingerprinted();
        var table = new QuantowerRecorder.Storage.Analysis.InsightTable(["a", "b", "c", "d", "e"], 3);
        table.Add().Text("run").Integer(7L).Real(5000.25).Text(null).Real(null).End();
        table.Add().Text("run").Integer(7L).Real(-0.0).Real(1e-300).Flag(true).End();
        table.Add().Text("").Integer(long.MinValue).Real(double.PositiveInfinity).Text("ŝ ünïcode").Integer(null).End();

        for (var row = 0; row < table.Count; row++)
        {
            var values = table[row];
            for (var i = 0; i < values.Length; i++)
            {
                _ = values[i].Kind switch
                {
                    QuantowerRecorder.Storage.Analysis.CellKind.Text => insert.Text(i, values[i].Text),
                    QuantowerRecorder.Storage.Analysis.CellKind.Integer => insert.Integer(i, values[i].Integer),
                    QuantowerRecorder.Storage.Analysis.CellKind.Real => insert.Real(i, values[i].Real),
                    _ => insert.Text(i, null),
                };
            }

            Assert.That(table.Fingerprint(row), Is.EqualTo(insert.Fingerprint()), $"row {row}");
            insert.Skip();
        }

        Assert.That(Enumerable.Range(0, 3).Select(table.Fingerprint).Distinct().Count(), Is.EqualTo(3));
    }

    // A file of its own holding one table, open on a connection the test disposes.
    [Test]
    public void A_fingerprinted_row_is_told_by_its_values_and_kinds_and_one_skipped_is_not_written()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER, x, y, at TEXT)");
        using var insert = Statement(connection, "INSERT INTO t VALUES ($n, $x, $y, $at)", "$n", "$x", "$y", "$at").Fingerprinted();
        var at = new DateTime(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc);

        ulong Row(Action<RawStatement> give)
        {
            give(insert);
            var fingerprint = insert.Fingerprint();
            insert.Skip();
            return fingerprint;
        }

        var row = Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, 5000.25).Time(3, at));
        Assert.That(Row(s => s.Integer(0, 1).Text(1, new string("ES".ToCharArray())).Real(2, 5000.25).Time(3, at)), Is.EqualTo(row), "equal values, another string");
        var others = new[]
        {
            Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, 5000.5).Time(3, at)),
            Row(s => s.Integer(0, 1).Text(1, "NQ").Real(2, 5000.25).Time(3, at)),
            Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, 5000.25).Time(3, at.AddTicks(1))),
            Row(s => s.Integer(0, 1).Text(1, "ES").Integer(2, 5000).Time(3, at)),
            Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, 5000).Time(3, at)),
            Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, null).Time(3, at)),
            Row(s => s.Integer(0, 1).Text(1, "E").Text(2, "S").Time(3, at)),
            Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, 5000.25)),
            Row(s => s.Integer(0, 1).Real(2, 5000.25).Text(1, "ES").Time(3, at)),
        };
        Assert.That(others.Take(8), Has.None.EqualTo(row), "a value, a kind or a NULL apart");
        Assert.That(others.Take(8).Distinct().Count(), Is.EqualTo(8));
        Assert.That(others[8], Is.EqualTo(row), "given in another order, the same row");
        Assert.That(Row(s => s.Integer(0, 1).Text(1, "ES").Real(2, null).Time(3, at)), Is.EqualTo(Row(s => s.Integer(0, 1).Text(1, "ES").Time(3, at))),
            "a parameter not given is the NULL it will be");

        // Skipped rows write nothing; a row that runs binds what it was given, and NULL where it was given nothing,
        // whatever the skipped rows before it gave.
        insert.Integer(0, 2).Text(1, "skipped").Real(2, 1.5).Time(3, at);
        insert.Skip();
        insert.Integer(0, 3).Text(1, "ES").Time(3, at).Run();
        insert.Integer(0, 4).Real(1, 2.5).Integer(2, 7).Run();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT group_concat(n || ':' || quote(x) || ':' || quote(y) || ':' || quote(at), ' ') FROM (SELECT * FROM t ORDER BY n)";
        Assert.That(read.ExecuteScalar(), Is.EqualTo("3:'ES':NULL:'2026-03-02T14:30:00.0000000Z' 4:2.5:7:NULL"));
    }

    [Test]
    public void Columns_are_read_back_as_stored_texts_numbers_times_and_nulls()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER, s TEXT, r REAL, i INTEGER, at TEXT)");
        var at = new DateTime(2026, 3, 2, 14, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        var texts = new[] { "ES", string.Empty, "Überweisung € 😀 中文", new string('x', 3000), null };
        using (var insert = Statement(connection, "INSERT INTO t VALUES ($n, $s, $r, $i, $at)", "$n", "$s", "$r", "$i", "$at"))
        {
            for (var n = 0; n < texts.Length; n++)
            {
                insert.Integer(0, n).Text(1, texts[n]).Real(2, n == 4 ? null : n + 0.25).Integer(3, n == 4 ? null : long.MaxValue - n)
                    .Time(4, at.AddDays(n)).Run();
            }
        }

        using var select = Statement(connection, "SELECT s, r, i, at, n FROM t WHERE n >= $from ORDER BY n", "$from");
        select.Integer(0, 0);
        for (var n = 0; n < texts.Length; n++)
        {
            Assert.That(select.Next(), Is.True, $"row {n}");
            Assert.That(select.GetString(0), Is.EqualTo(texts[n]), $"row {n}: text (an empty one is not NULL)");
            Assert.That(select.GetNullableDouble(1), Is.EqualTo(n == 4 ? null : n + 0.25), $"row {n}: real");
            Assert.That(select.GetDouble(1), Is.EqualTo(n == 4 ? 0 : n + 0.25), $"row {n}: real, NULL read as 0");
            Assert.That(select.GetNullableInteger(2), Is.EqualTo(n == 4 ? null : long.MaxValue - n), $"row {n}: integer");
            Assert.That(select.GetTime(3), Is.EqualTo(at.AddDays(n)), $"row {n}: time");
        }

        Assert.That(select.Next(), Is.False);
        Assert.That(select.Integer(0, 3).Next(), Is.True, "bound again after its end, it runs again");
        Assert.That(select.GetNullableInteger(4), Is.EqualTo(3));
        select.Reset();
    }

    [Test]
    public void A_failed_step_is_an_SqliteException_with_SQLites_codes_and_the_statement_runs_again_after_it()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(n INTEGER PRIMARY KEY, s TEXT NOT NULL)");
        using var insert = Statement(connection, "INSERT INTO t VALUES ($n, $s)", "$n", "$s");
        Assert.That(insert.Integer(0, 1).Text(1, "a").Run(), Is.EqualTo(1), "one row changed");
        var duplicate = Assert.Throws<SqliteException>(() => insert.Integer(0, 1).Text(1, "b").Run());
        Assert.That(duplicate!.SqliteErrorCode, Is.EqualTo(19), "SQLITE_CONSTRAINT");
        Assert.That(duplicate.SqliteExtendedErrorCode, Is.EqualTo(1555), "SQLITE_CONSTRAINT_PRIMARYKEY");
        Assert.That(duplicate.Message, Does.Contain("UNIQUE constraint failed: t.n"));
        var missing = Assert.Throws<SqliteException>(() => insert.Integer(0, 2).Run());
        Assert.That(missing!.SqliteExtendedErrorCode, Is.EqualTo(1299), "SQLITE_CONSTRAINT_NOTNULL: $s not bound again is NULL");
        Assert.That(insert.Integer(0, 2).Text(1, "c").Run(), Is.EqualTo(1));
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT group_concat(n || s, ',') FROM t";
        Assert.That(count.ExecuteScalar(), Is.EqualTo("1a,2c"));
    }

    // A statement that calls SQLite the way the fixture tests.
    private RawStatement Statement(SqliteConnection connection, string sql, params string[] names)
    {
        var statement = new RawStatement(connection, sql, names);
        return direct ? statement : statement.ThroughProvider();
    }
}
