using System.Data.Common;
using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// A statement's rows as <see cref="StoredTable"/>s, every column as the store gives it (a jsonb column in the file's
/// canonical text, through <see cref="PostgreSql.TeamConnection"/>): what the export and the tables of a whole store
/// are read as, whatever their columns.
/// </summary>
internal static class StoredTables
{
    public static StoredTable Read(DbConnection connection, string sql, object? parameters = null) =>
        InBatches(connection, sql, int.MaxValue, parameters).Single();

    /// <summary>
    /// The statement's rows in tables of at most <paramref name="rows"/> rows, read as they are taken; at least one,
    /// empty when there are no rows, so the columns are always known.
    /// </summary>
    public static IEnumerable<StoredTable> InBatches(DbConnection connection, string sql, int rows, object? parameters = null)
    {
        using var reader = connection.ExecuteReader(sql, parameters);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var batch = new List<IReadOnlyList<object?>>();
        var any = false;
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                // One call per value: GetValue answers a NULL with DBNull.
                var value = reader.GetValue(i);
                row[i] = value is DBNull ? null : value;
            }

            batch.Add(row);
            if (batch.Count == rows)
            {
                any = true;
                yield return new StoredTable(columns, batch);
                batch = [];
            }
        }

        if (batch.Count > 0 || !any)
        {
            yield return new StoredTable(columns, batch);
        }
    }
}
