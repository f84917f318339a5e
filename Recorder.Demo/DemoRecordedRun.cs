namespace QuantowerRecorder.Demo;

/// <summary>
/// One recorded demo run: its id, parameter set, type (BACKTEST or PAPER), the problems the recorder reported, and the
/// study it is a pass of (null for the seven single runs).
/// </summary>
public sealed record DemoRecordedRun(string RunId, string InstanceName, string RunType, IReadOnlyList<string> Problems)
{
    public string? Study { get; init; }
}
