using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// Reads a chunk's rows from the source file and copies them into the staging tables (binary COPY), each row tagged
/// with the run it is sent for.
/// </summary>
internal sealed class SourceRows(NpgsqlConnection connection, SourceFile source)
{
    /// <summary>
    /// A table's rows of every run of the chunk: all of them, or for a run the team holds as this file had it at the
    /// mark (<paramref name="since"/>) the ones that can have changed after it (derived rows only when the analysis did).
    /// </summary>
    /// <param name="direct">Into the table itself rather than its stage (rows of runs new to the team).</param>
    public long Copy(MergeSql table, List<RunWork> chunk, HashSet<string> since, HashSet<string> sameAnalysis, bool direct = false)
    {
        long rows = 0;
        using var importer = connection.BeginBinaryImport(direct ? table.CopyDirect : table.Copy);
        using var whole = Select(table.SourceSelect);
        using var changed = table.ChangedSelect is null ? null : Select(table.ChangedSelect);
        foreach (var item in chunk)
        {
            var incremental = since.Contains(item.Run.RunId);
            if (incremental && table.Table.Derived && sameAnalysis.Contains(item.Run.RunId))
            {
                continue;
            }

            var select = incremental && changed is not null ? changed : whole;
            Bind(select, "$run", item.Run.RunId);
            Bind(select, "$after", item.After);
            Bind(select, "$last", item.Run.LastEventId);
            rows += Write(importer, select, table, direct ? null : item.Run.RunId);
        }

        importer.Complete();
        return rows;
    }

    // runId: the run a staged row is sent for (its _run_id column); null for a row copied into the table itself.
    internal static long Write(NpgsqlBinaryImporter importer, SqliteCommand select, MergeSql table, string? runId)
    {
        long rows = 0;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            importer.StartRow();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (reader.IsDBNull(i))
                {
                    importer.WriteNull();
                    continue;
                }

                var type = table.Columns[i].Type;
                switch (type)
                {
                    case NpgsqlDbType.Double:
                        importer.Write(reader.GetDouble(i), type);
                        break;
                    case NpgsqlDbType.Bigint:
                        importer.Write(reader.GetInt64(i), type);
                        break;
                    default:
                        importer.Write(reader.GetString(i), type);
                        break;
                }
            }

            if (runId is not null)
            {
                importer.Write(runId, NpgsqlDbType.Text);
            }

            rows++;
        }

        return rows;
    }

    private SqliteCommand Select(string sql)
    {
        var select = source.Connection.CreateCommand();
        select.CommandText = sql;
        return select;
    }

    // Binds only the parameters the statement names ($after and $last are the raw log's and the changed rows').
    private static void Bind(SqliteCommand select, string name, object value)
    {
        if (!select.CommandText.Contains(name, StringComparison.Ordinal))
        {
            return;
        }

        if (select.Parameters.Contains(name))
        {
            select.Parameters[name].Value = value;
        }
        else
        {
            select.Parameters.AddWithValue(name, value);
        }
    }
}
