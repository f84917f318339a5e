namespace TradingPlatform.BusinessLayer;

public class HistoryAggregationTime : HistoryAggregation
{
    public HistoryAggregationTime(Period period, HistoryType historyType)
    {
        this.Period = period;
        this.HistoryType = historyType;
    }

    public Period Period { get; set; }

    public HistoryType HistoryType { get; set; }

    /// <summary>"Time - 5m".</summary>
    public override string ToString() => "Time - " + this.Period.Format();
}
