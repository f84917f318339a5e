namespace QuantowerRecorder.Storage.Queries;

/// <summary>What a file says about its schema and size.</summary>
/// <param name="UserVersion">PRAGMA user_version.</param>
/// <param name="MetaVersion">schema_meta.schema_version, or null when the file has no such row.</param>
/// <param name="CurrentVersion">The version this code writes (<see cref="RecorderStore.CurrentSchemaVersion"/>).</param>
/// <param name="HasDerivedTables">Whether it has the analysis tables (run_trades, run_equity; schema 3 and later).</param>
/// <param name="FileBytes">The database file's size.</param>
/// <param name="WalBytes">The write-ahead log's size (0 when there is none).</param>
public sealed record SchemaInfo(long UserVersion, string? MetaVersion, int CurrentVersion, bool HasDerivedTables, long FileBytes, long WalBytes);
