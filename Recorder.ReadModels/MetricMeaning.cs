using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// What a metric's value means to a trader, for colour and for the ★ of a comparison: the rule of the page's
/// <c>meaningClass</c> (Recorder.Page/wwwroot/app.js), the rule of the page and of the report it saves. Green
/// and red follow meaning, not sign or rank: a gain or a loss, a profit factor above or below 1; a cost (fees,
/// slippage paid) is red when paid; the rest (win rate, counts, drawdowns, exposure) have no colour, since 27 % of
/// trades won says nothing good or bad on its own.
/// </summary>
public static class MetricMeaning
{
    // Money the run paid: never a highlight, even when it is the lowest of a row (the other runs may simply have traded more).
    private static readonly HashSet<string> Costs = new(StringComparer.Ordinal) { MetricKeys.TotalFees, MetricKeys.SlippageTotal };

    // Good above 1, bad below.
    private static readonly HashSet<string> Ratios = new(StringComparer.Ordinal) { MetricKeys.ProfitFactor, MetricKeys.PayoffRatio };

    // Good above 0, bad below.
    private static readonly HashSet<string> Signed = new(StringComparer.Ordinal)
    {
        MetricKeys.NetPnl, MetricKeys.GrossPnl, MetricKeys.TotalReturn, MetricKeys.TotalReturnPct, MetricKeys.Sharpe,
        MetricKeys.Sortino, MetricKeys.Expectancy, MetricKeys.AverageRMultiple, MetricKeys.Cagr,
    };

    /// <summary>A cost: a comparison marks no best value of it.</summary>
    public static bool IsCost(string key) => Costs.Contains(key);

    /// <summary>
    /// A level that is mostly the account's size (final equity: the balance plus the return): runs on accounts of
    /// 500,000 and 1,000,000 are not ranked by it; their return is.
    /// </summary>
    public static bool IsLevel(string key) => key == MetricKeys.FinalEquity;

    /// <summary>"pos", "neg" or null (no colour) for <paramref name="value"/> of <paramref name="key"/>.</summary>
    public static string? Class(string key, double? value)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return null;
        }

        if (Costs.Contains(key))
        {
            return v > 0 ? "neg" : null;
        }

        if (Ratios.Contains(key))
        {
            return v > 1 ? "pos" : v < 1 ? "neg" : null;
        }

        return Signed.Contains(key) ? (v > 0 ? "pos" : v < 0 ? "neg" : null) : null;
    }
}
