namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A trade's excursions and efficiencies (docs/metrics.md, "Excursions and efficiency"). Money in the symbol's
/// currency; efficiencies are fractions of the range the price went through while the trade was held (0..1).
/// </summary>
public sealed record TradeExcursion(
    int TradeNumber,
    double Mae,
    double Mfe,
    double Etd,
    double? EntryEfficiency,
    double? ExitEfficiency,
    double? TotalEfficiency)
{
    /// <summary>Computes from the trade's own MAE, MFE and gross PnL (all at its full quantity).</summary>
    public static TradeExcursion Of(RoundTrip trade)
    {
        ArgumentNullException.ThrowIfNull(trade);

        // MFE − MAE is the range (H − L) × quantity × point value; the entry and exit lie inside it because the
        // trade's own fill prices are part of H and L.
        var range = trade.Mfe - trade.Mae;
        double? Share(double part) => range > 0 ? Math.Clamp(part / range, 0, 1) : null;
        double? total = range > 0 ? trade.GrossPnl / range : null;
        return new TradeExcursion(
            trade.Number,
            trade.Mae,
            trade.Mfe,
            Math.Max(0, trade.Mfe - trade.GrossPnl),
            Share(trade.Mfe),
            Share(trade.GrossPnl - trade.Mae),
            total);
    }

    /// <summary>Every trade's excursions, in the trades' order.</summary>
    public static IReadOnlyList<TradeExcursion> Of(IEnumerable<RoundTrip> trades) => trades.Select(Of).ToList();
}
