using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Builds the <see cref="TearsheetRecord"/> of runs from the read API (their stored equity, trades and metrics) and
/// Analytics' Insight computations: nothing is computed here but the choices of presentation the runs share (the
/// rolling window, calendar or days since start, colours and labels).
/// </summary>
public static class TearsheetView
{
    /// <summary>About one month of trading days: the rolling window when a run has fewer than two of the default.</summary>
    public const int ShortWindow = 21;

    /// <summary>How many worst drawdowns a run lists.</summary>
    public const int WorstCount = 5;

    // Distinct colours for runs drawn together (colour-blind-friendly Tableau 10 order).
    private static readonly string[] Palette =
        ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"];

    /// <summary>The rolling window: about six months when every run is long enough for two, else about a month.</summary>
    public static int Window(IEnumerable<int> dailyReturnCounts) =>
        dailyReturnCounts.All(n => n >= 2 * RollingStats.DefaultWindow) ? RollingStats.DefaultWindow : ShortWindow;

    /// <summary>The tearsheet of the runs, in the order given, from what it reads of each (<see cref="TearsheetRun.Read"/>).</summary>
    public static TearsheetRecord Of(IRecorderReader reader, IReadOnlyList<TearsheetRun> runs)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(runs);
        var idLength = ShortIds.Length(reader.Runs.Ids());
        var equity = runs.Select(r => (IReadOnlyList<EquityPoint>)r.Equity
            .Select(e => new EquityPoint(Timestamps.Parse(e.TsUtc), e.Equity, e.Drawdown, e.DrawdownPct)).ToList()).ToList();
        var daily = equity.Select(DailyReturns.FromEquity).ToList();
        var window = Window(daily.Select(d => d.Count));
        var currencies = runs.Select(r => r.Currencies is { Count: 1 } c ? c[0] : null).ToList();
        var records = runs.Select((run, i) => Run(run, i, idLength, equity[i], daily[i], window) with { Currency = currencies[i] }).ToList();
        return new TearsheetRecord(
            records, window, Calendar(equity), equity.All(e => e.All(p => p.DrawdownPct is not null)), CurrencyLabel(currencies),
            TearsheetMetrics.Of(runs), TearsheetHistogram.Of(daily), ReconciliationView.Among(reader, runs.Select(r => r.Detail.Run).ToList()));
    }

    private static TearsheetRunRecord Run(TearsheetRun read, int index, int idLength,
        IReadOnlyList<EquityPoint> equity, IReadOnlyList<DailyValue> daily, int window)
    {
        var run = read.Detail.Run;
        var trades = StoredTrades.Closed(read.Trades);
        // Annualised as the run's own sharpe is: by its instruments' calendar (docs/metrics.md, "Periods per year").
        var perYear = read.Detail.Metrics.FirstOrDefault(m => m.Key == MetricKeys.PeriodsPerYear)?.Value is { } p
            ? (int)Math.Round(p) : TradingCalendar.SessionDays;
        // Percent depths only when the stored curve has them: they are null when the initial balance is unknown.
        var knownBalance = equity.Count > 0 && equity.All(e => e.DrawdownPct is not null);
        var rolling = daily.Count >= window ? RollingStats.Compute(daily, window, perYear) : [];
        return new TearsheetRunRecord(
            run.RunId, $"{ShortIds.Cut(run.RunId, idLength)} · {InstanceParameters.InstanceLabel(run.InstanceName, run.ParametersJson)} · {run.RunType}", Palette[index % Palette.Length], null,
            InstrumentWarnings.For(read.Detail.Notes), trades.Count, daily.Count,
            rolling.Select(r => new RollingRecord(r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Sharpe, r.VolatilityPct)).ToList(),
            DrawdownEpisodes.Worst(equity, WorstCount, knownBalance).Select(e => new DrawdownEpisodeRecord(Timestamps.Format(e.StartUtc), Timestamps.Format(e.ValleyUtc),
                e.RecoveryUtc is { } r ? Timestamps.Format(r) : null, e.Depth, e.DepthPct, e.Length.TotalDays)).ToList(),
            PeriodReturns.Monthly(equity), PeriodReturns.Annual(equity),
            [
                new("Hour of day (UTC, entry)", TradeBreakdowns.ByHourOfDay(trades)),
                new("Day of week (UTC, entry)", TradeBreakdowns.ByDayOfWeek(trades)),
                new("Long / short", TradeBreakdowns.BySide(trades)),
                new("Symbol", TradeBreakdowns.BySymbol(trades)),
                new("Entry tag", TradeBreakdowns.ByEntryTag(trades)),
                new("Exit reason", TradeBreakdowns.ByExitReason(trades)),
            ],
            TradeExcursion.Of(trades).Select(e => new ExcursionRecord(e.TradeNumber, e.Mae, e.Mfe)).ToList());
    }

    /// <summary>
    /// Calendar time only when every pair of runs shares most of its time; otherwise the lines would sit side by side
    /// (a backtest of Q1 next to a paper run in April) instead of being overlaid, so they share days since their start.
    /// </summary>
    private static bool Calendar(IReadOnlyList<IReadOnlyList<EquityPoint>> equity)
    {
        var ranges = equity.Where(e => e.Count > 0).Select(e => (Start: e[0].TimeUtc, End: e[^1].TimeUtc)).ToList();
        return ranges.All(a => ranges.All(b =>
        {
            var shared = (a.End < b.End ? a.End : b.End) - (a.Start > b.Start ? a.Start : b.Start);
            return shared.Ticks >= Math.Min((a.End - a.Start).Ticks, (b.End - b.Start).Ticks) / 2;
        }));
    }

    private static string CurrencyLabel(IReadOnlyList<string?> currencies)
    {
        var known = currencies.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return currencies.Any(c => c is null)
            ? (known.Count == 0 ? "the instruments' currency (not recorded)" : string.Join(", ", known) + " (some runs: not recorded)")
            : string.Join(", ", known);
    }
}
