using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Journal;

/// <summary>The journal in a real file: beside a recorder that writes it, under another program's lock, in an older file.</summary>
[TestFixture]
public sealed class JournalFileTests
{
    private static readonly DateTime Noon = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void Notes_written_while_a_recorder_writes_the_same_file_leave_every_event_and_every_note_stored()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new TestClock(Noon);
        const int Bars = 200;
        using (var session = RecorderSession.Open(db.Path))
        using (var journal = RecorderStore.OpenJournal(db.Path, clock))
        {
            foreach (var e in s.Start())
            {
                session.Record(e);
            }

            Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
            // The recorder's writer commits its batches on its own thread while the notes are written here.
            for (var i = 0; i < Bars; i++)
            {
                session.Record(s.Bar(i, 5000 + i));
                if (i % 10 == 0)
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    journal.Note(JournalSubject.Run(s.RunId), $"note {i}", "ana");
                }
            }

            session.Record(s.End(at: 60 * Bars));
            Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
            Assert.That(session.Counters.LastError, Is.Null);
            Assert.That(session.Counters.Quarantined, Is.Zero);
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(Bars));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM journal_entries WHERE kind = 'NOTE'"), Is.EqualTo(Bars / 10));
        Assert.That(Db.Scalar<string>(db.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
    }

    [Test]
    public void A_file_another_program_holds_locked_is_refused_as_locked_and_written_once_it_is_free()
    {
        using var db = new TempDatabase();
        var run = JournalSubject.Run(QueryFiles.BracketWinner(db).RunId);
        using var journal = RecorderStore.OpenJournal(db.Path, new TestClock(Noon), lockWait: TimeSpan.FromSeconds(1));
        journal.Tag(run, ["first"], [], "ana");
        using (var other = SchemaTests.Raw(db.Path))
        {
            // DB Browser with unsaved edits holds the write lock like this.
            other.Execute("BEGIN IMMEDIATE; INSERT INTO schema_meta(key, value) VALUES ('held', '1');");
            var error = Assert.Throws<RecorderDatabaseException>(() => journal.Note(run, "while locked", "ana"));
            Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.Locked));
            Assert.That(error.Message, Does.Contain("locked by another program"));
            other.Execute("ROLLBACK");
        }

        journal.Note(run, "after", "ana");
        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Journal.Of(run).Notes.Select(n => n.Body), Is.EqualTo(new[] { "after" }));
    }

    [Test]
    public void A_note_on_a_locked_file_is_tried_again_on_the_clock_until_the_lock_wait_is_spent()
    {
        using var db = new TempDatabase();
        var run = JournalSubject.Run(QueryFiles.BracketWinner(db).RunId);
        var clock = new FakeClock(Noon);
        using var journal = RecorderStore.OpenJournal(db.Path, clock, lockWait: TimeSpan.FromSeconds(10));
        journal.Tag(run, ["first"], [], "ana");

        using (var other = OtherProgram.HoldingWriteLock(db.Path))
        {
            var note = Task.Run(() => journal.Note(run, "once it is free", "ana"));
            // The first attempt fails and the next waits on the clock: nothing is written until the clock moves.
            Assert.That(clock.AdvanceToNextTimer(BusyFile.Pause, () => note.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
            other.Release();
            Assert.That(note.Wait(TimeSpan.FromSeconds(30)), Is.True);
        }

        using (OtherProgram.HoldingWriteLock(db.Path))
        {
            var note = Task.Run(() => journal.Note(run, "while locked", "ana"));
            Assert.That(clock.AdvanceToNextTimer(BusyFile.Pause, () => note.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
            clock.Advance(TimeSpan.FromSeconds(10));
            var error = Assert.Throws<AggregateException>(() => note.Wait(TimeSpan.FromSeconds(30)))!.InnerException as RecorderDatabaseException;
            Assert.That(error?.Problem, Is.EqualTo(DatabaseProblem.Locked));
            Assert.That(error!.Message, Does.Contain("locked by another program"));
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Journal.Of(run).Notes.Select(n => n.Body), Is.EqualTo(new[] { "once it is free" }));
    }

    [Test]
    public void A_file_from_before_the_journal_reads_empty_and_gets_it_at_its_first_note()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db).RunId;
        QuantowerRecorder.Tests.Team.SchemaSixteen.Downgrade(db.Path);
        using (var raw = SchemaTests.Raw(db.Path))
        {
            // A version 15 file: what 016_journal.sql adds is not there yet.
            raw.Execute("""
                DROP VIEW v_journal_tags; DROP VIEW v_journal_pins; DROP TABLE journal_entries;
                PRAGMA user_version = 15; UPDATE schema_meta SET value = '15' WHERE key = 'schema_version';
                """);
        }

        using (var reader = RecorderStore.OpenRead(db.Path))
        {
            Assert.That(reader.Journal.Of(JournalSubject.Run(winner)).Entries, Is.Empty);
            Assert.That(reader.Journal.Marks(JournalSubjectType.Run, [winner]), Is.Empty);
            Assert.That(reader.Runs.List(new RunQuery { Tag = "keep" }).Total, Is.Zero);
            Assert.That(reader.Runs.List(new RunQuery { Pinned = true }).Total, Is.Zero);
            Assert.That(reader.Runs.List(new RunQuery { Pinned = false }).Total, Is.EqualTo(1));
        }

        using (var journal = RecorderStore.OpenJournal(db.Path, new TestClock(Noon)))
        {
            journal.Tag(JournalSubject.Run(winner), ["keep"], [], "ana");
        }

        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
        using var after = RecorderStore.OpenRead(db.Path);
        Assert.That(after.Runs.List(new RunQuery { Tag = "keep" }).Runs.Single().RunId, Is.EqualTo(winner));
    }

    [Test]
    public void Two_acts_stamped_the_same_instant_in_two_files_are_ordered_by_entry_id_in_the_views()
    {
        using var a = new TempDatabase();
        var run = JournalSubject.Run(QueryFiles.BracketWinner(a).RunId);
        using var b = new TempDatabase();
        File.Copy(a.Path, b.Path);
        string tagged, untagged;
        using (var journal = RecorderStore.OpenJournal(a.Path, new TestClock(Noon)))
        {
            tagged = journal.Tag(run, ["x"], [], "ana").Written.Single().EntryId;
        }

        var clock = new TestClock(Noon.AddHours(-1));
        using (var journal = RecorderStore.OpenJournal(b.Path, clock))
        {
            journal.Tag(run, ["x"], [], "ben");
            clock.Set(Noon);
            untagged = journal.Tag(run, [], ["x"], "ben").Written.Single().EntryId;
        }

        using (var merge = QuantowerRecorder.Storage.Merging.RecorderMerge.Open(a.Sibling("both.db")))
        {
            merge.Merge(a.Path);
            merge.Merge(b.Path);
        }

        // Both last acts on x are at noon: the one with the greater entry id (compared as text, byte by byte) is last.
        var expected = string.CompareOrdinal(tagged, untagged) > 0 ? new[] { "x" } : [];
        using var reader = RecorderStore.OpenRead(a.Sibling("both.db"));
        Assert.That(reader.Journal.Of(run).Tags, Is.EqualTo(expected));
        Assert.That(reader.Journal.Of(run).Entries, Has.Count.EqualTo(3));
    }
}
