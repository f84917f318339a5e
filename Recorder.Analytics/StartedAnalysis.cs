namespace QuantowerRecorder.Analytics;

/// <summary>
/// A run's analysis whose trades are done (<see cref="RunAnalyzer.Start"/>): the closed trades and open positions as
/// <see cref="RunAnalysis"/> will hold them, and the rest to come from <see cref="Finish"/>, once.
/// </summary>
public sealed class StartedAnalysis
{
    private Func<RunAnalysis>? rest;

    internal StartedAnalysis(IReadOnlyList<RoundTrip> trades, IReadOnlyList<OpenPosition> openPositions, Func<RunAnalysis> rest)
    {
        Trades = trades;
        OpenPositions = openPositions;
        this.rest = rest;
    }

    /// <summary>Closed round-trip trades, in exit order: <see cref="RunAnalysis.Trades"/>.</summary>
    public IReadOnlyList<RoundTrip> Trades { get; }

    /// <summary>Positions still open at the end: <see cref="RunAnalysis.OpenPositions"/>.</summary>
    public IReadOnlyList<OpenPosition> OpenPositions { get; }

    /// <summary>
    /// The whole analysis, with these trades and open positions. Called once (it adds to the metrics the first part
    /// began); a second call throws.
    /// </summary>
    public RunAnalysis Finish() =>
        (Interlocked.Exchange(ref rest, null) ?? throw new InvalidOperationException("the analysis was already finished"))();
}
