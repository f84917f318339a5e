namespace QuantowerRecorder.Cli.Import;

/// <summary>What an import did: lines read, events handed to the recorder, and what the recorder made of them.</summary>
internal sealed record ImportResult(long Lines, long Events, long Committed, long Duplicates, long Quarantined,
    IReadOnlyList<(long Line, string Error)> Skipped);
