namespace QuantowerRecorder.Plugin.Recording;

/// <summary>Where the database goes unless the trader chooses: the user's Documents folder, computed without touching the disk.</summary>
internal static class DefaultPaths
{
    public const string FileName = "quantower-runs.db";

    public static string Database
    {
        get
        {
            var documents = Environment.GetFolderPath(Environment.SpecialFolder.MyDocuments);
            if (string.IsNullOrEmpty(documents))
            {
                documents = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            return Path.Combine(documents, "QuantowerRecorder", FileName);
        }
    }
}
