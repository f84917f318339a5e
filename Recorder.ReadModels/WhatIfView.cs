using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// What-if exits of one run as the contract shows them, for `recorder whatif`, its report section and
/// /api/runs/{id}/whatif alike: one computation, so all three give the same figures.
/// </summary>
public static class WhatIfView
{
    /// <summary>
    /// The grid over the run's entries of <paramref name="symbol"/> (null: the one symbol it traded). Throws
    /// <see cref="ArgumentException"/> when the run traded several symbols and none was named, the symbol has no
    /// entries or bars, or a level is in ticks without a tick size.
    /// </summary>
    public static WhatIfRecord Of(IRecorderReader reader, string runId, WhatIfGrid grid, string? symbol = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(grid);
        var input = reader.Performance.AnalysisInput(runId);
        var traded = input.Fills.Select(f => f.Symbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        symbol ??= traded.Count switch
        {
            0 => throw Bad($"Run {runId} has no fills: there are no entries to re-exit."),
            1 => traded[0],
            _ => throw Bad($"Run {runId} traded {string.Join(", ", traded)}; name one with --symbol."),
        };
        var series = input.Bars.Where(b => string.Equals(b.Symbol, symbol, StringComparison.Ordinal) && b.Bars.Count > 0)
            .OrderByDescending(b => b.Bars.Count).ToList();
        if (!traded.Contains(symbol, StringComparer.Ordinal))
        {
            throw Bad($"Run {runId} has no fills of '{symbol}'; it traded {string.Join(", ", traded)}.");
        }

        if (series.Count == 0)
        {
            throw Bad($"Run {runId} recorded no bars of {symbol}: exits cannot be simulated without them.");
        }

        // The analysis's series (the most bars); a series of shorter bars, if the run has one, orders a bar reaching both levels.
        var primary = series[0];
        var finer = series.Skip(1).Where(s => s.BarDuration < primary.BarDuration).OrderBy(s => s.BarDuration).FirstOrDefault();
        var instrument = WhatIfInstrument.Of(input.Context, symbol);
        var assumptions = new List<string>();
        if (instrument.PointValueAssumed)
        {
            assumptions.Add($"{symbol} has no point value recorded: money figures assume 1.");
        }

        var fills = input.Fills.Where(f => string.Equals(f.Symbol, symbol, StringComparison.Ordinal)).ToList();
        var quantity = fills.Sum(f => f.Quantity);
        var fee = quantity > 0 ? fills.Sum(f => f.Fee) / quantity : 0;
        if (fee == 0)
        {
            assumptions.Add("The run recorded no fees: simulated exits pay none.");
        }

        var metrics = reader.Performance.Metrics(runId).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        double Slippage(double? measured, string what)
        {
            if (instrument.TickSize is null || measured is not { } ticks || !double.IsFinite(ticks))
            {
                assumptions.Add($"The run has no measured slippage of {what} fills: 0 assumed on its {what} exits.");
                return 0;
            }

            return ticks;
        }

        var bars = Sorted(primary.Bars);
        var own = instrument.TickSize is { } tick ? WhatIfSlippage.Measure(input.Fills, input.Orders, bars, symbol, tick) : new WhatIfSlippage(null, null);
        var market = new WhatIfMarket
        {
            Bars = bars,
            FinerBars = finer is null ? [] : Sorted(finer.Bars),
            PointValue = instrument.PointValue,
            TickSize = instrument.TickSize,
            FeePerContract = fee,
            StopSlippageTicks = Slippage(own.StopTicks, "stop"),
            LimitSlippageTicks = Slippage(own.LimitTicks, "limit"),
            MarketSlippageTicks = grid.MaxBars is null ? 0 : Slippage(metrics.GetValueOrDefault(MetricKeys.SlippageMarketAvgTicks), "market"),
            Assumptions = assumptions,
        };
        var entries = WhatIfEntries.From(input.Fills, symbol);
        if (entries.Count == 0)
        {
            throw Bad($"Run {runId} opened no position in {symbol}: there are no entries to re-exit.");
        }

        var result = WhatIfSimulator.Run(market, entries, grid);
        if (result.Cells.Sum(c => c.BothStopFirstAssumed) > 0)
        {
            assumptions.Add(finer is null
                ? "A bar that reached both levels took the stop first (assumed): the run has no finer series to order them, and volume analysis does not say which came first."
                : "A bar that reached both levels and that the finer series could not order took the stop first (assumed).");
        }

        var trades = reader.Trading.Trades(runId).Where(t => string.Equals(t.Symbol, symbol, StringComparison.Ordinal)).ToList();
        var actual = Figures(WhatIfFigures.Of(trades.Select(Outcome).ToList()));
        var actualExits = WhatIfActualExits.Of(trades, grid, instrument.TickSize, entry => WhatIfSimulator.AtrAt(market.Bars, Timestamps.Parse(entry)));
        return new WhatIfRecord(
            runId, symbol, instrument.Currency, instrument.PointValue, instrument.TickSize, Label(primary.BarDuration), primary.Bars.Count,
            Label(finer?.BarDuration), result.Entries, result.LeftOutBeforeBars, result.LeftOutBeforeAtr, WhatIfResult.AtrPeriod,
            grid.Stops.Select(Text).ToList(), grid.Targets.Select(Text).ToList(), Text(grid.Trail), grid.MaxBars,
            fee, market.StopSlippageTicks, market.LimitSlippageTicks, market.MarketSlippageTicks,
            result.Cells.Select(Cell).ToList(), actual, actualExits, Luck(result.Luck), assumptions,
            WhatIfOwnLevels.Of(result, actualExits, actual, trades, result.Entries));
    }

    // Data["parameter"] names what was wrong for the API's problem body; the message stays the sentence alone.
    private static ArgumentException Bad(string message) => new(message) { Data = { ["parameter"] = "symbol" } };

    // The store gives a series in time order; sort only when it is not.
    private static IReadOnlyList<Bar> Sorted(IReadOnlyList<Bar> bars)
    {
        for (var i = 1; i < bars.Count; i++)
        {
            if (bars[i].TimeUtc < bars[i - 1].TimeUtc)
            {
                return bars.OrderBy(b => b.TimeUtc).ToList();
            }
        }

        return bars;
    }

    private static TradeOutcome Outcome(TradeRow trade) => new(trade.IsOpen ? trade.UnrealizedPnl ?? 0 : trade.NetPnl ?? 0, trade.RMultiple, trade.IsOpen);

    private static string? Text(ExitLevel? level) => level?.ToString();

    private static WhatIfCellRecord Cell(WhatIfCell c) => new(
        Text(c.Stop), Text(c.Target), Figures(c.Figures), c.StopExits, c.TargetExits, c.TrailingExits, c.TimeExits,
        c.BothOrderedByFinerSeries, c.BothStopFirstAssumed);

    private static WhatIfFiguresRecord Figures(WhatIfFigures f) => new(f.NetPnl, f.Trades, f.Open, f.WinRate, f.ProfitFactor, f.MaxDrawdown, f.AverageR);

    private static WhatIfLuckRecord Luck(GridLuck l) => new(
        l.Pbo?.Probability, l.Pbo?.Partitions, l.Pbo?.Splits, l.PboNotEnough, l.BestCell, l.DeflatedSharpe, l.DeflatedSharpeThreshold, l.Trials,
        l.DeflatedSharpeNotEnough);

    /// <summary>A bar duration as the recorder spells timeframes (the plugin's Formats.Timeframe): 30s, 1m, 4H, 1D.</summary>
    private static string? Label(TimeSpan? duration) => duration switch
    {
        null => null,
        { TotalDays: >= 1 } d when d.TotalDays % 1 == 0 => $"{d.TotalDays.ToString(CultureInfo.InvariantCulture)}D",
        { TotalHours: >= 1 } d when d.TotalHours % 1 == 0 => $"{d.TotalHours.ToString(CultureInfo.InvariantCulture)}H",
        { TotalMinutes: >= 1 } d when d.TotalMinutes % 1 == 0 => $"{d.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m",
        { } d => $"{d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
    };
}
