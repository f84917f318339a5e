using System.Runtime.InteropServices;

namespace QuantowerRecorder.Storage;

/// <summary>
/// How the recorder creates, replaces and deletes its files so that a power cut finds either the old state or the new
/// one (docs/decisions.md, 3): the bytes are synced before the name points at them, and the folder is synced after a
/// name in it changes. A name is the folder's data: on Linux a file's fsync does not make its new name (or its
/// deletion) durable, the folder's does. Used for the spill file, the run locks and every artifact written.
/// </summary>
public static class DurableFile
{
    /// <summary>Syncs a written file's bytes to the disk (fsync; FlushFileBuffers on Windows).</summary>
    public static void Sync(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Puts a complete, closed <paramref name="temporary"/> file in <paramref name="path"/>'s place: its bytes synced,
    /// renamed, the folder synced. A power cut leaves the old file or the new one, never a part of one.
    /// </summary>
    public static void Replace(string temporary, string path, bool overwrite = true)
    {
        Sync(temporary);
        File.Move(temporary, path, overwrite);
        SyncFolderOf(path);
    }

    /// <summary>Deletes a file (nothing when there is none) and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        SyncFolderOf(path);
    }

    /// <summary>Creates a folder (and the missing ones above it), each made durable in the folder that holds it.</summary>
    public static void CreateFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (Directory.Exists(full))
        {
            return;
        }

        if (Path.GetDirectoryName(full) is { } parent)
        {
            CreateFolder(parent);
        }

        Directory.CreateDirectory(full);
        SyncFolderOf(full);
    }

    /// <summary>Deletes an empty folder and makes the deletion durable.</summary>
    public static void DeleteFolder(string folder)
    {
        Directory.Delete(folder);
        SyncFolderOf(Path.GetFullPath(folder));
    }

    /// <summary>Syncs the folder that holds <paramref name="path"/>: the names in it are then on the disk.</summary>
    public static void SyncFolderOf(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            SyncFolder(folder);
        }
    }

    /// <summary>
    /// Syncs a folder's entries. On Windows there is nothing to do and nothing that could do it: a folder cannot be
    /// opened for FlushFileBuffers, and NTFS journals its names itself. Elsewhere the folder is opened and fsynced.
    /// </summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // .NET opens no folder as a file, so the C library does it: open(O_RDONLY | O_DIRECTORY), fsync, close.
        var fd = Native.Open(folder, OperatingSystem.IsLinux() ? Native.LinuxDirectory : 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open the folder {folder} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Native.Fsync(fd) != 0)
            {
                throw new IOException($"cannot sync the folder {folder} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static class Native
    {
        public const int LinuxDirectory = 0x10000; // O_DIRECTORY on Linux (x64 and arm64); O_RDONLY is 0

        [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Open(string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
