using System.Reflection;
using System.Xml.Linq;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using QuantowerRecorder.Tests.Plugin.Hosting;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// build.ps1 without -SkipTests, run for real from a fresh copy of the repository: its test step runs the tests of what
/// is deployed — every test of the plugin, the storage and the analytics, the deployed folder loaded as Quantower loads
/// it included; not the team store's (they need PostgreSQL), the browser tests, nor the disk-full test that mounts a
/// Linux filesystem, none of which a trader's PC can run — and they pass. The slowest test of the suite: it builds the
/// test project in Release and runs some 480 tests, so it starts first.
/// </summary>
[Order(1)]
public sealed class TestStepTests
{
    private static readonly string[] NotOnATradersPc = [MissingPart.PostgreSql, MissingPart.Browser, MissingPart.LinuxRoot];

    [Test]
    public void The_scripts_test_step_runs_the_tests_of_what_is_deployed_and_they_pass()
    {
        using var checkout = Checkout.Copy();
        using var install = QuantowerInstall.WithoutRecorder(TempFolders.New("quantower"));
        var results = Path.Combine(checkout.Root, "TestResults");
        // VSTest's result file, asked for through MSBuild properties (dotnet test reads environment variables as
        // properties), so that the script's own dotnet test command runs as written.
        var trx = new Dictionary<string, string> { ["VSTestLogger"] = "trx%3BLogFileName=deployed.trx", ["VSTestResultsDirectory"] = results };

        var run = checkout.Build(["-QuantowerBin", install.Bin], trx);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("==> Tests of the plugin, storage and analytics"));
        Assert.That(install.RecorderFolder, Does.Not.Exist, "without -Deploy nothing is deployed");
        var ran = Ran(Path.Combine(results, "deployed.trx"));
        Assert.That(ran.Where(t => t.Outcome != "Passed").Select(t => t.Method + " " + t.Outcome), Is.Empty, "every test passed");
        Assert.That(ran.Select(t => t.Method).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(TestsOfWhatIsDeployed().Order(StringComparer.Ordinal)),
            "every test of the plugin, storage and analytics that needs nothing a trader's PC lacks, and no other");
        Assert.That(ran.Select(t => t.Method), Has.Some.Contains(".Plugin.Hosting.DeployedFolderTests."), "the deployed folder loaded as Quantower loads it");
    }

    // The suite's test methods (Namespace.Class.Method) in the plugin's, storage's and analytics' namespaces, but those
    // of the categories a trader's PC cannot run; from this assembly, built from the same sources as the copy.
    private static IEnumerable<string> TestsOfWhatIsDeployed()
    {
        var deployed = new[] { "QuantowerRecorder.Tests.Plugin", "QuantowerRecorder.Tests.Storage", "QuantowerRecorder.Tests.Analytics" };
        var tests = typeof(TestStepTests).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && deployed.Any(n => t.Namespace == n || t.Namespace?.StartsWith(n + ".", StringComparison.Ordinal) == true))
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes(true).Any(a => a is ITestBuilder or ISimpleTestBuilder)).Select(m => (Type: t, Method: m)))
            .ToList();
        Assert.That(tests.Where(t => Categories(t.Type, t.Method).Contains(MissingPart.PostgreSql)), Is.Not.Empty, "there are tests to leave out");
        return tests.Where(t => !Categories(t.Type, t.Method).Intersect(NotOnATradersPc).Any())
            .SelectMany(t => Names(t.Method).Select(name => t.Type.FullName + "." + name)).Distinct();
    }

    // What VSTest calls a method's tests: a test case's own TestName replaces the method's name.
    private static IEnumerable<string> Names(MethodInfo method)
    {
        var cases = method.GetCustomAttributes<TestCaseAttribute>(true).ToList();
        var named = cases.Where(c => c.TestName is not null).Select(c => c.TestName!).ToList();
        return cases.Count > 0 && named.Count == cases.Count ? named : named.Append(method.Name);
    }

    private static IEnumerable<string> Categories(Type type, MethodInfo method) =>
        type.GetCustomAttributes<CategoryAttribute>(true).Concat(method.GetCustomAttributes<CategoryAttribute>(true)).Select(c => c.Name);

    // Each test case VSTest ran: its method (Namespace.Class.Method, without a test case's or its fixture's arguments)
    // and its outcome.
    private static List<(string Method, string Outcome)> Ran(string trxFile)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var root = XDocument.Load(trxFile).Root!;
        var methods = root.Descendants(ns + "UnitTest").ToDictionary(
            u => (string)u.Attribute("id")!,
            u => u.Element(ns + "TestMethod") is { } m ? ((string)m.Attribute("className")!).Split('(')[0] + "." + ((string)m.Attribute("name")!).Split('(')[0] : "?");
        return [.. root.Descendants(ns + "UnitTestResult").Select(r => (methods[(string)r.Attribute("testId")!], (string)r.Attribute("outcome")!))];
    }
}
