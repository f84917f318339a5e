using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Demo databases for tests. Making one takes about a second, so read-only tests share one per fixture and tests
/// that change a file make their own.
/// </summary>
internal static class DemoFiles
{
    public static TempDatabase Create()
    {
        var db = new TempDatabase("demo.db");
        var run = Cli.Run(db.Folder, "demo", "--db", db.Path);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("demo failed: " + run);
        }

        return db;
    }
}
