using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Artifacts;

/// <summary>
/// A file appears under its name complete or not at all, also across a power cut: written to a temporary name beside it,
/// synced, renamed, its folder synced (<see cref="DurableFile.Replace"/>).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, replacing a file of that name whole.</summary>
    public static void WriteText(string path, string text)
    {
        var temporary = Temporary(path);
        try
        {
            File.WriteAllText(temporary, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            DurableFile.Replace(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    internal static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancel, bool overwrite = false)
    {
        var temporary = Temporary(path);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancel).ConfigureAwait(false);
                await stream.FlushAsync(cancel).ConfigureAwait(false);
            }

            DurableFile.Replace(temporary, path, overwrite);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    // The temporary name is ours, not the user's: a missing folder is said as the folder of the file they named.
    private static string Temporary(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Directory.Exists(folder) ? Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp")
            : throw new DirectoryNotFoundException($"Cannot write {path}: the folder {folder} does not exist.");
    }
}
