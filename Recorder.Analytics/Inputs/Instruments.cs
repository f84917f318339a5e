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
        var spec = Spec(symbol);
        if (spec?.PointValue is { } value and > 0)
        {
            return value;
        }

        if (spec?.TickValue is { } tickValue and > 0 && spec.TickSize is { } tickSize and > 0)
        {
            return tickValue / tickSize;
        }

        if (context.PointValue is { } runValue and > 0)
        {
            return runValue;
        }

        fallbacks.Add(symbol);
        return 1.0;
    }

    /// <summary>The currency of the symbol's amounts; null when not known.</summary>
    public string? Currency(string symbol) => Spec(symbol)?.Currency is { } currency && !string.IsNullOrWhiteSpace(currency) ? currency : null;

    public double? TickSize(string symbol, OrderInfo? order) =>
        Positive(order?.TickSize) ?? Positive(Spec(symbol)?.TickSize) ?? Positive(context.TickSize);

    /// <summary>Money per tick per unit of quantity; tick size × point value when not given.</summary>
    public double? TickValue(string symbol, OrderInfo? order) =>
        Positive(order?.TickValue) ?? Positive(Spec(symbol)?.TickValue) ?? TickSize(symbol, order) * PointValue(symbol);

    private SymbolSpec? Spec(string symbol) => context.Symbols.GetValueOrDefault(symbol);

    private static double? Positive(double? value) => value is > 0 ? value : null;
}
