namespace QuantowerRecorder.Cli.Demo;

/// <summary>One recorded demo run: its id and what the writer did with its events.</summary>
internal sealed record DemoRecordedRun(string RunId, DemoRunPlan Plan, long Events, long Quarantined);
