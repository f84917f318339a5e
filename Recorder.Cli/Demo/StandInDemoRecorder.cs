using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// Records the demo through the plugin's real code path: each run is the sample strategy
/// (<see cref="DemoCrossoverStrategy"/>, which starts a <c>RunRecorder</c> in OnRun) created and run on the stand-in
/// platform, with the script played as platform events (<see cref="StandInDemoRun"/>). Always the stand-in, also where
/// Quantower is installed: the CLI never loads the real platform.
/// </summary>
internal sealed class StandInDemoRecorder : IDemoRecorder
{
    // The stand-in's Core is one per process: demos in one process (tests) play one after another.
    private static readonly object Platform = new();

    public IReadOnlyList<DemoRecordedRun> Record(string databasePath, IReadOnlyList<DemoRunPlan> plans, IProgress<(long Done, long Total)> progress)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(progress);
        long total = plans.Sum(p => p.Steps.Count), done = 0;
        var recorded = new List<DemoRecordedRun>();
        lock (Platform)
        {
            try
            {
                foreach (var plan in plans)
                {
                    recorded.Add(StandInDemoRun.Play(plan, databasePath, () =>
                    {
                        if (++done % 500 == 0)
                        {
                            progress.Report((done, total));
                        }
                    }));
                }
            }
            finally
            {
                // Nothing of the demo (connections, strategies, subscribers, the clock) outlives it.
                StandInPlatform.Reset();
            }
        }

        progress.Report((total, total));
        return recorded;
    }
}
