namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>A vendor's symbol message (test control).</summary>
public sealed class SymbolMessage
{
    public string SymbolId { get; set; }

    public string Name { get; set; }

    public string Description { get; set; }

    public SymbolType SymbolType { get; set; } = SymbolType.Futures;

    public string ExchangeId { get; set; } = "EX";

    public string ExchangeName { get; set; } = "Exchange";

    public string Product { get; set; }

    public string QuotingCurrency { get; set; } = "USD";

    /// <summary>NaN derives the tick size from prices, as the platform does.</summary>
    public double TickSize { get; set; } = 0.25;

    /// <summary>Money per tick per lot; NaN means the vendor sends none (the platform then assumes 1.0).</summary>
    public double TickCost { get; set; } = double.NaN;

    public double LotSize { get; set; } = 1;

    public double LotStep { get; set; } = 1;

    public double MinLot { get; set; } = 1;

    public double MaxLot { get; set; } = 1000;

    public DateTime ExpirationDate { get; set; }

    public string Root { get; set; }

    public NettingType NettingType { get; set; } = NettingType.OnePosition;

    public HistoryType HistoryType { get; set; } = HistoryType.Last;

    public SymbolVolumeType VolumeType { get; set; } = SymbolVolumeType.Volume;

    public double Bid { get; set; } = double.NaN;

    public double Ask { get; set; } = double.NaN;

    public double Last { get; set; } = double.NaN;

    /// <summary>[low, high) bands with their tick size and tick cost, for symbols with a variable tick.</summary>
    public (double Low, double High, double TickSize, double TickCost)[] VariableTicks { get; set; } = [];

    /// <summary>The underlying symbol (of an option or a future), whose variable ticks apply when this has none.</summary>
    public Symbol Underlier { get; set; }
}
