namespace QuantowerRecorder.Storage.Records;

/// <summary>What an order or a fill does to the run's net position in its (symbol, account).</summary>
public enum PositionImpact
{
    /// <summary>Not known.</summary>
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
