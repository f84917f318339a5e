namespace QuantowerRecorder.Cli.Import;

/// <summary>What an import did: lines read, events handed to the recorder, and what the recorder made of them.</summary>
/// Every event is in exactly one of stored, duplicate, superseded (a forming bar replaced by its newer state before
/// being written) and quarantined.
internal sealed record ImportResult(long Lines, long Events, long Committed, long Duplicates, long Quarantined,
    IReadOnlyList<(long Line, string Error)> Skipped)
{
    public long Superseded { get; init; }
}
