using NUnit.Framework;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>`recorder push` carries a file's journal into a real PostgreSQL, apart from its runs and idempotently.</summary>
[Category("PostgreSQL")]
public sealed class JournalPushTests
{
    private static readonly DateTime Noon = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_journal_is_pushed_once_a_note_written_later_is_pushed_alone_and_the_team_reads_it_as_the_file()
    {
        using var folder = new TempDatabase();
        var runs = TerminalFiles.Record(folder.Path, runs: 2);
        var clock = new TestClock(Noon);
        using (var journal = RecorderStore.OpenJournal(folder.Path, clock))
        {
            journal.Note(JournalSubject.Run(runs[0]), "Looks robust", "ana");
            journal.Tag(JournalSubject.Run(runs[0]), ["keep", "later"], [], "ana");
            journal.Pin(JournalSubject.Run(runs[1]), true, "ana");
            journal.Note(JournalSubject.Study("some-study"), "wide plateau", "ana");
        }

        using var team = PostgresServer.CreateDatabase();
        var first = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Out, Does.Contain("(5 of them journal entries)"));
        Assert.That(Rows(team), Is.EqualTo(FileRows(folder.Path)), "every entry, column for column");

        var again = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);
        Assert.That(again.Out, Does.Contain("nothing new (2 runs up to date, 0 rows sent)."), again.ToString());

        // Written after the runs were pushed: no run has a new event, the journal has a new entry.
        clock.Advance(TimeSpan.FromHours(1));
        using (var journal = RecorderStore.OpenJournal(folder.Path, clock))
        {
            journal.Tag(JournalSubject.Run(runs[0]), [], ["later"], "ben");
        }

        var later = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);
        Assert.That(later.Out, Does.Contain("2 runs up to date, the journal pushed, 1 rows sent, 1 inserted (1 of them journal entries)"), later.ToString());
        Assert.That(Rows(team), Is.EqualTo(FileRows(folder.Path)));

        using var reader = TeamStore.OpenRead(team.ConnectionString);
        Assert.That(reader.Journal.Of(JournalSubject.Run(runs[0])).Tags, Is.EqualTo(new[] { "keep" }));
        Assert.That(reader.Runs.List(new RunQuery { Tag = "Keep" }).Runs.Single().RunId, Is.EqualTo(runs[0]));
        Assert.That(reader.Runs.List(new RunQuery { Pinned = true }).Runs.Single().RunId, Is.EqualTo(runs[1]));
        Assert.That(reader.Journal.Of(JournalSubject.Study("some-study")).Notes.Single().Body, Is.EqualTo("wide plateau"));
        var tagged = CliRunner.Run(folder.Folder, "runs", "--tag", "keep", "--json", "--db", team.ConnectionString);
        Assert.That(tagged.Out, Does.Contain(runs[0]).And.Not.Contain(runs[1]), tagged.ToString());
    }

    [Test]
    public void Two_copies_of_a_file_that_went_their_own_way_push_both_their_notes_and_an_edited_entry_is_a_conflict_kept_once()
    {
        using var folder = new TempDatabase();
        var run = TerminalFiles.Record(folder.Path, runs: 1)[0];
        var copy = folder.Sibling("copy.db");
        File.Copy(folder.Path, copy);
        Note(folder.Path, run, "from the original", "ana", Noon);
        using var team = PostgresServer.CreateDatabase();
        Assert.That(CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path).ExitCode, Is.EqualTo(0));

        // The copy is the same file by identity, and its journal's row 1 is another note: its mark does not hold.
        Note(copy, run, "from the copy", "ben", Noon.AddMinutes(5));
        var pushed = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, copy);
        Assert.That(pushed.ExitCode, Is.EqualTo(0), pushed.ToString());
        Assert.That(team.Scalar("SELECT COUNT(*) FROM journal_entries"), Is.EqualTo(2));

        var edited = folder.Sibling("edited.db");
        File.Copy(folder.Path, edited);
        Merging.MergeFiles.Write(edited, "UPDATE journal_entries SET body = 'changed by hand'");
        var conflict = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, edited);
        Assert.That(conflict.ExitCode, Is.EqualTo(1), conflict.ToString());
        Assert.That(conflict.Out, Does.Contain("conflict: journal_entries").And.Contain("changed by hand"));
        Assert.That(CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, edited).Out, Does.Contain("nothing new"), "its mark holds now");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM team_conflicts WHERE table_name = 'journal_entries'"), Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM journal_entries WHERE body = 'from the original'"), Is.EqualTo(1), "the team keeps its row");
    }

    [Test]
    public void Two_last_acts_at_the_same_instant_read_the_same_in_the_team_store_as_in_a_merged_file()
    {
        using var folder = new TempDatabase();
        var run = TerminalFiles.Record(folder.Path, runs: 1)[0];
        var other = folder.Sibling("other.db");
        File.Copy(folder.Path, other);
        using (var journal = RecorderStore.OpenJournal(folder.Path, new TestClock(Noon)))
        {
            journal.Tag(JournalSubject.Run(run), ["x", "y"], [], "ana");
        }

        var clock = new TestClock(Noon.AddHours(-1));
        using (var journal = RecorderStore.OpenJournal(other, clock))
        {
            journal.Tag(JournalSubject.Run(run), ["x", "y"], [], "ben");
            clock.Set(Noon);
            journal.Tag(JournalSubject.Run(run), [], ["x", "y"], "ben");
        }

        var merged = folder.Sibling("merged.db");
        Assert.That(CliRunner.Run(folder.Folder, "merge", folder.Path, other, "-o", merged).ExitCode, Is.EqualTo(0));
        using var team = PostgresServer.CreateDatabase();
        Assert.That(CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path, other).ExitCode, Is.EqualTo(0));

        using var file = RecorderStore.OpenRead(merged);
        using var store = TeamStore.OpenRead(team.ConnectionString);
        var expected = file.Journal.Of(JournalSubject.Run(run)).Tags;
        Assert.That(store.Journal.Of(JournalSubject.Run(run)).Tags, Is.EqualTo(expected));
        Assert.That(store.Journal.All(), Has.Count.EqualTo(6), "both files' acts are in the team store");
    }

    private static void Note(string path, string run, string text, string author, DateTime at)
    {
        using var journal = RecorderStore.OpenJournal(path, new TestClock(at));
        journal.Note(JournalSubject.Run(run), text, author);
    }

    private static List<string> FileRows(string path)
    {
        using var reader = RecorderStore.OpenRead(path);
        return reader.Journal.All().Select(e => e.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Rows(TeamDatabase team)
    {
        using var reader = TeamStore.OpenRead(team.ConnectionString);
        return reader.Journal.All().Select(e => e.ToString()).Order(StringComparer.Ordinal).ToList();
    }
}
