using Microsoft.Data.Sqlite;
using Npgsql;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// A database's structure as comparable lines — tables, columns (SQLite type affinity, NOT NULL), primary and unique
/// keys, named indexes, views with their columns — read from SQLite's pragmas or PostgreSQL's catalog. The team's
/// own bookkeeping (tables and indexes named team_*) is left out: it has no SQLite counterpart.
/// </summary>
internal static class SchemaShape
{
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
                var cols = string.Join(",", Rows(connection, $"PRAGMA index_info(\"{indexName}\")").Select(r => (string)r[2]!));
                if (origin == "u")
                {
                    lines.Add($"unique {name}({cols})");
                }
                else if (origin == "c")
                {
                    lines.Add($"{(unique ? "unique index" : "index")} {indexName} ON {name}({cols})");
                }
            }
        }

        return Sorted(TeamEquity(lines));
    }

    // A file stores run_equity's rows in equity_data under a key per run (equity_runs), behind the view run_equity
    // (schema 14). The team store holds them as that view shows them, in a table named run_equity keyed by the run id
    // (push copies the view's rows; 011_recorder_v14.sql). Since file schema 18 a point's time is an integer and its
    // drawdown is derived by the view: the team store keeps the view's ts_utc, drawdown and drawdown_pct as columns.
    // Since file schema 19 a stretch of points can be kept as a reference to a series' bars (mark_series, mark_factor,
    // computed by v_equity_rows): push copies the points the view computes, so the team store has neither.
    private static List<string> TeamEquity(List<string> lines) => lines
        .Where(l => !l.Contains("equity_runs", StringComparison.Ordinal) && !l.StartsWith("view run_equity(", StringComparison.Ordinal)
            && !l.StartsWith("column equity_data.mark_", StringComparison.Ordinal) && !l.StartsWith("view v_equity_rows(", StringComparison.Ordinal))
        .SelectMany(l => l.StartsWith("column equity_data.ts INTEGER NOT NULL", StringComparison.Ordinal)
            ? ["column equity_data.ts_utc TEXT NOT NULL", "column equity_data.drawdown REAL NOT NULL", "column equity_data.drawdown_pct REAL"]
            : new[] { l })
        .Select(l => l.Replace("equity_data.run_key INTEGER", "equity_data.run_id TEXT", StringComparison.Ordinal)
            .Replace("equity_data(run_key,", "equity_data(run_id,", StringComparison.Ordinal)
            .Replace("equity_data", "run_equity", StringComparison.Ordinal))
        .ToList();

    public static List<string> OfPostgres(NpgsqlConnection connection)
    {
        var lines = new List<string>();
        foreach (var (name, kind) in Rows(connection, """
                     SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r','v') AND c.relname NOT LIKE 'team\_%'
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
                lines.Add($"column {name}.{c[0]} {Affinity((string)c[1]!)}{((string)c[2]! == "NO" ? " NOT NULL" : "")}");
            }

            // Each index with its columns in key order; constraints (primary, unique) versus plain CREATE INDEX.
            foreach (var index in Rows(connection, $"""
                         SELECT i.relname, x.indisprimary, x.indisunique,
                                EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) AS is_constraint,
                                (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                                   FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                   JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS cols
                         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                         JOIN pg_namespace n ON n.oid = t.relnamespace
                         WHERE n.nspname = 'public' AND t.relname = '{name}' AND i.relname NOT LIKE 'team\_%'
                         """))
            {
                var (indexName, primary, unique, constraint, cols) = ((string)index[0]!, (bool)index[1]!, (bool)index[2]!, (bool)index[3]!, (string)index[4]!);
                lines.Add(primary ? $"primary key {name}({cols})"
                    : constraint ? $"unique {name}({cols})"
                    : $"{(unique ? "unique index" : "index")} {indexName} ON {name}({cols})");
            }
        }

        return Sorted(lines);
    }

    /// <summary>Columns PostgreSQL stores as jsonb, as "table.column".</summary>
    public static List<string> JsonbColumns(NpgsqlConnection connection) =>
        Rows(connection, """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'jsonb' AND table_name NOT LIKE 'team\_%'
              AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')
            """).Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToList();

    private static string Affinity(string pgType) => pgType switch
    {
        "text" or "jsonb" => "TEXT",
        "double precision" => "REAL",
        "bigint" or "integer" => "INTEGER",
        _ => "UNMAPPED " + pgType,
    };

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
