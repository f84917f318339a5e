namespace QuantowerRecorder.Analytics;

/// <summary>The stable keys of <see cref="Metric"/>; each is defined in docs/metrics.md.</summary>
public static class MetricKeys
{
#pragma warning disable CS1591 // each key is documented in docs/metrics.md
    // PnL and returns
    public const string NetPnl = "net_pnl";
    public const string GrossPnl = "gross_pnl";
    public const string TotalFees = "total_fees";
    public const string OpenPnl = "open_pnl";
    public const string TotalReturn = "total_return";
    public const string TotalReturnPct = "total_return_pct";
    public const string FinalEquity = "final_equity";
    public const string Cagr = "cagr_pct";
    public const string VolatilityAnnualised = "volatility_ann_pct";
    public const string Sharpe = "sharpe";
    public const string Sortino = "sortino";
    public const string ProbabilisticSharpe = "probabilistic_sharpe";
    public const string Skewness = "skewness";
    public const string Kurtosis = "kurtosis";
    public const string Var95 = "var_95";
    public const string Cvar95 = "cvar_95";

    // Drawdown
    public const string MaxDrawdown = "max_drawdown";
    public const string MaxDrawdownPct = "max_drawdown_pct";
    public const string AverageDrawdown = "avg_drawdown";
    public const string LongestDrawdownDays = "longest_drawdown_days";

    // Trades
    public const string TradeCount = "trade_count";
    public const string Wins = "wins";
    public const string Losses = "losses";
    public const string Breakevens = "breakevens";
    public const string WinRate = "win_rate";
    public const string ProfitFactor = "profit_factor";
    public const string PayoffRatio = "payoff_ratio";
    public const string Expectancy = "expectancy";
    public const string LargestWin = "largest_win";
    public const string LargestLoss = "largest_loss";
    public const string AverageWin = "avg_win";
    public const string AverageLoss = "avg_loss";
    public const string AverageHoldingSeconds = "avg_holding_time_s";
    public const string LongestWinStreak = "longest_win_streak";
    public const string LongestLossStreak = "longest_loss_streak";
    public const string AverageRMultiple = "avg_r_multiple";
    public const string OpenPositions = "open_positions";
    public const string UnmatchedCloseQuantity = "unmatched_close_quantity";

    // Days, exposure, turnover
    public const string TradingDays = "trading_days";
    public const string PeriodsPerYear = "periods_per_year";
    public const string HoursPerDay = "hours_per_day";
    public const string ActiveDays = "active_days";
    public const string ProfitableDays = "profitable_days";
    public const string ExposurePct = "exposure_pct";
    public const string Turnover = "turnover";
    public const string TurnoverRatio = "turnover_ratio";

    // Execution quality
    public const string OrderCount = "order_count";
    public const string FillCount = "fill_count";
    public const string SlippageAvgPrice = "slippage_avg_price";
    public const string SlippageAvgTicks = "slippage_avg_ticks";
    public const string SlippageTotal = "slippage_total";
    public const string SlippageMarketAvgTicks = "slippage_market_avg_ticks";
    public const string SlippageLimitAvgTicks = "slippage_limit_avg_ticks";
    public const string SlippageStopAvgTicks = "slippage_stop_avg_ticks";
    public const string FillRatioAvg = "fill_ratio_avg";
    public const string OverfilledOrders = "overfilled_orders";
    public const string CancelRate = "cancel_rate";
    public const string RejectRate = "reject_rate";
    public const string LatencyFirstFillP50 = "latency_first_fill_p50_ms";
    public const string LatencyFirstFillP95 = "latency_first_fill_p95_ms";
    public const string LatencyFullFillP50 = "latency_full_fill_p50_ms";
    public const string LatencyFullFillP95 = "latency_full_fill_p95_ms";
    public const string TimeToFillP50 = "time_to_fill_p50_ms";

    // Is the edge real?
    public const string ValidationTrades = "validation_trades";
    public const string ValidationSamples = "validation_samples";
    public const string SignFlipPValue = "sign_flip_p_value";
    public const string BootstrapBlockLength = "bootstrap_block_length";
    public const string BootstrapTotalReturnLow = "bootstrap_total_return_lo";
    public const string BootstrapTotalReturnHigh = "bootstrap_total_return_hi";
    public const string BootstrapTotalReturnPctLow = "bootstrap_total_return_pct_lo";
    public const string BootstrapTotalReturnPctHigh = "bootstrap_total_return_pct_hi";
    public const string MonteCarloFinalEquityP5 = "mc_final_equity_p5";
    public const string MonteCarloFinalEquityP50 = "mc_final_equity_p50";
    public const string MonteCarloFinalEquityP95 = "mc_final_equity_p95";
    public const string MonteCarloMaxDrawdownP5 = "mc_max_drawdown_p5";
    public const string MonteCarloMaxDrawdownP50 = "mc_max_drawdown_p50";
    public const string MonteCarloMaxDrawdownP95 = "mc_max_drawdown_p95";
    public const string DeflatedSharpe = "deflated_sharpe";
    public const string DeflatedSharpeThreshold = "deflated_sharpe_threshold";
    public const string DeflatedSharpeTrials = "deflated_sharpe_trials";
#pragma warning restore CS1591

    /// <summary>
    /// The metrics that need the whole run: the "is the edge real?" statistics and the deflated Sharpe ratio (whose
    /// trials are the other runs). A running run's analysis leaves them out (<see cref="AnalysisOptions.WholeRun"/>).
    /// </summary>
    public static IReadOnlyList<string> WholeRun { get; } =
    [
        ValidationTrades, ValidationSamples, SignFlipPValue, BootstrapBlockLength, BootstrapTotalReturnLow, BootstrapTotalReturnHigh,
        BootstrapTotalReturnPctLow, BootstrapTotalReturnPctHigh, MonteCarloFinalEquityP5, MonteCarloFinalEquityP50,
        MonteCarloFinalEquityP95, MonteCarloMaxDrawdownP5, MonteCarloMaxDrawdownP50, MonteCarloMaxDrawdownP95,
        DeflatedSharpe, DeflatedSharpeThreshold, DeflatedSharpeTrials,
    ];
}
