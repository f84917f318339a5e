using System.Data.Common;
using Dapper;
using QuantowerRecorder.Storage.Journal;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>The journal over either store (<see cref="JournalSql"/>); empty where the table is not there yet.</summary>
internal sealed class SqlJournalReader(ReadConnection connection) : IJournalReader
{
    private bool? exists;

    public JournalView Of(JournalSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return connection.Read(c => Exists(c)
            ? new JournalView(subject, JournalSql.Tags(c, subject), JournalSql.Pin(c, subject), JournalSql.Entries(c, subject))
            : JournalView.Empty(subject));
    }

    public IReadOnlyDictionary<string, JournalMarks> Marks(JournalSubjectType type, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return connection.Read(c =>
        {
            var marks = new Dictionary<string, JournalMarks>(StringComparer.Ordinal);
            if (!Exists(c) || ids.Count == 0)
            {
                return marks;
            }

            var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var pinned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                var all = new { ids = chunk, type = JournalText.Of(type) };
                foreach (var (subject, tag) in c.Query<(string, string)>(
                             "SELECT subject_id, tag FROM v_journal_tags WHERE subject_type = @type AND subject_id IN @ids ORDER BY tag /*C*/", all))
                {
                    (tags.TryGetValue(subject, out var of) ? of : tags[subject] = []).Add(tag);
                }

                pinned.UnionWith(c.Query<string>("SELECT subject_id FROM v_journal_pins WHERE subject_type = @type AND subject_id IN @ids", all));
            }

            foreach (var id in tags.Keys.Union(pinned))
            {
                marks[id] = new JournalMarks(tags.TryGetValue(id, out var of) ? of : [], pinned.Contains(id));
            }

            return marks;
        });
    }

    public IReadOnlyList<JournalEntry> All() => connection.Read(c => Exists(c) ? JournalSql.All(c) : []);

    /// <summary>Whether the store has the journal's table (asked once per session).</summary>
    internal bool Exists(DbConnection c) =>
        exists ??= c.ExecuteScalar<long>(connection.Dialect.TableExists("journal_entries")) > 0;
}
