using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

/// <summary>
/// How Storage maps a file's rows through Dapper (Queries/Sql/DapperMapping.cs): by name, and from whatever each row
/// holds, since SQLite types a value, not a column.
/// </summary>
public sealed class DapperMappingTests
{
    [Test]
    public void A_computed_column_that_holds_an_integer_then_a_real_reads_each_row_as_stored()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);

        var rows = connection.Query<Point>("""
            SELECT 1 AS seq, 0 AS drawdown_pct UNION ALL SELECT 2, 1.5 UNION ALL SELECT 3, NULL UNION ALL SELECT 4, 7
            """).ToList();

        Assert.That(rows.Select(r => r.Seq), Is.EqualTo(new long[] { 1, 2, 3, 4 }), "snake_case columns find their properties");
        Assert.That(rows.Select(r => r.DrawdownPct), Is.EqualTo(new double?[] { 0, 1.5, null, 7 }));
    }

    [Test]
    public void A_real_read_as_an_integer_is_truncated_as_SQLite_truncates_it()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);

        var read = connection.Query<Whole>("SELECT 5 AS value UNION ALL SELECT 2.7 UNION ALL SELECT -2.7").Select(r => r.Value).ToList();
        var sqlite = connection.Query<long>("SELECT CAST(5 AS INTEGER) UNION ALL SELECT CAST(2.7 AS INTEGER) UNION ALL SELECT CAST(-2.7 AS INTEGER)").ToList();

        Assert.That(read, Is.EqualTo(sqlite).And.EqualTo(new long[] { 5, 2, -2 }));
    }

    [Test]
    public void A_flag_is_a_non_zero_integer_or_the_text_true()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);

        var flags = connection.Query<Flag>("""
            SELECT 1 AS is_set UNION ALL SELECT 0 UNION ALL SELECT 2 UNION ALL SELECT 'true' UNION ALL SELECT 'false' UNION ALL SELECT NULL
            """).Select(r => r.IsSet).ToList();

        Assert.That(flags, Is.EqualTo(new bool?[] { true, false, true, true, false, null }));
    }

    private sealed record Point
    {
        public long Seq { get; init; }

        public double? DrawdownPct { get; init; }
    }

    private sealed record Whole
    {
        public long Value { get; init; }
    }

    private sealed record Flag
    {
        public bool? IsSet { get; init; }
    }
}
