using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A new order's row is held (<see cref="HeldRows{TParam, TRow}"/>) until the batch commits or reads the table, and a
/// later state of a held order is written into the held row by the very rules its UPDATE would apply in SQL: an order
/// opened and filled within a batch is one insert, not an insert and an update that rewrites its row and its status
/// index. No row is held for an order the file may already have (only one this writer never wrote, in a run it started
/// or whose rows it looked up), so a held row is always a plain insert. The same rows and ids as one state at a time
/// (<c>HeldRowsTests</c>).
/// </summary>
internal sealed partial class OrderApplier
{
    private readonly Dictionary<(string Run, string Order), Row> heldByOrder = [];

    /// <summary>The orders held go into the file.</summary>
    public void Flush()
    {
        if (heldByOrder.Count > 0)
        {
            rows.Flush();
            heldByOrder.Clear();
        }
    }

    /// <summary>The batch rolled back: the orders held are forgotten with it.</summary>
    public void Drop()
    {
        rows.Drop();
        heldByOrder.Clear();
    }

    private void Hold(OrderSnapshot o, RunState run, PositionImpact impact, DateTime submitted, long seq)
    {
        if (heldByOrder.Count == HeldRows.Rows)
        {
            Flush();
        }

        var row = new Row
        {
            RunId = o.RunId, StrategyId = o.StrategyId ?? run.StrategyId, OrderId = o.OrderId, ParentOrderId = o.ParentOrderId,
            Symbol = o.Symbol, AccountId = o.AccountId, Side = StoredText.SideCode(o.Side), OrderType = o.OrderType, Tif = o.TimeInForce,
            Quantity = o.Quantity, Price = o.Price, StopPrice = o.StopPrice, Status = o.Status, SubmitUtc = Timestamps.ToUtc(submitted),
            UpdateUtc = Timestamps.ToUtc(o.EventUtc), ClientTag = o.ClientTag, PositionImpact = StoredText.Impact(impact), ExtraJson = o.ExtraJson,
            LastSequence = seq, FilledQuantity = o.FilledQuantity, AvgFillPrice = o.AverageFillPrice,
        };
        rows.Add() = row;
        heldByOrder[(o.RunId, o.OrderId)] = row;
    }

    // A later state of a held order, by the UPDATE's rules (UpdateOrder). False when the order is not held, and when the
    // state needs the upsert's update (another symbol, an earlier submission): that one the file applies, once the rows
    // held are in it, for its conflict uses up an AUTOINCREMENT id as it would one state at a time.
    private bool UpdateHeld(OrderSnapshot o, RunState run, PositionImpact impact, long seq, bool sameSymbolAndLater)
    {
        if (!heldByOrder.TryGetValue((o.RunId, o.OrderId), out var row))
        {
            return false;
        }

        if (!sameSymbolAndLater)
        {
            Flush();
            return false;
        }

        // The statement's guard: only a newer (time, sequence) than the row's changes it.
        var updateUtc = Timestamps.ToUtc(o.EventUtc);
        var order = updateUtc.Ticks.CompareTo(row.UpdateUtc.Ticks);
        if (order < 0 || (order == 0 && seq <= row.LastSequence))
        {
            return true;
        }

        row.StrategyId = o.StrategyId ?? run.StrategyId ?? row.StrategyId;
        row.ParentOrderId = o.ParentOrderId ?? row.ParentOrderId;
        row.AccountId = o.AccountId ?? row.AccountId;
        row.Side = StoredText.SideCode(o.Side);
        row.OrderType = o.OrderType;
        row.Tif = o.TimeInForce ?? row.Tif;
        row.Quantity = o.Quantity;
        row.Price = o.Price;
        row.StopPrice = o.StopPrice;
        row.Status = o.Status;
        row.UpdateUtc = updateUtc;
        row.ClientTag = o.ClientTag ?? row.ClientTag;
        row.PositionImpact = o.PositionImpact is null ? row.PositionImpact : StoredText.Impact(impact);
        row.ExtraJson = o.ExtraJson ?? row.ExtraJson;
        row.LastSequence = seq;
        row.FilledQuantity = o.FilledQuantity ?? row.FilledQuantity;
        row.AvgFillPrice = o.AverageFillPrice ?? row.AvgFillPrice;
        return true;
    }

    private static void Bind(RawStatement statement, int first, ref Row row) =>
        statement.Text(first + (int)Inserted.RunId, row.RunId).Text(first + (int)Inserted.StrategyId, row.StrategyId)
            .Text(first + (int)Inserted.OrderId, row.OrderId).Text(first + (int)Inserted.ParentOrderId, row.ParentOrderId)
            .Text(first + (int)Inserted.Symbol, row.Symbol).Text(first + (int)Inserted.AccountId, row.AccountId)
            .Text(first + (int)Inserted.Side, row.Side).Text(first + (int)Inserted.OrderType, row.OrderType)
            .Text(first + (int)Inserted.Tif, row.Tif).Real(first + (int)Inserted.Quantity, row.Quantity)
            .Real(first + (int)Inserted.Price, row.Price).Real(first + (int)Inserted.StopPrice, row.StopPrice)
            .Text(first + (int)Inserted.Status, row.Status).Time(first + (int)Inserted.SubmitUtc, row.SubmitUtc)
            .Time(first + (int)Inserted.UpdateUtc, row.UpdateUtc).Text(first + (int)Inserted.ClientTag, row.ClientTag)
            .Text(first + (int)Inserted.PositionImpact, row.PositionImpact).Text(first + (int)Inserted.ExtraJson, row.ExtraJson)
            .Integer(first + (int)Inserted.LastSequence, row.LastSequence).Real(first + (int)Inserted.FilledQuantity, row.FilledQuantity)
            .Real(first + (int)Inserted.AvgFillPrice, row.AvgFillPrice);

    // A held order's row, column by column as the insert stores it (its times in UTC, whose tick order is their stored
    // text's order: the statement's MIN and guard compare that text).
    private sealed class Row
    {
        public required string RunId;
        public string? StrategyId;
        public required string OrderId;
        public string? ParentOrderId;
        public required string Symbol;
        public string? AccountId;
        public required string Side;
        public required string OrderType;
        public string? Tif;
        public double Quantity;
        public double? Price;
        public double? StopPrice;
        public required string Status;
        public DateTime SubmitUtc;
        public DateTime UpdateUtc;
        public string? ClientTag;
        public required string PositionImpact;
        public string? ExtraJson;
        public long LastSequence;
        public double? FilledQuantity;
        public double? AvgFillPrice;
    }

    /// <summary>The parameters of <see cref="Statements.InsertOrder"/>.</summary>
    private enum Inserted
    {
        RunId, StrategyId, OrderId, ParentOrderId, Symbol, AccountId, Side, OrderType, Tif, Quantity, Price, StopPrice,
        Status, SubmitUtc, UpdateUtc, ClientTag, PositionImpact, ExtraJson, LastSequence, FilledQuantity, AvgFillPrice,
    }
}
