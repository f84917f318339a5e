namespace QuantowerRecorder.Analytics.Trades;

/// <summary>
/// Open quantity on its way to becoming one trade: the quantity one order opened (FIFO/LIFO), or everything from
/// flat to flat. Closing pieces are realised against the lot's average cost. Prices × quantities here are in price
/// units; point value is applied when the trade is finished.
/// </summary>
internal sealed class Lot(string symbol, string account, int direction, long firstEntryTicks)
{
    public string Symbol { get; } = symbol;
    public string Account { get; } = account;
    public int Direction { get; } = direction;
    public long FirstEntryTicks { get; } = firstEntryTicks;
    public OrderIdList EntryOrderIds { get; } = new();
    public OrderIdList ExitOrderIds { get; } = new();

    public double EntryQuantity { get; private set; }
    public double EntryValue { get; private set; }
    public double EntryFees { get; private set; }
    public double Remaining { get; private set; }
    public double CostRemaining { get; private set; }
    public double ExitQuantity { get; private set; }
    public double ExitValue { get; private set; }
    public double ExitFees { get; private set; }
    public double GrossPoints { get; private set; }
    public long LastExitTicks { get; private set; }
    public string? LastExitOrderId { get; private set; }
    public bool LastExitReversed { get; private set; }
    public double MinFillPrice { get; private set; } = double.PositiveInfinity;
    public double MaxFillPrice { get; private set; } = double.NegativeInfinity;
    public bool PartlyClosed => ExitQuantity > 0;

    public void Add(string orderId, double quantity, double price, double fee)
    {
        EntryOrderIds.Add(orderId);

        EntryQuantity += quantity;
        EntryValue += quantity * price;
        EntryFees += fee;
        Remaining += quantity;
        CostRemaining += quantity * price;
        See(price);
    }

    /// <summary>Closes <paramref name="quantity"/> (at most <see cref="Remaining"/>) at <paramref name="price"/>.</summary>
    /// <param name="reverses">Whether the closing fill also opens a position on the other side.</param>
    public void Close(string orderId, double quantity, double price, double fee, long ticks, bool reverses)
    {
        var averageCost = CostRemaining / Remaining;
        GrossPoints += (price - averageCost) * Direction * quantity;
        CostRemaining -= averageCost * quantity;
        Remaining -= quantity;
        ExitQuantity += quantity;
        ExitValue += quantity * price;
        ExitFees += fee;
        LastExitTicks = ticks;
        LastExitOrderId = orderId;
        LastExitReversed = reverses;
        ExitOrderIds.Add(orderId);
        See(price);
        if (Remaining <= Quantities.Epsilon * EntryQuantity)
        {
            Remaining = 0;
            CostRemaining = 0;
        }
    }

    private void See(double price)
    {
        MinFillPrice = Math.Min(MinFillPrice, price);
        MaxFillPrice = Math.Max(MaxFillPrice, price);
    }
}
