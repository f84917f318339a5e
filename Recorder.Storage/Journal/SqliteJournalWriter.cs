using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// The journal's writer on a file. Its connection opens on the first write (migrating an older file first), with the
/// writer's pragmas (WAL), so a recorder writing the same file only makes a write wait for its batch: a write is tried
/// again through <see cref="BusyFile"/> while the file is busy, until <c>lockWait</c> is spent on the clock.
/// </summary>
internal sealed class SqliteJournalWriter : IJournalWriter
{
    private readonly string path;
    private readonly TimeProvider time;
    private readonly TimeSpan lockWait;
    private SqliteConnection? writable;

    public SqliteJournalWriter(string path, TimeProvider time, TimeSpan? lockWait)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.path = Path.GetFullPath(path);
        this.time = time;
        this.lockWait = lockWait ?? TimeSpan.FromSeconds(30);
        // The clear "missing / not ours / too new" errors before anything is written or created.
        DatabaseFile.OpenForReading(this.path).Dispose();
    }

    public JournalChange Note(JournalSubject subject, string text, string author)
    {
        var note = JournalText.Note(text);
        var who = JournalText.Author(author);
        return Write(subject, (_, at) => ([New(subject, JournalKind.Note, note, who, at)], []));
    }

    public JournalChange Tag(JournalSubject subject, IReadOnlyList<string> add, IReadOnlyList<string> remove, string author)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(remove);
        var on = add.Select(JournalText.Tag).Distinct(StringComparer.Ordinal).ToList();
        var off = remove.Select(JournalText.Tag).Distinct(StringComparer.Ordinal).ToList();
        if (on.Intersect(off, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw new ArgumentException($"'{both}' is both put on and taken off; say one.", nameof(remove));
        }

        if (on.Count + off.Count == 0)
        {
            throw new ArgumentException("Name a tag to put on (+tag) or take off (-tag).", nameof(add));
        }

        var who = JournalText.Author(author);
        return Write(subject, (connection, at) =>
        {
            var current = JournalSql.Tags(connection, subject).ToHashSet(StringComparer.Ordinal);
            var written = new List<JournalEntry>();
            var already = new List<string>();
            foreach (var tag in on)
            {
                if (current.Contains(tag))
                {
                    already.Add($"already tagged {tag}");
                }
                else
                {
                    written.Add(New(subject, JournalKind.Tag, tag, who, at));
                }
            }

            foreach (var tag in off)
            {
                if (current.Contains(tag))
                {
                    written.Add(New(subject, JournalKind.Untag, tag, who, at));
                }
                else
                {
                    already.Add($"not tagged {tag}");
                }
            }

            return (written, already);
        });
    }

    public JournalChange Pin(JournalSubject subject, bool pinned, string author)
    {
        var who = JournalText.Author(author);
        return Write(subject, (connection, at) => (JournalSql.Pin(connection, subject) is not null) == pinned
            ? ([], [pinned ? "already pinned" : "not pinned"])
            : ([New(subject, pinned ? JournalKind.Pin : JournalKind.Unpin, null, who, at)], []));
    }

    public void Dispose() => writable?.Dispose();

    private JournalChange Write(JournalSubject subject, Func<SqliteConnection, string, (List<JournalEntry> Written, List<string> AlreadySo)> plan)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.Id);
        var connection = writable ??= DatabaseFile.OpenForWriting(path, time, lockWait);
        // A writer's batch takes milliseconds and one attempt's driver wait rides it out; attempts that go on failing
        // until the lock wait is spent on the clock mean a program holds the lock (DB Browser with unsaved edits).
        try
        {
            return BusyFile.Run(time, lockWait, (connection, subject, plan, writer: this), static s =>
                WriteTransaction.Run(s.connection, s, static s =>
                {
                    Check(s.connection, s.subject);
                    var (written, already) = s.plan(s.connection, s.writer.At(s.connection, s.subject));
                    foreach (var entry in written)
                    {
                        s.connection.Execute(JournalSql.Insert, new
                        {
                            entry = entry.EntryId, type = JournalText.Of(entry.SubjectType), subject = entry.SubjectId,
                            kind = JournalText.Of(entry.Kind), body = entry.Body, author = entry.Author,
                            at = entry.CreatedUtc,
                        });
                    }

                    return new JournalChange(written, already);
                }));
        }
        catch (SqliteException ex)
        {
            throw DatabaseFile.Translate(ex, path);
        }
    }

    private static void Check(SqliteConnection connection, JournalSubject subject)
    {
        if (subject.Type == JournalSubjectType.Run
            && connection.ExecuteScalar("SELECT 1 FROM strategy_runs WHERE run_id = @run", new { run = subject.Id }) is null)
        {
            throw new ArgumentException($"No run {subject.Id} in this file.", nameof(subject));
        }
    }

    // Now, or just after the subject's newest entry when the clock has not moved past it (another terminal's clock
    // ahead, two acts in one tick): a subject's acts mean what their order says, so a new one is never older.
    private string At(SqliteConnection connection, JournalSubject subject)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (JournalSql.Latest(connection, subject) is { } latest && Timestamps.Parse(latest) is var last && last >= now)
        {
            now = last.AddTicks(1);
        }

        return Timestamps.Format(now);
    }

    private static JournalEntry New(JournalSubject subject, JournalKind kind, string? body, string author, string at)
    {
        var type = JournalText.Of(subject.Type);
        return new JournalEntry(Identities.JournalEntryId(type, subject.Id, JournalText.Of(kind), body, author, at),
            subject.Type, subject.Id, kind, body, author, at);
    }
}
