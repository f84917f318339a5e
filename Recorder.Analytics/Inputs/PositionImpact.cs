namespace QuantowerRecorder.Analytics;

/// <summary>
/// What an order or a fill does to the net position in its (symbol, account), as recorded (<c>orders.position_impact</c>,
/// <c>executions.position_impact</c>): the recorder's one enumeration for it, written by Storage and read by the analysis.
/// </summary>
public enum PositionImpact
{
    /// <summary>Not known: the writer infers it from the run's net position, the analyser from the fills alone.</summary>
    Unknown,

    /// <summary>Opens a position from flat, or adds to one on the same side (scale-in).</summary>
    Open,

    /// <summary>Brings the position exactly to flat.</summary>
    Close,

    /// <summary>Reduces the position without reaching flat.</summary>
    Reduce,

    /// <summary>Closes the position and opens one on the other side with the remainder.</summary>
    Reverse,
}
