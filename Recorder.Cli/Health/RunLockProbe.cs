namespace QuantowerRecorder.Cli.Health;

/// <summary>
/// Whether a live recorder still holds a run: the recorder keeps <c>&lt;db&gt;.runs/&lt;run_id&gt;.lock</c> open
/// exclusively while it records, and the OS releases it when the process dies. Same convention as Storage's internal
/// RunLocks (not reachable from here: see the note in docs/cli.md).
/// </summary>
internal static class RunLockProbe
{
    public static bool IsHeld(string databasePath, string runId)
    {
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            runId = runId.Replace(c, '_');
        }

        var path = Path.Combine(databasePath + ".runs", runId + ".lock");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
