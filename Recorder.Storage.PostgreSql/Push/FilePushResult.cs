namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>What one file's push did, in counts the CLI prints and the tests check.</summary>
public sealed class FilePushResult
{
    public required string Path { get; init; }

    public required string FileId { get; init; }

    /// <summary>Runs in the file with events.</summary>
    public int Runs { get; set; }

    /// <summary>Runs with nothing new since this file's last push (skipped without reading them).</summary>
    public int Unchanged { get; set; }

    /// <summary>Runs the team database did not have.</summary>
    public int NewRuns { get; set; }

    /// <summary>Runs whose state in the file was later than the team's (their rows were updated).</summary>
    public int LaterRuns { get; set; }

    /// <summary>Runs whose state in the file equals the team's (rows compared; a difference is a conflict).</summary>
    public int SameRuns { get; set; }

    /// <summary>Runs the team already has in a later state (only their missing events were added).</summary>
    public int EarlierRuns { get; set; }

    public long RowsSent { get; set; }

    public long RowsInserted { get; set; }

    public long RowsUpdated { get; set; }

    /// <summary>Derived rows of later runs that their analysis, sent again, no longer has.</summary>
    public long RowsDeleted { get; set; }

    public int Chunks { get; set; }

    public List<PushConflict> Conflicts { get; } = [];
}
