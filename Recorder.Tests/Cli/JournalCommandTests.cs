using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>`recorder note`, `tag`, `pin`, `unpin` and `journal` on a real file, and what `show`, `runs` and `prune` make of them.</summary>
[TestFixture]
public sealed class JournalCommandTests
{
    private TempDatabase fixture = null!;
    private JournalFiles files = null!;

    [OneTimeSetUp]
    public void Record()
    {
        fixture = new TempDatabase("sweep.db");
        files = JournalFiles.Record(fixture.Path);
    }

    [OneTimeTearDown]
    public void Remove() => fixture.Dispose();

    [Test]
    public void A_note_tags_and_a_pin_written_by_the_commands_are_what_show_and_journal_print_and_json_gives()
    {
        using var db = Copy();
        var run = files.LinkedPaper;

        var note = Run(db, "note", run, "Paper fills a tick worse than the backtest's\nwatch the open", "--author", "ana");
        Assert.That(note.ExitCode, Is.EqualTo(0), note.ToString());
        Assert.That(note.Out, Does.Contain("Noted on run ").And.Contain("Its journal: recorder journal "));
        var tagged = Run(db, "tag", run, "+Keep", "+es-ready", "-later", "--author", "ben");
        Assert.That(tagged.ExitCode, Is.EqualTo(0), tagged.ToString());
        Assert.That(tagged.Out, Does.Contain("is tagged es-ready, keep (not tagged later).").And.Contain("recorder runs --tag es-ready"));
        Assert.That(Run(db, "tag", run, "-es-ready", "--author", "ben").ExitCode, Is.EqualTo(0));
        var pinned = Run(db, "pin", run, "--author", "ana");
        Assert.That(pinned.Out, Does.Contain("`recorder prune` keeps it. Unpin it: recorder unpin "));
        Assert.That(Run(db, "pin", run).Out, Does.Contain("is already pinned"));

        var show = Run(db, "show", run);
        Assert.That(show.ExitCode, Is.EqualTo(0), show.ToString());
        Assert.That(show.Out, Does.Contain("Tags             keep\n").And.Contain("Pinned           yes, by ana "));
        Assert.That(show.Out, Does.Contain(" ana: Paper fills a tick worse than the backtest's\n").And.Contain("watch the open"));
        var journal = Run(db, "journal", run);
        Assert.That(journal.Out, Does.Contain("ben: tagged es-ready").And.Contain("ben: untagged es-ready").And.Contain("ana: pinned"));

        using var json = JsonDocument.Parse(Run(db, "show", run, "--json").Out);
        var root = json.RootElement;
        Assert.That(root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "keep" }));
        Assert.That(root.GetProperty("pinned").GetBoolean(), Is.True);
        var entries = root.GetProperty("journal").GetProperty("entries").EnumerateArray().ToList();
        Assert.That(entries.Select(e => e.GetProperty("kind").GetString()), Is.EqualTo(new[] { "note", "tag", "tag", "untag", "pin" }));
        Assert.That(entries[0].GetProperty("body").GetString(), Is.EqualTo("Paper fills a tick worse than the backtest's\nwatch the open"));
        Assert.That(entries[0].GetProperty("author").GetString(), Is.EqualTo("ana"));
    }

    [Test]
    public void Runs_lists_by_tag_and_pin_and_json_carries_tags_and_pinned()
    {
        using var db = Copy();
        Run(db, "tag", files.Passes[2], "+keep");
        Run(db, "tag", files.LinkedPaper, "keep", "+review");
        Run(db, "pin", files.Passes[5]);

        var keep = Run(db, "runs", "--tag", "KEEP", "--json");
        Assert.That(keep.ExitCode, Is.EqualTo(0), keep.ToString());
        using var listed = JsonDocument.Parse(keep.Out);
        var rows = listed.RootElement.EnumerateArray().ToList();
        Assert.That(rows.Select(r => r.GetProperty("run_id").GetString()), Is.EquivalentTo(new[] { files.Passes[2], files.LinkedPaper }));
        Assert.That(rows.Single(r => r.GetProperty("run_id").GetString() == files.LinkedPaper).GetProperty("tags").EnumerateArray().Select(t => t.GetString()),
            Is.EqualTo(new[] { "keep", "review" }));
        // The pinned run is a pass of a study: --all lists it as a run rather than in its study's line.
        var pinned = Run(db, "runs", "--pinned", "--all");
        Assert.That(pinned.Out, Does.Contain(files.Passes[5][..8]).And.Contain("1 run(s)."), pinned.ToString());
        Assert.That(Run(db, "runs", "--tag", "nothing").Out, Does.Contain("No runs match."));
    }

    [Test]
    public void Prune_keeps_pinned_runs_unless_asked_and_takes_the_journal_of_the_runs_it_deletes()
    {
        using var db = Copy();
        var oldest = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id");
        Run(db, "pin", oldest[0]);
        Run(db, "note", oldest[0], "keep this one");
        Run(db, "note", oldest[1], "this one may go");
        Run(db, "note", "my-sweep", "a study's note stays");

        var kept = Run(db, "prune", "--keep", "0", "--yes");
        Assert.That(kept.ExitCode, Is.EqualTo(0), kept.ToString());
        Assert.That(kept.Out, Does.Contain("Kept 1 pinned run(s) that would go otherwise; --include-pinned deletes them too."));
        Assert.That(Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs"), Is.EqualTo(new[] { oldest[0] }));
        Assert.That(Db.Query<string>(db.Path, "SELECT body FROM journal_entries WHERE kind = 'NOTE' ORDER BY body"),
            Is.EqualTo(new[] { "a study's note stays", "keep this one" }));

        var all = Run(db, "prune", "--keep", "0", "--include-pinned", "--yes");
        Assert.That(all.Out, Does.Contain("journal_entries 2"), "the dry run's rows name the pinned run's note and pin");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.Zero);
        Assert.That(Db.Query<string>(db.Path, "SELECT body FROM journal_entries"), Is.EqualTo(new[] { "a study's note stays" }));
    }

    [Test]
    public void Journal_entries_survive_analyze_all_replay_and_merge_run_as_commands()
    {
        using var db = Copy();
        Run(db, "note", files.LinkedPaper, "before everything");
        Run(db, "tag", files.LinkedPaper, "+keep");
        Run(db, "tag", "my-sweep", "+sweep");
        var before = Db.Dump(db.Path, "journal_entries", "entry_id");

        Assert.That(Run(db, "analyze", "--all").ExitCode, Is.EqualTo(0));
        Assert.That(Db.Dump(db.Path, "journal_entries", "entry_id"), Is.EqualTo(before), "analyze --all");

        var replay = Run(db, "replay", "-o", db.Sibling("replayed.db"));
        Assert.That(replay.ExitCode, Is.EqualTo(0), replay.ToString());
        Assert.That(replay.Out, Does.Contain("Copied its journal: 3 note, tag and pin entries.").And.Match(@"journal_entries\s+3\s+3\s+none"));
        Assert.That(Db.Dump(db.Sibling("replayed.db"), "journal_entries", "entry_id"), Is.EqualTo(before), "replay, row ids included");

        var merged = Run(db, "merge", db.Path, "-o", db.Sibling("team.db"));
        Assert.That(merged.ExitCode, Is.EqualTo(0), merged.ToString());
        Assert.That(Db.Dump(db.Sibling("team.db"), "journal_entries", "entry_id"), Is.EqualTo(before), "merge");
        var tagged = Cli.Run(db.Folder, "runs", "--tag", "keep", "--db", db.Sibling("team.db"));
        Assert.That(tagged.Out, Does.Contain(files.LinkedPaper[..8]));
    }

    [Test]
    public void A_study_is_named_by_its_name_and_takes_notes_and_tags_of_its_own()
    {
        using var db = Copy();
        var study = Db.Query<string>(db.Path, "SELECT DISTINCT json_extract(fingerprint_json, '$.study') FROM strategy_runs WHERE fingerprint_json IS NOT NULL").Single();
        Assert.That(study, Is.EqualTo("my-sweep"));

        Assert.That(Run(db, "tag", "MY-SWEEP", "+robust").Out, Does.Contain("Study \"my-sweep\" is tagged robust."));
        Assert.That(Run(db, "note", "my-sweep", "plateau wide around 3").Out, Does.Contain("Its journal: recorder journal my-sweep"));
        var journal = Run(db, "journal", "my-sweep");
        Assert.That(journal.Out, Does.Contain("Journal of study \"my-sweep\"").And.Contain("Tags             robust").And.Contain(": plateau wide around 3"));
        Assert.That(Run(db, "runs", "--tag", "robust").Out, Does.Contain("No runs match."), "a study's tag is not its passes'");
    }

    [Test]
    public void Bad_input_is_a_usage_error_that_says_why_and_writes_nothing()
    {
        using var db = Copy();
        var unknown = Run(db, "note", "no-such-thing", "text");
        Assert.That((unknown.ExitCode, unknown.Error), Is.EqualTo((2, "error: No run or study 'no-such-thing' in this database. List them with `recorder runs` and `recorder studies`.\n")).Using<(int, string)>(SameLines));
        var badTag = Run(db, "tag", files.LinkedPaper, "+two words");
        Assert.That(badTag.ExitCode, Is.EqualTo(2));
        Assert.That(badTag.Error, Does.Contain("'two words' is not a tag").And.Not.Contain("Parameter"));
        var option = Run(db, "tag", files.LinkedPaper, "--later");
        Assert.That((option.ExitCode, option.Error.Contains("with one dash", StringComparison.Ordinal)), Is.EqualTo((2, true)), option.ToString());
        var empty = Run(db, "note", files.LinkedPaper, "   ");
        Assert.That((empty.ExitCode, empty.Error.Contains("A note needs some text", StringComparison.Ordinal)), Is.EqualTo((2, true)), empty.ToString());
        var team = Cli.Run(db.Folder, "pin", files.LinkedPaper, "--db", "postgresql://trader@db.example/team");
        Assert.That(team.ExitCode, Is.EqualTo(2));
        Assert.That(team.Error, Does.Contain("recorder pin works on a SQLite recorder file"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM journal_entries"), Is.Zero);
    }

    private static bool SameLines((int Code, string Text) a, (int Code, string Text) b) =>
        a.Code == b.Code && a.Text.ReplaceLineEndings("\n") == b.Text.ReplaceLineEndings("\n");

    private TempDatabase Copy()
    {
        var db = new TempDatabase("sweep.db");
        File.Copy(fixture.Path, db.Path);
        return db;
    }

    private static CliRun Run(TempDatabase db, params string[] args) => Cli.Run(db.Folder, [.. args, "--db", db.Path]);
}
