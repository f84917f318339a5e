using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Metrics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>
/// `cagr_pct` is given for runs of a year or more; a shorter run says "not enough time (n days; needs 365)"
/// (docs/metrics.md, "PnL and returns").
/// </summary>
public sealed class AnnualisedPeriodTests
{
    private static RunAnalysis Run(double days) =>
        new AnalysisScenario { Context = new RunContext { InitialBalance = 1_000, PointValue = 1, StartUtc = AnalysisScenario.T0, EndUtc = AnalysisScenario.T0.AddDays(days) } }
            .Buy(1, 100, 10).Sell(1, 150, 20).Analyze();

    [Test]
    public void A_one_month_run_has_no_cagr_and_says_it_needs_a_year()
    {
        var a = Run(30.5);

        Assert.That(a.Value(MetricKeys.Cagr), Is.Null);
        Assert.That(a.Notes.Single(n => n.Key == MetricKeys.Cagr).Message, Is.EqualTo("not enough time (30 days; needs 365)"));
    }

    [Test]
    public void A_run_of_four_hundred_days_compounds_its_return_to_a_year()
    {
        // Equity 1,000 → 1,050 over 400 days: (1.05^(365.25 / 400) − 1) × 100.
        var a = Run(400);

        Assert.That(a.Value(MetricKeys.Cagr), Is.EqualTo((Math.Pow(1.05, 365.25 / 400) - 1) * 100).Within(1e-9));
    }

    [Test]
    public void A_stored_runs_reason_is_read_back_from_its_notes()
    {
        string[] notes = ["var_95: needs 20 daily observations", "cagr_pct: not enough time (30 days; needs 365)"];

        Assert.That(AnnualisedPeriod.StoredReason(notes, MetricKeys.Cagr), Is.EqualTo("not enough time (30 days; needs 365)"));
        Assert.That(AnnualisedPeriod.StoredReason(notes, MetricKeys.Var95), Is.Null, "not a want of data the outputs print in its place");
    }
}
