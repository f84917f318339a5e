namespace QuantowerRecorder.Analytics;

/// <summary>Keys of notes that are about the run as a whole rather than one metric (readers look for them).</summary>
public static class NoteKeys
{
    /// <summary>A symbol's money figures used point value 1 because its instrument's point value was not known.</summary>
    public const string PointValue = "point_value";

    /// <summary>The run trades in more than one currency; its run-wide money figures are null.</summary>
    public const string Currency = "currency";
}
