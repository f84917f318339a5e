namespace QuantowerRecorder.Cli.Demo;

/// <summary>One recorded demo run: its id and the problems the recorder reported while recording it.</summary>
internal sealed record DemoRecordedRun(string RunId, DemoRunPlan Plan, IReadOnlyList<string> Problems);
