using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>
/// The validation's four statistics as work shared by the threads that come (<see cref="EdgeValidation.Shared"/>): at a
/// run's end the thread computing the metrics, done with the curve, computes the statistics the validation's own thread
/// has not begun instead of waiting for them. Every wait here is on a signal.
/// </summary>
public sealed class SharedValidationTests
{
    private static readonly EdgeValidation.Statistics Computed = new(40, true, 1000, 3, 0.25, (-1, 1), (1, 2, 3), (-3, -2, -1));

    [Test]
    public void The_thread_that_needs_the_statistics_computes_those_not_begun_and_then_waits_for_the_one_begun()
    {
        using var firstBegun = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        using var lastDone = new ManualResetEventSlim();
        var ranOn = new int[4];
        var work = new EdgeValidation.Shared(
        [
            () =>
            {
                ranOn[0] = Environment.CurrentManagedThreadId;
                firstBegun.Set();
                releaseFirst.Wait();
            },
            () => ranOn[1] = Environment.CurrentManagedThreadId,
            () => ranOn[2] = Environment.CurrentManagedThreadId,
            () =>
            {
                ranOn[3] = Environment.CurrentManagedThreadId;
                lastDone.Set();
            },
        ], () => Computed);

        // The validation's own thread takes the first statistic and is held there.
        var validating = Task.Run(() => work.Run(sideBySide: false));
        Task<EdgeValidation.Statistics> finishing;
        var finishingThread = 0;
        try
        {
            Assert.That(firstBegun.Wait(TimeSpan.FromMinutes(1)), Is.True);
            finishing = Task.Run(() =>
            {
                finishingThread = Environment.CurrentManagedThreadId;
                return work.Result();
            });

            Assert.That(lastDone.Wait(TimeSpan.FromSeconds(30)), Is.True, "the finishing thread took the statistics not begun");
            Assert.That(ranOn[1..], Has.All.EqualTo(finishingThread));
            Assert.That(ranOn[0], Is.Not.EqualTo(finishingThread));
            Assert.That(finishing.IsCompleted, Is.False, "the first statistic is still being computed");
            Assert.That(work.Finished, Is.False);
        }
        finally
        {
            releaseFirst.Set();
        }

        Assert.That(finishing.Wait(TimeSpan.FromMinutes(1)) && validating.Wait(TimeSpan.FromMinutes(1)), Is.True);
        Assert.That(finishing.Result, Is.SameAs(Computed));
        Assert.That(work.Finished, Is.True);
    }

    [Test]
    public void A_statistic_that_fails_on_the_validations_thread_fails_the_result_and_the_others_are_still_computed()
    {
        var computed = 0;
        var work = new EdgeValidation.Shared(
        [
            () => throw new InvalidOperationException("the draws failed"),
            () => Interlocked.Increment(ref computed),
            () => Interlocked.Increment(ref computed),
        ], () => Computed);

        Assert.DoesNotThrow(() => work.Run(sideBySide: false), "the validation's thread keeps its failure for the result");
        var thrown = Assert.Throws<InvalidOperationException>(() => work.Result());
        Assert.That(thrown!.Message, Is.EqualTo("the draws failed"));
        Assert.That(computed, Is.EqualTo(2));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Each_statistic_is_computed_once_however_many_threads_ask(bool sideBySide)
    {
        var counts = new int[4];
        var work = new EdgeValidation.Shared(
            [.. Enumerable.Range(0, counts.Length).Select(i => (Action)(() => Interlocked.Increment(ref counts[i])))], () => Computed);

        var askers = Enumerable.Range(0, 6).Select(k => Task.Run(() =>
        {
            if (k % 2 == 0)
            {
                work.Run(sideBySide);
            }

            return work.Result();
        })).ToArray();

        Assert.That(Task.WaitAll(askers, TimeSpan.FromMinutes(1)), Is.True);
        Assert.That(counts, Has.All.EqualTo(1));
        Assert.That(askers.Select(a => a.Result), Has.All.SameAs(Computed));
    }

    [Test]
    public void A_finish_racing_the_validations_thread_gives_the_numbers_of_one_analysis_bit_for_bit()
    {
        var options = new AnalysisOptions { Seed = 7 };
        var input = Sixty().Input();
        var expected = RunAnalyzer.Analyze(input, options);

        for (var round = 0; round < 20; round++)
        {
            // Begun on the thread pool as the trades are matched, while the finish asks for them at once.
            var started = RunAnalyzer.Start(input, options, validateBeside: (_, _) => true);
            var finished = started.Finish();
            Assert.That(started.Validated, Is.True);

            Assert.That(Bits(finished), Is.EqualTo(Bits(expected)), $"round {round}");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Statistics_begun_as_soon_as_the_trades_are_matched_give_the_numbers_of_one_analysis_bit_for_bit(bool calledOff)
    {
        var options = new AnalysisOptions { Seed = 11 };
        var input = Sixty().Input();
        var expected = RunAnalyzer.Analyze(input, options);
        using var cancel = new CancellationTokenSource();
        if (calledOff)
        {
            // Called off before they begin: the rest computes them all.
            cancel.Cancel();
        }

        var asked = new List<(int Closed, int Open)>();
        var started = RunAnalyzer.Start(input, options, validateBeside: (closed, open) =>
        {
            asked.Add((closed, open));
            return true;
        }, cancel: cancel.Token);
        var finished = started.Finish();

        Assert.That(asked, Is.EqualTo(new[] { (started.Trades.Count, started.OpenPositions.Count) }), "asked once, with the trades as they were finished");
        Assert.That(Bits(finished), Is.EqualTo(Bits(expected)));
        Assert.That(finished.Value(MetricKeys.MonteCarloMaxDrawdownP50), Is.Not.Null);
    }

    [Test]
    public void A_run_the_caller_keeps_on_one_thread_and_a_running_runs_analysis_begin_no_statistics_beside()
    {
        var input = Sixty().Input();
        var asked = 0;
        var alone = RunAnalyzer.Start(input, new AnalysisOptions { Seed = 11 }, validateBeside: (_, _) =>
        {
            asked++;
            return false;
        });
        Assert.That(asked, Is.EqualTo(1));
        Assert.That(alone.Validated, Is.False, "nothing computed them yet: the caller said no thread was free");

        var running = RunAnalyzer.Start(input, new AnalysisOptions { Seed = 11, WholeRun = false }, validateBeside: (_, _) => throw new AssertionException("not asked"));
        Assert.That(running.Finish().Value(MetricKeys.MonteCarloMaxDrawdownP50), Is.Null);
    }

    private static AnalysisScenario Sixty()
    {
        // A point value and fees: the net PnL the validation reads is money, as the trades' is.
        var scenario = new AnalysisScenario { Context = new RunContext { InitialBalance = 10_000, PointValue = 50 } };
        for (var k = 0; k < 60; k++)
        {
            scenario.Buy(1, 100, k * 1440.0, fee: 2.25 + (k % 3)).Sell(1, 100 + ((k * 5) % 9) - 4.0, (k * 1440.0) + 60, fee: 2.25);
        }

        // One position left open: its count is asked for too.
        return scenario.Buy(2, 101, 60 * 1440.0);
    }

    private static IEnumerable<(string, long?)> Bits(RunAnalysis analysis) =>
        analysis.Metrics.Select(m => (m.Key, m.Value is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null));
}
