using System.Net;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Hosting;

/// <summary>How `recorder serve` runs: which file, where it listens, whether it takes events, and its limits.</summary>
public sealed record ServerOptions
{
    /// <summary>The recorder file; with <see cref="OpenReader"/>, only how the database is shown (never a password).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// Opens a read session on another store (the PostgreSQL team store: TeamStore.OpenRead), one per request; null reads
    /// the file at <see cref="DatabasePath"/>. Ingest writes a file, so it needs a file.
    /// </summary>
    public Func<IRecorderReader>? OpenReader { get; init; }

    /// <summary>
    /// With <see cref="OpenReader"/>: a token that changes when the store may hold something new (the team store's
    /// pushes, <c>TeamStore.PushStamp</c>), looked at every <see cref="WatchInterval"/> behind GET /api/changes; null,
    /// and such a store has no change stream. A file is watched by its own stamp.
    /// </summary>
    public Func<string>? ChangeStamp { get; init; }

    /// <summary>Loopback unless the user asks otherwise (`--listen`), which prints a warning.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); the command's default is <see cref="DefaultPort"/>.</summary>
    public int Port { get; init; } = DefaultPort;

    public const int DefaultPort = 5117;

    /// <summary>Ingest endpoints exist only when asked for (`--ingest`).</summary>
    public bool Ingest { get; init; }

    /// <summary>
    /// The journal's write endpoints (notes, tags, pins) exist only when asked for (`--write`), behind the same token as
    /// ingest; the page edits the journal when it was opened from <see cref="RecorderServer.WriteAddress"/>.
    /// </summary>
    public bool Write { get; init; }

    /// <summary>Also the clock of the file's watch (GET /api/changes), which looks at the file every <see cref="WatchInterval"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often the watch behind GET /api/changes looks whether the file changed (its stamp: no read when not).</summary>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Where the one line per request and the server's notices go.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Largest body of one event (docs/events.md quarantines JSON documents over 1 MiB anyway).</summary>
    public int MaxEventBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>In bytes; a larger batch is refused whole (413) before any line of it is read.</summary>
    public int MaxBatchBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>A batch with more events is refused whole (413), so that one request never holds the queue for long.</summary>
    public int MaxBatchEvents { get; init; } = 50_000;

    /// <summary>After this, `?wait=true` answers 504 with the events still queued: they are written later, not lost.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
