using System.Globalization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Ended runs' lock files kept under a spare name (<c>&lt;pid&gt;-&lt;n&gt;.spare</c>) for the next runs' locks of this
/// process (<see cref="RunLocks"/>): a file made and deleted per run costs the file system an inode each time (on ext4,
/// a search past the inodes deleted in the last seconds, which grew with an optimisation's pace). Like the deletion it
/// stands for, a retirement need not be durable: a lock file of an ended run and a spare are both swept at the next
/// open. Past <see cref="Max"/> a retired file is deleted. Only the writer's thread uses it.
/// </summary>
internal sealed class SpareLockFiles(string folder)
{
    /// <summary>Spares kept at most: about the runs that end between two syncs of an optimisation's commits.</summary>
    internal const int Max = 256;

    private const string Extension = ".spare";
    private readonly Stack<string> spares = new();
    private int named;

    /// <summary>Renames a released lock file to a spare; deletes it when that cannot be done or enough are kept.</summary>
    public void Retire(string path)
    {
        if (spares.Count < Max)
        {
            var spare = Path.GetFullPath(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{named++}{Extension}")));
            try
            {
                File.Move(path, spare);
                spares.Push(spare);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Taken by a sweep of another process, or the name is in use: deleted instead.
            }
        }

        TryDelete(path);
    }

    /// <summary>Renames a spare to <paramref name="path"/> when there is one; otherwise the lock's open creates the file.</summary>
    public void Reuse(string path)
    {
        while (spares.TryPop(out var spare))
        {
            try
            {
                File.Move(spare, path);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Swept meanwhile by another process's open: the next spare, or a new file.
            }
        }
    }

    /// <summary>Deletes the spares another process left in the folder (it was killed, or closed while taking one).</summary>
    public void SweepOthers()
    {
        foreach (var spare in Directory.Exists(folder) ? Directory.GetFiles(folder, "*" + Extension) : [])
        {
            if (!spares.Contains(Path.GetFullPath(spare)))
            {
                TryDelete(spare);
            }
        }
    }

    /// <summary>Deletes this process's spares (its writer closes).</summary>
    public void DeleteAll()
    {
        while (spares.TryPop(out var spare))
        {
            TryDelete(spare);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process may be taking it right now; a stale spare is harmless, swept at the next open.
        }
    }
}
