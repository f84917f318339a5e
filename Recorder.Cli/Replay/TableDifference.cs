namespace QuantowerRecorder.Cli.Replay;

/// <summary>How one table of a rebuilt file differs from the original, by natural key.</summary>
internal sealed record TableDifference(string Table, long OriginalRows, long RebuiltRows, IReadOnlyList<string> OnlyInOriginal,
    IReadOnlyList<string> OnlyInRebuilt, IReadOnlyList<string> Changed)
{
    public bool Same => OnlyInOriginal.Count == 0 && OnlyInRebuilt.Count == 0 && Changed.Count == 0;
}
