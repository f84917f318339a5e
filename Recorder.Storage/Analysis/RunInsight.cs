using System.Data.Common;
using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// The insight stored with a run's analysis (docs/metrics.md, "Insight"): implementation shortfall per order with its
/// run sums, and each closed trade's context — order flow at entry and exit, bracket outcome, excursion efficiencies.
/// Computed from what the analysis already loaded plus the decision marks, volumetric bars and stop history.
/// </summary>
internal sealed class RunInsight
{
    private RunInsight(
        IReadOnlyList<OrderShortfall> shortfall,
        IReadOnlyDictionary<string, string> decisionIds,
        IReadOnlyList<Metric> metrics,
        IReadOnlyList<TradeContext> trades,
        IReadOnlyList<AnalysisNote> notes)
    {
        Shortfall = shortfall;
        DecisionIds = decisionIds;
        Metrics = metrics;
        Trades = trades;
        Notes = notes;
    }

    public IReadOnlyList<OrderShortfall> Shortfall { get; }

    /// <summary>The decision each order was tied to, by order id.</summary>
    public IReadOnlyDictionary<string, string> DecisionIds { get; }

    /// <summary>The shortfall sums, for run_metrics_kv.</summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>One per closed trade, in the stored trades' order (trade_no = position + 1).</summary>
    public IReadOnlyList<TradeContext> Trades { get; }

    public IReadOnlyList<AnalysisNote> Notes { get; }

    public static RunInsight Compute(DbConnection connection, string runId, RunInput input, RunAnalysis analysis, ReadDialect? dialect = null) =>
        Compute(connection, runId, input, (analysis ?? throw new ArgumentNullException(nameof(analysis))).Trades, dialect);

    /// <summary>The insight of a run whose closed trades are <paramref name="trades"/>, as computed (all it reads of the analysis).</summary>
    public static RunInsight Compute(DbConnection connection, string runId, RunInput input, IReadOnlyList<RoundTrip> trades, ReadDialect? dialect = null) =>
        Read(connection, runId, input, dialect).Compute(trades);

    /// <summary>
    /// What the insight reads of the run beyond its input (decision marks, volumetric bars, stop history), read now: the
    /// rest (<see cref="Sources.Compute"/>) reads nothing, and may run once the connection is gone.
    /// </summary>
    public static Sources Read(DbConnection connection, string runId, RunInput input, ReadDialect? dialect = null)
    {
        dialect ??= ReadDialect.Sqlite;
        var readNotes = new List<AnalysisNote>();
        var (marks, decisionIds) = InsightLoader.Decisions(connection, runId);
        var volumetric = InsightLoader.Volumetric(connection, runId, readNotes);
        var history = input.Orders.Any(o => o.OcoRole == OcoRole.StopLoss)
            ? InsightLoader.StopHistory(connection, runId, dialect)
            : [];
        return new Sources(input, marks, decisionIds, volumetric, history, readNotes);
    }

    /// <summary>A run's input with what the insight read for it (<see cref="Read"/>).</summary>
    internal sealed record Sources(RunInput Input, Dictionary<string, DecisionMark> Marks, Dictionary<string, string> DecisionIds,
        List<VolumetricSeries> Volumetric, List<OrderPriceState> StopHistory, List<AnalysisNote> ReadNotes)
    {
        /// <summary>
        /// The insight of the run whose closed trades are <paramref name="trades"/>; with <paramref name="indexed"/>, the
        /// input's bars as its analysis indexed them (<see cref="StartedAnalysis.Bars"/>).
        /// </summary>
        public RunInsight Compute(IReadOnlyList<RoundTrip> trades, IndexedBars? indexed = null)
        {
            // The shortfall's notes first, then what reading the volumetric bars found.
            var notes = new List<AnalysisNote>();
            var shortfall = ImplementationShortfall.Compute(
                new ShortfallInput(Input.Orders, Input.Fills, Input.Bars, Input.Context, Marks) { Trades = trades, Indexed = indexed });
            var metrics = SummaryMetrics(shortfall, Input.Context, notes);
            notes.AddRange(ReadNotes);
            var flows = OrderFlow.AtTrades(trades, Volumetric, Input.Context);
            var brackets = Brackets.Evaluate(trades, Input.Orders, StopHistory, Input.Context)
                .ToDictionary(b => b.TradeNumber);
            var contexts = new List<TradeContext>(trades.Count);
            for (var i = 0; i < trades.Count; i++)
            {
                contexts.Add(new TradeContext(flows[i], brackets.GetValueOrDefault(trades[i].Number), TradeExcursion.Of(trades[i])));
            }

            return new RunInsight(shortfall, DecisionIds, metrics, contexts, notes);
        }
    }

    // Amounts in different currencies are never added: such a run gets counts only, and a note.
    private static List<Metric> SummaryMetrics(IReadOnlyList<OrderShortfall> shortfall, RunContext context, List<AnalysisNote> notes)
    {
        var currencies = shortfall
            .Select(o => context.Symbols.TryGetValue(o.Symbol, out var spec) && !string.IsNullOrWhiteSpace(spec.Currency) ? spec.Currency : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var s = ShortfallSummary.Of(shortfall);
        var money = currencies <= 1;
        if (!money)
        {
            notes.Add(new AnalysisNote("shortfall", "orders in several currencies: the shortfall parts are not summed per run (see run_order_shortfall)"));
        }

        var excluded = shortfall.Where(o => o.OpportunityExcluded is not null).ToList();
        if (excluded.Count > 0)
        {
            // The rows do not say which rule excluded an order (no column for it): the note counts them.
            var oco = excluded.Count(o => o.OpportunityExcluded == ImplementationShortfall.OcoCancelled);
            notes.Add(new AnalysisNote("shortfall", string.Create(CultureInfo.InvariantCulture,
                $"the unfilled quantity of {excluded.Count} order(s) is not counted as an opportunity: {oco} OCO-cancelled leg(s), {excluded.Count - oco} protective leg(s) whose position another order closed")));
        }

        if (shortfall.Any(o => o.PointValueAssumed))
        {
            notes.Add(new AnalysisNote("shortfall", "a symbol has no point value: its shortfall is valued with point value 1"));
        }

        return
        [
            new(InsightKeys.ShortfallOrders, s.Orders, MetricUnits.Count),
            new(InsightKeys.ShortfallDecisionOrders, shortfall.Count(o => o.DecisionPrice.HasValue), MetricUnits.Count),
            new(InsightKeys.ShortfallDelay, money ? s.Delay : null, MetricUnits.Money),
            new(InsightKeys.ShortfallExecution, money ? s.Execution : null, MetricUnits.Money),
            new(InsightKeys.ShortfallFees, money ? s.Fees : null, MetricUnits.Money),
            new(InsightKeys.ShortfallOpportunity, money ? s.Opportunity : null, MetricUnits.Money),
            new(InsightKeys.ShortfallTotal, money ? s.Total : null, MetricUnits.Money),
            new(InsightKeys.ShortfallCompleteOrders, s.CompleteOrders, MetricUnits.Count),
        ];
    }
}

/// <summary>A closed trade's order flow, bracket (null without one) and excursions.</summary>
internal sealed record TradeContext(TradeOrderFlow Flow, BracketResult? Bracket, TradeExcursion Excursion);
