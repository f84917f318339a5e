namespace TradingPlatform.BusinessLayer;

public sealed class HistoryRequestParameters
{
    public Symbol Symbol { get; set; }

    public DateTime FromTime { get; set; }

    /// <summary>default means open-ended: the data then keeps updating live.</summary>
    public DateTime ToTime { get; set; }

    public HistoryAggregation Aggregation { get; set; }

    public bool ForceReload { get; set; }
}
