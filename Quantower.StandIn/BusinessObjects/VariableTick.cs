namespace TradingPlatform.BusinessLayer;

/// <summary>One entry of <see cref="Symbol.VariableTickList"/>: the tick size between two prices.
/// The spec names the list but not this type's members, so they stay internal.</summary>
public class VariableTick
{
    internal VariableTick(double lowPrice, double highPrice, double tickSize)
    {
        this.LowPrice = lowPrice;
        this.HighPrice = highPrice;
        this.TickSize = tickSize;
    }

    internal double LowPrice { get; }

    internal double HighPrice { get; }

    internal double TickSize { get; }
}
