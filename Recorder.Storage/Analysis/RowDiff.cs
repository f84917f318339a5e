using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>How a derived row a store writes stands to what the file holds under its key (<see cref="RowDiff.Change"/>).</summary>
internal enum RowChange
{
    /// <summary>Held so: not written.</summary>
    Same,

    /// <summary>No row is held under its key: inserted.</summary>
    New,

    /// <summary>Another row is held under its key: deleted, then this one inserted.</summary>
    Differs,
}

/// <summary>
/// One store's comparison with what the writer stored last: decided at the store's first step (<see cref="Check"/>), on
/// the writer's connection; until then, and without a previous store that still holds, every row is written. A running
/// run's store (<paramref name="keep"/>) is kept for the run's next, unless it has more than <paramref name="maxRows"/>
/// rows; a whole run's is not: it makes no image of its own, but claims each row it writes out of the previous store's
/// (<see cref="StoredRows.Claim"/>, which it took), so that what is left there is what it no longer writes.
/// </summary>
internal sealed class RowDiff(StoredImages? images, string runId, bool keep, int maxRows = StoredRows.MaxRows)
{
    private StoredRows? previous;

    /// <summary>No comparison: every row written, nothing noted (a store outside the writer's record).</summary>
    public static RowDiff None { get; } = new(null, string.Empty, keep: false);

    /// <summary>What this store writes, as the next store's previous (a running run's store: a whole run's notes none).</summary>
    public StoredRows Next { get; } = new();

    /// <summary>Rows are fingerprinted and noted, for this store's comparison or the next's (the writer's stores).</summary>
    public bool Tracking => images is not null && (keep || Active);

    /// <summary>Rows are compared: the run's earlier rows are not cleared, only those changed are written.</summary>
    public bool Active { get; private set; }

    /// <summary>Rows left unwritten because they were stored so (tests and benchmarks).</summary>
    public int Unchanged { get; private set; }

    // Rows noted by this store.
    private int noted;

    public void Check(SqliteConnection connection)
    {
        previous = images?.Take(runId);
        Active = previous is not null && previous.Holds(connection, runId);
        if (previous is not null && keep)
        {
            Next.Reserve(previous);
        }
    }

    /// <summary>
    /// Notes the row; whether the file holds it so (<see cref="RowChange.Same"/>: it is not written), holds another row
    /// under its key (<see cref="RowChange.Differs"/>: that one is deleted first, <see cref="Admit"/>), or none
    /// (<see cref="RowChange.New"/>: the run's rows were cleared, or the previous store wrote no row under it).
    /// </summary>
    public RowChange Change(string table, RowKey key, ulong fingerprint)
    {
        if (!Tracking)
        {
            return RowChange.New;
        }

        noted++;
        if (keep)
        {
            Next.Add(table, key, fingerprint);
        }

        if (!Active)
        {
            return RowChange.New;
        }

        var held = keep ? previous!.Held(table, key) : previous!.Claim(table, key);
        if (held == fingerprint)
        {
            Unchanged++;
            return RowChange.Same;
        }

        return held is null ? RowChange.New : RowChange.Differs;
    }

    /// <summary>The deletes of a step's rows that replace others under their key (<see cref="RowReplacer"/>).</summary>
    public RowReplacer Replacer(SqliteConnection connection) => new(connection, runId);

    /// <summary>The statement a store of this comparison writes through: fingerprinted where rows are noted.</summary>
    public Writing.RawStatement Prepared(Writing.RawStatement statement) => Tracking ? statement.Fingerprinted() : statement;

    /// <summary>
    /// Whether a row is written: one stored so is not (<see cref="RowChange.Same"/>); before one that differs from the
    /// row stored under its key, that row is deleted (<paramref name="replacer"/>); a new one is inserted as it is.
    /// </summary>
    public bool Admit(RowReplacer replacer, string table, RowKey key, ulong fingerprint)
    {
        var change = Change(table, key, fingerprint);
        if (change == RowChange.Differs)
        {
            replacer.Delete(table, key);
        }

        return change != RowChange.Same;
    }

    /// <summary>Runs the row given to <paramref name="statement"/>, replacing the one stored under its key; or skips it if it was stored so.</summary>
    public void Write(RowReplacer replacer, Writing.RawStatement statement, string table, RowKey key)
    {
        if (Tracking && !Admit(replacer, table, key, statement.Fingerprint()))
        {
            statement.Skip();
            return;
        }

        statement.Run();
    }

    /// <summary>Deletes the rows the previous store wrote and this one has not (a trade merged away, a metric no longer given).</summary>
    public void DeleteGone(RowReplacer replacer)
    {
        foreach (var (table, key) in Gone())
        {
            replacer.Delete(table, key);
        }
    }

    public IEnumerable<(string Table, RowKey Key)> Gone() => !Active ? [] : keep ? previous!.Gone(Next) : previous!.Left();

    /// <summary>
    /// A running run's store called off between two steps: the file holds the previous store's rows with those written
    /// since over them, and no metrics_json (the first step cleared it), which is kept for the next store. One that had
    /// cleared the run's rows (no previous store held) keeps nothing: the next store writes every row.
    /// </summary>
    public void CalledOff(SqliteConnection connection)
    {
        if (!keep || !Active)
        {
            return;
        }

        previous!.Overlay(Next);
        previous.MetricsJson = null;
        previous.DataVersion = StoredRows.Version(connection);
        if (previous.Count <= maxRows)
        {
            images!.Keep(runId, previous);
        }
    }

    /// <summary>After the last step: a running run's store is kept for its next.</summary>
    public void Stored(SqliteConnection connection, string metricsJson)
    {
        if (!Tracking)
        {
            return;
        }

        images!.Counted(noted - Unchanged, Unchanged);
        if (!keep || Next.Count > maxRows)
        {
            return;
        }

        Next.MetricsJson = metricsJson;
        Next.DataVersion = StoredRows.Version(connection);
        images.Keep(runId, Next);
    }
}

/// <summary>
/// Deletes, within one step of a store, the rows of a run that others replace under their key: only for a row that
/// <see cref="RowChange.Differs"/> from the one stored. A new row is inserted as it is, by a plain INSERT, which costs
/// SQLite about a fifth less than INSERT OR REPLACE (docs/benchmarks.md), and most of a compared store's rows are new:
/// the run's rows since its last store. The delete is taken once a step, on the first row that needs it, from the
/// statements the connection keeps prepared (<see cref="Writing.StatementCache.TakeNamed"/>).
/// </summary>
internal sealed class RowReplacer(SqliteConnection connection, string runId) : IDisposable
{
    private static readonly string[] Names = ["@runId", "@key"];
    private Writing.StatementCache.Lease? delete;
    private string? table;

    /// <summary>Deletes the run's row of <paramref name="table"/> under <paramref name="key"/>.</summary>
    public void Delete(string table, RowKey key)
    {
        if (delete is null || !string.Equals(this.table, table, StringComparison.Ordinal))
        {
            delete?.Dispose();
            delete = null;
            delete = Writing.StatementCache.TakeNamed(connection, AnalysisSteps.Sql.DeleteRow(table), Names);
            this.table = table;
        }

        var statement = delete.Value.Statement;
        statement.Text(0, runId);
        _ = key.Text is { } text ? statement.Text(1, text) : statement.Integer(1, key.Number);
        statement.Run();
    }

    public void Dispose() => delete?.Dispose();
}
