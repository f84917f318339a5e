namespace QuantowerRecorder.Cli.Import;

/// <summary>
/// What an import did: lines read, events handed to the recorder, and what the recorder made of them. Every event is
/// in exactly one of stored, duplicate, superseded (a forming bar replaced by its newer state before being written) and
/// quarantined.
/// </summary>
internal sealed record ImportResult(long Lines, long Events, long Committed, long Duplicates, long Superseded, long Quarantined,
    IReadOnlyList<(long Line, string Error)> Skipped);
