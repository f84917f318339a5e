namespace QuantowerRecorder.Storage.Queries;

/// <summary>What a file says about itself, and whether it is healthy (`recorder verify`).</summary>
public interface IHealthReader
{
    /// <summary>Schema versions and sizes.</summary>
    SchemaInfo Schema();

    /// <summary>
    /// Every check: integrity, schema version (and schema_meta agreeing with user_version), orphaned rows, runs left
    /// RUNNING by a recorder that is gone, quarantined events. Reads only; the full integrity check reads the whole file.
    /// </summary>
    HealthReport Check();

    /// <summary>How many events were quarantined (ingest_quarantine).</summary>
    long QuarantinedEvents();
}
