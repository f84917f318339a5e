using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli.Parquet;

/// <summary>
/// `recorder artifacts` and `verify --artifacts` count the same folder in words that agree: the folder holds one file
/// more than its manifest lists, the manifest itself, and both say so (they said "9 file(s)" and "8 file(s)").
/// </summary>
[TestFixture]
public sealed class ArtifactsCountTests
{
    [Test]
    public void Both_say_the_manifest_lists_every_file_but_itself()
    {
        using var db = DemoFiles.Create();
        var runId = DemoFiles.TraderRuns(db.Path)[0];
        var root = db.Sibling("artifacts");
        var written = Cli.Run(db.Folder, "artifacts", runId[..8], "-o", root, "--db", db.Path);
        Assert.That(written.ExitCode, Is.EqualTo(0), written.ToString());

        var folder = Path.Combine(root, runId);
        var onDisk = Directory.GetFiles(folder).Length;
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json")));
        var listed = manifest.RootElement.GetProperty("files").GetArrayLength();
        Assert.That(listed, Is.EqualTo(onDisk - 1), "the manifest lists every file but itself");
        Assert.That(written.Out, Does.Contain($"Wrote {onDisk} files of run {runId}").And.Contain($": {listed} data files and manifest.json, which lists them"));

        var verified = Cli.Run(db.Folder, "verify", "--artifacts", root, "--db", db.Path);
        Assert.That(verified.ExitCode, Is.EqualTo(0), verified.ToString());
        Assert.That(verified.Out, Does.Contain($"the {listed} files manifest.json lists match it"));
        Assert.That(verified.Out, Does.Not.Contain("file(s)"));
    }
}
