namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// Where the Quantower plugin writes unless the trader chooses another file: Documents\QuantowerRecorder\
/// quantower-runs.db (the user's home folder when there is no Documents folder). The same rule as the plugin's
/// DefaultPaths, repeated here so that the CLI need not load the plugin; a test keeps the two equal.
/// </summary>
internal static class PluginDatabase
{
    public const string FolderName = "QuantowerRecorder";

    public const string FileName = "quantower-runs.db";

    public static string DefaultPath
    {
        get
        {
            var documents = Environment.GetFolderPath(Environment.SpecialFolder.MyDocuments);
            if (string.IsNullOrEmpty(documents))
            {
                documents = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            return Path.Combine(documents, FolderName, FileName);
        }
    }
}
