namespace QuantowerRecorder.Tests.Deploy;

/// <summary>QuantowerRecorder.deployed.txt, the list a deploy writes of the files it put into the plugin's folder.</summary>
internal static class DeployedList
{
    public const string FileName = "QuantowerRecorder.deployed.txt";

    /// <summary>The files the list names (with '/'), its comment lines left out.</summary>
    public static IEnumerable<string> Read(string recorderFolder) =>
        File.ReadAllLines(Path.Combine(recorderFolder, FileName))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
}
