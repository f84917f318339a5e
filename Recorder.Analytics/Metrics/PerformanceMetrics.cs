using QuantowerRecorder.Analytics.Equity;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Metrics;

/// <summary>PnL, returns and risk of the run as a whole (docs/metrics.md, "Run metrics").</summary>
internal static class PerformanceMetrics
{
    public static void AddPnl(MetricSet set, IReadOnlyList<RoundTrip> trades, IReadOnlyList<OpenPosition> open, EquityCurve curve, double totalFees, RunContext context)
    {
        var net = trades.Sum(t => t.NetPnl);
        var gross = trades.Sum(t => t.GrossPnl);
        var openPnl = open.Sum(p => p.RealisedPnl + p.UnrealisedPnl - p.EntryFees);
        var final = curve.Points.Count > 0 ? curve.Points[^1].Equity : curve.InitialEquity;
        var totalReturn = final - curve.InitialEquity;
        var initial = context.InitialBalance;
        const string noBalance = "the initial balance is not known";
        set.Add(MetricKeys.NetPnl, net, MetricUnits.Money);
        set.Add(MetricKeys.GrossPnl, gross, MetricUnits.Money);
        set.Add(MetricKeys.TotalFees, totalFees, MetricUnits.Money);
        set.Add(MetricKeys.OpenPnl, openPnl, MetricUnits.Money);
        set.Add(MetricKeys.TotalReturn, totalReturn, MetricUnits.Money);
        set.Add(MetricKeys.TotalReturnPct, initial is > 0 ? totalReturn / initial.Value * 100 : null, MetricUnits.Percent, noBalance);
        set.Add(MetricKeys.FinalEquity, initial is not null ? final : null, MetricUnits.Money, noBalance);
        var (cagr, whyNot) = Cagr(curve, final, initial);
        set.Add(MetricKeys.Cagr, cagr, MetricUnits.Percent, whyNot);
    }

    public static void AddRisk(MetricSet set, DailySeries daily, int periodsPerYear)
    {
        var series = daily.Returns ?? daily.Pnl;
        if (daily.Returns is null)
        {
            set.Note(MetricKeys.Sharpe, "no initial balance (or equity fell to zero): Sharpe, Sortino and PSR use daily PnL instead of daily returns");
        }

        const string tooFew = "too few daily observations";
        var volatility = daily.Returns is { } r && Moments.SampleStdDev(r) is { } sd ? sd * Math.Sqrt(periodsPerYear) * 100 : (double?)null;
        set.Add(MetricKeys.VolatilityAnnualised, volatility, MetricUnits.Percent, "needs the initial balance and 2 daily returns");
        set.Add(MetricKeys.Sharpe, RatioStatistics.Sharpe(series, periodsPerYear), MetricUnits.Ratio, tooFew + " or no variation");
        set.Add(MetricKeys.Sortino, RatioStatistics.Sortino(series, periodsPerYear), MetricUnits.Ratio, tooFew + " or no losing day");
        set.Add(MetricKeys.ProbabilisticSharpe, RatioStatistics.ProbabilisticSharpe(series, 0), MetricUnits.Probability, "needs 3 daily observations with variation");
        var shape = series.Count > 0 ? Moments.Shape(series) : null;
        set.Add(MetricKeys.Skewness, shape?.Skewness, MetricUnits.Ratio, "needs a daily observation and variation");
        set.Add(MetricKeys.Kurtosis, shape?.Kurtosis, MetricUnits.Ratio, "needs a daily observation and variation");
        var risk = RatioStatistics.ValueAtRisk95(daily.Pnl);
        var why = $"needs {RatioStatistics.MinObservationsForVar} daily observations";
        set.Add(MetricKeys.Var95, risk?.Var, MetricUnits.Money, why);
        set.Add(MetricKeys.Cvar95, risk?.Cvar, MetricUnits.Money, why);
    }

    public static void AddDrawdown(MetricSet set, EquityCurve curve, bool hasInitialBalance)
    {
        var summary = Drawdowns.Summarise(curve.Points);
        set.Add(MetricKeys.MaxDrawdown, summary.Max, MetricUnits.Money);
        set.Add(MetricKeys.MaxDrawdownPct, hasInitialBalance ? summary.MaxPct ?? 0 : null, MetricUnits.Percent, "the initial balance is not known");
        set.Add(MetricKeys.AverageDrawdown, summary.Average, MetricUnits.Money);
        set.Add(MetricKeys.LongestDrawdownDays, summary.LongestDays, MetricUnits.Days);
    }

    private static (double? Value, string WhyNot) Cagr(EquityCurve curve, double final, double? initial)
    {
        var days = (double)(curve.EndTicks - curve.StartTicks) / TimeSpan.TicksPerDay;
        if (initial is not > 0 || final <= 0)
        {
            return (null, "needs the initial balance and positive equity");
        }

        return AnnualisedPeriod.ShortOf(days) is { } shortOf
            ? (null, shortOf)
            : ((Math.Pow(final / initial.Value, 365.25 / days) - 1) * 100, "");
    }
}
