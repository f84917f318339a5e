namespace QuantowerRecorder.Storage.PostgreSql.Source;

/// <summary>One run as a source file holds it: its last event id, how far its state is (version) and how many events.</summary>
internal sealed record SourceRun(string RunId, long LastEventId, long Version, long EventCount);
