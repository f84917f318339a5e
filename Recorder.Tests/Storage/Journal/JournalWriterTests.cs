using NUnit.Framework;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Journal;

/// <summary>Notes, tags and pins written through Storage's journal writer and read back through the read API.</summary>
[TestFixture]
public sealed class JournalWriterTests
{
    private static readonly DateTime Noon = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void A_note_a_tag_and_a_pin_are_read_back_with_author_and_time_and_the_entries_in_order()
    {
        using var db = new TempDatabase();
        var run = QueryFiles.BracketWinner(db).RunId;
        var clock = new TestClock(Noon);
        using (var journal = RecorderStore.OpenJournal(db.Path, clock))
        {
            journal.Note(JournalSubject.Run(run), "  Looks robust;\r\nwatch the fees  ", "ana");
            clock.Advance(TimeSpan.FromMinutes(1));
            journal.Tag(JournalSubject.Run(run), ["Keep", "es-ready"], [], "ben");
            clock.Advance(TimeSpan.FromMinutes(1));
            journal.Pin(JournalSubject.Run(run), pinned: true, "ana");
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        var view = reader.Journal.Of(JournalSubject.Run(run));

        Assert.That(view.Tags, Is.EqualTo(new[] { "es-ready", "keep" }), "stored lower case, sorted");
        Assert.That(view.Pin, Is.EqualTo(new JournalPin("ana", "2026-11-24T12:02:00.0000000Z")));
        Assert.That(view.Notes.Select(n => (n.Body, n.Author, n.CreatedUtc)),
            Is.EqualTo(new[] { ("Looks robust;\nwatch the fees", "ana", "2026-11-24T12:00:00.0000000Z") }), "trimmed, line ends as \\n");
        Assert.That(view.Entries.Select(e => e.Kind), Is.EqualTo(new[] { JournalKind.Note, JournalKind.Tag, JournalKind.Tag, JournalKind.Pin }));
        Assert.That(reader.Journal.Of(JournalSubject.Run(QueryFiles.LiveLoser(db).RunId)), Has.Property("Pinned").False.And.Property("Entries").Empty);
    }

    [Test]
    public void The_last_act_decides_what_a_run_carries_and_an_act_already_so_writes_nothing()
    {
        using var db = new TempDatabase();
        var run = JournalSubject.Run(QueryFiles.BracketWinner(db).RunId);
        var clock = new TestClock(Noon);
        using var journal = RecorderStore.OpenJournal(db.Path, clock);

        Assert.That(journal.Tag(run, ["a", "b"], [], "ana").Written, Has.Count.EqualTo(2));
        var again = journal.Tag(run, ["A"], ["c"], "ana");
        Assert.That(again.Written, Is.Empty);
        Assert.That(again.AlreadySo, Is.EqualTo(new[] { "already tagged a", "not tagged c" }));
        // The clock does not move: each act still comes after the one before it.
        journal.Tag(run, [], ["a"], "ben");
        journal.Tag(run, ["a"], ["b"], "ana");
        journal.Tag(run, [], ["a"], "ben");
        journal.Pin(run, true, "ana");
        journal.Pin(run, false, "ben");
        Assert.That(journal.Pin(run, false, "ben").AlreadySo, Is.EqualTo(new[] { "not pinned" }));
        journal.Pin(run, true, "cy");

        using var reader = RecorderStore.OpenRead(db.Path);
        var view = reader.Journal.Of(run);
        Assert.That(view.Tags, Is.Empty, "a: on, off, on, off; b: on, off");
        Assert.That(view.Pin?.Author, Is.EqualTo("cy"));
        var times = view.Entries.Select(e => e.CreatedUtc).ToList();
        Assert.That(times, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "a later act is never stamped before an earlier one");
        Assert.That(times.Distinct().Count(), Is.EqualTo(7), "seven writes; the acts of one write share its time");
        Assert.That(times[0], Is.EqualTo("2026-11-24T12:00:00.0000000Z"));
        Assert.That(times[^1], Is.EqualTo("2026-11-24T12:00:00.0000006Z"), "the seventh write of the same instant, 100 ns apart");
    }

    [Test]
    public void Bad_input_is_refused_with_the_reason_and_nothing_is_written()
    {
        using var db = new TempDatabase();
        var run = JournalSubject.Run(QueryFiles.BracketWinner(db).RunId);
        using (var journal = RecorderStore.OpenJournal(db.Path, new TestClock(Noon)))
        {
            Assert.That(() => journal.Note(run, "  ", "ana"), Throws.ArgumentException.With.Message.Contains("needs some text"));
            Assert.That(() => journal.Note(run, new string('x', 4001), "ana"), Throws.ArgumentException.With.Message.Contains("at most 4,000"));
            Assert.That(() => journal.Note(run, "bell\a", "ana"), Throws.ArgumentException.With.Message.Contains("control characters"));
            Assert.That(() => journal.Tag(run, ["two words"], [], "ana"), Throws.ArgumentException.With.Message.Contains("is not a tag"));
            Assert.That(() => journal.Tag(run, ["-x"], [], "ana"), Throws.ArgumentException.With.Message.Contains("starting with a letter or digit"));
            Assert.That(() => journal.Tag(run, ["x"], ["X"], "ana"), Throws.ArgumentException.With.Message.Contains("both put on and taken off"));
            Assert.That(() => journal.Tag(run, [], [], "ana"), Throws.ArgumentException.With.Message.Contains("Name a tag"));
            Assert.That(() => journal.Note(JournalSubject.Run("0190-no-such-run"), "text", "ana"), Throws.ArgumentException.With.Message.Contains("No run 0190-no-such-run"));
            Assert.That(() => journal.Note(run, "text", "line\nbreak"), Throws.ArgumentException.With.Message.Contains("author"));
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Journal.All(), Is.Empty);
    }

    [Test]
    public void The_same_act_has_the_same_entry_id_in_any_file_and_another_author_or_text_another()
    {
        using var one = new TempDatabase();
        using var two = new TempDatabase();
        var run = QueryFiles.BracketWinner(one).RunId;
        File.Copy(one.Path, two.Path);
        string Write(string path, string text, string author)
        {
            using var journal = RecorderStore.OpenJournal(path, new TestClock(Noon));
            return journal.Note(JournalSubject.Run(run), text, author).Written.Single().EntryId;
        }

        var first = Write(one.Path, "same words", "ana");
        Assert.That(Write(two.Path, "same words", "ana"), Is.EqualTo(first), "two files, the same act");
        using var three = new TempDatabase();
        File.Copy(one.Path, three.Path);
        Assert.That(Write(three.Path, "same words", "ben"), Is.Not.EqualTo(first));
        Assert.That(Guid.TryParse(first, out _), Is.True);
    }

    [Test]
    public void Runs_are_listed_by_tag_in_any_case_and_by_pin_and_the_listing_marks_say_the_same()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db).RunId;
        var loser = QueryFiles.LiveLoser(db).RunId;
        using (var journal = RecorderStore.OpenJournal(db.Path, new TestClock(Noon)))
        {
            journal.Tag(JournalSubject.Run(winner), ["keep"], [], "ana");
            journal.Tag(JournalSubject.Run(loser), ["keep", "review"], [], "ana");
            journal.Tag(JournalSubject.Run(loser), [], ["keep"], "ana");
            journal.Pin(JournalSubject.Run(loser), true, "ana");
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        string[] Ids(RunQuery q) => reader.Runs.List(q).Runs.Select(r => r.RunId).ToArray();

        Assert.That(Ids(new RunQuery { Tag = "KEEP" }), Is.EqualTo(new[] { winner }), "the loser's keep was taken off");
        Assert.That(Ids(new RunQuery { Tag = "review" }), Is.EqualTo(new[] { loser }));
        Assert.That(Ids(new RunQuery { Tag = "nothing" }), Is.Empty);
        Assert.That(Ids(new RunQuery { Pinned = true }), Is.EqualTo(new[] { loser }));
        Assert.That(Ids(new RunQuery { Pinned = false }), Is.EqualTo(new[] { winner }));
        Assert.That(reader.Runs.List(new RunQuery { Pinned = true, Tag = "keep" }).Total, Is.Zero);
        var marks = reader.Journal.Marks(JournalSubjectType.Run, [winner, loser]);
        Assert.That(marks[winner], Is.EqualTo(new JournalMarks(["keep"], false)).Using<JournalMarks>(Same));
        Assert.That(marks[loser], Is.EqualTo(new JournalMarks(["review"], true)).Using<JournalMarks>(Same));
    }

    [Test]
    public void A_study_has_its_own_journal_apart_from_a_run_of_the_same_id()
    {
        using var db = new TempDatabase();
        var run = QueryFiles.BracketWinner(db).RunId;
        using (var journal = RecorderStore.OpenJournal(db.Path, new TestClock(Noon)))
        {
            journal.Tag(JournalSubject.Study("c1a9237e-0000-5000-8000-000000000001"), ["sweep"], [], "ana");
            journal.Note(JournalSubject.Study("c1a9237e-0000-5000-8000-000000000001"), "plateau looks wide", "ana");
            journal.Tag(JournalSubject.Run(run), ["single"], [], "ana");
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        var study = reader.Journal.Of(JournalSubject.Study("c1a9237e-0000-5000-8000-000000000001"));
        Assert.That((study.Tags, study.Notes.Single().Body), Is.EqualTo((new[] { "sweep" }, "plateau looks wide")));
        Assert.That(reader.Journal.Of(JournalSubject.Run(run)).Tags, Is.EqualTo(new[] { "single" }));
        Assert.That(reader.Runs.List(new RunQuery { Tag = "sweep" }).Total, Is.Zero, "a study's tag is not a run's");
    }

    private static bool Same(JournalMarks a, JournalMarks b) => a.Pinned == b.Pinned && a.Tags.SequenceEqual(b.Tags);
}
