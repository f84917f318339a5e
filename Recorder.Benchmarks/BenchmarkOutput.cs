using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>What every benchmark shares: a scratch folder, the JSON it prints, positional prepared commands.</summary>
internal static class BenchmarkOutput
{
    /// <summary>Runs <paramref name="body"/> in <paramref name="directory"/> (or a temporary folder, removed after).</summary>
    public static int InFolder(string? directory, string prefix, Func<string, int> body)
    {
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
