namespace QuantowerRecorder.Storage.Merging;

/// <summary>What merging one file into the target did, in counts the CLI prints and the tests check.</summary>
public sealed class FileMergeResult : RunRelations
{
    /// <summary>The source file, as given.</summary>
    public required string Path { get; init; }

    /// <summary>The file's schema version when older than the current one (a migrated temporary copy was read).</summary>
    public int? MigratedFromVersion { get; init; }

    /// <summary>
    /// Every run in the file's strategy_runs: the sum of <see cref="NewRuns"/>, <see cref="LaterRuns"/>,
    /// <see cref="SameRuns"/> and <see cref="EarlierRuns"/>.
    /// </summary>
    public int Runs => NewRuns + LaterRuns + SameRuns + EarlierRuns;

    /// <summary>Per table, in merge order.</summary>
    public List<MergeTableCount> Tables { get; } = [];

    /// <summary>Quarantined events of the file that the target did not have.</summary>
    public long QuarantineCopied { get; set; }

    /// <summary>Every key found with other content, new ones and those an earlier merge kept already.</summary>
    public List<MergeConflict> Conflicts { get; } = [];

    public long RowsInserted => Tables.Sum(t => t.Inserted);

    public long RowsUpdated => Tables.Sum(t => t.Updated);

    /// <summary>Conflicts quarantined by this merge (not by an earlier one).</summary>
    public int NewConflicts => Conflicts.Count(c => !c.AlreadyKept);
}
