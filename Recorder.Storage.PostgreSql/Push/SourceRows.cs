using System.Data;
using Dapper;
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
    public long Copy(TeamMergeSql table, List<RunWork> chunk, HashSet<string> since, HashSet<string> sameAnalysis, bool direct = false)
    {
        long rows = 0;
        using var importer = connection.BeginBinaryImport(direct ? table.CopyDirect : table.Copy);
        foreach (var item in chunk)
        {
            var incremental = since.Contains(item.Run.RunId);
            if (incremental && table.Table.Derived && sameAnalysis.Contains(item.Run.RunId))
            {
                continue;
            }

            var select = incremental && table.ChangedSelect is not null ? table.ChangedSelect : table.SourceSelect;
            // $after and $last are the raw log's and the changed rows': Dapper binds only what the statement names.
            using var reader = source.Connection.ExecuteReader(select, new
            {
                run = item.Run.RunId, after = item.After, last = item.Run.LastEventId,
            });
            rows += Write(importer, Each(reader), table, direct ? null : item.Run.RunId);
        }

        importer.Complete();
        return rows;
    }

    // runId: the run a staged row is sent for (its _run_id column); null for a row copied into the table itself.
    // rows: the source's reader, at each of its rows in turn.
    internal static long Write(NpgsqlBinaryImporter importer, IEnumerable<IDataRecord> rows, TeamMergeSql table, string? runId)
    {
        long written = 0;
        foreach (var reader in rows)
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

            written++;
        }

        return written;
    }

    /// <summary>The reader at each of its rows in turn, to be read where it is taken, until the next one is.</summary>
    internal static IEnumerable<IDataRecord> Each(IDataReader reader)
    {
        while (reader.Read())
        {
            yield return reader;
        }
    }
}
