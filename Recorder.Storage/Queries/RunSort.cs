namespace QuantowerRecorder.Storage.Queries;

/// <summary>What a run listing is ordered by.</summary>
public enum RunSort
{
    /// <summary>The run's start time.</summary>
    Start,

    /// <summary>The stored net PnL (runs not analysed come first when ascending, last when descending; the same for every metric below).</summary>
    NetPnl,

    /// <summary>The stored metric trade_count; positions still open at the run's end are not counted.</summary>
    TradeCount,

    /// <summary>The stored Sharpe ratio (metric sharpe).</summary>
    Sharpe,

    /// <summary>The stored maximum drawdown in money (metric max_drawdown; smallest first when ascending).</summary>
    MaxDrawdown,

    /// <summary>The stored win rate (metric win_rate, percent of closed trades).</summary>
    WinRate,
}
