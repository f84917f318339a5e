using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Stats;
using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class EdgeValidationTests
{
    private static readonly string[] RandomisedKeys =
    [
        MetricKeys.SignFlipPValue, MetricKeys.BootstrapTotalReturnLow, MetricKeys.BootstrapTotalReturnHigh,
        MetricKeys.MonteCarloFinalEquityP5, MetricKeys.MonteCarloFinalEquityP50, MetricKeys.MonteCarloFinalEquityP95,
        MetricKeys.MonteCarloMaxDrawdownP5, MetricKeys.MonteCarloMaxDrawdownP50, MetricKeys.MonteCarloMaxDrawdownP95,
    ];

    /// <summary>One long trade per weekday from Tuesday 2 Jan 2024, entering at 100 and exiting at 100 + PnL.</summary>
    private static AnalysisScenario Trades(IEnumerable<double> pnl, double? balance = 10_000)
    {
        var scenario = new AnalysisScenario { Context = new RunContext { InitialBalance = balance } };
        var day = 0;
        foreach (var p in pnl)
        {
            while (AnalysisScenario.T0.AddDays(day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                day++;
            }

            scenario.Buy(1, 100, day * 1440.0).Sell(1, 100 + p, (day * 1440.0) + 60);
            day++;
        }

        return scenario;
    }

    private static double[] Mixed(int n) => Enumerable.Range(0, n).Select(k => ((k * 7) % 11) - 4.0).ToArray();

    [Test]
    public void Same_seed_gives_the_same_numbers()
    {
        var options = new AnalysisOptions { Seed = 42 };
        var first = Trades(Mixed(40)).Analyze(options);
        var second = Trades(Mixed(40)).Analyze(options);

        Assert.That(RandomisedKeys.Select(first.Value), Is.EqualTo(RandomisedKeys.Select(second.Value)));
        Assert.That(RandomisedKeys.Select(first.Value), Has.All.Not.Null);
    }

    [Test]
    public void Side_by_side_at_a_runs_close_gives_the_numbers_one_after_another_gives()
    {
        var alone = Trades(Mixed(40)).Analyze(new AnalysisOptions { Seed = 42 });
        var sideBySide = Trades(Mixed(40)).Analyze(new AnalysisOptions { Seed = 42, ValidationSideBySide = true });

        Assert.That(RandomisedKeys.Select(sideBySide.Value), Is.EqualTo(RandomisedKeys.Select(alone.Value)));
        Assert.That(RandomisedKeys.Select(alone.Value), Has.All.Not.Null);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Statistics_begun_beside_the_curve_as_soon_as_the_trades_are_matched_give_the_metrics_of_one_analysis_bit_for_bit(bool sideBySide)
    {
        var options = new AnalysisOptions { Seed = 42, ValidationSideBySide = sideBySide };
        var input = Trades(Mixed(40)).Input();
        var expected = RunAnalyzer.Analyze(input, options);

        // As a run's end computes them: the statistics begun on the thread pool once the trades are matched, while the
        // curve is computed on another thread.
        var started = RunAnalyzer.Start(input, options, validateBeside: (_, _) => true);
        var curve = Task.Run(started.Curve);
        Assert.That(curve.Wait(TimeSpan.FromMinutes(1)), Is.True);
        var finished = started.Finish();

        Assert.That(started.Validated, Is.True);
        Assert.That(Bits(finished, RandomisedKeys), Is.EqualTo(Bits(expected, RandomisedKeys)));
        Assert.That(Bits(finished, finished.Metrics.Select(m => m.Key)), Is.EqualTo(Bits(expected, expected.Metrics.Select(m => m.Key))), "every metric");
        Assert.That(RandomisedKeys.Select(finished.Value), Has.All.Not.Null);
    }

    private static IEnumerable<(string, long?)> Bits(RunAnalysis analysis, IEnumerable<string> keys) =>
        keys.Select(k => (k, analysis.Value(k) is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null));

    [Test]
    public void Different_seed_moves_the_randomised_numbers()
    {
        var a = Trades(Mixed(40)).Analyze(new AnalysisOptions { Seed = 1 });
        var b = Trades(Mixed(40)).Analyze(new AnalysisOptions { Seed = 2 });

        Assert.That(RandomisedKeys.Select(a.Value), Is.Not.EqualTo(RandomisedKeys.Select(b.Value)));
    }

    [Test]
    public void Generator_is_xoshiro256_starstar_seeded_by_splitmix64_on_every_platform()
    {
        // Reference values computed independently from the published algorithms.
        var random = new Xoshiro256(20_240_601);

        Assert.That(random.NextUInt64(), Is.EqualTo(6446358155551860797UL));
        Assert.That(random.NextUInt64(), Is.EqualTo(9098221673444780841UL));
        Assert.That(random.NextUInt64(), Is.EqualTo(16619724908671196422UL));
    }

    [Test]
    public void Strongly_positive_edge_gets_a_small_p_value()
    {
        var a = Trades(Enumerable.Range(0, 30).Select(k => 10.0 + (k % 3))).Analyze();

        // Only the all-positive sign pattern (probability 2⁻³⁰) reaches the observed sum: p = 1 / 1001.
        Assert.That(a.Value(MetricKeys.SignFlipPValue), Is.EqualTo(1.0 / 1001).Within(1e-12));
    }

    [Test]
    public void Zero_mean_edge_does_not_get_a_small_p_value()
    {
        var a = Trades(Enumerable.Range(0, 30).Select(k => k % 2 == 0 ? 10.0 : -10.0)).Analyze();

        Assert.That(a.Value(MetricKeys.SignFlipPValue), Is.GreaterThan(0.2));
    }

    [Test]
    public void Bootstrap_interval_brackets_the_observed_total_and_monte_carlo_percentiles_are_ordered()
    {
        var pnl = Mixed(40);
        var a = Trades(pnl).Analyze();
        var total = pnl.Sum();

        Assert.That(a.Value(MetricKeys.BootstrapTotalReturnLow), Is.LessThan(total));
        Assert.That(a.Value(MetricKeys.BootstrapTotalReturnHigh), Is.GreaterThan(total));
        Assert.That(a.Value(MetricKeys.BootstrapTotalReturnPctHigh), Is.EqualTo(a.Value(MetricKeys.BootstrapTotalReturnHigh) / 100).Within(1e-9));
        Assert.That(a.Value(MetricKeys.BootstrapBlockLength), Is.EqualTo(3)); // round(∛40) = round(3.42)
        Assert.That(a.Value(MetricKeys.MonteCarloFinalEquityP5), Is.LessThanOrEqualTo(a.Value(MetricKeys.MonteCarloFinalEquityP50)!.Value));
        Assert.That(a.Value(MetricKeys.MonteCarloFinalEquityP50), Is.LessThanOrEqualTo(a.Value(MetricKeys.MonteCarloFinalEquityP95)!.Value));
        Assert.That(a.Value(MetricKeys.MonteCarloMaxDrawdownP5), Is.LessThanOrEqualTo(a.Value(MetricKeys.MonteCarloMaxDrawdownP95)!.Value));
    }

    [Test]
    public void Reshuffling_only_winning_trades_never_draws_down()
    {
        var a = Trades(Enumerable.Repeat(5.0, 12)).Analyze();

        // Every permutation climbs monotonically: max drawdown 0; every resample sums to 12 × 5 = 60.
        Assert.That(a.Value(MetricKeys.MonteCarloMaxDrawdownP95), Is.EqualTo(0));
        Assert.That(a.Value(MetricKeys.MonteCarloFinalEquityP50), Is.EqualTo(10_060).Within(1e-9));
    }

    [Test]
    public void Deflated_sharpe_needs_two_trials_equals_the_probabilistic_sharpe_when_they_agree_and_more_spread_lowers_it()
    {
        // One trial is no population (not enough trials, 1; needs 2). Two trials with the same Sharpe ratio deflate by
        // nothing: SR₀ = 0 and the DSR is the PSR. A spread of Sharpe ratios raises SR₀ and lowers the DSR.
        var scenario = Trades(Mixed(40).Select(p => p + 2));
        var single = scenario.Analyze(new AnalysisOptions { Trials = new SharpeTrials(1, 0) });
        var agreeing = scenario.Analyze(new AnalysisOptions { Trials = new SharpeTrials(2, 0) });
        var many = scenario.Analyze(new AnalysisOptions { Trials = SharpeTrials.FromSharpes([0.5, 1.5, 2.5, -0.5, 1.0, 3.0, 0.0, 2.0]) });

        Assert.That(single.Value(MetricKeys.DeflatedSharpe), Is.Null);
        Assert.That(single.Value(MetricKeys.DeflatedSharpeThreshold), Is.Null);
        Assert.That(single.Value(MetricKeys.DeflatedSharpeTrials), Is.EqualTo(1));
        Assert.That(single.Notes.Single(n => n.Key == MetricKeys.DeflatedSharpe).Message, Is.EqualTo("not enough trials (1; needs 2)"));
        Assert.That(agreeing.Value(MetricKeys.DeflatedSharpe), Is.EqualTo(agreeing.Value(MetricKeys.ProbabilisticSharpe)).Within(1e-12));
        Assert.That(agreeing.Value(MetricKeys.DeflatedSharpeThreshold), Is.EqualTo(0));
        Assert.That(many.Value(MetricKeys.DeflatedSharpeThreshold), Is.GreaterThan(0));
        Assert.That(many.Value(MetricKeys.DeflatedSharpe), Is.LessThan(agreeing.Value(MetricKeys.DeflatedSharpe)!.Value));
    }

    [Test]
    public void Deflated_sharpe_of_a_population_takes_the_runs_own_sharpe_among_the_others()
    {
        // The other runs' Sharpe ratios 1 and 3 and this run's own make N = 3 trials, V = their sample variance: the
        // same as giving those three as the trials. With no other run, one trial: not enough.
        var scenario = Trades(Mixed(40).Select(p => p + 2));
        var own = scenario.Analyze().Value(MetricKeys.Sharpe)!.Value;
        var population = scenario.Analyze(new AnalysisOptions { Population = new TrialPopulation("two others", [1.0, 3.0]) });
        var given = scenario.Analyze(new AnalysisOptions { Trials = SharpeTrials.FromSharpes([1.0, 3.0, own]) });
        var alone = scenario.Analyze(new AnalysisOptions { Population = new TrialPopulation("nobody else", []) });

        Assert.That(population.Value(MetricKeys.DeflatedSharpeTrials), Is.EqualTo(3));
        Assert.That(population.Value(MetricKeys.DeflatedSharpe), Is.EqualTo(given.Value(MetricKeys.DeflatedSharpe)));
        Assert.That(population.Value(MetricKeys.DeflatedSharpeThreshold), Is.EqualTo(given.Value(MetricKeys.DeflatedSharpeThreshold)));
        Assert.That(population.Notes, Has.Some.EqualTo(new AnalysisNote(MetricKeys.DeflatedSharpeTrials, "two others")));
        Assert.That(alone.Value(MetricKeys.DeflatedSharpeTrials), Is.EqualTo(1));
        Assert.That(alone.Value(MetricKeys.DeflatedSharpe), Is.Null);
    }

    [Test]
    public void Deflated_sharpe_is_the_one_computation_from_the_stored_moments()
    {
        // What a reader of the stored run computes (sharpe, periods_per_year, trading_days, skewness, kurtosis) is
        // exactly what the analysis stored.
        var trials = SharpeTrials.FromSharpes([0.5, 1.5, 2.5, -0.5]);
        var a = Trades(Mixed(40).Select(p => p + 2)).Analyze(new AnalysisOptions { Trials = trials });
        var moments = new SharpeMoments(a.Value(MetricKeys.Sharpe)!.Value, (int)a.Value(MetricKeys.PeriodsPerYear)!.Value,
            (int)a.Value(MetricKeys.TradingDays)!.Value, a.Value(MetricKeys.Skewness)!.Value, a.Value(MetricKeys.Kurtosis)!.Value);

        var (threshold, probability) = DeflatedSharpeRatio.Of(moments, trials)!.Value;

        Assert.That(probability, Is.EqualTo(a.Value(MetricKeys.DeflatedSharpe)));
        Assert.That(threshold, Is.EqualTo(a.Value(MetricKeys.DeflatedSharpeThreshold)));
    }

    [Test]
    public void Deflated_sharpe_divides_the_trials_variance_by_the_periods_per_year_in_use()
    {
        // SR₀ annualised = √(V / P) × z × √P = √V × z: the same for any P only if V is divided by P, not by 252.
        var scenario = Trades(Mixed(40).Select(p => p + 2));
        var trials = SharpeTrials.FromSharpes([0.5, 1.5, 2.5, -0.5, 1.0, 3.0, 0.0, 2.0]);
        var daily = scenario.Analyze(new AnalysisOptions { Trials = trials, PeriodsPerYear = 252 });
        var weekly = scenario.Analyze(new AnalysisOptions { Trials = trials, PeriodsPerYear = 52 });

        Assert.That(weekly.Value(MetricKeys.DeflatedSharpeThreshold), Is.EqualTo(daily.Value(MetricKeys.DeflatedSharpeThreshold)!.Value).Within(1e-9));
        Assert.That(daily.Value(MetricKeys.DeflatedSharpeThreshold), Is.GreaterThan(0));
    }

    [Test]
    public void Deflated_sharpe_without_trials_is_null_with_a_note()
    {
        var a = Trades(Mixed(12)).Analyze();

        Assert.That(a.Value(MetricKeys.DeflatedSharpe), Is.Null);
        Assert.That(a.Notes.Select(n => n.Key), Does.Contain(MetricKeys.DeflatedSharpe));
    }

    [Test]
    public void Sample_count_is_lowered_to_fit_the_work_budget_but_never_below_100()
    {
        var options = new AnalysisOptions { ValidationSamples = 1000, ValidationWorkBudget = 1_000_000 };

        Assert.That(EdgeValidation.Samples(options, 500), Is.EqualTo(1000));     // 500 × 1000 fits
        Assert.That(EdgeValidation.Samples(options, 5000), Is.EqualTo(200));     // 1,000,000 / 5000
        Assert.That(EdgeValidation.Samples(options, 1_000_000), Is.EqualTo(100));
    }

    [Test]
    public void Probabilistic_sharpe_of_the_run_uses_its_daily_returns()
    {
        var scenario = Trades(Mixed(12));
        var a = scenario.Analyze();

        // Twelve weekdays, one trade each: daily return = PnL / equity at the previous close.
        var equity = 10_000.0;
        var returns = new List<double>();
        foreach (var p in Mixed(12))
        {
            returns.Add(p / equity);
            equity += p;
        }

        Assert.That(a.Value(MetricKeys.ProbabilisticSharpe), Is.EqualTo(RatioStatistics.ProbabilisticSharpe(returns, 0)).Within(1e-12));
    }
}
