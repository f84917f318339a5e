using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// One thing that happens in a demo run, in platform terms (a bar closes, an order changes, a fill arrives, an OCO
/// group forms) rather than recorder terms: <see cref="StandInDemoRun"/> plays it on the stand-in platform.
/// </summary>
internal abstract record DemoStep(DateTime TimeUtc);

/// <summary>A closed bar with its volumetric (order-flow) data.</summary>
internal sealed record DemoBar(DateTime TimeUtc, DateTime OpenUtc, double Open, double High, double Low, double Close,
    double Volume, double BuyVolume, double SellVolume, int Trades, double PointOfControl) : DemoStep(TimeUtc);

/// <summary>An order's new state: placed, partly filled, filled or cancelled.</summary>
internal sealed record DemoOrder(DateTime TimeUtc, string OrderId, TradeSide Side, string Type, double Quantity,
    string Status, DateTime SubmitUtc) : DemoStep(TimeUtc)
{
    public double? Price { get; init; }
    public double? StopPrice { get; init; }
    public double FilledQuantity { get; init; }
    public double? AverageFillPrice { get; init; }
    public string? ParentOrderId { get; init; }
    public string? Tag { get; init; }
}

/// <summary>A fill of an order.</summary>
internal sealed record DemoFill(DateTime TimeUtc, string ExecutionId, string OrderId, TradeSide Side, double Quantity,
    double Price, double Fee) : DemoStep(TimeUtc);

/// <summary>Orders that cancel each other (a bracket's stop-loss and take-profit), with their roles.</summary>
internal sealed record DemoOcoGroup(DateTime TimeUtc, string GroupKey, string Label,
    IReadOnlyList<(string OrderId, string Role)> Members) : DemoStep(TimeUtc);
