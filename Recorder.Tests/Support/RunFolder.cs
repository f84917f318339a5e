namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A temporary folder for what the whole test run shares (the recorded demo), made on first use and removed when the
/// run ends (<see cref="TestRun"/>).
/// </summary>
internal static class RunFolder
{
    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Folder.Value;

    public static void RemoveIfMade()
    {
        if (!Folder.IsValueCreated)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder.Value, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be releasing a file; the temp folder is cleaned by the OS eventually.
        }
    }

    private static string Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qr-tests", "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
