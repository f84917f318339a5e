using Npgsql;
using NpgsqlTypes;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>A column of a team table as the catalog has it, with the type its binary COPY writes.</summary>
internal sealed record TeamColumn(string Name, NpgsqlDbType Type)
{
    /// <summary>The table's columns in order, without identity columns (the team's own row ids: source ids mean nothing across files).</summary>
    public static List<TeamColumn> Read(NpgsqlConnection connection, string table) => Rows.Query(connection, """
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @t AND is_identity = 'NO' ORDER BY ordinal_position
            """,
        r => new TeamColumn(r.GetString(0), FromCatalog(r.GetString(1))), ("@t", table));

    private static NpgsqlDbType FromCatalog(string dataType) => dataType switch
    {
        "text" => NpgsqlDbType.Text,
        "jsonb" => NpgsqlDbType.Jsonb,
        "double precision" => NpgsqlDbType.Double,
        "bigint" => NpgsqlDbType.Bigint,
        _ => throw new InvalidOperationException($"team schema column type {dataType} has no copy rule"),
    };
}
