using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The executions table: a fill is stored once; the same fill again is a repeat, a different one under the same id
/// is refused with what differs. Owns its prepared commands (STYLE.md §4).
/// </summary>
internal sealed class ExecutionApplier(SqliteConnection connection) : IDisposable
{
    private readonly RawStatement insert = new(connection, Statements.InsertExecution, "$run", "$exec", "$order",
        "$time", "$price", "$qty", "$fee", "$feeCcy", "$liq", "$extra", "$symbol", "$account", "$side", "$impact");

    private readonly PreparedCommand select = new(connection, Statements.SelectExecution, "$run", "$exec");

    public ApplyResult Apply(HotOp op, ExecutionRecorded x)
    {
        var run = op.Run;
        var impact = x.PositionImpact ?? run.Positions.Infer(x.Symbol, x.AccountId, x.Side, x.Quantity);
        var inserted = insert.Text(0, x.RunId).Text(1, x.ExecutionId).Text(2, x.OrderId).Time(3, x.EventUtc)
            .Real(4, x.Price).Real(5, x.Quantity).Real(6, x.Fee).Text(7, x.FeeCurrency).Text(8, x.Liquidity)
            .Text(9, x.ExtraJson).Text(10, x.Symbol).Text(11, x.AccountId).Text(12, StoredText.SideCode(x.Side))
            .Text(13, StoredText.Impact(impact)).Run();
        if (inserted == 1)
        {
            run.Positions.Apply(x.Symbol, x.AccountId, x.Side, x.Quantity);
            return ApplyResult.Applied;
        }

        return DescribeDifference(x) is { } difference
            ? throw new Rejection($"execution {x.ExecutionId} was already recorded with different content ({difference})")
            : ApplyResult.Repeat;
    }

    private string? DescribeDifference(ExecutionRecorded x)
    {
        using var reader = select.Reader(x.RunId, x.ExecutionId);
        if (!reader.Read())
        {
            return "stored row not found";
        }

        var differences = new List<string>();
        void Compare(string name, object? stored, object? incoming)
        {
            if (!Equals(stored, incoming))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {stored ?? "null"} → {incoming ?? "null"}"));
            }
        }

        Compare("order", reader.GetString(0), x.OrderId);
        Compare("time", reader.GetString(1), Timestamps.Format(x.EventUtc));
        Compare("price", reader.GetDouble(2), x.Price);
        Compare("quantity", reader.GetDouble(3), x.Quantity);
        Compare("fee", reader.IsDBNull(4) ? null : reader.GetDouble(4), x.Fee);
        Compare("symbol", reader.IsDBNull(5) ? null : reader.GetString(5), x.Symbol);
        Compare("account", reader.IsDBNull(6) ? null : reader.GetString(6), x.AccountId);
        Compare("side", reader.IsDBNull(7) ? null : reader.GetString(7), StoredText.SideCode(x.Side));
        return differences.Count == 0 ? null : string.Join(", ", differences);
    }

    public void Dispose()
    {
        insert.Dispose();
        select.Dispose();
    }
}
