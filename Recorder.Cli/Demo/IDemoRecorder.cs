namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// How the demo's scripted runs reach the database. The issue asks for the real plugin path (RunRecorder over the
/// stand-in platform); until Recorder.Plugin lands, <see cref="SessionDemoRecorder"/> feeds RecorderSession directly.
/// </summary>
internal interface IDemoRecorder
{
    /// <summary>Records the runs into the file (created if new); reports steps done out of all steps.</summary>
    IReadOnlyList<DemoRecordedRun> Record(string databasePath, IReadOnlyList<DemoRunPlan> plans, TimeProvider time,
        IProgress<(long Done, long Total)> progress);
}
