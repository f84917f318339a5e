namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// A metric as a trader names it ("Time to fill, median"), for tables, cards and the report; the stored key
/// (<c>time_to_fill_p50_ms</c>) stays in <c>--json</c>, SQL and the hover. The unit is said by the value, not the name.
/// </summary>
public static class MetricLabels
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["runs"] = "Runs", ["net_pnl"] = "Net PnL", ["gross_pnl"] = "Gross PnL", ["total_fees"] = "Fees", ["open_pnl"] = "Open PnL",
        ["total_return"] = "Return", ["total_return_pct"] = "Return, %", ["final_equity"] = "Final equity", ["cagr_pct"] = "CAGR",
        ["volatility_ann_pct"] = "Volatility, annualised", ["sharpe"] = "Sharpe ratio", ["sortino"] = "Sortino ratio",
        ["probabilistic_sharpe"] = "Probabilistic Sharpe", ["skewness"] = "Skewness", ["kurtosis"] = "Kurtosis",
        ["var_95"] = "Value at risk, 95 %", ["cvar_95"] = "Expected shortfall, 95 %", ["max_drawdown"] = "Max drawdown",
        ["max_drawdown_pct"] = "Max drawdown, %", ["avg_drawdown"] = "Average drawdown", ["longest_drawdown_days"] = "Longest drawdown",
        ["trade_count"] = "Trades", ["wins"] = "Winning trades", ["losses"] = "Losing trades", ["breakevens"] = "Break-even trades",
        ["win_rate"] = "Win rate", ["profit_factor"] = "Profit factor", ["payoff_ratio"] = "Payoff ratio", ["expectancy"] = "Expectancy per trade",
        ["largest_win"] = "Largest win", ["largest_loss"] = "Largest loss", ["avg_win"] = "Average win", ["avg_loss"] = "Average loss",
        ["avg_holding_time_s"] = "Holding time, average", ["longest_win_streak"] = "Longest winning streak",
        ["longest_loss_streak"] = "Longest losing streak", ["avg_r_multiple"] = "Average R multiple", ["open_positions"] = "Open positions",
        ["unmatched_close_quantity"] = "Closed quantity opened before recording", ["trading_days"] = "Trading days",
        ["periods_per_year"] = "Trading days a year", ["hours_per_day"] = "Trading hours a day", ["active_days"] = "Days with a fill",
        ["profitable_days"] = "Profitable days", ["exposure_pct"] = "Time in the market", ["turnover"] = "Turnover",
        ["turnover_ratio"] = "Turnover ÷ balance", ["order_count"] = "Orders", ["fill_count"] = "Fills",
        ["slippage_avg_price"] = "Slippage, average (price)", ["slippage_avg_ticks"] = "Slippage, average (ticks)",
        ["slippage_total"] = "Slippage, total", ["slippage_market_avg_ticks"] = "Slippage of market orders (ticks)",
        ["slippage_limit_avg_ticks"] = "Slippage of limit orders (ticks)", ["slippage_stop_avg_ticks"] = "Slippage of stop orders (ticks)",
        ["fill_ratio_avg"] = "Fill ratio, average", ["overfilled_orders"] = "Overfilled orders", ["cancel_rate"] = "Cancelled orders",
        ["reject_rate"] = "Rejected orders", ["latency_first_fill_p50_ms"] = "Latency to first fill, median",
        ["latency_first_fill_p95_ms"] = "Latency to first fill, 95th percentile", ["latency_full_fill_p50_ms"] = "Latency to full fill, median",
        ["latency_full_fill_p95_ms"] = "Latency to full fill, 95th percentile", ["time_to_fill_p50_ms"] = "Time to fill, median",
        ["validation_trades"] = "Trades tested", ["validation_samples"] = "Resamples", ["sign_flip_p_value"] = "Sign-flip p-value",
        ["bootstrap_block_length"] = "Bootstrap block length", ["bootstrap_total_return_lo"] = "Bootstrap return, low",
        ["bootstrap_total_return_hi"] = "Bootstrap return, high", ["bootstrap_total_return_pct_lo"] = "Bootstrap return %, low",
        ["bootstrap_total_return_pct_hi"] = "Bootstrap return %, high", ["mc_final_equity_p5"] = "Monte Carlo final equity, 5th pct.",
        ["mc_final_equity_p50"] = "Monte Carlo final equity, median", ["mc_final_equity_p95"] = "Monte Carlo final equity, 95th pct.",
        ["mc_max_drawdown_p5"] = "Monte Carlo max drawdown, 5th pct.", ["mc_max_drawdown_p50"] = "Monte Carlo max drawdown, median",
        ["mc_max_drawdown_p95"] = "Monte Carlo max drawdown, 95th pct.", ["deflated_sharpe"] = "Deflated Sharpe",
        ["deflated_sharpe_threshold"] = "Deflated Sharpe threshold", ["deflated_sharpe_trials"] = "Deflated Sharpe trials",
        ["calmar"] = "Calmar ratio", ["buy_and_hold_return_pct"] = "Buy & hold return", ["buy_and_hold_correlation"] = "Correlation to buy & hold",
        ["buy_and_hold_beta"] = "Beta to buy & hold",
    };

    /// <summary>The label of a key; a key without one (a per-currency total, a newer metric) reads as its words.</summary>
    public static string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Names.TryGetValue(key, out var name))
        {
            return name;
        }

        // net_pnl_eur → "Net PnL, EUR": the per-currency totals of a run in several currencies.
        var cut = key.LastIndexOf('_');
        if (cut > 0 && key.Length - cut == 4 && Names.TryGetValue(key[..cut], out var total))
        {
            return $"{total}, {key[(cut + 1)..].ToUpperInvariant()}";
        }

        var words = key.Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
