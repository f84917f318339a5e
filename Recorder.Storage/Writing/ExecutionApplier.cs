using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The executions table: a fill is stored once; the same fill again is a repeat, a different one under the same id
/// is refused with what differs. The row and its raw-log entry are written together. Owns its prepared commands
/// (docs/decisions.md, 20). Its rows are held and inserted several at a time (<see cref="HeldRows{TParam, TRow}"/>):
/// in the file before its own look-up reads the table and before the batch commits (<see cref="Flush"/>). The only
/// other reader in a batch, a run's positions loaded again (<see cref="WriterState"/>), reads a run not in memory, whose
/// fills none of the rows held can be: a run is forgotten only with its batch rolled back (<see cref="Drop"/>).
/// </summary>
internal sealed class ExecutionApplier(SqliteConnection connection, IngestLog ingest) : IDisposable
{
    private readonly HeldRows<Column, Fill> rows = new(connection, Statements.InsertExecution, Bind);

    private readonly NamedStatement<Key> select = new(connection, Statements.SelectExecution);

    public ApplyResult Apply(Envelope envelope, ExecutionRecorded x, RunState run)
    {
        // Its key first: a fill stored before is a repeat, or a different fill under the same id, refused with what differs.
        // A run started by this writer looks only where the id was stored through it.
        if ((!run.StartedHere || run.Executions.Contains(x.ExecutionId))
            && Flushed() && select.Text(Key.RunId, x.RunId).Text(Key.ExecutionId, x.ExecutionId).Next())
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
        rows.Add() = new Fill(x, impact);
        run.Positions.Apply(x.Symbol, x.AccountId, x.Side, x.Quantity, impact);
        if (run.StartedHere)
        {
            run.Executions.Add(x.ExecutionId);
        }

        // Nothing compares a fill's payload: it is serialized straight into the row's bytes.
        ingest.Append(envelope, ingest.Serialize(x), run);
        return ApplyResult.Applied;
    }

    /// <summary>The fills held go into the file.</summary>
    public void Flush() => rows.Flush();

    /// <summary>The batch rolled back: the fills held are forgotten with it.</summary>
    public void Drop() => rows.Drop();

    private bool Flushed()
    {
        rows.Flush();
        return true;
    }

    private static void Bind(RawStatement statement, int first, ref Fill row)
    {
        var x = row.Execution;
        statement.Text(first + (int)Column.RunId, x.RunId).Text(first + (int)Column.ExecutionId, x.ExecutionId)
            .Text(first + (int)Column.OrderId, x.OrderId).Time(first + (int)Column.ExecUtc, x.EventUtc).Real(first + (int)Column.Price, x.Price)
            .Real(first + (int)Column.Quantity, x.Quantity).Real(first + (int)Column.Fee, x.Fee).Text(first + (int)Column.FeeCurrency, x.FeeCurrency)
            .Text(first + (int)Column.Liquidity, x.Liquidity).Text(first + (int)Column.ExtraJson, x.ExtraJson).Text(first + (int)Column.Symbol, x.Symbol)
            .Text(first + (int)Column.AccountId, x.AccountId).Text(first + (int)Column.Side, StoredText.SideCode(x.Side))
            .Text(first + (int)Column.PositionImpact, StoredText.Impact(row.Impact));
    }

    // A fill held: the event and the position impact it is stored with.
    private readonly record struct Fill(ExecutionRecorded Execution, PositionImpact Impact);

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
        rows.Dispose();
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
