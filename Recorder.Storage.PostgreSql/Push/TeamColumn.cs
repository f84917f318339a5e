using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>A column of a team table as the catalog has it, with the type its binary COPY writes.</summary>
internal sealed record TeamColumn(string Name, NpgsqlDbType Type)
{
    /// <summary>The table's columns in order, without identity columns (the team's own row ids: source ids mean nothing across files).</summary>
    public static List<TeamColumn> Read(NpgsqlConnection connection, string table) => connection.Query<(string Name, string DataType)>("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @t AND is_identity = 'NO' ORDER BY ordinal_position
            """, new { t = table }).Select(c => new TeamColumn(c.Name, FromCatalog(c.DataType))).ToList();

    private static NpgsqlDbType FromCatalog(string dataType) => dataType switch
    {
        "text" => NpgsqlDbType.Text,
        "jsonb" => NpgsqlDbType.Jsonb,
        "double precision" => NpgsqlDbType.Double,
        "bigint" => NpgsqlDbType.Bigint,
        _ => throw new InvalidOperationException($"team schema column type {dataType} has no copy rule"),
    };
}
