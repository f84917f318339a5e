using NpgsqlTypes;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>A column of a team table as the catalog has it, with the type its binary COPY writes.</summary>
internal sealed record TeamColumn(string Name, NpgsqlDbType Type)
{
    public static NpgsqlDbType FromCatalog(string dataType) => dataType switch
    {
        "text" => NpgsqlDbType.Text,
        "jsonb" => NpgsqlDbType.Jsonb,
        "double precision" => NpgsqlDbType.Double,
        "bigint" => NpgsqlDbType.Bigint,
        _ => throw new InvalidOperationException($"team schema column type {dataType} has no copy rule"),
    };
}
