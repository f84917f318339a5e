namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// One lock file per running run, held by the process recording it (<c>&lt;db&gt;.runs/&lt;run_id&gt;.lock</c>).
/// The operating system releases the lock when the process dies, however it dies, but the file stays; a clean close
/// deletes it. So a RUNNING run whose lock file exists and can be taken was left by a crash (ABANDONED), while a
/// RUNNING run without a lock file was closed cleanly mid-run (an import that ends mid-run, a flushed session) and
/// stays RUNNING. SQLite offers nothing per-run that survives a kill this way. A lock file's creation and deletion are
/// made durable (<see cref="DurableFile"/>) before the run's start can be: after a power cut, a run the file says
/// RUNNING has its lock file, and the next open ends it ABANDONED. A run that ended keeps its lock until the commit of its
/// end is on the disk (<see cref="Ended"/>, <see cref="Synced"/>): a power cut that loses an unsynced end (a backtest's,
/// decision 3) finds the lock and ends the run ABANDONED, never RUNNING as if closed cleanly mid-run. That deletion need
/// not be durable: a lock file of a run the file says ended is swept at the next open.
/// </summary>
internal sealed class RunLocks : IDisposable
{
    private const string Unclean = ".unwritten";
    private const string UnknownReason = "events it could not write were lost";
    private readonly string folder;
    private readonly Dictionary<string, FileStream> held = new(StringComparer.Ordinal);

    // Runs whose end is committed but maybe not yet on the disk: still held.
    private readonly Dictionary<string, FileStream> ending = new(StringComparer.Ordinal);

    // Lock files of ended runs kept for the next runs' locks (see Synced).
    private readonly SpareLockFiles spares;

    public RunLocks(string databasePath)
    {
        folder = databasePath + ".runs";
        spares = new SpareLockFiles(folder);
    }

    /// <summary>Takes the lock of a run this process records. False if the folder or file cannot be made.</summary>
    public bool Acquire(string runId)
    {
        if (held.ContainsKey(runId))
        {
            return false;
        }

        try
        {
            DurableFile.CreateFolder(folder);
            var path = PathOf(runId);
            spares.Reuse(path);
            held[runId] = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        try
        {
            DurableFile.SyncFolder(folder);
        }
        catch (IOException)
        {
            // The lock is held; only a power cut could now lose its file (and leave the run RUNNING).
        }

        return true;
    }

    public void Release(string runId)
    {
        if (held.Remove(runId, out var stream))
        {
            stream.Dispose();
            TryDelete(PathOf(runId));
        }
    }

    /// <summary>The run's end is committed: its lock goes at the next <see cref="Synced"/>.</summary>
    public void Ended(string runId)
    {
        if (held.Remove(runId, out var stream))
        {
            ending[runId] = stream;
        }
    }

    /// <summary>
    /// Every commit so far is on the disk (a synced commit, a checkpoint, the file's close): the locks of the runs they
    /// ended go, their files kept as spares for the next runs' locks (<see cref="SpareLockFiles"/>) or deleted, without a
    /// sync of the folder.
    /// </summary>
    public void Synced()
    {
        foreach (var (runId, stream) in ending)
        {
            stream.Dispose();
            spares.Retire(PathOf(runId));
        }

        ending.Clear();
    }

    /// <summary>Runs whose end is committed and whose lock waits for it to be on the disk (tests).</summary>
    public int Ending => ending.Count;

    /// <summary>True when the run's lock file exists and no live process holds it: its recorder died.</summary>
    public bool IsAbandoned(string runId) => !held.ContainsKey(runId) && File.Exists(PathOf(runId)) && CanTake(PathOf(runId));

    /// <summary>
    /// Deletes lock files that no live process holds and whose run is not running: left by a kill between taking
    /// the lock and committing the run's start, or by a crash after its run was already ended by another writer.
    /// </summary>
    public void SweepStale(IReadOnlySet<string> runningRunIds)
    {
        string[] files;
        try
        {
            files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.lock") : [];
            spares.SweepOthers();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        var keep = new HashSet<string>(runningRunIds.Concat(held.Keys).Select(PathOf), StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!keep.Contains(Path.GetFullPath(file)) && CanTake(file))
            {
                TryDelete(file);
                TryDelete(file + Unclean);
            }
        }
    }

    private static bool CanTake(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void ForgetAbandoned(string runId)
    {
        TryDelete(PathOf(runId));
        TryDelete(PathOf(runId) + Unclean);
    }

    /// <summary>
    /// A close that lost events of these runs: their lock files stay, so the next open ends them ABANDONED, with a
    /// marker saying why. On a full disk the marker may be empty or missing; the lock file alone still says enough.
    /// </summary>
    public void KeepAsAbandoned(IEnumerable<string> runIds, string reason)
    {
        foreach (var runId in runIds)
        {
            Acquire(runId);
            if (!held.Remove(runId, out var stream))
            {
                continue;
            }

            stream.Dispose();
            try
            {
                var marker = PathOf(runId) + Unclean;
                File.WriteAllText(marker, reason);
                DurableFile.Sync(marker);
                DurableFile.SyncFolder(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The disk that lost the events may not take the reason either.
            }
        }
    }

    /// <summary>Why a run's last close left it to be ended at the next open, or null after a crash.</summary>
    public string? ReasonOf(string runId)
    {
        var marker = PathOf(runId) + Unclean;
        try
        {
            return File.Exists(marker) ? File.ReadAllText(marker) is { Length: > 0 } text ? text : UnknownReason : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return UnknownReason;
        }
    }

    private string PathOf(string runId)
    {
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            runId = runId.Replace(c, '_');
        }

        return Path.GetFullPath(Path.Combine(folder, runId + ".lock"));
    }

    private static void TryDelete(string path, bool durable = true)
    {
        try
        {
            if (durable)
            {
                DurableFile.Delete(path);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process may be taking it right now; a stale file is harmless (an untaken lock is free).
        }
    }

    /// <summary>A clean close: every held lock is released and its file deleted, so its runs are not taken for crashed.</summary>
    public void Dispose()
    {
        // The file is closed first (Writer.Finish): its last connection's checkpoint put the ends on the disk.
        Synced();
        foreach (var runId in held.Keys.ToList())
        {
            Release(runId);
        }

        spares.DeleteAll();

        try
        {
            // Not recursive: a folder still holding another process's lock (or a crashed run's) stays.
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                DurableFile.DeleteFolder(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process is taking a lock in it right now: it is theirs to keep.
        }
    }
}
