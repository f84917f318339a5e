using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Tables at 80 and 120 columns (COLUMNS), on a terminal and to a pipe: ids and numbers are never broken.</summary>
[TestFixture]
public sealed class TableWidthTests
{
    private TempDatabase db = null!;
    private List<(string Id, string Start, double? NetPnl)> runs = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        runs = Db.Query<(string, string, double?)>(db.Path,
            "SELECT r.run_id, r.start_utc, (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = 'net_pnl') FROM strategy_runs r ORDER BY r.start_utc");
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private CliRun Run(int? columns, bool terminal, params string[] args) =>
        Cli.Run(db.Folder, env => env with { Columns = columns, IsTerminal = terminal }, [.. args, "--db", db.Path]);

    [TestCase(80, false)]
    [TestCase(120, false)]
    [TestCase(80, true)]
    [TestCase(120, true)]
    public void Runs_fit_the_width_with_every_short_id_and_net_pnl_whole_on_one_line(int columns, bool terminal)
    {
        // Every run, the study's passes as rows too (--all): the widest table `runs` prints.
        var run = Run(columns, terminal, "runs", "--all");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = Lines(run.Out);
        Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(columns), run.Out);
        foreach (var (id, _, pnl) in runs)
        {
            var row = lines.SingleOrDefault(l => l.Contains(id[..8], StringComparison.Ordinal));
            Assert.That(row, Is.Not.Null, $"run {id[..8]} on exactly one line:\n{run.Out}");
            Assert.That(row, Does.Contain(pnl!.Value.ToString("#,0.00", CultureInfo.InvariantCulture)), "its net PnL, whole");
        }
    }

    [Test]
    public void At_80_columns_runs_leave_out_columns_in_the_documented_order_and_say_so()
    {
        var narrow = Run(80, false, "runs");
        var wide = Run(120, false, "runs");
        var header80 = Lines(narrow.Out)[0];
        Assert.That(header80, Does.Not.Contain("Strategy").And.Not.Contain("Orders").And.Not.Contain("Fills"));
        Assert.That(header80, Does.Contain("Run").And.Contain("Instance").And.Contain("Trades").And.Contain("Net PnL"));
        // The columns left out are the first ones of the documented order (docs/cli.md), as many as the data needs.
        string[] order = ["Strategy", "Orders", "Fills", "Status", "Start"];
        var note = System.Text.RegularExpressions.Regex.Match(narrow.Out, @"\(To fit 80 columns: no (.+)\. --wide shows all\.\)");
        Assert.That(note.Success, Is.True, narrow.Out);
        var left = note.Groups[1].Value.Split(", ");
        Assert.That(left, Is.EquivalentTo(order.Take(left.Length)), "the first ones of the documented order");
        Assert.That(left, Is.SupersetOf(new[] { "Strategy", "Orders", "Fills" }));
        Assert.That(Lines(wide.Out)[0], Does.Contain("Strategy").And.Contain("Orders").And.Contain("Fills"));
    }

    [Test]
    public void Wide_shows_every_column_whatever_the_width()
    {
        var run = Run(80, true, "runs", "--wide");
        Assert.That(run.Out, Does.Contain("Strategy").And.Contain("Orders").And.Contain("Fills").And.Contain("Status"));
        Assert.That(run.Out, Does.Not.Contain("To fit"));
    }

    [Test]
    public void To_a_pipe_tables_are_plain_complete_and_the_same_every_time()
    {
        var first = Run(null, false, "runs");
        var second = Run(null, false, "runs");
        Assert.That(first.Out, Is.EqualTo(second.Out));
        Assert.That(first.Out, Does.Not.Contain("│").And.Not.Contain("─").And.Not.Contain("To fit"));
        Assert.That(Lines(first.Out)[0], Does.Contain("Strategy").And.Contain("Orders").And.Contain("Fills"));
    }

    [TestCase("trades")]
    [TestCase("show")]
    [TestCase("executions")]
    [TestCase("bars")]
    public void Run_tables_fit_80_columns(string command)
    {
        var run = Run(80, true, command, runs[0].Id[..8]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(Lines(run.Out).Max(l => l.Length), Is.LessThanOrEqualTo(80), run.Out);
        Assert.That(Lines(run.Out).Max(l => l.Length), Is.GreaterThan(40), "the test reads the command's real output");
    }

    [Test]
    public void Compare_at_80_columns_heads_each_run_with_its_own_short_id_type_and_instance()
    {
        var single = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL ORDER BY start_utc");
        var ids = single.Take(3).Append(single[^1]).Select(r => r[..8]).ToArray();
        var run = Run(80, false, ["compare", .. ids]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = Lines(run.Out);
        Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(80), run.Out);
        foreach (var id in ids)
        {
            Assert.That(lines[0], Does.Contain(id), "each column is headed by its run's short id");
        }

        Assert.That(lines[1], Does.Contain("BACKTEST").And.Contain("PAPER"));
        Assert.That(lines[2], Does.Contain("Fast 5/20").And.Contain("Slow 20/60"));
    }

    [Test]
    public void The_demo_summary_table_fits_80_columns_with_every_instance_name_whole()
    {
        using var demo = new TempDatabase();
        // Recorded in this process, on the stand-in platform's one Core.Instance, with no other test driving it.
        var run = SharedDemo.OnThePlatform(() => Cli.Run(demo.Folder, env => env with { Columns = 80, IsTerminal = true }, "demo"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        // The names the demo's compare hint asks for do not fit a box at 80 (86 cells), so the table is drawn plain.
        var table = Lines(run.Out).SkipWhile(l => !l.StartsWith("Run ", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("(", StringComparison.Ordinal)).ToList();
        Assert.That(table, Has.Count.EqualTo(7 + 1), run.Out);
        Assert.That(table.Max(l => l.Length), Is.LessThanOrEqualTo(80), run.Out);
        Assert.That(table.Count(l => l.Contains(" Medium 10/30 ", StringComparison.Ordinal)), Is.EqualTo(3), run.Out);
        Assert.That(table.Count(l => l.Contains(" Fast 5/20 ", StringComparison.Ordinal) || l.Contains(" Slow 20/60 ", StringComparison.Ordinal)), Is.EqualTo(4), run.Out);
    }

    [Test]
    public void The_demo_runs_differ_within_their_first_8_characters_and_the_tables_show_8()
    {
        Assert.That(runs.Select(r => r.Id[..8]).Distinct().Count(), Is.EqualTo(32));
        var first = Lines(Run(null, false, "runs", "--all").Out)[1];
        Assert.That(first, Does.StartWith(runs[0].Id[..8] + " "));
    }

    [Test]
    public void A_run_ids_time_part_is_its_stored_start()
    {
        foreach (var (id, start, _) in runs)
        {
            var millis = long.Parse(id[..8] + id[9..13], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var stored = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.That(DateTimeOffset.FromUnixTimeMilliseconds(millis), Is.EqualTo(stored).Within(TimeSpan.FromMilliseconds(1)), id);
        }
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
