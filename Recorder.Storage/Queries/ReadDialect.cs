namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The SQL a store speaks, for the few places where the read API's statements differ between SQLite and PostgreSQL
/// (paging without a limit, case-insensitive matching, reading a JSON field, how a read transaction starts). Everything
/// else is the same SQL on the same tables and views. Opaque: <see cref="PostgreSql"/> is the one a caller names
/// (<see cref="RecorderStore.OpenRead(System.Data.Common.DbConnection, ReadDialect, string)"/>).
/// </summary>
public sealed class ReadDialect
{
    private ReadDialect(string name, string begin, string like, bool sqlite)
    {
        Name = name;
        Begin = begin;
        Like = like;
        IsSqlite = sqlite;
    }

    /// <summary>PostgreSQL (the team store, schema of docs/team-store.md).</summary>
    public static ReadDialect PostgreSql { get; } = new(
        "PostgreSQL",
        // One call, one snapshot, and nothing written through a read session.
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        // ILIKE ignores case as SQLite's LIKE does; ESCAPE '' because SQLite's LIKE has no escape character either.
        "ILIKE {0} ESCAPE ''",
        sqlite: false);

    internal static ReadDialect Sqlite { get; } = new("SQLite", "BEGIN;", "LIKE {0}", sqlite: true);

    /// <summary>The store's name, for messages.</summary>
    public string Name { get; }

    internal string Begin { get; }

    internal bool IsSqlite { get; }

    private string Like { get; }

    /// <summary>"column LIKE parameter", ignoring ASCII case, with % and _ as wildcards and no escape character.</summary>
    internal string Matches(string column, string parameter) =>
        column + " " + string.Format(System.Globalization.CultureInfo.InvariantCulture, Like, parameter);

    /// <summary>The rows after the first <paramref name="offset"/>, without a limit.</summary>
    internal string OffsetOnly(int offset) => IsSqlite
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" LIMIT -1 OFFSET {offset}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" OFFSET {offset}");

    /// <summary>A top-level field of a JSON column as text (null when missing).</summary>
    internal string JsonField(string column, string field) => IsSqlite
        ? $"json_extract({column}, '$.{field}')"
        : $"({column} ->> '{field}')";

    /// <summary>A top-level numeric field of a JSON column as a double (null when missing).</summary>
    internal string JsonNumber(string column, string field) => IsSqlite
        ? $"CAST(json_extract({column}, '$.{field}') AS REAL)"
        : $"({column} ->> '{field}')::double precision";

    /// <summary>1 when the table exists in the store, else 0.</summary>
    internal string TableExists(string table) => IsSqlite
        ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
        : $"SELECT CASE WHEN to_regclass('{table}') IS NULL THEN 0 ELSE 1 END";

    /// <inheritdoc />
    public override string ToString() => Name;
}
