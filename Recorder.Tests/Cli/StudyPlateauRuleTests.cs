using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// `recorder study` says the rule its plateau pick follows (docs/metrics.md, "Studies": the best score among passes at
/// least as good as the mean around them), and names a pass with a better score the rule left out.
/// </summary>
[TestFixture]
public sealed class StudyPlateauRuleTests
{
    [Test]
    public void The_pick_is_shown_with_its_rule_and_the_better_scoring_valley_it_left_out()
    {
        using var db = DemoFiles.Create();
        var json = Cli.Run(db.Folder, "study", "demo-sweep", "--json", "--db", db.Path);
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var passes = document.RootElement.GetProperty("passes").EnumerateArray()
            .Where(p => p.GetProperty("plateau_score").ValueKind == JsonValueKind.Number && p.GetProperty("objective").ValueKind == JsonValueKind.Number)
            .Select(p => (Run: p.GetProperty("run_id").GetString()!, Own: p.GetProperty("objective").GetDouble(), Score: p.GetProperty("plateau_score").GetDouble(), Pick: p.GetProperty("plateau_pick").GetBoolean()))
            .ToList();
        var pick = passes.Single(p => p.Pick);

        // Sharpe, higher is better: a pass scoring above the pick was left out only as a valley (its own below its score).
        var better = passes.Where(p => p.Score > pick.Score).ToList();
        Assert.That(better, Has.All.Matches<(string Run, double Own, double Score, bool Pick)>(p => p.Own < p.Score));
        var text = Cli.Run(db.Folder, env => env with { Columns = 80 }, ["study", "demo-sweep", "--db", db.Path]);
        var joined = string.Join(' ', text.Out.Split('\n').Select(l => l.Trim()));
        Assert.That(joined, Does.Contain("The pick is the best plateau score among the passes whose own sharpe is at least as good as their score"), text.Out);
        if (better.Count > 0)
        {
            var valley = better.MaxBy(p => p.Score);
            Assert.That(joined, Does.Contain($"{valley.Run[..8]} (").And.Contain("but its own sharpe is"), text.Out);
        }
    }
}
