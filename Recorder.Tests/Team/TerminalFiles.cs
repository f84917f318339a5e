using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>Recorder files as terminals make them: real runs recorded through RecorderSession.</summary>
internal static class TerminalFiles
{
    /// <summary>Records complete runs (strategy, orders, fills, bars, end) into a file; returns their ids.</summary>
    public static List<string> Record(string path, int runs, int tradesPerRun = 3, int barsPerRun = 20, string strategy = "Terminal strategy")
    {
        var ids = new List<string>();
        using var session = RecorderSession.Open(path);
        for (var r = 0; r < runs; r++)
        {
            var s = new Scenario(strategy: strategy + " " + (r % 2));
            ids.Add(s.RunId);
            foreach (var e in s.Start())
            {
                session.Record(e);
            }

            for (var b = 0; b < barsPerRun; b++)
            {
                session.Record(s.Bar(b, close: 5000 + b));
            }

            for (var t = 0; t < tradesPerRun; t++)
            {
                var at = 10 + t * 100;
                session.Record(s.Order($"O{t}a", Side.Buy, 1, "FILLED", at: at, filled: 1));
                session.Record(s.Fill($"X{t}a", $"O{t}a", Side.Buy, 1, price: 5000 + t, at: at + 1));
                session.Record(s.Order($"O{t}b", Side.Sell, 1, "FILLED", at: at + 50, filled: 1));
                session.Record(s.Fill($"X{t}b", $"O{t}b", Side.Sell, 1, price: 5002 + t, at: at + 51));
            }

            session.Record(s.End());
        }

        session.Close(TimeSpan.FromSeconds(30));
        // Trades, equity, execution quality and metrics, as `recorder analyze` stores them.
        var analyze = QuantowerRecorder.Tests.Cli.Cli.Run(Path.GetDirectoryName(path)!, "analyze", "--all", "--db", path);
        if (analyze.ExitCode != 0)
        {
            throw new InvalidOperationException("analyze failed: " + analyze);
        }

        return ids;
    }

    /// <summary>A copy of a closed file, as another machine would have it.</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    public static long Count(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public static void Write(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Rows of a table as sorted text lines (invariant culture), for comparing SQLite with PostgreSQL.</summary>
    public static List<string> Lines(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            lines.Add(string.Join("|", values));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
