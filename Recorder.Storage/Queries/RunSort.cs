namespace QuantowerRecorder.Storage.Queries;

/// <summary>What a run listing is ordered by.</summary>
public enum RunSort
{
    /// <summary>The run's start time.</summary>
    Start,

    /// <summary>The stored net PnL (runs not analysed come first when ascending).</summary>
    NetPnl,

    /// <summary>The stored number of closed trades.</summary>
    TradeCount,
}
