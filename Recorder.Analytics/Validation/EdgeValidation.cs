using System.Runtime.ExceptionServices;
using QuantowerRecorder.Analytics.Equity;
using QuantowerRecorder.Analytics.Metrics;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>"Is the edge real?": seeded, deterministic statistics of the closed trades' net PnL (exit order).</summary>
internal static class EdgeValidation
{
    /// <summary>
    /// The four seeded statistics of the closed trades' net PnL. They read the trades and the initial balance alone, so
    /// a run's end may compute them as soon as its trades are matched (<see cref="RunAnalyzer.Start"/>), beside its curve.
    /// </summary>
    internal sealed record Statistics(
        int Trades, bool Enough, int Samples, int BlockLength, double? PValue, (double Low, double High)? Interval,
        (double P5, double P50, double P95)? Finals, (double P5, double P50, double P95)? Drawdowns)
    {
        /// <summary>A running run's analysis computes none: they need the whole run, and come at its end.</summary>
        public static Statistics None { get; } = new(0, false, 0, 0, null, null, null, null);
    }

    /// <summary>
    /// The statistics of <paramref name="trades"/> as work that the threads which come share (<see cref="Shared"/>): a
    /// run's end starts it on a thread of its own as soon as its trades are computed, and the thread that computes the
    /// metrics takes what is left of it once its curve is done, instead of waiting.
    /// </summary>
    public static Shared Share(IReadOnlyList<RoundTrip> trades, RunContext context, AnalysisOptions options) =>
        Share(options.WholeRun ? trades.Select(t => t.NetPnl).ToArray() : [], context, options);

    /// <summary><see cref="Share(IReadOnlyList{RoundTrip}, RunContext, AnalysisOptions)"/> of the closed trades' net PnL, in exit order.</summary>
    public static Shared Share(double[] pnl, RunContext context, AnalysisOptions options)
    {
        if (!options.WholeRun)
        {
            return Shared.Done(Statistics.None);
        }

        var n = pnl.Length;
        var enough = n >= options.MinTradesForValidation && n >= 2;
        var samples = Samples(options, n);
        var blockLength = BlockBootstrap.BlockLength(n);
        if (!enough)
        {
            return Shared.Done(new Statistics(n, false, samples, blockLength, null, null, null, null));
        }

        var start = context.InitialBalance ?? 0.0;
        // Each statistic has its own generator, seeded from the run's seed, so adding one never shifts another, and its own
        // copy of what it shuffles: the numbers do not depend on which thread computes which, nor in what order.
        double? p = null;
        (double Low, double High)? interval = null;
        (double P5, double P50, double P95)? finals = null, drawdowns = null;
        return new Shared(
        [
            () => drawdowns = MonteCarlo.MaxDrawdown(pnl, start, samples, new Xoshiro256(options.Seed + 3)),
            () => finals = MonteCarlo.FinalEquity(pnl, start, samples, new Xoshiro256(options.Seed + 2)),
            () => interval = BlockBootstrap.TotalInterval(pnl, samples, blockLength, new Xoshiro256(options.Seed + 1)),
            () => p = SignFlipTest.PValue(pnl, samples, new Xoshiro256(options.Seed)),
        ], () => new Statistics(n, true, samples, blockLength, p, interval, finals, drawdowns));
    }

    /// <summary>
    /// The four statistics, each computed once by whichever thread takes it first: <see cref="Run"/> on a thread of its
    /// own (side by side on the pool where a processor is free for them: a run's close with threads to spare), and
    /// <see cref="Result"/> on the thread that needs them, which computes those no thread has taken yet and then waits
    /// for the others. So a thread that would wait for them works instead, and no thread is taken that was not given.
    /// </summary>
    internal sealed class Shared
    {
        private readonly Action[] statistics;
        private readonly Func<Statistics> result;
        private readonly ExceptionDispatchInfo?[] failures;
        private readonly ManualResetEventSlim finished;
        private int taken = -1;
        private int left;

        public Shared(Action[] statistics, Func<Statistics> result)
        {
            this.statistics = statistics;
            this.result = result;
            failures = new ExceptionDispatchInfo?[statistics.Length];
            left = statistics.Length;
            finished = new ManualResetEventSlim(statistics.Length == 0);
        }

        /// <summary>Statistics known without computing any (a running run's, too few trades).</summary>
        public static Shared Done(Statistics statistics) => new([], () => statistics);

        /// <summary>Every statistic has been computed (or has failed).</summary>
        public bool Finished => finished.IsSet;

        /// <summary>Computes the statistics no thread has taken yet: on this thread, or side by side on the pool.</summary>
        public void Run(bool sideBySide)
        {
            if (sideBySide && statistics.Length > 1)
            {
                Parallel.Invoke(Enumerable.Repeat<Action>(Help, statistics.Length).ToArray());
            }
            else
            {
                Help();
            }
        }

        /// <summary>The statistics: those no thread has taken are computed here, then those taken are waited for.</summary>
        public Statistics Result()
        {
            Help();
            finished.Wait();
            foreach (var failure in failures)
            {
                failure?.Throw();
            }

            return result();
        }

        private void Help()
        {
            int next;
            while ((next = Interlocked.Increment(ref taken)) < statistics.Length)
            {
                try
                {
                    statistics[next]();
                }
                catch (Exception ex)
                {
                    failures[next] = ExceptionDispatchInfo.Capture(ex);
                }

                if (Interlocked.Decrement(ref left) == 0)
                {
                    finished.Set();
                }
            }
        }
    }

    /// <summary>Adds the validation's metrics: the statistics computed from the trades, and the deflated Sharpe ratio from the daily series.</summary>
    public static void Add(MetricSet set, Statistics statistics, DailySeries daily, RunContext context, AnalysisOptions options, int periodsPerYear)
    {
        if (!options.WholeRun)
        {
            // A running run's analysis: these need the whole run, and come at its end.
            return;
        }

        var (n, enough, samples, blockLength, p, interval, finals, drawdowns) = statistics;
        var tooFew = $"needs at least {Math.Max(2, options.MinTradesForValidation)} closed trades";
        var balance = context.InitialBalance is > 0 ? context.InitialBalance : null;
        set.Add(MetricKeys.ValidationTrades, n, MetricUnits.Count);
        set.Add(MetricKeys.ValidationSamples, enough ? samples : null, MetricUnits.Count, tooFew);
        set.Add(MetricKeys.SignFlipPValue, p, MetricUnits.Probability, tooFew);
        set.Add(MetricKeys.BootstrapBlockLength, enough ? blockLength : null, MetricUnits.Count, tooFew);
        set.Add(MetricKeys.BootstrapTotalReturnLow, interval?.Low, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.BootstrapTotalReturnHigh, interval?.High, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.BootstrapTotalReturnPctLow, interval?.Low / balance * 100, MetricUnits.Percent, tooFew + " and the initial balance");
        set.Add(MetricKeys.BootstrapTotalReturnPctHigh, interval?.High / balance * 100, MetricUnits.Percent, tooFew + " and the initial balance");
        set.Add(MetricKeys.MonteCarloFinalEquityP5, finals?.P5, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.MonteCarloFinalEquityP50, finals?.P50, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.MonteCarloFinalEquityP95, finals?.P95, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.MonteCarloMaxDrawdownP5, drawdowns?.P5, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.MonteCarloMaxDrawdownP50, drawdowns?.P50, MetricUnits.Money, tooFew);
        set.Add(MetricKeys.MonteCarloMaxDrawdownP95, drawdowns?.P95, MetricUnits.Money, tooFew);
        AddDeflatedSharpe(set, enough ? daily : null, options, periodsPerYear, tooFew);
    }

    /// <summary>The configured samples, lowered (never below 100) so that trades × samples fits the work budget.</summary>
    internal static int Samples(AnalysisOptions options, int trades)
    {
        var configured = Math.Max(1, options.ValidationSamples);
        if (trades == 0 || (long)configured * trades <= options.ValidationWorkBudget)
        {
            return configured;
        }

        return (int)Math.Min(configured, Math.Max(100, options.ValidationWorkBudget / trades));
    }

    // The trials are the caller's (N and V), or the population's Sharpe ratios with this run's own among them; the
    // ratio comes from the moments the metrics store, by the one computation a reader of the stored run uses.
    private static void AddDeflatedSharpe(MetricSet set, DailySeries? daily, AnalysisOptions options, int periodsPerYear, string tooFew)
    {
        var series = daily is null ? null : daily.Returns ?? daily.Pnl;
        var sharpe = series is null ? null : RatioStatistics.Sharpe(series, periodsPerYear);
        var trials = options.Trials;
        if (trials is null && options.Population is { } population)
        {
            trials = SharpeTrials.FromSharpes([.. population.OtherSharpes, .. sharpe is { } own ? new[] { own } : []]);
            set.Note(MetricKeys.DeflatedSharpeTrials, population.Description);
        }

        var why = daily is null ? tooFew
            : trials is null ? "the number of trials and the variance of their Sharpe ratios were not given"
            : trials.Count < DeflatedSharpeRatio.MinimumTrials ? $"not enough trials ({trials.Count}; needs {DeflatedSharpeRatio.MinimumTrials})"
            : "needs 3 daily observations with variation";
        (double Threshold, double? Probability)? deflated = null;
        if (series is not null && trials is not null && sharpe is { } annualised && Moments.Shape(series) is { } shape)
        {
            deflated = DeflatedSharpeRatio.Of(new SharpeMoments(annualised, periodsPerYear, series.Count, shape.Skewness, shape.Kurtosis), trials);
        }

        set.Add(MetricKeys.DeflatedSharpe, deflated?.Probability, MetricUnits.Probability, why);
        set.Add(MetricKeys.DeflatedSharpeThreshold, deflated?.Threshold, MetricUnits.Ratio, why);
        set.Add(MetricKeys.DeflatedSharpeTrials, trials?.Count, MetricUnits.Count, "no trials were given (the runs this one was chosen among)");
    }
}
