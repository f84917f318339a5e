namespace QuantowerRecorder.Analytics;

/// <summary>What a fill did to the position, as recorded (<c>executions.position_impact</c>).</summary>
public enum PositionImpact
{
    /// <summary>Not known: the analyser works it out from the fills alone.</summary>
    Unknown,

    /// <summary>Opened or added to a position.</summary>
    Open,

    /// <summary>Closed a position completely.</summary>
    Close,

    /// <summary>Reduced a position.</summary>
    Reduce,

    /// <summary>Closed a position and opened the opposite one.</summary>
    Reverse,
}
