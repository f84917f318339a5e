namespace QuantowerRecorder.Storage;

/// <summary>
/// Where the Quantower plugin writes unless the trader chooses another file: Documents\QuantowerRecorder\
/// quantower-runs.db (the user's home folder when there is no Documents folder), computed without touching the disk.
/// The plugin's default and the CLI's last fallback are this one rule.
/// </summary>
public static class DefaultDatabase
{
    public const string FolderName = "QuantowerRecorder";

    public const string FileName = "quantower-runs.db";

    public static string Path
    {
        get
        {
            var documents = Environment.GetFolderPath(Environment.SpecialFolder.MyDocuments);
            if (string.IsNullOrEmpty(documents))
            {
                documents = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            return System.IO.Path.Combine(documents, FolderName, FileName);
        }
    }
}
