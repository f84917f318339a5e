namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// One lock file per running run, held by the process recording it (<c>&lt;db&gt;.runs/&lt;run_id&gt;.lock</c>).
/// The operating system releases it when the process dies, however it dies, so a RUNNING run whose lock can be taken
/// belongs to no live recorder and is abandoned. SQLite offers nothing per-run that survives a kill this way.
/// </summary>
internal sealed class RunLocks : IDisposable
{
    private readonly string folder;
    private readonly Dictionary<string, FileStream> held = new(StringComparer.Ordinal);

    public RunLocks(string databasePath) => folder = databasePath + ".runs";

    /// <summary>Takes the lock of a run this process records. False if the folder or file cannot be made.</summary>
    public bool Acquire(string runId)
    {
        if (held.ContainsKey(runId))
        {
            return false;
        }

        try
        {
            Directory.CreateDirectory(folder);
            held[runId] = new FileStream(PathOf(runId), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Release(string runId)
    {
        if (held.Remove(runId, out var stream))
        {
            stream.Dispose();
            TryDelete(PathOf(runId));
        }
    }

    /// <summary>True when no live process holds the run's lock.</summary>
    public bool IsFree(string runId)
    {
        if (held.ContainsKey(runId))
        {
            return false;
        }

        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void ForgetAbandoned(string runId) => TryDelete(PathOf(runId));

    private string PathOf(string runId)
    {
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            runId = runId.Replace(c, '_');
        }

        return Path.Combine(folder, runId + ".lock");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process may be taking it right now; a stale file is harmless (an untaken lock is free).
        }
    }

    public void Dispose()
    {
        foreach (var stream in held.Values)
        {
            stream.Dispose();
        }

        held.Clear();
    }
}
