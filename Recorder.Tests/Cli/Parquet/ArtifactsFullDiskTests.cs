using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli.Parquet;

/// <summary>The disk fills up while a run's artifacts are written: a real, small tmpfs the test mounts.</summary>
[TestFixture]
[Category("LinuxRoot")]
public sealed class ArtifactsFullDiskTests
{
    [Test]
    public void A_full_disk_mid_export_is_a_clear_error_and_leaves_no_manifest_nor_half_written_file()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs JOIN strategy_instances USING (instance_id) WHERE symbol = 'BTCUSDT' ORDER BY start_utc, run_id LIMIT 1");
        using var disk = SmallDisk.Mount(megabytes: 4);
        // Room for the JSON files and not for the Parquet: the failure comes in the middle of the run's folder.
        var filler = disk.Fill(leaveBytes: 12 * 1024);

        var run = Cli.Run(db.Folder, "artifacts", runId, "-o", disk.Path, "--db", db.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Contain("Could not write").And.Contain(runId));
        Assert.That(Directory.GetFiles(disk.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName), Is.EqualTo(new[] { Path.GetFileName(filler) }),
            "no manifest, no file of the run, no temporary file");

        File.Delete(filler);
        var again = Cli.Run(db.Folder, "artifacts", runId, "-o", disk.Path, "--db", db.Path);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(File.Exists(Path.Combine(disk.Path, runId, "manifest.json")), Is.True, "with room again, the same command succeeds");
    }
}
