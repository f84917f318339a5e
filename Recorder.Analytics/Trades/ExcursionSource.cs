namespace QuantowerRecorder.Analytics;

/// <summary>Where a trade's MAE and MFE prices came from.</summary>
public enum ExcursionSource
{
    /// <summary>High and low of the bars overlapping the holding period, plus the trade's own fill prices.</summary>
    Bars,

    /// <summary>No bar overlapped: the prices of the symbol's fills during the holding period.</summary>
    Fills,
}
