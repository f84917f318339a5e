namespace QuantowerRecorder.Storage;

/// <summary>
/// What a recorder file looks like from outside: its and its WAL's length and last write time. A commit appends to the
/// WAL (or, after a checkpoint, rewrites the file), so a stamp that moved says the file may hold something new; one that
/// did not says it holds nothing new, without opening it. What a reader that follows a file (`recorder serve`'s change
/// stream, `recorder watch`) looks at between reads.
/// </summary>
/// <param name="FileBytes">The file's length.</param>
/// <param name="FileWrittenUtc">When the file was last written.</param>
/// <param name="WalBytes">Its WAL's length (0 without one).</param>
/// <param name="WalWrittenUtc">When its WAL was last written (default without one).</param>
public sealed record FileStamp(long FileBytes, DateTime FileWrittenUtc, long WalBytes, DateTime WalWrittenUtc)
{
    /// <summary>The file's stamp now, or null when there is no file at the path.</summary>
    public static FileStamp? Of(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return null;
            }

            var wal = new FileInfo(path + "-wal");
            return wal.Exists
                ? new FileStamp(file.Length, file.LastWriteTimeUtc, wal.Length, wal.LastWriteTimeUtc)
                : new FileStamp(file.Length, file.LastWriteTimeUtc, 0, default);
        }
        catch (IOException)
        {
            // Removed between the two looks, or a share that went away: as good as no file, and looked at again.
            return null;
        }
    }
}
