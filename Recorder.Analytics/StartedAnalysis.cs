using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// A run's analysis whose trades are done (<see cref="RunAnalyzer.Start"/>): the closed trades and open positions as
/// <see cref="RunAnalysis"/> will hold them; then its equity and execution rows (<see cref="Curve"/>); then the rest
/// (<see cref="Finish"/>: metrics, validation). Each part is computed once, and may be on another thread than the one
/// before it; the validation's statistics, which read the trades alone, may have been begun beside the curve when the
/// trades were matched (<see cref="RunAnalyzer.Start"/>'s validateBeside): <see cref="Finish"/> computes those not begun,
/// then waits for the others.
/// </summary>
public sealed class StartedAnalysis
{
    private readonly object gate = new();
    private readonly object validationGate = new();
    private readonly RunAnalyzer.Progress progress;
    private RunAnalyzer.Curved? curved;
    private EdgeValidation.Shared? validation;
    private int finished;

    internal StartedAnalysis(RunAnalyzer.Progress progress, EdgeValidation.Shared? validation = null)
    {
        this.progress = progress;
        this.validation = validation;
        Bars = new IndexedBars(progress.Input.Bars, progress.Bars);
    }

    /// <summary>The run's bars as this analysis indexed them, for its insight's shortfall (<see cref="Insight.ShortfallInput.Indexed"/>).</summary>
    public IndexedBars Bars { get; }

    /// <summary>Closed round-trip trades, in exit order: <see cref="RunAnalysis.Trades"/>.</summary>
    public IReadOnlyList<RoundTrip> Trades => progress.Trades;

    /// <summary>Positions still open at the end: <see cref="RunAnalysis.OpenPositions"/>.</summary>
    public IReadOnlyList<OpenPosition> OpenPositions => progress.Open;

    /// <summary>
    /// The equity curve and each order's execution row, as <see cref="RunAnalysis"/> will hold them: computed the first
    /// time it is asked for (here or by <see cref="Finish"/>).
    /// </summary>
    public CurvedAnalysis Curve() => Curved().Part;

    /// <summary>
    /// What this analysis leaves for the run's next (<see cref="RunAnalyzer.Start"/>), once its curve is computed: null
    /// before, and when the curve is too long to keep.
    /// </summary>
    public AnalysisFold? Fold
    {
        get
        {
            lock (gate)
            {
                return curved?.Sweep is { } sweep ? new AnalysisFold(sweep) : null;
            }
        }
    }

    /// <summary>
    /// Whether its curve went on from the fold given to <see cref="RunAnalyzer.Start"/> (else it swept the run whole):
    /// computed the first time it is asked for, as <see cref="Curve"/>.
    /// </summary>
    public bool CurveContinued => Curved().Continued;

    /// <summary>The first point whose drawdown the curve attached, the points before it having theirs (tests).</summary>
    internal int CurveAttachedFrom => Curved().AttachedFrom;

    /// <summary>
    /// The whole analysis, with these trades and open positions and that curve. Called once (it adds to the metrics the
    /// first part began); a second call throws.
    /// </summary>
    public RunAnalysis Finish() => Interlocked.Exchange(ref finished, 1) == 0
        ? RunAnalyzer.Finish(progress, Curved(), Validation().Result())
        : throw new InvalidOperationException("the analysis was already finished");

    /// <summary>The validation's statistics were computed (beside, or by <see cref="Finish"/>; tests).</summary>
    internal bool Validated
    {
        get
        {
            lock (validationGate)
            {
                return validation is { Finished: true };
            }
        }
    }

    private EdgeValidation.Shared Validation()
    {
        lock (validationGate)
        {
            return validation ??= EdgeValidation.Share(progress.Trades, progress.Context, progress.Options);
        }
    }

    private RunAnalyzer.Curved Curved()
    {
        lock (gate)
        {
            return curved ??= RunAnalyzer.CurveOf(progress);
        }
    }
}

/// <summary>A run's equity curve and execution rows (<see cref="StartedAnalysis.Curve"/>), as its <see cref="RunAnalysis"/> holds them.</summary>
/// <param name="Equity"><see cref="RunAnalysis.Equity"/>.</param>
/// <param name="EquityMarks"><see cref="RunAnalysis.EquityMarks"/>.</param>
/// <param name="Orders"><see cref="RunAnalysis.Orders"/>.</param>
public sealed record CurvedAnalysis(IReadOnlyList<EquityPoint> Equity, IReadOnlyList<EquityMarks> EquityMarks, IReadOnlyList<OrderExecution> Orders);
