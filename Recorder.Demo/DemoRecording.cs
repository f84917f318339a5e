using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Demo;

/// <summary>
/// The demo: the sample strategy (<see cref="DemoCrossoverStrategy"/>) run seven times on the stand-in platform, as a
/// trader runs it in Quantower, then optimised over a 5 × 5 grid of its two
/// periods (25 backtest passes, one study), all recorded by the plugin's <c>RunRecorder</c> (the runs: <see cref="DemoPlans"/>).
/// Always the stand-in, also where Quantower is installed: the demo never loads the real platform. The same demo gives
/// the same rows but for the random part of the run ids.
/// </summary>
public static class DemoRecording
{
    /// <summary>The name the sample strategy's author gives its optimisation (RunRecorderOptions.Study).</summary>
    public const string StudyName = "demo-sweep";

    /// <summary>What that optimisation ranks its passes by (RunRecorderOptions.StudyObjective).</summary>
    public const string StudyObjective = "sharpe";

    /// <summary>The sample strategy's name, as the recorder stores it (strategies.name).</summary>
    public const string StrategyName = "Demo MA Crossover";

    // The stand-in's Core is one per process: demos in one process (tests) play one after another.
    private static readonly object Platform = new();

    /// <summary>The assembly of the sample strategy's code, as the recorder stores it (strategies.source_ref).</summary>
    public static string StrategyAssembly => typeof(DemoCrossoverStrategy).Assembly.GetName().Name!;

    /// <summary>
    /// Records the demo's runs into <paramref name="databasePath"/> (created if new) and returns them in the order they
    /// ran; <paramref name="progress"/> hears bars done out of all bars. Every run has ended and its handle on the file
    /// is closed when this returns.
    /// </summary>
    public static IReadOnlyList<DemoRecordedRun> Record(string databasePath, IProgress<(long Done, long Total)>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var plans = DemoPlans.All();
        long total = plans.Sum(p => p.Bars.Count), done = 0;
        var recorded = new List<DemoRecordedRun>();
        lock (Platform)
        {
            try
            {
                foreach (var plan in plans)
                {
                    recorded.Add(DemoRun.Play(plan, databasePath, () =>
                    {
                        if (++done % 500 == 0)
                        {
                            progress?.Report((done, total));
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

        progress?.Report((total, total));
        return recorded;
    }
}
