namespace QuantowerRecorder.Storage.Merging;

/// <summary>What merging one file into the target did, in counts the CLI prints and the tests check.</summary>
public sealed class FileMergeResult : RunRelations
{
    /// <summary>The source file, as given.</summary>
    public required string Path { get; init; }

    /// <summary>The file's schema version when older than the current one (a migrated temporary copy was read).</summary>
    public int? MigratedFromVersion { get; init; }

    /// <summary>
    /// Every run in the file's strategy_runs: the sum of <see cref="RunRelations.NewRuns"/>, <see cref="RunRelations.LaterRuns"/>,
    /// <see cref="RunRelations.SameRuns"/> and <see cref="RunRelations.EarlierRuns"/>.
    /// </summary>
    public int Runs => NewRuns + LaterRuns + SameRuns + EarlierRuns;

    /// <summary>Events read from the file's raw log (a stretch of stored bars counts its bars).</summary>
    public long Events { get; set; }

    /// <summary>Events the target's writer stored: new to it, or a newer state (an older state is kept in its raw log only).</summary>
    public long Stored { get; set; }

    /// <summary>Events the target held already (or a bar state it had moved past): they changed nothing.</summary>
    public long Repeats { get; set; }

    /// <summary>Every event the target's writer refused, new ones and those an earlier merge kept already.</summary>
    public List<MergeConflict> Conflicts { get; } = [];

    /// <summary>Quarantined events of the file that the target did not have.</summary>
    public long QuarantineCopied { get; set; }

    /// <summary>Journal entries (notes, tags, pins) of the file that the target did not have.</summary>
    public long JournalEntries { get; set; }

    /// <summary>Artifact manifests of the file's runs that the target did not have.</summary>
    public int Artifacts { get; set; }

    /// <summary>Runs the merge wrote events of, analysed again from the target's rows.</summary>
    public int AnalysedRuns { get; set; }

    /// <summary>Conflicts quarantined by this merge (not by an earlier one).</summary>
    public int NewConflicts => Conflicts.Count(c => !c.AlreadyKept);

    /// <summary>Whether the merge changed the target at all.</summary>
    public bool Changed => Stored + QuarantineCopied + JournalEntries + Artifacts + NewConflicts > 0;
}
