using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A run's net position per (symbol, account), built from its own executions, and the position impact inferred from
/// it when the source does not give one.
/// </summary>
internal sealed class NetPositions
{
    private readonly Dictionary<(string Symbol, string Account), double> net = [];

    public void Set(string symbol, string? account, double quantity) => net[(symbol, account ?? string.Empty)] = quantity;

    /// <summary>What a trade of <paramref name="quantity"/> on <paramref name="side"/> would do to the position.</summary>
    public PositionImpact Infer(string symbol, string? account, Side side, double quantity) =>
        Classify(net.GetValueOrDefault((symbol, account ?? string.Empty)), side == Side.Buy ? quantity : -quantity);

    public void Apply(string symbol, string? account, Side side, double quantity)
    {
        var key = (symbol, account ?? string.Empty);
        var updated = net.GetValueOrDefault(key) + (side == Side.Buy ? quantity : -quantity);
        net[key] = IsZero(updated) ? 0 : updated;
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

    // Quantities are doubles summed from fills: treat a residue below this as flat.
    private static bool IsZero(double value) => Math.Abs(value) < 1e-9;
}
