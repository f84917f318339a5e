using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Replay;

/// <summary>
/// Compares the normalised tables of two files row by row, matching rows by their natural keys
/// (docs/decisions.md, 4). Surrogate ids and derived metrics are left out: replay does not promise them.
/// </summary>
internal static class TableComparer
{
    public static readonly IReadOnlyList<(string Table, string[] Key)> Tables =
    [
        ("strategies", ["strategy_id"]),
        ("strategy_instances", ["instance_id"]),
        ("strategy_runs", ["run_id"]),
        ("orders", ["run_id", "order_id"]),
        ("executions", ["run_id", "execution_id"]),
        ("order_oco_groups", ["oco_group_id"]),
        ("order_oco_links", ["run_id", "oco_group_id", "order_id"]),
        ("run_series", ["series_id"]),
        ("bars", ["series_id", "ts_utc"]),
    ];

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "id", "metrics_json" };

    public static IReadOnlyList<TableDifference> Compare(IRecorderReader original, IRecorderReader rebuilt) =>
        Tables.Select(t => Differ(t.Table, Load(original, t.Table, t.Key), Load(rebuilt, t.Table, t.Key)))
            // The journal is copied rather than replayed (docs/cli.md, "replay"): it must arrive whole all the same.
            .Append(Differ("journal_entries", Journal(original), Journal(rebuilt)))
            .ToList();

    private static Dictionary<string, string> Journal(IRecorderReader reader) =>
        reader.Journal.All().ToDictionary(e => e.EntryId,
            e => $"subject_type={e.SubjectType}|subject_id={e.SubjectId}|kind={e.Kind}|body={e.Body ?? "NULL"}|author={e.Author}|created_utc={e.CreatedUtc}",
            StringComparer.Ordinal);

    private static TableDifference Differ(string table, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var onlyBefore = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var onlyAfter = after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = before.Where(p => after.TryGetValue(p.Key, out var other) && !string.Equals(p.Value, other, StringComparison.Ordinal))
            .Select(p => $"{p.Key}: {Describe(p.Value, after[p.Key])}")
            .Order(StringComparer.Ordinal).ToList();
        return new TableDifference(table, before.Count, after.Count, onlyBefore, onlyAfter, changed);
    }

    private static Dictionary<string, string> Load(IRecorderReader reader, string table, string[] key)
    {
        var rows = reader.Exports.WholeTable(table);
        var keyIndexes = key.Select(k => rows.Columns.ToList().IndexOf(k)).ToArray();
        var kept = rows.Columns.Select((c, i) => (c, i)).Where(p => !Ignored.Contains(p.c)).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows.Rows)
        {
            var id = string.Join("/", keyIndexes.Select(i => Csv.Value(row[i])));
            result[id] = string.Join("|", kept.Select(p => p.c + "=" + (row[p.i] is null ? "NULL" : Csv.Value(row[p.i]))));
        }

        return result;
    }

    private static string Describe(string before, string after)
    {
        var a = before.Split('|');
        var b = after.Split('|');
        return string.Join(", ", a.Zip(b).Where(p => !string.Equals(p.First, p.Second, StringComparison.Ordinal))
            .Select(p => $"{p.First} → {p.Second[(p.Second.IndexOf('=', StringComparison.Ordinal) + 1)..]}"));
    }
}
