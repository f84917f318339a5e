using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What the writer tells the kept facts after each of its writes, and how another connection's write is found: by the
/// writer's own data_version after its commits, and by a reading's sentinel before them (the remarks of
/// <see cref="KeptFacts"/>), each write found once.
/// </summary>
internal sealed partial class KeptFacts
{
    private long dataVersion = -1;

    /// <summary>
    /// On the writer's thread, inside <see cref="Commits"/>, right after a commit: the bar times and the orders it wrote,
    /// and whether another connection wrote since the last commit (SQLite's data_version changes only for others' commits).
    /// Never throws: the commit stands whatever happens here, and an exception would be taken for its failure (a batch
    /// retried, then its stored events quarantined one by one). A failure costs the facts their head start — every run's
    /// next reading is whole — and is reported once while the commits after it keep failing, not after every commit.
    /// </summary>
    public void Committed(SqliteConnection writer, Dictionary<long, long>? touched, IReadOnlyDictionary<string, HashSet<string>>? orders = null)
    {
        try
        {
            Tell(writer, touched, orders);
            failing = false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The writer's own data_version is left as it was: reset, it would hide a foreign write made before the next commit.
            (foundByReading, laterForeign, versionInWrite) = (false, null, null);
            sentinel.Forget();
            foreach (var facts in All())
            {
                facts.Forget();
            }

            if (!failing)
            {
                failing = true;
                report?.Invoke($"recorder bug after a commit ({ex.GetType().Name}: {ex.Message}); the commit stands, and the runs' next " +
                               $"analyses read them whole. Please report it:{Environment.NewLine}{ex}");
            }
        }
    }

    // The last commit's telling failed, and was said (only on the writer's thread).
    private bool failing;

    // Under Commits. A reading found another connection's write since the writer's last note, and read whole after it;
    // then, asked inside the writer's next transaction (BeforeCommit), whether another came after that reading, and the
    // writer's data_version there. Without them the writer's own data_version, moved by that same write, made every run's
    // next reading whole a second time.
    private bool foundByReading;
    private bool? laterForeign;
    private long? versionInWrite;

    /// <summary>
    /// On the writer's thread, inside <see cref="Commits"/>, at the end of a transaction of its own before its COMMIT: the
    /// file's write lock is held, so no other connection commits until the transaction ends. When a reading found another
    /// connection's write since the last commit, asks whether another came after it, and notes the writer's data_version
    /// here: a different one after the commit is a write that came between the two. Never throws.
    /// </summary>
    public void BeforeCommit(SqliteConnection writer)
    {
        if (!foundByReading)
        {
            return;
        }

        try
        {
            versionInWrite = writer.Scalar("PRAGMA data_version;") as long?;
            laterForeign = sentinel.Moved();
        }
        catch (SqliteException)
        {
            (laterForeign, versionInWrite) = (null, null);
        }
    }

    /// <summary>
    /// On the writer's thread: <paramref name="work"/> in a transaction of the writer's own outside a batch (a job's
    /// steps), asked <see cref="BeforeCommit"/> before its COMMIT, and noted as a commit is (<see cref="OwnWrite"/>).
    /// </summary>
    public void OwnTransaction(SqliteConnection writer, Action work) =>
        OwnWrite(writer, () => WriteTransaction.Run(writer, () =>
        {
            work();
            BeforeCommit(writer);
        }));

    private void Tell(SqliteConnection writer, Dictionary<long, long>? touched, IReadOnlyDictionary<string, HashSet<string>>? orders)
    {
        // The sentinel first, then the writer's own: a foreign commit between the two is found by the writer's.
        sentinel.Note();
        long version;
        try
        {
            version = writer.Scalar("PRAGMA data_version;") is long v ? v : 0;
        }
        catch (SqliteException)
        {
            // Not known: as if another connection wrote (the commit itself stands).
            version = dataVersion - 1;
        }

        var foreign = dataVersion >= 0 && version != dataVersion;
        if (foreign && foundByReading && laterForeign == false && versionInWrite == version)
        {
            // The writer's own data_version moved for the write a reading found first, and read the facts whole after:
            // no other connection committed since that reading, nor after this write.
            foreign = false;
        }

        (foundByReading, laterForeign, versionInWrite) = (false, null, null);
        dataVersion = version;
        if (touched is null && !foreign && orders is not { Count: > 0 })
        {
            return;
        }

        if (orders is { Count: > 0 })
        {
            lock (gate)
            {
                foreach (var (runId, written) in orders)
                {
                    runs.GetValueOrDefault(runId)?.Facts.OrdersWritten(written);
                }
            }
        }

        foreach (var facts in All())
        {
            if (foreign)
            {
                facts.Forget();
            }

            if (touched is not null)
            {
                facts.Touched(touched);
            }
        }
    }

    /// <summary>
    /// On the writer's thread: a write of its own outside a batch that moves other connections' data_version (a job's
    /// transaction, a truncating checkpoint), run under <see cref="Commits"/> and noted as a commit is.
    /// </summary>
    public void OwnWrite(SqliteConnection writer, Action write)
    {
        lock (Commits)
        {
            try
            {
                write();
            }
            finally
            {
                Committed(writer, null);
            }
        }
    }

    // Under Commits, as a reading begins: another connection wrote since the writer last noted the sentinel (or it is not
    // known whether one did), so every run's facts are read whole.
    private void ForeignSince()
    {
        if (sentinel.Moved())
        {
            foundByReading = true;
            foreach (var facts in All())
            {
                facts.Forget();
            }
        }
    }
}
