using System.Text.RegularExpressions;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// How schema.sql becomes the team store's schema, as docs/team-store.md ("The schema beside schema.sql") says it in two
/// tables: this reads those tables, so the document is the mapping the test checks, not a copy of it. The types table
/// maps a column's declared SQLite type (or one column, or the columns of a type whose name matches a pattern) to its
/// PostgreSQL type; the differences table names what is on one side only, or stands for something else on the other.
/// </summary>
internal sealed partial class TeamSchemaMapping
{
    public const string Document = "docs/team-store.md";
    private const string TypesHeader = "| type in `schema.sql` | in the team store | why |";
    private const string DifferencesHeader = "| in `schema.sql` | in the team store | why |";

    private readonly List<TypeRule> types;
    private readonly List<Difference> differences;

    private TeamSchemaMapping(List<TypeRule> types, List<Difference> differences)
    {
        this.types = types;
        this.differences = differences;
    }

    public static TeamSchemaMapping Read() => Parse(File.ReadAllText(Path.Combine(Repository.Root, Document)));

    public static TeamSchemaMapping Parse(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var types = Table(lines, TypesHeader).Select(row =>
        {
            var (from, to) = (Spans(row.From), Spans(row.To));
            if (to.Count != 1)
            {
                throw new FormatException($"{Document}, types, line {row.Line}: one PostgreSQL type, not {to.Count}");
            }

            return new TypeRule(row.Line,
                from.SingleOrDefault(s => s.Contains('.', StringComparison.Ordinal)),
                from.SingleOrDefault(s => !s.Contains('.', StringComparison.Ordinal) && !s.Contains('*', StringComparison.Ordinal)),
                from.SingleOrDefault(s => s.Contains('*', StringComparison.Ordinal)),
                to[0]);
        }).ToList();
        var differences = Table(lines, DifferencesHeader)
            .Select(row => new Difference(row.Line, Spans(row.From).Select(Item.Of).ToList(), Spans(row.To).Select(Item.Of).ToList()))
            .ToList();
        return new TeamSchemaMapping(types, differences);
    }

    /// <summary>
    /// The lines a file of <paramref name="sqlite"/>'s shape becomes in the team store, and the team store's lines less
    /// its own (<paramref name="postgres"/> without what only the team has). <c>Problems</c> says where the mapping
    /// itself does not fit the schema: a type it does not map, a row that names nothing.
    /// </summary>
    public (List<string> Expected, List<string> Actual, List<string> Problems) Apply(IReadOnlyList<string> sqlite, IReadOnlyList<string> postgres)
    {
        var problems = new List<string>();
        var file = sqlite.ToList();
        var team = postgres.ToList();
        var added = new List<string>();

        // What only the team store has.
        foreach (var d in differences.Where(d => d.File.Count == 0))
        {
            foreach (var item in d.Team)
            {
                Take(team, item, d, "the team store", problems);
            }
        }

        // A file's lines that stand for other lines in the team store (already in its types).
        foreach (var d in differences.Where(d => d.File.Count > 0 && d.File.All(i => i.Kind == ItemKind.Line)))
        {
            foreach (var item in d.File)
            {
                Take(file, item, d, "schema.sql", problems);
            }

            added.AddRange(d.Team.Select(i => i.Text));
        }

        var used = new HashSet<TypeRule>();
        file = file.Select(l => l.StartsWith("column ", StringComparison.Ordinal) ? Typed(l, used, problems) : l).ToList();
        problems.AddRange(types.Where(t => !used.Contains(t)).Select(t => $"{Document}, line {t.Line}: the type rule maps no column of schema.sql"));

        // Objects that only a file has, then objects the team store holds under another name.
        foreach (var d in differences.Where(d => d.File.Count > 0 && d.File.All(i => i.Kind != ItemKind.Line)))
        {
            if (d.Team.Count == 0)
            {
                foreach (var item in d.File)
                {
                    Take(file, item, d, "schema.sql", problems);
                }

                continue;
            }

            if (d.File is not [{ Kind: ItemKind.Table or ItemKind.View } from] || d.Team is not [{ Kind: ItemKind.Table or ItemKind.View } to])
            {
                throw new FormatException($"{Document}, line {d.Line}: an object stands for one object of the team store, or for nothing");
            }

            var renamed = file.Where(from.Matches).ToList();
            if (renamed.Count == 0)
            {
                problems.Add($"{Document}, line {d.Line}: schema.sql has no {from.Text}");
            }

            file = file.Select(l => from.Matches(l) ? SchemaShape.Rename(l, from.Name, to.Name) : l).ToList();
        }

        var expected = file.Concat(added).ToList();
        expected.Sort(StringComparer.Ordinal);
        team.Sort(StringComparer.Ordinal);
        return (expected, team, problems);
    }

    private static void Take(List<string> lines, Item item, Difference d, string side, List<string> problems)
    {
        if (lines.RemoveAll(item.Matches) == 0)
        {
            problems.Add($"{Document}, line {d.Line}: {side} has no {item.Text}");
        }
    }

    private string Typed(string line, HashSet<TypeRule> used, List<string> problems)
    {
        var match = ColumnLine().Match(line);
        var (table, column, type, notNull) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value);
        var rule = types.FirstOrDefault(t => t.Column == $"{table}.{column}")
            ?? types.FirstOrDefault(t => t.Column is null && t.Pattern is { } p && Like(column, p) && t.SqliteType == type)
            ?? types.FirstOrDefault(t => t.Column is null && t.Pattern is null && t.SqliteType == type);
        if (rule is null)
        {
            problems.Add($"schema.sql's column {table}.{column} is {type}, a type {Document} does not map");
            return line;
        }

        used.Add(rule);
        return $"column {table}.{column} {rule.PostgresType}{notNull}";
    }

    private static bool Like(string name, string pattern) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : pattern.StartsWith('*') ? name.EndsWith(pattern[1..], StringComparison.Ordinal)
        : name == pattern;

    private static IEnumerable<(int Line, string From, string To)> Table(List<string> lines, string header)
    {
        var start = lines.IndexOf(header);
        if (start < 0)
        {
            throw new FormatException($"{Document} has no table headed {header}");
        }

        // The header, its |---| line, then rows until the first line that is not one.
        for (var i = start + 2; i < lines.Count && lines[i].StartsWith('|'); i++)
        {
            var cells = lines[i].Split('|');
            yield return (i + 1, cells[1], cells[2]);
        }
    }

    private static List<string> Spans(string cell) => CodeSpan().Matches(cell).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^column ([^.]+)\.(\S+) (\S+)( NOT NULL)?$")]
    private static partial Regex ColumnLine();

    private sealed record TypeRule(int Line, string? Column, string? SqliteType, string? Pattern, string PostgresType);

    private sealed record Difference(int Line, List<Item> File, List<Item> Team);

    private enum ItemKind
    {
        Table, View, Index, Line,
    }

    /// <summary>
    /// What a row names: <c>table t</c> or <c>view v</c> — the object with everything on it (columns, keys, indexes) —,
    /// <c>index n</c>, or one line as <see cref="SchemaShape"/> reads it. A name ending in * is a prefix.
    /// </summary>
    private sealed record Item(ItemKind Kind, string Name, string Text)
    {
        public static Item Of(string text)
        {
            var words = text.Split(' ');
            return words switch
            {
                ["table", var name] => new Item(ItemKind.Table, name, text),
                ["view", var name] => new Item(ItemKind.View, name, text),
                ["index", var name] => new Item(ItemKind.Index, name, text),
                _ => new Item(ItemKind.Line, text, text),
            };
        }

        public bool Matches(string line) => Kind switch
        {
            ItemKind.Table => !line.StartsWith("view ", StringComparison.Ordinal) && Like(SchemaShape.ObjectOf(line), Name),
            ItemKind.View => line.StartsWith("view ", StringComparison.Ordinal) && Like(SchemaShape.ObjectOf(line), Name),
            ItemKind.Index => SchemaShape.IndexOf(line) is { } index && Like(index, Name),
            _ => line == Text,
        };
    }
}
