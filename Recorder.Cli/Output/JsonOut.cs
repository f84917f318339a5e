using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Output;

/// <summary>A table's rows as JSON (export --format json), written by the contract's serializer like every record.</summary>
internal static class JsonOut
{
    /// <summary>Rows as objects under their column names; a number JSON cannot hold is null.</summary>
    public static void Rows(TextWriter writer, StoredTable rows) =>
        ContractJson.Write(writer, rows.Rows.Select(row => rows.Columns.Select((name, i) => (name, value: row[i])).ToDictionary(c => c.name, c => c.value)));
}
