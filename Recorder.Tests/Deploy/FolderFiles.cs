using System.Security.Cryptography;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// The files of a folder at one moment: each one's path relative to the folder (with '/') and the SHA-256 of its bytes,
/// so that two folders, or one folder before and after a run, compare file by file.
/// </summary>
internal sealed class FolderFiles
{
    private FolderFiles(IReadOnlyDictionary<string, string> hashes) => this.Hashes = hashes;

    /// <summary>Relative path → SHA-256 (hex).</summary>
    public IReadOnlyDictionary<string, string> Hashes { get; }

    public IEnumerable<string> Names => Hashes.Keys.Order(StringComparer.Ordinal);

    public static FolderFiles Of(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(folder, f).Replace('\\', '/'),
                f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))),
                StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>These files and those of <paramref name="other"/> (theirs win on a clash).</summary>
    public FolderFiles With(FolderFiles other)
    {
        var all = new Dictionary<string, string>(Hashes, StringComparer.Ordinal);
        foreach (var (name, hash) in other.Hashes)
        {
            all[name] = hash;
        }

        return new FolderFiles(all);
    }

    /// <summary>These files but those named.</summary>
    public FolderFiles Without(params string[] names) =>
        new(Hashes.Where(p => !names.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>Only the files named.</summary>
    public FolderFiles Only(IEnumerable<string> names) =>
        new(Hashes.Where(p => names.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>These files but those under <paramref name="folder"/> (relative, with '/').</summary>
    public FolderFiles Outside(string folder) =>
        new(Hashes.Where(p => !p.Key.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>One line per file, "name sha256", in name order: two equal folders print the same text.</summary>
    public override string ToString() => string.Join('\n', Names.Select(n => n + " " + Hashes[n]));
}
