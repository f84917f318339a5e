namespace QuantowerRecorder.Storage;

/// <summary>
/// What a recorder file looks like from outside: its and its WAL's length and last write time, and the header of its
/// WAL index. A commit appends to the WAL (or, after a checkpoint, rewrites it in place, at the same length) and then
/// moves the WAL index's header (SQLite's wal-index header, at the start of the <c>-shm</c> file: a change counter, the
/// last committed frame and their checksums); only then can a reader see it. The WAL's own length and time can
/// therefore move before a commit is readable and never again after it: a reader that took the stamp between the two
/// and then read would see neither the commit nor, later, a moved stamp. The index's header closes that gap, as it
/// moves at the very step that makes a commit readable. A stamp that moved says the file may hold something new; one
/// that did not says it holds nothing new, without opening it. What a reader that follows a file (`recorder serve`'s
/// change stream, `recorder watch`) looks at before each read.
/// </summary>
/// <param name="FileBytes">The file's length.</param>
/// <param name="FileWrittenUtc">When the file was last written.</param>
/// <param name="WalBytes">Its WAL's length (0 without one).</param>
/// <param name="WalWrittenUtc">When its WAL was last written (default without one).</param>
/// <param name="WalIndex">The WAL index's header as hex (empty without an index file).</param>
public sealed record FileStamp(long FileBytes, DateTime FileWrittenUtc, long WalBytes, DateTime WalWrittenUtc, string WalIndex)
{
    // The first of the header's two copies (https://www.sqlite.org/walformat.html, "the wal-index header"), the one a
    // commit writes last: once it reads as new, a reader's next snapshot holds the commit. The rest is left alone: after
    // the two copies come the bytes SQLite locks, which Windows does not let another program read while they are held.
    private const int IndexHeaderBytes = 48;

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

            // The index first: a commit indexed after this look moves it; one indexed before is in the read that follows.
            var index = IndexHeader(path + "-shm");
            var wal = new FileInfo(path + "-wal");
            return wal.Exists
                ? new FileStamp(file.Length, file.LastWriteTimeUtc, wal.Length, wal.LastWriteTimeUtc, index)
                : new FileStamp(file.Length, file.LastWriteTimeUtc, 0, default, index);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Removed between the two looks, or a share that went away: as good as no file, and looked at again.
            return null;
        }
    }

    private static string IndexHeader(string shmPath)
    {
        try
        {
            using var shm = new FileStream(shmPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            Span<byte> header = stackalloc byte[IndexHeaderBytes];
            var read = shm.ReadAtLeast(header, IndexHeaderBytes, throwOnEndOfStream: false);
            return Convert.ToHexString(header[..read]);
        }
        catch (FileNotFoundException)
        {
            return ""; // no connection has the file open in WAL mode now
        }
    }
}
