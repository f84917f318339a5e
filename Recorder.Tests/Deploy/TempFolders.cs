namespace QuantowerRecorder.Tests.Deploy;

/// <summary>The deploy tests' temporary folders: each named for what it holds, removed when done.</summary>
internal static class TempFolders
{
    /// <summary>A new folder path under the temp folder; with a space in its name, as "C:\Program Files\…" has.</summary>
    public static string New(string name) => Path.Combine(Path.GetTempPath(), $"qr {name} {Guid.NewGuid():N}");

    public static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held by a process that is ending (a build node, an antivirus scan): the OS cleans temp.
        }
        catch (UnauthorizedAccessException)
        {
            // The same on Windows, where such a file cannot be deleted yet.
        }
    }
}
