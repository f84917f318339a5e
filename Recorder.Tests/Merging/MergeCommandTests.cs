using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Merging;

/// <summary>`recorder merge` as a user types it: the merged file is healthy, lists every run, analyses the same; errors are clear.</summary>
public sealed class MergeCommandTests
{
    private static readonly string[] AnalysisTables = ["run_trades", "run_equity", "run_order_quality", "run_metrics_kv"];

    [Test]
    public void The_merged_file_passes_verify_lists_every_run_and_analyses_its_runs_as_their_sources_did()
    {
        using var demo = DemoFiles.Create();
        var laptop = demo.Sibling("laptop/recorder.db");
        var team = demo.Sibling("team.db");
        var laptopRuns = MergeFiles.Record(laptop, "laptop", runs: 2);

        var merged = CliRunner.Run(demo.Folder, "merge", demo.Path, laptop, "-o", team);

        Assert.That(merged.ExitCode, Is.EqualTo(0), merged.ToString());
        var demoRuns = MergeFiles.Scalar(demo.Path, "SELECT COUNT(*) FROM strategy_runs");
        Assert.That(merged.Out, Does.Contain($"Merging into {team}"));
        Assert.That(merged.Out, Does.Contain($"{demo.Path}: {demoRuns} runs ({demoRuns} new, 0 later, 0 same, 0 earlier), "));
        Assert.That(merged.Out, Does.Contain($"{laptop}: 2 runs (2 new, 0 later, 0 same, 0 earlier), "));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM order_oco_links"), Is.EqualTo(MergeFiles.Scalar(demo.Path, "SELECT COUNT(*) FROM order_oco_links")).And.GreaterThan(0));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM run_instruments"), Is.EqualTo(MergeFiles.Scalar(demo.Path, "SELECT COUNT(*) FROM run_instruments")).And.GreaterThan(0));

        var verify = CliRunner.Run(demo.Folder, "verify", "--db", team);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());

        var runs = CliRunner.Run(demo.Folder, "runs", "--db", team, "--json");
        Assert.That(runs.ExitCode, Is.EqualTo(0), runs.ToString());
        using (var listed = JsonDocument.Parse(runs.Out))
        {
            var ids = listed.RootElement.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList();
            var expected = MergeFiles.Rows(demo.Path, "strategy_runs").Count + laptopRuns.Count;
            Assert.That(ids, Has.Count.EqualTo(expected));
            Assert.That(ids, Is.SupersetOf(laptopRuns));
        }

        foreach (var table in AnalysisTables)
        {
            Assert.That(MergeFiles.Rows(team, table), Is.EqualTo(MergeFiles.Rows(demo.Path, table).Concat(MergeFiles.Rows(laptop, table)).OrderBy(l => l, StringComparer.Ordinal)), table);
        }

        // Analysed again from the merged orders, fills, bars and instruments, every run gives what its source stored.
        // (On a copy: analysing stamps metrics_json with when, so the analysed file's runs differ from their sources.)
        var analysed = demo.Sibling("team-analysed.db");
        File.Copy(team, analysed);
        var analyze = CliRunner.Run(demo.Folder, "analyze", "--all", "--db", analysed);
        Assert.That(analyze.ExitCode, Is.EqualTo(0), analyze.ToString());
        foreach (var table in AnalysisTables)
        {
            Assert.That(MergeFiles.Rows(analysed, table), Is.EqualTo(MergeFiles.Rows(demo.Path, table).Concat(MergeFiles.Rows(laptop, table)).OrderBy(l => l, StringComparer.Ordinal)), table + " after analyze");
        }

        var again = CliRunner.Run(demo.Folder, "merge", demo.Path, laptop, "-o", team);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Out, Does.Match($"{System.Text.RegularExpressions.Regex.Escape(laptop)}: 2 runs \\(0 new, 0 later, 2 same, 0 earlier\\), [0-9,]+ events: 0 stored, [0-9,]+ held already, 0 conflicts\\."));
    }

    [Test]
    public void A_conflict_is_printed_and_in_the_json_and_the_exit_code_says_so()
    {
        using var folder = new TempDatabase();
        var mine = folder.Sibling("mine.db");
        var theirs = folder.Sibling("theirs.db");
        var team = folder.Sibling("team.db");
        var run = MergeFiles.Record(mine, "vps", runs: 1, trades: 1)[0];
        File.Copy(mine, theirs);
        MergeFiles.ChangeFillPrice(theirs, "X0a", 5001.5);

        var text = CliRunner.Run(folder.Folder, "merge", mine, theirs, "-o", team);
        var json = CliRunner.Run(folder.Folder, "merge", theirs, "-o", team, "--json");

        Assert.That(text.ExitCode, Is.EqualTo(1), text.ToString());
        Assert.That(text.Out, Does.Contain($"  conflict: EXECUTION {run} #").And.Contain("(price 5000 → 5001.5) (team.db keeps its row; the incoming event is in ingest_quarantine)"));
        Assert.That(text.Out, Does.Contain("1 new conflict(s), 0 kept by an earlier merge"));
        Assert.That(json.ExitCode, Is.EqualTo(0), "found again, but kept already: " + json);
        using var document = JsonDocument.Parse(json.Out);
        var conflict = document.RootElement.GetProperty("files")[0].GetProperty("conflicts")[0];
        Assert.That((conflict.GetProperty("event_type").GetString(), conflict.GetProperty("run_id").GetString()), Is.EqualTo(("EXECUTION", run)));
        Assert.That(conflict.GetProperty("reason").GetString(), Does.Contain("(price 5000 → 5001.5)"));
        Assert.That(conflict.GetProperty("kept_by_earlier_merge").GetBoolean(), Is.True);
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM ingest_quarantine WHERE event_type = 'EXECUTION' AND json_extract(payload_json, '$.price') = 5001.5"), Is.EqualTo(1));
    }

    [Test]
    public void A_file_whose_raw_log_cannot_be_read_is_named_with_the_row_and_the_other_files_are_still_merged()
    {
        using var folder = new TempDatabase();
        var broken = folder.Sibling("broken.db");
        var good = folder.Sibling("good.db");
        var team = folder.Sibling("team.db");
        MergeFiles.Record(broken, "vps", runs: 1, trades: 1);
        MergeFiles.Record(good, "laptop", runs: 1, trades: 1);
        var row = MergeFiles.Scalar(broken, "SELECT MIN(id) FROM ingest_events WHERE event_type = 'EXECUTION'");
        MergeFiles.Write(broken, $"UPDATE ingest_events SET payload_json = '{{not json' WHERE id = {row}");

        var merged = CliRunner.Run(folder.Folder, "merge", broken, good, "-o", team);

        Assert.That(merged.ExitCode, Is.EqualTo(3), merged.ToString());
        Assert.That(merged.Error, Does.Contain($"Merging {broken} into {team} stopped: row {row} of its raw log (ingest_events, EXECUTION) cannot be read"));
        Assert.That(merged.Out, Does.Contain($"{good}: 1 runs (1 new"), "the other files are still merged");
        Assert.That(MergeFiles.Scalar(team, $"SELECT COUNT(*) FROM ingest_events WHERE id < {row}") , Is.EqualTo(row - 1), "every event before the row is written");
    }

    [Test]
    public void Bad_arguments_get_clear_errors()
    {
        using var folder = new TempDatabase();
        var source = folder.Sibling("a.db");
        var team = folder.Sibling("team.db");
        MergeFiles.Record(source, "vps", runs: 1, trades: 1);

        var noTarget = CliRunner.Run(folder.Folder, "merge", source);
        var noFiles = CliRunner.Run(folder.Folder, "merge", "-o", team);
        var intoItself = CliRunner.Run(folder.Folder, "merge", source, "-o", "a.db");
        var created = File.Exists(team);
        var missing = CliRunner.Run(folder.Folder, "merge", "nowhere.db", source, "-o", team);

        Assert.That(noTarget.ExitCode, Is.EqualTo(2), noTarget.ToString());
        Assert.That(noTarget.Error, Does.Contain("No target file: give -o <file>"));
        Assert.That(noFiles.ExitCode, Is.EqualTo(2), noFiles.ToString());
        Assert.That(intoItself.ExitCode, Is.EqualTo(2), intoItself.ToString());
        Assert.That(intoItself.Error, Does.Contain($"-o {source} is also one of the files to merge"));
        Assert.That(created, Is.False, "nothing is created before the arguments are right");
        Assert.That(missing.ExitCode, Is.EqualTo(3), missing.ToString());
        Assert.That(missing.Error, Does.Contain($"No such file to merge: {folder.Sibling("nowhere.db")}"));
        Assert.That(missing.Out, Does.Contain($"{source}: 1 runs (1 new"), "the other files are still merged");
    }
}
