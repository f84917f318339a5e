using QuantowerRecorder.Server.Watching;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Server.Hosting;

/// <summary>The answer of GET /api/health: the file's schema and counts, the followers and, with ingest, the writer's counters.</summary>
internal static class HealthDocument
{
    public static Dictionary<string, object?> Of(Func<IRecorderReader> open, string database, RecorderSession? session, bool write, ChangeFeed? changes)
    {
        using var reader = open();
        var schema = reader.Health.Schema();
        var health = new Dictionary<string, object?>
        {
            ["status"] = "ok",
            ["database"] = database,
            ["schema_version"] = schema.UserVersion,
            ["file_bytes"] = schema.FileBytes,
            ["wal_bytes"] = schema.WalBytes,
            ["ingest"] = session is not null,
            ["journal_write"] = write,
            ["strategies"] = reader.Catalog.Strategies().Count,
            ["runs"] = reader.Runs.Ids().Count,
            ["quarantined_events"] = reader.Health.QuarantinedEvents(),
            // Clients of GET /api/changes now (null where nothing follows: another store than a file). One that went away
            // is forgotten once the server notices its connection closed.
            ["followers"] = changes?.Followers,
        };
        if (session is not null)
        {
            var c = session.Counters;
            health["writer"] = new Dictionary<string, object?>
            {
                ["received"] = c.Received, ["committed"] = c.Committed, ["duplicates"] = c.Duplicates, ["quarantined"] = c.Quarantined,
                ["queue_depth"] = c.QueueDepth, ["spilled"] = c.Spilled, ["last_error"] = c.LastError,
            };
            if (c.LastError is not null)
            {
                health["status"] = "degraded";
            }
        }

        return health;
    }
}
