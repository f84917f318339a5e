namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>Resolves contract facts: the order's own, then the symbol's, then the run's defaults.</summary>
internal sealed class Instruments(RunContext context)
{
    public double PointValue(string symbol) =>
        context.Symbols.TryGetValue(symbol, out var spec) && spec.PointValue is { } value ? value : context.PointValue;

    public double? TickSize(string symbol, OrderInfo? order)
    {
        if (order?.TickSize is { } own and > 0)
        {
            return own;
        }

        if (context.Symbols.TryGetValue(symbol, out var spec) && spec.TickSize is { } symbolTick and > 0)
        {
            return symbolTick;
        }

        return context.TickSize is { } runTick and > 0 ? runTick : null;
    }

    /// <summary>Money per tick per unit of quantity; tick size × point value when not given.</summary>
    public double? TickValue(string symbol, OrderInfo? order)
    {
        if (order?.TickValue is { } own and > 0)
        {
            return own;
        }

        if (context.Symbols.TryGetValue(symbol, out var spec) && spec.TickValue is { } symbolValue and > 0)
        {
            return symbolValue;
        }

        return TickSize(symbol, order) * PointValue(symbol);
    }
}
