namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// How busy a run is (<see cref="IRunReader.Activity"/>): the run's time (event_utc) of the newest event in its raw log
/// (null when it has none), and the <see cref="Events"/> of its raw log within <see cref="Window"/> before that time.
/// </summary>
public sealed record RunActivity(string? NewestUtc, long Events, TimeSpan Window);
