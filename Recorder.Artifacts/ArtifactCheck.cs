namespace QuantowerRecorder.Artifacts;

/// <summary>
/// Checks artifact folders against their manifests: each file changed (hash or size), missing, or there without
/// being listed. The stored manifest hash is compared by the caller, which knows where the run's row is.
/// </summary>
public static class ArtifactCheck
{
    /// <summary>One run folder's outcome: its manifest (null when unreadable), the manifest's SHA-256 and the problems.</summary>
    public sealed record Outcome(string Folder, ArtifactManifest? Manifest, string? ManifestSha256, IReadOnlyList<string> Problems);

    /// <summary>The folder itself when it holds a manifest, else each subfolder that does (an `artifacts -o` folder).</summary>
    public static IReadOnlyList<string> RunFolders(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArtifactException($"{folder} does not exist.");
        }

        if (File.Exists(Path.Combine(folder, ArtifactManifest.FileName)))
        {
            return [folder];
        }

        var runs = Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, ArtifactManifest.FileName))).Order(StringComparer.Ordinal).ToList();
        return runs.Count > 0 ? runs : throw new ArtifactException($"{folder} holds no {ArtifactManifest.FileName}, nor any folder with one.");
    }

    public static Outcome Check(string folder, Func<byte[], ArtifactManifest?> parse)
    {
        var manifestPath = Path.Combine(folder, ArtifactManifest.FileName);
        var bytes = File.ReadAllBytes(manifestPath);
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();
        ArtifactManifest? manifest;
        try
        {
            manifest = parse(bytes);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return new Outcome(folder, null, sha, [$"{ArtifactManifest.FileName} is not a manifest: {ex.Message}"]);
        }

        if (manifest is null)
        {
            return new Outcome(folder, null, sha, [$"{ArtifactManifest.FileName} is empty"]);
        }

        var problems = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal) { ArtifactManifest.FileName };
        foreach (var file in manifest.Files)
        {
            listed.Add(file.Path);
            var path = Path.Combine(folder, file.Path);
            if (!File.Exists(path))
            {
                problems.Add($"{file.Path}: missing");
                continue;
            }

            var (actual, size) = ArtifactFolder.Hash(path);
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase) || size != file.Size)
            {
                problems.Add($"{file.Path}: changed (SHA-256 {actual}, {size} bytes; the manifest says {file.Sha256}, {file.Size} bytes)");
            }
        }

        foreach (var extra in Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(n => !listed.Contains(n!)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{extra}: not in the manifest");
        }

        return new Outcome(folder, manifest, sha, problems);
    }
}
