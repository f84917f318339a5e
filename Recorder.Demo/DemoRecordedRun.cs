namespace QuantowerRecorder.Demo;

/// <summary>One recorded demo run: its id, parameter set, type (BACKTEST or PAPER) and the problems the recorder reported.</summary>
public sealed record DemoRecordedRun(string RunId, string InstanceName, string RunType, IReadOnlyList<string> Problems);
