using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Watch;

/// <summary>
/// A run as the watch shows it: its record as `runs --json` gives it, and, for a run followed closely, its newest fill
/// and the time its first bar series covers so far (null where not read or not recorded).
/// </summary>
internal sealed record WatchedRun(RunRecord Record, string? LastFillUtc, string? FirstBarUtc, string? LastBarUtc, RunActivity? Activity = null,
    string? Drift = null);

/// <summary>What one look at the file found: the runs shown, and for `--study` the study's name and pass count.</summary>
internal sealed record WatchSnapshot(IReadOnlyList<WatchedRun> Runs, int IdLength, string? Study = null, bool NoneRunning = false,
    FileHealth? File = null);

/// <summary>What the file says of its writing: its and its WAL's size, and the events it quarantined.</summary>
internal sealed record FileHealth(long FileBytes, long WalBytes, long Quarantined);
