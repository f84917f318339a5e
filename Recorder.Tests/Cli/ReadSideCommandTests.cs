using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>strategies, instances, executions and bars: the design's read side as commands.</summary>
[TestFixture]
public sealed class ReadSideCommandTests
{
    private TempDatabase db = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        // The first of the seven single runs (the optimisation's passes, which start earlier, trade ten days only).
        runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL ORDER BY start_utc LIMIT 1");
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private CliRun Run(params string[] args) => Cli.Run(db.Folder, [.. args, "--db", db.Path]);

    [Test]
    public void Strategies_lists_each_strategy_with_its_instances_and_runs()
    {
        var table = Run("strategies");
        Assert.That(table.ExitCode, Is.EqualTo(0), table.ToString());
        Assert.That(table.Out, Does.Contain("Demo MA Crossover"));
        using var json = JsonDocument.Parse(Run("strategies", "--json").Out);
        var only = json.RootElement.EnumerateArray().Single();
        Assert.That(only.GetProperty("instance_count").GetInt64(), Is.EqualTo(28));
        Assert.That(only.GetProperty("run_count").GetInt64(), Is.EqualTo(32));
    }

    [Test]
    public void Instances_of_a_strategy_by_part_of_its_name_in_any_case()
    {
        using var json = JsonDocument.Parse(Run("instances", "crossover", "--json").Out);
        var sweep = new[] { 3, 5, 8, 12, 16 }.SelectMany(f => new[] { 20, 25, 30, 40, 50 }.Select(s => $"Sweep {f}/{s}"));
        Assert.That(json.RootElement.EnumerateArray().Select(i => i.GetProperty("instance_name").GetString()),
            Is.EquivalentTo(new[] { "Fast 5/20", "Medium 10/30", "Slow 20/60" }.Concat(sweep)));
        Assert.That(json.RootElement[0].GetProperty("run_count").GetInt64(), Is.EqualTo(2));
        var none = Run("instances", "no such strategy");
        Assert.That(none.ExitCode, Is.EqualTo(0));
        Assert.That(none.Out, Does.Contain("No strategy matches").And.Contain("recorder strategies"));
        Assert.That(Run("instances").Out, Does.Contain("28 instance(s)"));
    }

    [Test]
    public void Executions_lists_every_fill_of_the_run()
    {
        var stored = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE run_id = @runId", new { runId });
        var table = Run("executions", runId[..8]);
        Assert.That(table.ExitCode, Is.EqualTo(0), table.ToString());
        Assert.That(table.Out, Does.Contain($"{stored} execution(s)"));
        using var json = JsonDocument.Parse(Run("executions", runId, "--json").Out);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(stored));
        Assert.That(json.RootElement[0].GetProperty("price").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public void Bars_lists_the_runs_bars_of_a_symbol()
    {
        using var json = JsonDocument.Parse(Run("bars", runId, "--symbol", "btcusdt", "--json").Out);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(24 * 86));
        Assert.That(json.RootElement[0].GetProperty("ts_utc").GetString(), Is.EqualTo("2026-01-05T00:00:00.0000000Z"));
        var table = Run("bars", runId);
        Assert.That(table.Out, Does.Contain("2064 bar(s) of BTCUSDT 1H"));
        var wrong = Run("bars", runId, "--symbol", "ETHUSD");
        Assert.That(wrong.ExitCode, Is.EqualTo(2));
        Assert.That(wrong.Error, Does.Contain("It has: BTCUSDT 1H"));
    }
}
