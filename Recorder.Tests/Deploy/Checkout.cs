using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// A copy of the repository's working tree — its sources, without build output or .git — in a temporary folder of its
/// own, where build.ps1 runs as at the root of a trader's clone: it restores, builds and publishes into this copy only.
/// </summary>
internal sealed class Checkout : IDisposable
{
    // What .gitignore leaves out of a clone, at the root only (artifacts: Recorder.Cli has a source folder named
    // Artifacts) or in any folder (bin, obj…), and what git itself keeps.
    private const string Artifacts = "artifacts";

    private static readonly HashSet<string> NotSources = new(StringComparer.Ordinal)
    {
        "bin", "obj", ".git", ".vs", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts",
    };

    private Checkout(string root) => this.Root = root;

    public string Root { get; }

    public static Checkout Copy()
    {
        var checkout = new Checkout(TempFolders.New("checkout"));
        CopySources(new DirectoryInfo(Repository.Root), checkout.Root, atRoot: true);
        return checkout;
    }

    /// <summary>Runs build.ps1 from this copy's root with these arguments.</summary>
    public ScriptRun Build(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Pwsh.RunFile(Root, Path.Combine(Root, "build.ps1"), arguments, environment);

    /// <summary>The folders a build writes (bin, obj, artifacts) that exist in this copy, relative to it.</summary>
    public IReadOnlyList<string> BuildOutput() =>
        [.. Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(Root, d))
            .Where(d => d == Artifacts || NotSources.Contains(Path.GetFileName(d)))];

    public void Dispose() => TempFolders.Delete(Root);

    private static void CopySources(DirectoryInfo from, string to, bool atRoot)
    {
        Directory.CreateDirectory(to);
        foreach (var file in from.EnumerateFiles().Where(f => !NotSources.Contains(f.Name)))
        {
            file.CopyTo(Path.Combine(to, file.Name));
        }

        foreach (var folder in from.EnumerateDirectories().Where(d => !NotSources.Contains(d.Name) && !(atRoot && d.Name == Artifacts)))
        {
            CopySources(folder, Path.Combine(to, folder.Name), atRoot: false);
        }
    }
}
