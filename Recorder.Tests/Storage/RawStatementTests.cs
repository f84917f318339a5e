using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The hot tables' statement binds text as UTF-8 and keeps the bytes of the last short string per parameter (a long
/// one goes through a pooled buffer): whatever is bound row after row (the same string, another one, longer, shorter,
/// past the kept size, not ASCII) is stored exactly.
/// </summary>
[TestFixture]
public sealed class RawStatementTests
{
    [Test]
    public void Text_and_times_are_stored_exactly_whatever_was_bound_before()
    {
        using var db = new TempDatabase();
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t(n INTEGER, a TEXT, b TEXT, at TEXT)";
            create.ExecuteNonQuery();
        }

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
        using (var insert = new RawStatement(connection, "INSERT INTO t VALUES ($n, $a, $b, $at)", "$n", "$a", "$b", "$at"))
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
}
