using System.Collections.Concurrent;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// Files this process closed after writing them cleanly, as they were then (length and last write time, no WAL
/// beside them). Opening one again unchanged skips the probe it passed at that writer's open, whose quick_check reads
/// every page: an optimisation's passes each open the file after the last one closed it, and the check is linear in
/// the file's size (15–20 ms for 28 MB).
/// Any change since — another program's write, a copy or restore over it, a reader's WAL — and the file is checked as
/// any other; a write within the file system's timestamp tick of the close that keeps the length is the one change a
/// stamp cannot see. A stamp is used once: the file is being written again after that open.
/// </summary>
internal static class CheckedFiles
{
    private static readonly ConcurrentDictionary<string, (long Length, DateTime WrittenUtc)> Closed = new(StringComparer.Ordinal);

    /// <summary>Remembers the file as it is now, after a clean close of this process' writer.</summary>
    public static void ClosedClean(string fullPath)
    {
        if (Stamp(fullPath) is { } stamp)
        {
            Closed[fullPath] = stamp;
        }
        else
        {
            Closed.TryRemove(fullPath, out _);
        }
    }

    /// <summary>Whether the file is exactly as this process' writer left it at its last clean close (asked once).</summary>
    public static bool Unchanged(string fullPath) =>
        Closed.TryRemove(fullPath, out var closed) && Stamp(fullPath) is { } now && now == closed;

    private static (long, DateTime)? Stamp(string fullPath)
    {
        var wal = new FileInfo(fullPath + "-wal");
        var file = new FileInfo(fullPath);
        return file.Exists && !(wal.Exists && wal.Length > 0) ? (file.Length, file.LastWriteTimeUtc) : null;
    }
}
