namespace QuantowerRecorder.Cli.Watch;

/// <summary>
/// What a recorder file looks like from outside: its and its WAL's length and last write time. A commit appends to the
/// WAL (or, after a checkpoint, rewrites the file), so a stamp that moved says the file may hold something new; one that
/// did not says it holds nothing new, without opening it. Null when there is no file at the path.
/// </summary>
internal sealed record FileStamp(long FileBytes, DateTime FileWrittenUtc, long WalBytes, DateTime WalWrittenUtc)
{
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
