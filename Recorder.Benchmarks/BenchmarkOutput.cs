using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>What every benchmark shares: a scratch folder, timing, the JSON it prints, positional prepared commands.</summary>
internal static class BenchmarkOutput
{
    /// <summary>
    /// Runs <paramref name="body"/> in <paramref name="directory"/> (or a temporary folder, removed after). A folder given
    /// that already holds database files is refused (exit code 2): a benchmark would record beside an earlier run's runs,
    /// or stop half-way on a file it creates, and what it measured would not be what it says.
    /// </summary>
    public static int InFolder(string? directory, string prefix, Func<string, int> body)
    {
        if (directory is not null && Directory.Exists(directory)
            && Directory.EnumerateFiles(directory, "*.db*").Select(Path.GetFileName).Order(StringComparer.Ordinal).FirstOrDefault() is { } earlier)
        {
            Console.Error.WriteLine($"--dir {directory} already holds database files ({earlier}…), from an earlier run: give an empty or new folder.");
            return 2;
        }

        var dir = directory ?? Path.Combine(Path.GetTempPath(), prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            return body(dir);
        }
        finally
        {
            if (directory is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>A figure to the millisecond, or what a platform that cannot measure it says (<see cref="ThreadCpu"/>).</summary>
    public static object Rounded(double? value) => value is { } v ? Math.Round(v, 3) : "not measured on this platform";

    /// <summary>Prints the result as JSON on stdout, and into <paramref name="jsonPath"/> when given.</summary>
    public static int Report(SortedDictionary<string, object> result, string? jsonPath)
    {
        var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
        Console.Out.WriteLine(json);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, json);
        }

        return 0;
    }

    /// <summary>The seconds <paramref name="action"/> takes.</summary>
    public static double Seconds(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The nearest-rank <paramref name="q"/>-quantile of sorted values; <paramref name="empty"/> when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q, double empty) =>
        sorted.Count == 0 ? empty : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>The bytes a database file takes on disk, with any WAL and shared-memory file left beside it.</summary>
    public static long FileBytes(string path) =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>The first value of a query, as invariant text.</summary>
    public static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A command with parameters $1..$n, prepared once and run many times.</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, int count, SqliteTransaction? tx = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 1; i <= count; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$" + i.ToString(CultureInfo.InvariantCulture) });
        }

        return command;
    }

    public static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
