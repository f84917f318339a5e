using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class MetricKeysTests
{
    internal static string[] DeclaredKeys() =>
        typeof(MetricKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToArray();

    [Test]
    public void Keys_are_unique_snake_case()
    {
        var keys = DeclaredKeys();

        Assert.That(keys, Is.Unique);
        Assert.That(keys, Has.All.Matches<string>(k => Regex.IsMatch(k, "^[a-z][a-z0-9]*(_[a-z0-9]+)*$")));
    }

    [Test]
    public void Analysis_lists_every_key_once_in_declaration_order()
    {
        var a = new AnalysisScenario().Buy(1, 100, 0).Sell(1, 101, 1).Analyze();

        Assert.That(a.Metrics.Select(m => m.Key), Is.EqualTo(DeclaredKeys()));
    }

    [Test]
    public void Every_key_is_defined_in_docs_metrics_md()
    {
        var docs = File.ReadAllText(FindDocs());

        Assert.That(DeclaredKeys().Where(k => !docs.Contains($"`{k}`", StringComparison.Ordinal)), Is.Empty);
    }

    private static string FindDocs()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "metrics.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/metrics.md not found above the test directory");
    }
}
