namespace QuantowerRecorder.Tests.Support;

/// <summary>A real database file in a fresh temporary folder, removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase(string name = "recorder.db")
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qr-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, name);
    }

    public string Folder { get; }

    public string Path { get; }

    public string Sibling(string name) => System.IO.Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be releasing a file; the temp folder is cleaned by the OS eventually.
        }
    }
}
