using System.Security.Cryptography;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Artifacts;

/// <summary>
/// Writes one run's folder: every file first (each to a temporary name, then renamed), the manifest last and
/// atomically, so a folder with a manifest.json is complete and a failure leaves no manifest and none of its files.
/// </summary>
public static class ArtifactFolder
{
    /// <summary>The manifest written and its SHA-256 (of manifest.json's bytes).</summary>
    public sealed record Written(ArtifactManifest Manifest, string ManifestSha256);

    public static async Task<Written> WriteAsync(
        string folder, IReadOnlyList<ArtifactContent> files, Func<IReadOnlyList<ManifestFile>, ArtifactManifest> manifest,
        Func<ArtifactManifest, byte[]> serialize, CancellationToken cancel = default)
    {
        RequireEmpty(folder);
        var created = !Directory.Exists(folder);
        DurableFile.CreateFolder(folder);
        var done = new List<string>();
        try
        {
            var entries = new List<ManifestFile>(files.Count);
            foreach (var file in files)
            {
                var path = Path.Combine(folder, file.Name);
                await AtomicFile.WriteAsync(path, file.WriteAsync, cancel).ConfigureAwait(false);
                done.Add(path);
                var (sha, size) = Hash(path);
                entries.Add(new ManifestFile(file.Name, file.Name, sha, size, file.Mime));
            }

            var written = manifest(entries);
            var bytes = serialize(written);
            var manifestPath = Path.Combine(folder, ArtifactManifest.FileName);
            await AtomicFile.WriteAsync(manifestPath, (s, c) => s.WriteAsync(bytes, c).AsTask(), cancel).ConfigureAwait(false);
            return new Written(written, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
        }
        catch
        {
            foreach (var path in done)
            {
                File.Delete(path);
            }

            if (created && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }

            throw;
        }
    }

    /// <summary>A folder that exists with files in it is refused: writing into it would mix two exports.</summary>
    public static void RequireEmpty(string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new ArtifactException($"{folder} already exists with other files in it; give an empty or new folder.");
        }
    }

    public static (string Sha256, long Size) Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return (Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant(), stream.Length);
    }
}

/// <summary>A clear refusal of the artifact writer or checker, to show the user as it is.</summary>
public sealed class ArtifactException(string message) : Exception(message);
