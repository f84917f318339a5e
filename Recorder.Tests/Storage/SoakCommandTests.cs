using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>The benchmark's `soak` command: kill -9 trials of a real child recorder, losses counted.</summary>
[TestFixture]
public sealed class SoakCommandTests
{
    [Test]
    public void Soak_kills_a_real_child_recorder_in_each_trial_and_reports_no_lost_acknowledged_events()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "soak.json");
        using var child = ChildProcess.Start("soak", "--trials", "3", "--rate", "3000", "--json", json, "--dir", Path.Combine(folder.Folder, "work"));
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        Assert.That(root.GetProperty("trials").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("acknowledged_events").GetInt64(), Is.GreaterThanOrEqualTo(3 * 300), "every trial is killed after its first acknowledged flush of 300 events");
        Assert.That(root.GetProperty("stored_events").GetInt64(), Is.GreaterThanOrEqualTo(root.GetProperty("acknowledged_events").GetInt64()));
        Assert.That(root.GetProperty("lost_events").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("damaged_trials").GetInt32(), Is.Zero);
        Assert.That(Directory.EnumerateFiles(Path.Combine(folder.Folder, "work"), "soak*.db"), Is.Empty, "each trial's file is removed after its check");
    }
}
