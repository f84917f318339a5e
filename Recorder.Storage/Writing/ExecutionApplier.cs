using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The executions table: a fill is stored once; the same fill again is a repeat, a different one under the same id
/// is refused with what differs. The row and its raw-log entry are written together. Owns its prepared commands
/// (docs/decisions.md, 20).
/// </summary>
internal sealed class ExecutionApplier(SqliteConnection connection, IngestLog ingest) : IDisposable
{
    private readonly NamedStatement<Column> insert = new(connection, Statements.InsertExecution);

    private readonly NamedStatement<Key> select = new(connection, Statements.SelectExecution);

    public ApplyResult Apply(Envelope envelope, ExecutionRecorded x, RunState run)
    {
        // Its key first: a fill stored before is a repeat, or a different fill under the same id, refused with what differs.
        // A run started by this writer looks only where the id was stored through it.
        if ((!run.StartedHere || run.Executions.Contains(x.ExecutionId))
            && select.Text(Key.RunId, x.RunId).Text(Key.ExecutionId, x.ExecutionId).Next())
        {
            string? difference;
            // Reset whatever happens while the row is read: the statement lives as long as the connection.
            try
            {
                difference = Differences(select.Row, x);
            }
            finally
            {
                select.Reset();
            }

            return difference is null
                ? ApplyResult.Repeat
                : throw new Rejection($"execution {x.ExecutionId} was already recorded with different content ({difference})");
        }

        var impact = x.PositionImpact ?? run.Positions.Infer(x.Symbol, x.AccountId, x.Side, x.Quantity);
        insert.Text(Column.RunId, x.RunId).Text(Column.ExecutionId, x.ExecutionId)
            .Text(Column.OrderId, x.OrderId).Time(Column.ExecUtc, x.EventUtc).Real(Column.Price, x.Price)
            .Real(Column.Quantity, x.Quantity).Real(Column.Fee, x.Fee).Text(Column.FeeCurrency, x.FeeCurrency)
            .Text(Column.Liquidity, x.Liquidity).Text(Column.ExtraJson, x.ExtraJson).Text(Column.Symbol, x.Symbol)
            .Text(Column.AccountId, x.AccountId).Text(Column.Side, StoredText.SideCode(x.Side))
            .Text(Column.PositionImpact, StoredText.Impact(impact)).Run();
        run.Positions.Apply(x.Symbol, x.AccountId, x.Side, x.Quantity, impact);
        if (run.StartedHere)
        {
            run.Executions.Add(x.ExecutionId);
        }

        // Nothing compares a fill's payload: it is serialized straight into the row's bytes.
        ingest.Append(envelope, ingest.Serialize(x), run);
        return ApplyResult.Applied;
    }

    private static string? Differences(RawStatement row, ExecutionRecorded x)
    {
        var differences = new List<string>();
        void Compare(string name, object? stored, object? incoming)
        {
            if (!Equals(stored, incoming))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {stored ?? "null"} → {incoming ?? "null"}"));
            }
        }

        Compare("order", row.GetString(0), x.OrderId);
        Compare("time", row.GetString(1), Timestamps.Format(x.EventUtc));
        Compare("price", row.GetDouble(2), x.Price);
        Compare("quantity", row.GetDouble(3), x.Quantity);
        Compare("fee", row.GetNullableDouble(4), x.Fee);
        Compare("symbol", row.GetString(5), x.Symbol);
        Compare("account", row.GetString(6), x.AccountId);
        Compare("side", row.GetString(7), StoredText.SideCode(x.Side));
        return differences.Count == 0 ? null : string.Join(", ", differences);
    }

    public void Dispose()
    {
        insert.Dispose();
        select.Dispose();
    }

    /// <summary>The parameters of <see cref="Statements.InsertExecution"/>, checked against it at prepare time.</summary>
    private enum Column
    {
        RunId, ExecutionId, OrderId, ExecUtc, Price, Quantity, Fee, FeeCurrency, Liquidity, ExtraJson, Symbol,
        AccountId, Side, PositionImpact,
    }

    /// <summary>The parameters of <see cref="Statements.SelectExecution"/>.</summary>
    private enum Key
    {
        RunId, ExecutionId,
    }
}
