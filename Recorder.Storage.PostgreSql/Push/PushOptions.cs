namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>How push works: transaction size, clock, the machine name recorded with each file, and its progress.</summary>
public sealed class PushOptions
{
    /// <summary>Roughly how many source rows one transaction carries; whole runs, so a big run is one chunk.</summary>
    public int ChunkRows { get; init; } = 50_000;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Recorded in team_sources.last_host: which machine pushed the file last.</summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>Called after each committed chunk with how many runs it carried: a progress bar's steps.</summary>
    public Action<int>? AfterRuns { get; init; }
}
