namespace QuantowerRecorder.Cli.Demo;

/// <summary>How the demo's scripted runs reach the database (<see cref="StandInDemoRecorder"/>: through the plugin).</summary>
internal interface IDemoRecorder
{
    /// <summary>Records the runs into the file (created if new); reports steps done out of all steps.</summary>
    IReadOnlyList<DemoRecordedRun> Record(string databasePath, IReadOnlyList<DemoRunPlan> plans, IProgress<(long Done, long Total)> progress);
}
