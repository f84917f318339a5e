namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>
/// Resolves contract facts: the order's own, then the symbol's, then the run's defaults. A symbol whose point value
/// is not known falls back to 1; <see cref="Fallbacks"/> lists those symbols so the analysis can say so.
/// </summary>
internal sealed class Instruments(RunContext context)
{
    private readonly SortedSet<string> fallbacks = new(StringComparer.Ordinal);

    /// <summary>Symbols valued with point value 1 because nothing better was known.</summary>
    public IReadOnlyCollection<string> Fallbacks => fallbacks;

    /// <summary>The symbol's point value, else tick value / tick size, else the run's, else 1 (a fallback).</summary>
    public double PointValue(string symbol)
    {
        if (context.Symbols.TryGetValue(symbol, out var spec))
        {
            if (spec.PointValue is { } value and > 0)
            {
                return value;
            }

            if (spec.TickValue is { } tickValue and > 0 && spec.TickSize is { } tickSize and > 0)
            {
                return tickValue / tickSize;
            }
        }

        if (context.PointValue is { } runValue and > 0)
        {
            return runValue;
        }

        fallbacks.Add(symbol);
        return 1.0;
    }

    /// <summary>The currency of the symbol's amounts; null when not known.</summary>
    public string? Currency(string symbol) =>
        context.Symbols.TryGetValue(symbol, out var spec) && !string.IsNullOrWhiteSpace(spec.Currency) ? spec.Currency : null;

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
