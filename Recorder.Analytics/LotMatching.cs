namespace QuantowerRecorder.Analytics;

/// <summary>How closing quantity is matched to open quantity to form round-trip trades.</summary>
public enum LotMatching
{
    /// <summary>The oldest open lot closes first. One trade per lot (the quantity one order opened).</summary>
    Fifo,

    /// <summary>The newest open lot closes first. One trade per lot.</summary>
    Lifo,

    /// <summary>One trade from flat to flat, at average cost: every add and every partial exit belongs to it.</summary>
    FlatToFlat,
}
