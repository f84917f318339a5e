using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>An analysis on its way to the store: what <see cref="RunAnalysisStore"/> computes and its steps store.</summary>
public static partial class RunAnalysisStore
{
    /// <summary>
    /// One analysis as it is stored: its trades and open positions at their precision, the insight as computed (its rows
    /// and metrics are rounded as they are written), the whole analysis at its precision (perhaps still being computed:
    /// <see cref="RunAnalysisStore.Compute"/>), what it is as of, and whether it covers the whole run.
    /// </summary>
    internal sealed record Computed(IReadOnlyList<RoundTrip> Trades, IReadOnlyList<OpenPosition> OpenPositions, Task<InsightPart> Insight,
        Task<CurvePart> Curve, Task<RunAnalysis> Analysis, string? AsOfUtc, bool WholeRun, StoredPrecision Precision)
    {
        /// <summary>An analysis of <paramref name="runId"/> computed whole, already at its precision.</summary>
        public Computed(string runId, RunAnalysis analysis, RunInsight insight, string? asOfUtc, bool wholeRun, StoredPrecision precision)
            : this(analysis.Trades, analysis.OpenPositions, Task.FromResult(new InsightPart(insight, InsightRowLists.Of(runId, insight, precision))),
                Task.FromResult(CurvePart.Of(new CurvedAnalysis(analysis.Equity, analysis.EquityMarks, analysis.Orders))), Task.FromResult(analysis),
                asOfUtc, wholeRun, precision)
        {
        }
    }

    /// <summary>The insight, and its rows as stored.</summary>
    internal sealed record InsightPart(RunInsight Insight, InsightRowLists Rows);

    /// <summary>The equity curve and execution rows, and the curve's rows as equity_data keeps them.</summary>
    internal sealed record CurvePart(CurvedAnalysis Curve, IReadOnlyList<StoredEquityRow> EquityRows)
    {
        public static CurvePart Of(CurvedAnalysis curve) => new(curve, EquityStrides.Stored(curve.Equity, curve.EquityMarks));

        /// <summary>The curve as computed, at its precision and with its rows as <paramref name="stored"/> made them.</summary>
        public static CurvePart Of(CurvedAnalysis computed, StoredPrecision precision, StoredCurve stored) =>
            new(precision.Curve(computed, stored.Rounded), stored.Rows);
    }
}
