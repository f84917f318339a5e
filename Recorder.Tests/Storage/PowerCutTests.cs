using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The power cut, on real parts: the benchmark's `powercut` command mounts forgetful_fs.py (a FUSE disk that forgets
/// every write not synced when its power is cut), a real child recorder records live, paper and backtest runs on it and
/// is killed at a random moment (inside a batch, at a run's close, while the spill file is read back), the power is cut,
/// the disk mounted again. Linux only, as root (FUSE through libfuse2): the class carries "LinuxRoot", which build.ps1
/// leaves out on a trader's Windows PC, and anywhere without FUSE the test fails with the reason and the command.
/// The 100-cut run is the command itself (README, "What survives what").
/// </summary>
[TestFixture]
[Category("LinuxRoot")]
public sealed class PowerCutTests
{
    [Test]
    public void A_power_cut_loses_no_acknowledged_live_or_paper_event_and_a_backtest_at_most_its_window()
    {
        var root = Cuts(9, keepEverything: false, out var output, out var exitCode);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(root.GetProperty("cuts").GetInt32(), Is.EqualTo(9));
        Assert.That(root.GetProperty("cuts_that_dropped_writes").GetInt32(), Is.EqualTo(9), "every cut took unsynced writes: the disk really forgets");
        Assert.That(root.GetProperty("acknowledged_live").GetInt64(), Is.Positive);
        Assert.That(root.GetProperty("acknowledged_paper").GetInt64(), Is.Positive);
        Assert.That(root.GetProperty("spilled_events").GetInt64(), Is.Positive, "three cuts came while the spill file was read back");
        Assert.That(root.GetProperty("lost_live").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("lost_paper").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("lost_spilled").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("failed_cuts").GetInt32(), Is.Zero, output);
        // The documented window (RecorderOptions.UnsyncedWindow, 1 s) and the batch that crosses it.
        Assert.That(root.GetProperty("backtest_lost_max_seconds").GetDouble(), Is.LessThanOrEqualTo(1.5));
    }

    [Test]
    public void On_a_disk_that_keeps_unsynced_writes_the_power_cut_test_says_it_proves_nothing_instead_of_passing()
    {
        var root = Cuts(1, keepEverything: true, out var output, out var exitCode);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(root.GetProperty("cuts_that_dropped_writes").GetInt32(), Is.Zero);
        Assert.That(root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()),
            Has.Some.Contain("kept a write that was never synced").And.Some.Contain("prove nothing"));
    }

    private static JsonElement Cuts(int cuts, bool keepEverything, out string output, out int exitCode)
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "powercut.json");
        var args = new List<string> { "powercut", "--cuts", cuts.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", json, "--dir", Path.Combine(folder.Folder, "work") };
        if (keepEverything)
        {
            args.Add("--keep-everything");
        }

        using var child = ChildProcess.Start([.. args]);
        output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));
        exitCode = child.ExitCode;
        if (exitCode == 3)
        {
            throw MissingPart.Fail(MissingPart.Fuse, output.Trim(), "Install it: sudo apt-get install -y fuse3 python3-fusepy (./test.sh does), and run the tests as root.");
        }

        using var result = JsonDocument.Parse(File.ReadAllText(json));
        return result.RootElement.Clone();
    }
}
