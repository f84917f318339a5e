using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Tests.Cli.Parquet;

/// <summary>
/// Reads Parquet back with DuckDB in-process, as a notebook does, and compares it with the SQLite rows: same rows in
/// the same order, NULLs where SQLite has them, times to the tick, text byte for byte.
/// </summary>
internal static class Duck
{
    public static List<object?[]> Rows(string sql, out List<string> columns)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static object? Scalar(string sql) => Rows(sql, out _).Single()[0];

    /// <summary>Column name → DuckDB type, from DESCRIBE.</summary>
    public static Dictionary<string, string> Types(string file) =>
        Rows($"DESCRIBE SELECT * FROM read_parquet('{file}')", out _).ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);

    public static List<object?[]> Sqlite(string path, string sql, string runId, out List<string> columns)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", runId);
        using var reader = command.ExecuteReader();
        columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// What an export of <paramref name="what"/> (ParquetExportTests.Tables) should hold for the run, read from the
    /// file: the table's rows, except equity, whose stored rows fold flat strides (docs/metrics.md) and which every
    /// export writes point by point.
    /// </summary>
    public static List<object?[]> Expected(string path, string what, string runId, out List<string> columns)
    {
        if (what != "equity")
        {
            return Sqlite(path, ParquetExportTests.Tables[what].Sqlite, runId, out columns);
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        var stored = Convert.ToInt64(Sqlite(path, "SELECT count(*) FROM run_equity WHERE run_id = @id", runId, out _).Single()[0], CultureInfo.InvariantCulture);
        var points = QuantowerRecorder.Storage.Analysis.EquityStrides.Read(connection, runId);
        Assert.That(points, Has.Count.GreaterThan(stored), "the demo run's curve has folded strides, so unfolding is compared too");
        columns = ["run_id", "seq", "ts_utc", "equity", "drawdown", "drawdown_pct"];
        return points.Select(p => new object?[] { runId, p.Seq, p.TsUtc, p.Equity, p.Drawdown, p.DrawdownPct }).ToList();
    }

    /// <summary>
    /// Every column the Parquet rows share with the SQLite rows is equal, row for row; returns how many values were
    /// compared (so a test can say it compared something).
    /// </summary>
    public static int AssertSame(List<string> sqliteColumns, List<object?[]> sqliteRows, List<string> parquetColumns, List<object?[]> parquetRows)
    {
        Assert.That(parquetRows, Has.Count.EqualTo(sqliteRows.Count), "row count");
        var compared = 0;
        foreach (var column in parquetColumns.Where(sqliteColumns.Contains))
        {
            var p = parquetColumns.IndexOf(column);
            var s = sqliteColumns.IndexOf(column);
            for (var r = 0; r < sqliteRows.Count; r++)
            {
                var expected = sqliteRows[r][s];
                var actual = parquetRows[r][p];
                if (column.EndsWith("_json", StringComparison.Ordinal) && expected is string e && actual is string a)
                {
                    // The team store keeps JSON as jsonb, which orders keys its own way: the same document, other text.
                    Assert.That(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(e)), Is.True, $"row {r}, column {column}: {a} vs {e}");
                }
                else
                {
                    Assert.That(Text(actual, column), Is.EqualTo(Text(expected, column)), $"row {r}, column {column}");
                }

                compared++;
            }
        }

        return compared;
    }

    // Times compare as the stored fixed-width text (all seven fractional digits); numbers by their exact value.
    private static string? Text(object? value, string column) => value switch
    {
        null => null,
        DateTime t => Timestamps.Format(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        DateTimeOffset t => Timestamps.Format(t.UtcDateTime),
        string s when column.EndsWith("_utc", StringComparison.Ordinal) => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
