using NUnit.Framework;
using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class WalkForwardTests
{
    private const double Tol = 1e-9;
    private static readonly DateTime T = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static WalkForwardRun Run(string id, bool inSample, double startDays, double days, double final) =>
        new(id, inSample, T.AddDays(startDays), T.AddDays(startDays + days), 1000, final);

    [Test]
    public void Efficiency_per_segment_and_overall()
    {
        // Segment 1: IS one year (365.25 days) +20 %; OOS half a year +5 % → annualised 1.05² − 1 = 0.1025;
        // WFE = 0.1025 / 0.2 = 0.5125.
        // Segment 2: IS one year −10 %: no efficiency. OOS half a year +10 %.
        // Overall: IS 1.2 × 0.9 = 1.08 over two years → √1.08 − 1; OOS 1.05 × 1.1 = 1.155 over one year → 0.155.
        var runs = new[]
        {
            Run("oos2", false, 1100, 182.625, 1100),
            Run("is1", true, 0, 365.25, 1200),
            Run("oos1", false, 365.25, 182.625, 1050),
            Run("is2", true, 700, 365.25, 900),
        };

        var r = WalkForward.Evaluate(runs);

        Assert.That(r.Segments, Has.Count.EqualTo(2));
        var s1 = r.Segments[0];
        Assert.That(s1.InSampleRuns, Is.EqualTo(new[] { "is1" }));
        Assert.That(s1.OutOfSampleRuns, Is.EqualTo(new[] { "oos1" }));
        Assert.That(s1.InSampleAnnualised, Is.EqualTo(0.2).Within(Tol));
        Assert.That(s1.OutOfSampleAnnualised, Is.EqualTo(0.1025).Within(Tol));
        Assert.That(s1.Efficiency, Is.EqualTo(0.5125).Within(Tol));
        Assert.That(s1.Reason, Is.Null);

        var s2 = r.Segments[1];
        Assert.That(s2.InSampleReturn, Is.EqualTo(-0.1).Within(Tol));
        Assert.That(s2.Efficiency, Is.Null);
        Assert.That(s2.Reason, Is.EqualTo("the in-sample annualised return is not positive"));

        Assert.That(r.Overall.InSampleAnnualised, Is.EqualTo(Math.Sqrt(1.08) - 1).Within(Tol));
        Assert.That(r.Overall.OutOfSampleAnnualised, Is.EqualTo(0.155).Within(Tol));
        Assert.That(r.Overall.Efficiency, Is.EqualTo(0.155 / (Math.Sqrt(1.08) - 1)).Within(Tol));
    }

    [Test]
    public void Runs_of_a_segment_compound_over_their_summed_length()
    {
        // Two half-year IS runs of +10 % each: 1.21 over 365.25 days → 0.21. OOS one year +10.5 % → WFE 0.5.
        var r = WalkForward.Evaluate([Run("a", true, 0, 182.625, 1100), Run("b", true, 182.625, 182.625, 1100), Run("c", false, 365.25, 365.25, 1105)]);

        Assert.That(r.Segments.Single().InSampleReturn, Is.EqualTo(0.21).Within(Tol));
        Assert.That(r.Segments.Single().Efficiency, Is.EqualTo(0.5).Within(Tol));
    }

    [Test]
    public void Edge_cases_give_null_with_a_reason()
    {
        // Out-of-sample before any in-sample run; then an in-sample run of zero length; then one without an OOS.
        var r = WalkForward.Evaluate([
            Run("o0", false, 0, 10, 1010),
            Run("i1", true, 20, 0, 1100),
            Run("o1", false, 30, 10, 1010),
            Run("i2", true, 50, 10, 1100),
        ]);

        Assert.That(r.Segments.Select(s => s.Reason), Is.EqualTo(new[]
        {
            "no in-sample run",
            "the in-sample runs have zero length",
            "no out-of-sample run",
        }));
        Assert.That(r.Segments.All(s => s.Efficiency is null), Is.True);
        Assert.That(r.Overall.InSampleRuns, Is.EqualTo(new[] { "i1" }));
        Assert.That(r.Overall.Efficiency, Is.Null);
        Assert.That(WalkForward.Evaluate([]).Overall.Reason, Is.EqualTo("no in-sample run"));
    }

    [Test]
    public void A_run_that_lost_everything_annualises_to_minus_one()
    {
        var r = WalkForward.Evaluate([Run("i", true, 0, 365.25, 1200), Run("o", false, 365.25, 30, 0)]);

        // OOS −100 % → annualised −1; WFE = −1 / 0.2 = −5.
        Assert.That(r.Segments.Single().OutOfSampleAnnualised, Is.EqualTo(-1));
        Assert.That(r.Segments.Single().Efficiency, Is.EqualTo(-5).Within(Tol));
    }
}
