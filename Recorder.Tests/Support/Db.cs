using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Reads a database file with a separate connection, as DB Browser or the CLI would.</summary>
internal static class Db
{
    public static SqliteConnection Read(string path) => DatabaseFile.OpenForReading(path);

    /// <summary>A plain connection on a new file (no schema of the recorder's) holding the one table <paramref name="create"/> makes.</summary>
    public static SqliteConnection WithTable(TempDatabase db, string create)
    {
        var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        connection.Execute(create);
        return connection;
    }

    public static T Scalar<T>(string path, string sql, object? args = null)
    {
        using var connection = Read(path);
        return connection.ExecuteScalar<T>(sql, args)!;
    }

    public static List<T> Query<T>(string path, string sql, object? args = null)
    {
        using var connection = Read(path);
        return connection.Query<T>(sql, args).ToList();
    }

    /// <summary>Every row of a table as text, in a stable order, for comparing two files.</summary>
    public static List<string> Dump(string path, string table, string orderBy)
    {
        using var connection = Read(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY {orderBy}";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values[i] = reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
            }

            rows.Add(string.Join("|", values));
        }

        return rows;
    }
}
