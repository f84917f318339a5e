namespace QuantowerRecorder.Tests.Support;

/// <summary>The repository the tests were built from: the folder above the test binaries that holds the solution.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QuantowerRecorder.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("QuantowerRecorder.sln not found above " + AppContext.BaseDirectory);
    }
}
