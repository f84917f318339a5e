using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>A symbol's contract facts as the run's analysis resolves them (docs/metrics.md, "Money").</summary>
public sealed record WhatIfInstrument(double PointValue, bool PointValueAssumed, double? TickSize, string? Currency)
{
    /// <summary>The symbol's point value (else tick value / tick size, else the run's, else 1, assumed), tick size and currency.</summary>
    public static WhatIfInstrument Of(RunContext context, string symbol)
    {
        ArgumentNullException.ThrowIfNull(context);
        var instruments = new Instruments(context);
        var pointValue = instruments.PointValue(symbol);
        return new WhatIfInstrument(pointValue, instruments.Fallbacks.Count > 0, instruments.TickSize(symbol, null), instruments.Currency(symbol));
    }
}
