using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// How the recorder starts SQLite in its process (SqliteBootstrap), each case in a child process of its own: which code
/// starts SQLite first is the process's, and this test process has started it long before.
/// </summary>
[TestFixture]
public sealed class SqliteBootstrapTests
{
    [Test]
    public void A_process_whose_SQLite_the_recorder_starts_keeps_no_memory_statistics()
    {
        var output = Open();
        Assert.That(output, Does.Contain("OPENED"));
        Assert.That(output, Does.Contain("SQLITE_MEMORY_USED 0" + Environment.NewLine),
            "with the file open, SQLite counts no memory: its statistics, and their global mutex on every allocation, are off");
    }

    [Test]
    public void SQLite_that_other_code_started_first_keeps_its_statistics_and_the_recorder_still_opens_its_file()
    {
        var output = Open("--sqlite-first");
        Assert.That(output, Does.Contain("OPENED"));
        var used = output.Split(Environment.NewLine).Single(line => line.StartsWith("SQLITE_MEMORY_USED ", StringComparison.Ordinal));
        Assert.That(long.Parse(used["SQLITE_MEMORY_USED ".Length..], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0),
            "SQLite was not stopped to change its settings under the other code's open connection");
    }

    private static string Open(params string[] options)
    {
        using var db = new TempDatabase();
        using var child = ChildProcess.Start(["open", "--db", db.Path, .. options]);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromSeconds(60));
        Assert.That(child.ExitCode, Is.EqualTo(0), output);
        return output;
    }
}
