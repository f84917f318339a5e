namespace QuantowerRecorder.Analytics;

/// <summary>
/// The one rule for what a fill does to a position (OPEN, REDUCE, CLOSE, REVERSE), and a run's net position per
/// (symbol, account) built from its own fills. The plugin refines the platform's Open/Close with it, the writer infers
/// an impact the source did not give with it: one rule, so the two cannot drift. Not thread-safe.
/// </summary>
public sealed class NetPositions
{
    private readonly Dictionary<(string Symbol, string Account), double> net = [];

    /// <summary>The signed net position now (buys positive).</summary>
    public double Of(string symbol, string? account) => net.GetValueOrDefault((symbol, account ?? string.Empty));

    public void Set(string symbol, string? account, double quantity) => net[(symbol, account ?? string.Empty)] = quantity;

    /// <summary>What a trade of <paramref name="quantity"/> on <paramref name="side"/> would do to the position.</summary>
    public PositionImpact Infer(string symbol, string? account, Side side, double quantity) =>
        Classify(Of(symbol, account), Signed(side, quantity));

    /// <summary>
    /// A fill of <paramref name="impact"/> moves the position. A CLOSE or REDUCE never opens one: what it cannot close
    /// belonged to a position opened before recording and leaves the run's position where its own fills put it, as
    /// the analysis leaves it out (docs/metrics.md, "Positions opened before recording").
    /// </summary>
    public void Apply(string symbol, string? account, Side side, double quantity, PositionImpact impact)
    {
        var position = Of(symbol, account);
        var delta = Signed(side, quantity);
        if (impact is PositionImpact.Close or PositionImpact.Reduce)
        {
            delta = IsZero(position) || Math.Sign(position) == Math.Sign(delta) ? 0 : Math.Sign(delta) * Math.Min(Math.Abs(delta), Math.Abs(position));
        }

        var updated = position + delta;
        net[(symbol, account ?? string.Empty)] = IsZero(updated) ? 0 : updated;
    }

    /// <summary>The impact of a signed change on a signed position.</summary>
    public static PositionImpact Classify(double position, double delta)
    {
        if (IsZero(position) || Math.Sign(position) == Math.Sign(delta))
        {
            return PositionImpact.Open;
        }

        var remaining = Math.Abs(position) - Math.Abs(delta);
        return IsZero(remaining) ? PositionImpact.Close
            : remaining > 0 ? PositionImpact.Reduce
            : PositionImpact.Reverse;
    }

    private static double Signed(Side side, double quantity) => side == Side.Buy ? quantity : -quantity;

    // Quantities are doubles summed from fills: treat a residue below this as flat.
    private static bool IsZero(double value) => Math.Abs(value) < 1e-9;
}
