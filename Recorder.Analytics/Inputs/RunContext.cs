namespace QuantowerRecorder.Analytics;

/// <summary>Facts about the run as a whole (<c>strategy_runs</c>). Times are UTC.</summary>
public sealed record RunContext
{
    /// <summary>Account balance at the start; null when not known (percentages and returns are then null).</summary>
    public double? InitialBalance { get; init; }

    /// <summary>
    /// Money per one unit of price per one unit of quantity, for symbols without their own. Null (the default) means
    /// not known: such symbols fall back to 1 and a note says so.
    /// </summary>
    public double? PointValue { get; init; }

    /// <summary>Tick size for symbols and orders without their own; null when not known.</summary>
    public double? TickSize { get; init; }

    /// <summary>Run start; when null, the first fill or bar.</summary>
    public DateTime? StartUtc { get; init; }

    /// <summary>Run end; when null (a run without RUN_ENDED, or abandoned), the last fill or bar end.</summary>
    public DateTime? EndUtc { get; init; }

    /// <summary>Per-symbol contract facts, by symbol (ordinal comparison).</summary>
    public IReadOnlyDictionary<string, SymbolSpec> Symbols { get; init; } = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal);
}
