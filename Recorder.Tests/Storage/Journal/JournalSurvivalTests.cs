using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Journal;

/// <summary>
/// The journal is nobody's derived data: analysing again, replaying the event log, pruning other runs and merging files
/// keep every entry as written; pruning a run takes its own entries with it.
/// </summary>
[TestFixture]
public sealed class JournalSurvivalTests
{
    private static readonly DateTime Noon = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void Analysing_again_and_replaying_the_event_log_keep_every_entry_as_written()
    {
        using var db = new TempDatabase();
        var run = QueryFiles.BracketWinner(db).RunId;
        var before = Write(db.Path, run);

        RunAnalysisStore.AnalyzeFile(db.Path, run, time: QueryFiles.Clock);
        Assert.That(Entries(db.Path), Is.EqualTo(before), "analysis leaves the journal alone");

        var rebuilt = db.Sibling("replayed.db");
        var replay = EventReplayer.Rebuild(db.Path, rebuilt, QueryFiles.Clock);
        Assert.That(replay.JournalEntries, Is.EqualTo(before.Count));
        Assert.That(Entries(rebuilt), Is.EqualTo(before), "same ids, subjects, kinds, texts, authors and times");
        using var reader = RecorderStore.OpenRead(rebuilt);
        Assert.That(reader.Journal.Of(JournalSubject.Run(run)).Tags, Is.EqualTo(new[] { "keep" }));
        Assert.That(reader.Runs.List(new RunQuery { Pinned = true }).Runs.Single().RunId, Is.EqualTo(run));
    }

    [Test]
    public void Deleting_a_run_takes_its_own_entries_and_leaves_the_other_runs_and_studies_theirs()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db).RunId;
        var loser = QueryFiles.LiveLoser(db).RunId;
        Write(db.Path, winner);
        Write(db.Path, loser);
        using (var journal = RecorderStore.OpenJournal(db.Path, new TestClock(Noon.AddHours(1))))
        {
            journal.Note(JournalSubject.Study("a-study"), "study note", "ana");
        }

        using (var maintenance = RecorderStore.OpenMaintenance(db.Path, QueryFiles.Clock))
        {
            Assert.That(maintenance.CountRows([loser]).Single(c => c.Table == "journal_entries").Rows, Is.EqualTo(5), "the dry run counts them");
            maintenance.DeleteRuns([loser]);
        }

        Assert.That(Entries(db.Path).Select(e => e.SubjectId).Distinct(), Is.EquivalentTo(new[] { winner, "a-study" }));
        Assert.That(Entries(db.Path), Has.Count.EqualTo(6));
    }

    [Test]
    public void Merging_two_terminals_notes_on_one_run_keeps_both_and_merging_again_adds_nothing()
    {
        using var folder = new TempDatabase();
        var vps = folder.Sibling("vps.db");
        var laptop = folder.Sibling("laptop.db");
        var run = QueryFiles.BracketWinner(folder).RunId;
        File.Copy(folder.Path, vps);
        File.Copy(folder.Path, laptop);
        // Both terminals hold the run; each writes its own notes about it, one of them at the same instant.
        var fromVps = Write(vps, run, "vps-trader");
        List<JournalEntry> fromLaptop;
        using (var journal = RecorderStore.OpenJournal(laptop, new TestClock(Noon)))
        {
            journal.Note(JournalSubject.Run(run), "Looks robust", "laptop-trader");
            journal.Tag(JournalSubject.Run(run), ["review"], [], "laptop-trader");
        }

        fromLaptop = Entries(laptop);
        var team = folder.Sibling("team.db");
        List<FileMergeResult> first;
        using (var merge = RecorderMerge.Open(team))
        {
            first = [merge.Merge(vps), merge.Merge(laptop)];
        }

        Assert.That(first.Select(r => r.JournalEntries), Is.EqualTo(new long[] { 5, 2 }));
        Assert.That(Entries(team), Is.EquivalentTo(fromVps.Concat(fromLaptop)));
        using (var reader = RecorderStore.OpenRead(team))
        {
            var view = reader.Journal.Of(JournalSubject.Run(run));
            Assert.That(view.Tags, Is.EqualTo(new[] { "keep", "review" }));
            Assert.That(view.Notes.Select(n => n.Author), Is.EquivalentTo(new[] { "vps-trader", "laptop-trader" }), "same text, same time, two people: two notes");
        }

        using (var merge = RecorderMerge.Open(team))
        {
            var again = new[] { merge.Merge(vps), merge.Merge(laptop) };
            Assert.That(again.Select(r => (r.Stored, r.JournalEntries, r.Conflicts.Count)), Is.EqualTo(new[] { (0L, 0L, 0), (0L, 0L, 0) }));
        }

        Assert.That(Entries(team), Has.Count.EqualTo(7));
    }

    [Test]
    public void An_entry_edited_by_hand_is_a_merge_conflict_and_the_target_keeps_its_own()
    {
        using var folder = new TempDatabase();
        var run = QueryFiles.BracketWinner(folder).RunId;
        Write(folder.Path, run);
        var edited = folder.Sibling("edited.db");
        File.Copy(folder.Path, edited);
        MergeFilesWrite(edited, "UPDATE journal_entries SET body = 'changed by hand' WHERE kind = 'NOTE'");
        var team = folder.Sibling("team.db");
        using var merge = RecorderMerge.Open(team);
        merge.Merge(folder.Path);

        var result = merge.Merge(edited);

        var conflict = result.Conflicts.Single();
        Assert.That((conflict.EventType, conflict.RunId), Is.EqualTo(("JOURNAL_ENTRY", (string?)null)));
        Assert.That(conflict.Reason, Does.Contain("changed by hand"));
        Assert.That(MergeFilesText(team, "SELECT body FROM journal_entries WHERE kind = 'NOTE'"), Is.EqualTo("Looks robust"));
    }

    // A note, two tags, a pin, one tag taken off again: five entries about the run, the run tagged keep and pinned.
    private static List<JournalEntry> Write(string path, string run, string author = "ana")
    {
        var clock = new TestClock(Noon);
        using (var journal = RecorderStore.OpenJournal(path, clock))
        {
            journal.Note(JournalSubject.Run(run), "Looks robust", author);
            journal.Tag(JournalSubject.Run(run), ["keep", "later"], [], author);
            clock.Advance(TimeSpan.FromSeconds(1));
            journal.Pin(JournalSubject.Run(run), true, author);
        }

        using (var journal = RecorderStore.OpenJournal(path, clock))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            journal.Tag(JournalSubject.Run(run), [], ["later"], author);
        }

        return Entries(path).Where(e => e.SubjectId == run).ToList();
    }

    private static List<JournalEntry> Entries(string path)
    {
        using var reader = RecorderStore.OpenRead(path);
        return reader.Journal.All().ToList();
    }

    private static void MergeFilesWrite(string path, string sql) => Merging.MergeFiles.Write(path, sql);

    private static string? MergeFilesText(string path, string sql) => Merging.MergeFiles.Text(path, sql);
}
