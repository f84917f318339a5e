using QuantowerRecorder.Storage.Merging;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>What one file's push did, in counts the CLI prints and the tests check.</summary>
public sealed class FilePushResult : RunRelations
{
    public required string Path { get; init; }

    public required string FileId { get; init; }

    /// <summary>Runs in the file with events.</summary>
    public int Runs { get; set; }

    /// <summary>Runs with nothing new since this file's last push (skipped without reading them).</summary>
    public int Unchanged { get; set; }

    public long RowsSent { get; set; }

    public long RowsInserted { get; set; }

    public long RowsUpdated { get; set; }

    /// <summary>Derived rows of later runs that their analysis, sent again, no longer has.</summary>
    public long RowsDeleted { get; set; }

    /// <summary>Transactions committed: the chunks of runs, and the journal's when it had entries to send.</summary>
    public int Chunks { get; set; }

    /// <summary>Journal entries (notes, tags, pins) the team database did not have (also counted in <see cref="RowsInserted"/>).</summary>
    public long JournalEntries { get; set; }

    public List<PushConflict> Conflicts { get; } = [];
}
