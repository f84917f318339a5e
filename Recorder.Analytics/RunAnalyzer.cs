using QuantowerRecorder.Analytics.Equity;
using QuantowerRecorder.Analytics.Execution;
using QuantowerRecorder.Analytics.Inputs;
using QuantowerRecorder.Analytics.Metrics;
using QuantowerRecorder.Analytics.Trades;
using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// The entry point: turns a run's fills, orders and bars into trades, equity, metrics and execution quality.
/// Pure and deterministic; O((fills + bars) · log) time. Definitions: docs/metrics.md.
/// </summary>
public static class RunAnalyzer
{
    /// <summary>Analyses one run. <paramref name="options"/> defaults to <see cref="AnalysisOptions.Default"/>.</summary>
    public static RunAnalysis Analyze(RunInput input, AnalysisOptions? options = null) => Start(input, options).Finish();

    /// <summary>
    /// The analysis' first part: the run's trades and open positions, which depend on nothing computed after them. The
    /// rest (<see cref="StartedAnalysis.Finish"/>: equity, metrics, execution quality, validation) may run on another
    /// thread while a caller stores the trades; together they give exactly what <see cref="Analyze"/> gives, with or
    /// without <paramref name="fold"/>: what an earlier analysis of the same run left (<see cref="StartedAnalysis.Fold"/>),
    /// which spares this one what that one already computed. With <paramref name="validateBeside"/> true for the numbers
    /// of its closed trades and open positions, a whole run's validation statistics begin on the thread pool as soon as
    /// its trades are matched (<paramref name="cancel"/> calls them off before they begin); the rest waits for them, or
    /// computes those not begun (<see cref="StartedAnalysis.Finish"/>).
    /// </summary>
    public static StartedAnalysis Start(RunInput input, AnalysisOptions? options = null, AnalysisFold? fold = null,
        Func<int, int, bool>? validateBeside = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= AnalysisOptions.Default;
        var context = input.Context ?? new RunContext();
        var set = new MetricSet();
        var fills = input.Fills;
        var instruments = new Instruments(context);
        var orders = new Dictionary<string, OrderInfo>(StringComparer.Ordinal);
        foreach (var order in input.Orders)
        {
            orders[order.OrderId] = order;
        }

        var timeOrder = TimeOrder.Of(fills).Where(i => Usable(fills[i])).ToArray();
        if (timeOrder.Length < fills.Count)
        {
            set.Note(MetricKeys.FillCount, $"{fills.Count - timeOrder.Length} fill(s) without a positive quantity or a finite price and fee were left out");
        }

        var builder = new TradeBuilder(options.Matching);
        var effective = new double[fills.Count];
        var activeDays = new HashSet<DateOnly>();
        double fees = 0, turnover = 0;
        foreach (var i in timeOrder)
        {
            var fill = fills[i];
            var quantity = builder.Apply(fill);
            effective[i] = quantity;
            fees += fill.Fee * quantity / fill.Quantity;
            // Turnover is what was traded: every fill whole, matched or not.
            turnover += Math.Abs(fill.Quantity * fill.Price * instruments.PointValue(fill.Symbol));
            activeDays.Add(DateOnly.FromDateTime(fill.TimeUtc));
        }

        // A run's end starts its validation as soon as its trades are matched: it reads their net PnL alone, so it runs
        // beside the bars' indexing, the fills' execution quality, the trades' excursions, the insight and the curve.
        var validation = validateBeside is not null && options.WholeRun ? Beside(builder, instruments, context, options, validateBeside, cancel) : null;
        var bars = BarTrack.BuildAll(input.Bars);
        // Each fill's slippage in time order, as matched: a fill's own order and the bars before it decide it.
        var execution = new ExecutionQuality(orders, bars, instruments);
        foreach (var i in timeOrder)
        {
            execution.Add(fills[i]);
        }

        // A fill that matched nothing (a close of a position opened before recording) prices nothing: it must not
        // move the mark of another account's position.
        var prices = new PricePaths(bars, FillTrack.BuildAll(fills, timeOrder, i => effective[i] > 0));
        var finisher = new TradeFinisher(instruments, prices, orders, new StopFinder(orders, options.StopLinkGrace));
        var trades = builder.Closed.Select((lot, k) => finisher.Finish(lot, k + 1)).ToList();
        var open = builder.OpenBooks().Select(b => finisher.Open(b.Symbol, b.Account, b.Lots)).ToList();
        return new StartedAnalysis(new Progress(input, options, context, set, instruments, timeOrder, bars, builder, execution,
            effective, activeDays.Count, fees, turnover, trades, open, fold), validation);
    }

    // The validation of the closed lots' net PnL (in exit order, as the trades will be), started on the thread pool where
    // the caller says it goes beside (given the closed trades and the open positions: a run's end large enough to be
    // stored in steps); else null, and it is computed when asked for.
    private static EdgeValidation.Shared? Beside(TradeBuilder builder, Instruments instruments, RunContext context, AnalysisOptions options,
        Func<int, int, bool> validateBeside, CancellationToken cancel)
    {
        if (!validateBeside(builder.Closed.Count, builder.OpenBooks().Count()))
        {
            return null;
        }

        var pnl = builder.Closed.Select(lot => TradeFinisher.NetPnl(lot, instruments.PointValue(lot.Symbol))).ToArray();
        var validation = EdgeValidation.Share(pnl, context, options);
        _ = Task.Run(() => validation.Run(options.ValidationSideBySide), cancel);
        return validation;
    }

    /// <summary>What the first part hands the rest.</summary>
    internal sealed record Progress(RunInput Input, AnalysisOptions Options, RunContext Context, MetricSet Set, Instruments Instruments, int[] TimeOrder,
        Dictionary<string, BarTrack> Bars, TradeBuilder Builder, ExecutionQuality Execution, double[] Effective, int ActiveDays, double Fees,
        double Turnover, List<RoundTrip> Trades, List<OpenPosition> Open, AnalysisFold? Fold);

    /// <summary>
    /// The second part: the equity curve over the bars' tracks, each order's execution row, whether the run mixes
    /// currencies, and the curve's sweep for the run's next analysis (null when too long to keep).
    /// </summary>
    internal sealed record Curved(EquityCurve Curve, List<BarTrack> Tracks, List<OrderExecution> Rows, bool Mixed, EquitySweep? Sweep)
    {
        // A run in several currencies has no curve (CurrencyGuard).
        public CurvedAnalysis Part { get; } = new(Mixed ? [] : Curve.Points, Mixed ? [] : Curve.Marks, Rows);

        /// <summary>The curve went on from the sweep of the fold given (tests).</summary>
        public bool Continued { get; init; }

        /// <summary>The first point whose drawdown the curve attached: those before it had theirs from the fold's sweep (tests).</summary>
        public int AttachedFrom { get; init; }
    }

    internal static Curved CurveOf(Progress p)
    {
        var tracks = p.Bars.Values.OrderBy(t => t.Symbol, StringComparer.Ordinal).ToList();
        var (fills, timeOrder, effective) = (p.Input.Fills, p.TimeOrder, p.Effective);
        var builder = EquityBuilder.For(p.Instruments, p.Fold?.Sweep, fills, timeOrder, effective, tracks, p.Context);
        var curve = builder.Build(fills, timeOrder, effective, tracks, p.Context);
        var sweep = curve.Points.Count is > 0 and <= EquitySweep.MaxPoints ? new EquitySweep(builder.Held, tracks, fills, timeOrder, effective, p.Context) : null;
        return new Curved(curve, tracks, p.Execution.Rows(), CurrencyGuard.Mixed(fills, timeOrder, p.Instruments), sweep) { Continued = builder.Continued, AttachedFrom = builder.AttachedFrom };
    }

    internal static RunAnalysis Finish(Progress p, Curved c, EdgeValidation.Statistics validation)
    {
        var (input, options, context, set, instruments, timeOrder, _, builder, execution, effective, activeDays, fees, turnover, trades, open, _) = p;
        var (curve, tracks, rows, _, _) = c;
        var fills = input.Fills;
        var hasBalance = context.InitialBalance is > 0;
        var daily = DailySeries.Build(curve, hasBalance);
        var calendar = TradingCalendar.OfTracks(context.Symbols.Values.Select(s => s.SymbolType), tracks);
        var perYear = options.PeriodsPerYear ?? calendar.DaysPerYear;

        PerformanceMetrics.AddPnl(set, trades, open, curve, fees, context);
        PerformanceMetrics.AddRisk(set, daily, perYear);
        PerformanceMetrics.AddDrawdown(set, curve, hasBalance);
        TradeMetrics.Add(set, trades);
        set.Add(MetricKeys.OpenPositions, open.Count, MetricUnits.Count);
        set.Add(MetricKeys.UnmatchedCloseQuantity, builder.UnmatchedCloseQuantity, MetricUnits.Count);
        if (builder.UnmatchedCloseQuantity > 0)
        {
            set.Note(MetricKeys.UnmatchedCloseQuantity, "CLOSE/REDUCE fills found no open position (opened before recording started); that quantity is left out of trades and equity");
        }

        AddActivity(set, curve, daily, activeDays, turnover, context, (perYear, calendar.HoursPerDay));
        set.Add(MetricKeys.OrderCount, rows.Count, MetricUnits.Count);
        set.Add(MetricKeys.FillCount, timeOrder.Length, MetricUnits.Count);
        execution.AddMetrics(set, rows);
        EdgeValidation.Add(set, validation, daily, context, options, perYear);
        NoteFallbacks(set, instruments);
        CurrencyGuard.Apply(set, fills, timeOrder, effective, trades, instruments);

        return new RunAnalysis
        {
            Trades = trades,
            OpenPositions = open,
            Equity = c.Part.Equity,
            EquityMarks = c.Part.EquityMarks,
            Metrics = set.Metrics,
            Orders = rows,
            FillSlippage = execution.Fills,
            Notes = set.Notes,
        };
    }

    private static void AddActivity(MetricSet set, EquityCurve curve, DailySeries daily, int activeDays, double turnover, RunContext context,
        (int PeriodsPerYear, int HoursPerDay) calendar)
    {
        var span = curve.EndTicks - curve.StartTicks;
        set.Add(MetricKeys.TradingDays, daily.Days.Count, MetricUnits.Count);
        set.Add(MetricKeys.PeriodsPerYear, calendar.PeriodsPerYear, MetricUnits.Count);
        set.Add(MetricKeys.HoursPerDay, calendar.HoursPerDay, MetricUnits.Count);
        set.Add(MetricKeys.ActiveDays, activeDays, MetricUnits.Count);
        set.Add(MetricKeys.ProfitableDays, daily.Pnl.Count(p => p > 0), MetricUnits.Count);
        set.Add(MetricKeys.ExposurePct, span > 0 ? 100.0 * curve.ExposedTicks / span : null, MetricUnits.Percent, "the run has no duration");
        set.Add(MetricKeys.Turnover, turnover, MetricUnits.Money);
        set.Add(MetricKeys.TurnoverRatio, context.InitialBalance is > 0 ? turnover / context.InitialBalance.Value : null, MetricUnits.Ratio, "the initial balance is not known");
    }

    // Says, per symbol, that its money figures had to guess the point value.
    private static void NoteFallbacks(MetricSet set, Instruments instruments)
    {
        foreach (var symbol in instruments.Fallbacks)
        {
            set.Note(NoteKeys.PointValue, $"{symbol}: no point value recorded (no instrument data, or a tick value the platform may not have provided); " +
                "money figures use point value 1, i.e. price × quantity, which is right only for instruments quoted per unit");
        }
    }

    /// <summary>A fill with a positive quantity and a finite price and fee; any other is left out of every figure.</summary>
    internal static bool Usable(Fill fill) =>
        fill.Quantity > 0 && double.IsFinite(fill.Quantity) && double.IsFinite(fill.Price) && double.IsFinite(fill.Fee);
}
