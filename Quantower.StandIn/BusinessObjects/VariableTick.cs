using System.Globalization;

namespace TradingPlatform.BusinessLayer;

/// <summary>One entry of <see cref="Symbol.VariableTickList"/>: the tick size and tick cost within a price band.</summary>
public class VariableTick
{
    public VariableTick(double lowLimit, double highLimit, bool allowLimit, double tickSize, double tickCost, int? precision = null)
    {
        this.LeftBorder = lowLimit;
        this.RightBorder = highLimit;
        this.IncludeLeftBorder = allowLimit;
        this.TickSize = tickSize;
        this.TickCost = tickCost;
        this.Precision = precision ?? DecimalsOf(tickSize);
    }

    /// <summary>A band over every price.</summary>
    public VariableTick(double tickSize, double tickCost = 1.0, int? precision = null)
        : this(double.NegativeInfinity, double.PositiveInfinity, true, tickSize, tickCost, precision)
    {
    }

    public double LeftBorder { get; private set; }

    public double RightBorder { get; private set; }

    public bool IncludeLeftBorder { get; private set; }

    public double TickSize { get; private set; }

    public double TickCost { get; private set; }

    public int Precision { get; private set; }

    /// <summary>Whether the price lies in the band: [left, right) when the left border is included, else (left, right].</summary>
    public bool CheckPrice(double price) => this.IncludeLeftBorder
        ? price >= this.LeftBorder && price < this.RightBorder
        : price > this.LeftBorder && price <= this.RightBorder;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{this.LeftBorder}..{this.RightBorder}: {this.TickSize} @ {this.TickCost}");

    private static int DecimalsOf(double tick)
    {
        var decimals = 0;
        while (decimals < 10 && double.IsFinite(tick) && Math.Abs(Math.Round(tick, decimals) - tick) > 1e-12)
        {
            decimals++;
        }

        return decimals;
    }
}
