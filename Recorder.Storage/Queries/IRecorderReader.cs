namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// A read session on one recorder database: every question the CLI, the HTTP server or a notebook asks of a file, one
/// reader per area. Every call reads one consistent snapshot of the file (one read transaction per call), so a writer
/// committing meanwhile never shows half a batch; two calls may see different snapshots, unless they are asked inside
/// <see cref="InSnapshot{T}"/>, which answers a whole question from one. A session is for one thread
/// at a time; open one per thread or request (<see cref="RecorderStore.OpenRead"/>). Runs are named by their full id;
/// <see cref="IRunReader.Resolve"/> turns what a user typed into one. Two stores answer it with the same SQL: a SQLite
/// file (<see cref="RecorderStore.OpenRead(string)"/>) and the PostgreSQL team store (Recorder.Storage.PostgreSql's
/// TeamStore.OpenRead), whose JSON comes back in canonical form (docs/team-store.md, "Reading").
/// </summary>
public interface IRecorderReader : IDisposable
{
    /// <summary>The runs: listing with filters and paging, one run, id resolution.</summary>
    IRunReader Runs { get; }

    /// <summary>Strategies and their instances (parameter sets).</summary>
    ICatalogReader Catalog { get; }

    /// <summary>A run's orders, OCO groups, fills and trades.</summary>
    ITradingReader Trading { get; }

    /// <summary>A run's bar series and bars.</summary>
    IMarketDataReader MarketData { get; }

    /// <summary>Metrics, equity and drawdown, instance comparison.</summary>
    IPerformanceReader Performance { get; }

    /// <summary>The tables `recorder export` writes, as stored.</summary>
    IExportReader Exports { get; }

    /// <summary>Schema information and health checks.</summary>
    IHealthReader Health { get; }

    /// <summary>Studies: the passes of one optimisation, grouped (docs/studies.md).</summary>
    IStudyReader Studies { get; }

    /// <summary>What people wrote about runs and studies: notes, tags, pins.</summary>
    IJournalReader Journal { get; }

    /// <summary>
    /// Answers <paramref name="question"/> from one snapshot of the store: every call it makes on the reader it is given
    /// (this session) joins one read transaction, so a writer committing meanwhile is seen by all of them or by none. A
    /// result read lazily must be taken whole inside it.
    /// </summary>
    T InSnapshot<T>(Func<IRecorderReader, T> question);
}
