using NUnit.Framework;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// Something outside .NET that some tests need — a browser, a PostgreSQL server, a filesystem the test may mount. A
/// test that lacks it fails (a skip would let a run look green while it checked less) with the reason and the one
/// command that provides it, and the message ends with a tag, "[missing: browser]", that ./test.sh counts to say how
/// many tests failed for want of what. The test classes that need a part carry the part's category, so that a run can
/// leave them out on purpose (build.ps1 does: dotnet test --filter "TestCategory!=PostgreSQL").
/// </summary>
internal static class MissingPart
{
    public const string Browser = "Browser";
    public const string PostgreSql = "PostgreSQL";
    public const string LinuxRoot = "LinuxRoot";
    public const string PowerShell = "PowerShell";
    public const string Fuse = "FUSE";

    /// <summary>The failure of a test that cannot run here: what is missing, why the test needs it, how to get it.</summary>
    public static AssertionException Fail(string part, string reason, string remedy) =>
        new($"{reason} {remedy} [missing: {part}]");
}
