using Microsoft.Data.Sqlite;
using Npgsql;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// A database's structure as comparable lines, each database in its own types — tables, columns (declared type, NOT
/// NULL), primary and unique keys, indexes (their columns in key order, an expression as <c>(expression)</c>, a
/// partial one marked <c>WHERE …</c>), views with their columns — read from SQLite's pragmas or PostgreSQL's catalog.
/// <see cref="TeamSchemaMapping"/> turns a file's lines into the team store's.
/// </summary>
internal static class SchemaShape
{
    public const string Expression = "(expression)";
    public const string Partial = " WHERE …";

    public static List<string> OfSqlite(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var lines = new List<string>();
        var objects = Rows(connection, "SELECT type, name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name");
        foreach (var (type, name) in objects.Select(r => ((string)r[0]!, (string)r[1]!)))
        {
            var columns = Rows(connection, $"PRAGMA table_info(\"{name}\")");
            if (type == "view")
            {
                lines.Add($"view {name}({string.Join(",", columns.Select(c => (string)c[1]!))})");
                continue;
            }

            lines.Add($"table {name}");
            foreach (var c in columns)
            {
                var isPk = Convert.ToInt64(c[5], System.Globalization.CultureInfo.InvariantCulture) > 0;
                var notNull = Convert.ToInt64(c[3], System.Globalization.CultureInfo.InvariantCulture) == 1 || isPk;
                lines.Add($"column {name}.{c[1]} {((string)c[2]!).ToUpperInvariant()}{(notNull ? " NOT NULL" : "")}");
            }

            var pk = columns.Where(c => Convert.ToInt64(c[5], System.Globalization.CultureInfo.InvariantCulture) > 0)
                .OrderBy(c => Convert.ToInt64(c[5], System.Globalization.CultureInfo.InvariantCulture)).Select(c => (string)c[1]!).ToList();
            if (pk.Count > 0)
            {
                lines.Add($"primary key {name}({string.Join(",", pk)})");
            }

            foreach (var index in Rows(connection, $"PRAGMA index_list(\"{name}\")"))
            {
                var indexName = (string)index[1]!;
                var unique = Convert.ToInt64(index[2], System.Globalization.CultureInfo.InvariantCulture) == 1;
                var origin = (string)index[3]!;
                var partial = Convert.ToInt64(index[4], System.Globalization.CultureInfo.InvariantCulture) == 1;
                // index_info names no column for an expression (its cid is -2).
                var cols = string.Join(",", Rows(connection, $"PRAGMA index_info(\"{indexName}\")").Select(r => r[2] as string ?? Expression));
                if (origin == "u")
                {
                    lines.Add($"unique {name}({cols})");
                }
                else if (origin == "c")
                {
                    lines.Add($"{(unique ? "unique index" : "index")} {indexName} ON {name}({cols}){(partial ? Partial : "")}");
                }
            }
        }

        return Sorted(lines);
    }

    public static List<string> OfPostgres(NpgsqlConnection connection)
    {
        var lines = new List<string>();
        foreach (var (name, kind) in Rows(connection, """
                     SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r','v')
                     """).Select(r => ((string)r[0]!, (string)r[1]!)))
        {
            var columns = Rows(connection, $"""
                SELECT column_name, data_type, is_nullable FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = '{name}' ORDER BY ordinal_position
                """);
            if (kind == "v")
            {
                lines.Add($"view {name}({string.Join(",", columns.Select(c => (string)c[0]!))})");
                continue;
            }

            lines.Add($"table {name}");
            foreach (var c in columns)
            {
                lines.Add($"column {name}.{c[0]} {c[1]}{((string)c[2]! == "NO" ? " NOT NULL" : "")}");
            }

            // Each index with its columns in key order (0 in indkey: an expression); constraints (primary, unique)
            // versus plain CREATE INDEX.
            foreach (var index in Rows(connection, $"""
                         SELECT i.relname, x.indisprimary, x.indisunique,
                                EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) AS is_constraint,
                                (SELECT string_agg(COALESCE(a.attname, '{Expression}'), ',' ORDER BY k.ord)
                                   FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS cols,
                                x.indpred IS NOT NULL AS partial
                         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                         JOIN pg_namespace n ON n.oid = t.relnamespace
                         WHERE n.nspname = 'public' AND t.relname = '{name}'
                         """))
            {
                var (indexName, primary, unique, constraint, cols, partial) =
                    ((string)index[0]!, (bool)index[1]!, (bool)index[2]!, (bool)index[3]!, (string)index[4]!, (bool)index[5]!);
                lines.Add(primary ? $"primary key {name}({cols})"
                    : constraint ? $"unique {name}({cols})"
                    : $"{(unique ? "unique index" : "index")} {indexName} ON {name}({cols}){(partial ? Partial : "")}");
            }
        }

        return Sorted(lines);
    }

    /// <summary>The table or view a line is about: <c>column t.c …</c>, <c>index n ON t(…)</c>, <c>view v(…)</c> → t, t, v.</summary>
    public static string ObjectOf(string line)
    {
        var rest = line.StartsWith("column ", StringComparison.Ordinal) ? line["column ".Length..line.IndexOf('.', StringComparison.Ordinal)]
            : line.Contains(" ON ", StringComparison.Ordinal) ? line[(line.IndexOf(" ON ", StringComparison.Ordinal) + 4)..]
            : line.StartsWith("primary key ", StringComparison.Ordinal) ? line["primary key ".Length..]
            : line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var end = rest.IndexOf('(', StringComparison.Ordinal);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The index a line declares (<c>index n ON …</c>, <c>unique index n ON …</c>), or null.</summary>
    public static string? IndexOf(string line) =>
        line.Contains(" ON ", StringComparison.Ordinal) ? line[(line.IndexOf("index ", StringComparison.Ordinal) + 6)..line.IndexOf(" ON ", StringComparison.Ordinal)] : null;

    /// <summary>Renames the table or view a line is about.</summary>
    public static string Rename(string line, string from, string to) => line
        .Replace($" {from}.", $" {to}.", StringComparison.Ordinal)
        .Replace($" {from}(", $" {to}(", StringComparison.Ordinal)
        .Replace($"table {from}", $"table {to}", StringComparison.Ordinal);

    private static List<string> Sorted(List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<object?[]> Rows(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
