namespace TradingPlatform.BusinessLayer;

/// <summary>How history is aggregated; the spec mirrors only <see cref="HistoryAggregationTime"/>.</summary>
public abstract class HistoryAggregation
{
    private protected HistoryAggregation()
    {
    }
}
