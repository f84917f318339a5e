using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Native;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// Opens a handle on a database file. RecorderSession shares one writer per file in the process, so every recorder
/// and every strategy that points at the same file goes through the same queue and connection.
/// </summary>
internal static class Sessions
{
    /// <summary>The file a path names: the default database when empty.</summary>
    public static string FullPath(string? path) => Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? Storage.DefaultDatabase.Path : path.Trim());

    /// <summary>
    /// The handle, or null (with the reason in the log) when the file cannot be used. The writer stamps arrivals and
    /// paces itself on the PC's clock, or on the one a host gives.
    /// </summary>
    public static RecorderSession? TryOpen(string fullPath, TimeProvider? clock, ProblemLog problems, CommitSync commitSync = CommitSync.LiveAndPaper)
    {
        try
        {
            NativeSqlite.EnsureResolvable();
            SharedDependencies.Ensure();
            var folder = Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return RecorderSession.Open(fullPath, new RecorderOptions { Time = clock ?? TimeProvider.System, Diagnostics = problems.Report, CommitSync = commitSync });
        }
        catch (Exception e)
        {
            // A missing native library is the first thing a new deployment meets: say where it was looked for.
            var native = e is DllNotFoundException || e.InnerException is DllNotFoundException ? " (" + NativeSqlite.Describe() + ")" : string.Empty;
            problems.Report("cannot open the database " + fullPath + " — nothing is recorded" + native, e);
            return null;
        }
    }
}
