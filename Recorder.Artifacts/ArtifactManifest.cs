namespace QuantowerRecorder.Artifacts;

/// <summary>
/// manifest.json of a run's artifact folder, as seed 003 lays it out: the run, when it was written (epoch ms), the
/// run's config hash, the recorder's version, and every other file of the folder.
/// </summary>
public sealed record ArtifactManifest(string RunId, long CreatedAt, string? ConfigHash, string RecorderVersion, IReadOnlyList<ManifestFile> Files)
{
    public const string FileName = "manifest.json";
}

/// <summary>One file of the folder: its name, its path relative to the folder, SHA-256 (lowercase hex), bytes, MIME type.</summary>
public sealed record ManifestFile(string Name, string Path, string Sha256, long Size, string Mime);

/// <summary>One file to write: its name, MIME type and how to write its bytes.</summary>
public sealed record ArtifactContent(string Name, string Mime, Func<Stream, CancellationToken, Task> WriteAsync)
{
    public const string Json = "application/json";
    public const string Parquet = "application/vnd.apache.parquet";
}
