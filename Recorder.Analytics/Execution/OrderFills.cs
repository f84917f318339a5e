namespace QuantowerRecorder.Analytics.Execution;

/// <summary>What the fills of one order added up to.</summary>
internal sealed class OrderFills(double? reference)
{
    /// <summary>The order's reference price, worked out once.</summary>
    public double? Reference { get; } = reference;

    public double Quantity { get; private set; }
    public double Value { get; private set; }
    public int Count { get; private set; }
    public long? FirstTicks { get; private set; }
    public long? FullTicks { get; private set; }
    public double SlippedQuantity { get; private set; }
    public double SlippagePriceSum { get; private set; }
    public double TickedQuantity { get; private set; }
    public double SlippageTicksSum { get; private set; }
    public double SlippageMoney { get; private set; }

    public void Add(Fill fill, double orderedQuantity, FillSlippage? slippage)
    {
        Quantity += fill.Quantity;
        Value += fill.Quantity * fill.Price;
        Count++;
        FirstTicks ??= fill.TimeUtc.Ticks;
        if (FullTicks is null && orderedQuantity > 0 && Quantity >= orderedQuantity * (1 - 1e-9))
        {
            FullTicks = fill.TimeUtc.Ticks;
        }

        if (slippage is not null)
        {
            SlippedQuantity += fill.Quantity;
            SlippagePriceSum += slippage.SlippagePrice * fill.Quantity;
            SlippageMoney += slippage.SlippageMoney;
            if (slippage.SlippageTicks is { } ticks)
            {
                TickedQuantity += fill.Quantity;
                SlippageTicksSum += ticks * fill.Quantity;
            }
        }
    }
}
