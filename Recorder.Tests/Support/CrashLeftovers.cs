namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// The on-disk state a killed recorder leaves: its run's lock file stays while the OS has released the lock. Tests of
/// readers (verify) start from it; the kill itself is tested with real child processes (CrashTests, RunEndRuleTests).
/// </summary>
internal static class CrashLeftovers
{
    public static void LeaveRunLock(string databasePath, string runId)
    {
        var folder = Directory.CreateDirectory(databasePath + ".runs").FullName;
        File.WriteAllText(Path.Combine(folder, runId + ".lock"), string.Empty);
    }
}
