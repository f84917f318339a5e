namespace QuantowerRecorder.Analytics.Metrics;

/// <summary>
/// Amounts in different currencies are never added together. When a run's symbols have more than one currency,
/// every run-wide figure that adds or compares money across symbols is set to null, the equity curve is dropped, and
/// net PnL, gross PnL and fees are given per currency instead (<c>net_pnl_usd</c>, <c>gross_pnl_eur</c>, …).
/// </summary>
internal static class CurrencyGuard
{
    // Not money themselves, but computed from money summed over the run (equity, daily PnL, trade PnL sums).
    private static readonly HashSet<string> DerivedFromMoney = new(StringComparer.Ordinal)
    {
        MetricKeys.TotalReturnPct, MetricKeys.Cagr, MetricKeys.VolatilityAnnualised, MetricKeys.Sharpe, MetricKeys.Sortino,
        MetricKeys.ProbabilisticSharpe, MetricKeys.Skewness, MetricKeys.Kurtosis, MetricKeys.MaxDrawdownPct, MetricKeys.LongestDrawdownDays, MetricKeys.ProfitFactor,
        MetricKeys.PayoffRatio, MetricKeys.ProfitableDays, MetricKeys.TurnoverRatio, MetricKeys.SignFlipPValue,
        MetricKeys.BootstrapTotalReturnPctLow, MetricKeys.BootstrapTotalReturnPctHigh, MetricKeys.DeflatedSharpe,
        MetricKeys.DeflatedSharpeThreshold,
    };

    /// <summary>Whether the run's fills (those in <paramref name="timeOrder"/>) are in more than one currency.</summary>
    public static bool Mixed(IReadOnlyList<Fill> fills, int[] timeOrder, Inputs.Instruments instruments) => Currencies(fills, timeOrder, instruments).Count > 1;

    /// <summary>Applies the rule; true when the run mixes currencies.</summary>
    public static bool Apply(MetricSet set, IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective,
        IReadOnlyList<RoundTrip> trades, Inputs.Instruments instruments)
    {
        var currencies = Currencies(fills, timeOrder, instruments);
        if (currencies.Count < 2)
        {
            return false;
        }

        set.Blank(m => m.Unit == MetricUnits.Money || DerivedFromMoney.Contains(m.Key));
        set.Note(NoteKeys.Currency, $"the run trades in {string.Join(", ", currencies)}: amounts in different currencies are not added " +
            "together, so run-wide money figures (and ratios built on them, and the equity curve) are null; see the per-currency totals");

        foreach (var currency in currencies)
        {
            var inCurrency = trades.Where(t => instruments.Currency(t.Symbol) == currency).ToList();
            var fees = timeOrder.Where(i => instruments.Currency(fills[i].Symbol) == currency).Sum(i => fills[i].Fee * effective[i] / fills[i].Quantity);
            var suffix = Suffix(currency);
            set.Add(MetricKeys.NetPnl + suffix, inCurrency.Sum(t => t.NetPnl), MetricUnits.Money);
            set.Add(MetricKeys.GrossPnl + suffix, inCurrency.Sum(t => t.GrossPnl), MetricUnits.Money);
            set.Add(MetricKeys.TotalFees + suffix, fees, MetricUnits.Money);
            set.Add(MetricKeys.TradeCount + suffix, inCurrency.Count, MetricUnits.Count);
        }

        return true;
    }

    private static SortedSet<string> Currencies(IReadOnlyList<Fill> fills, int[] timeOrder, Inputs.Instruments instruments) =>
        new(timeOrder.Select(i => instruments.Currency(fills[i].Symbol)).OfType<string>(), StringComparer.Ordinal);

    private static string Suffix(string currency)
    {
        var chars = currency.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return "_" + new string(chars).Trim('_');
    }
}
