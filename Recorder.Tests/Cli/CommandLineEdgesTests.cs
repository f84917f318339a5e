using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The command line's rough edges a newcomer meets first: help that reads at 80 columns, usage that says what is
/// optional, a bad port refused as usage, and messages that name what the user named.
/// </summary>
[TestFixture]
public sealed class CommandLineEdgesTests
{
    private TempDatabase db = null!;

    [OneTimeSetUp]
    public void MakeDemo() => db = DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [TestCase("runs")]
    [TestCase("export")]
    [TestCase("reconcile")]
    [TestCase("study")]
    [TestCase("whatif")]
    public void Help_at_80_columns_leaves_each_description_at_least_36_columns(string command)
    {
        var help = At80("--help", command);
        var lines = help.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines.Where(l => l.Length > 80), Is.Empty, help);

        // A description line starts where its text starts: never so far right that one word fills a line.
        var options = lines.SkipWhile(l => l != "Options:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.That(options, Is.Not.Empty, help);
        var starts = options.Select(l => l.Length - l.TrimStart(' ').Length);
        Assert.That(starts.Max(), Is.LessThanOrEqualTo(80 - 36), help);
        Assert.That(options.Count(l => Regex.IsMatch(l, @"^\s+\S+$") && !l.TrimStart().StartsWith('-')), Is.LessThan(options.Count / 4),
            "descriptions are not one word a line: " + help);
    }

    [Test]
    public void Root_help_shows_an_argument_that_may_be_left_out_in_brackets()
    {
        var help = At80("--help");
        Assert.That(help, Does.Contain("reconcile <forward> [<backtest>]").And.Contain("drift <forward> [<backtest>]")
            .And.Contain("instances [<strategy>]"));
        Assert.That(help, Does.Not.Contain("reconcile <forward> <backtest>").And.Not.Contain("drift <forward> <backtest>"));
        Assert.That(help, Does.Contain("show <run>"), "a required argument stays without brackets");
    }

    [Test]
    public void The_tolerance_says_its_default_once()
    {
        var help = At80("reconcile", "--help");
        Assert.That(Regex.Matches(help, @"\b60\b").Count, Is.EqualTo(1), help);
    }

    [TestCase("99999")]
    [TestCase("-1")]
    public void A_port_out_of_range_is_a_usage_error(string port)
    {
        var run = Cli.Run(db.Folder, "serve", "--port", port, "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("--port").And.Contain("65535").And.Contain(port).And.Not.Contain("bug"));
    }

    [Test]
    public void Show_leaves_out_the_account_of_an_instance_without_one()
    {
        // The demo's instances have no account.
        var runId = Db.Query<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name = 'Slow 20/60' ORDER BY start_utc").First();
        Assert.That(Db.Scalar<string?>(db.Path, "SELECT account_id FROM strategy_instances WHERE instance_name = 'Slow 20/60'"), Is.Null);
        Assert.That(SymbolLine(db, runId), Does.Not.Contain("account"));

        using var copy = DemoFiles.Create();
        using (var connection = new SqliteConnection($"Data Source={copy.Path};Pooling=False"))
        {
            connection.Execute("UPDATE strategy_instances SET account_id = 'SIM-7' WHERE instance_name = 'Slow 20/60'");
        }

        Assert.That(SymbolLine(copy, runId), Does.EndWith("account SIM-7"), "an instance with an account still shows it");
    }

    private static string SymbolLine(TempDatabase file, string runId)
    {
        var run = Cli.Run(file.Folder, "show", runId, "--db", file.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return run.Out.Split('\n').Single(l => l.StartsWith("Symbol", StringComparison.Ordinal)).TrimEnd('\r', ' ');
    }

    [Test]
    public void A_report_into_a_missing_folder_names_the_folder()
    {
        var missing = Path.Combine(db.Folder, "missing", "dir");
        var runId = Db.Query<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name = 'Fast 5/20' ORDER BY start_utc").First();
        var run = Cli.Run(db.Folder, "report", runId, "-o", Path.Combine(missing, "r.html"), "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain(missing).And.Contain("does not exist").And.Not.Contain(".tmp"));
        Assert.That(Directory.Exists(missing), Is.False);
    }

    private string At80(params string[] args)
    {
        var run = Cli.Run(db.Folder, env => env with { Columns = 80, IsTerminal = true }, args);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return run.Out;
    }
}
