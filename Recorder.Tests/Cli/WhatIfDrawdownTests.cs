using NUnit.Framework;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The what-if's max drawdown is of closed trades, the run's <c>max_drawdown</c> of its equity marked to market
/// (docs/metrics.md, "Drawdown"): the output says which it shows.
/// </summary>
[TestFixture]
public sealed class WhatIfDrawdownTests
{
    [Test]
    public void The_actual_line_names_its_drawdown_as_of_closed_trades()
    {
        var (db, runId) = WhatIfOwnLevelsTests.Record(stopSlip: 0, gapSlip: 0);
        using var _ = db;

        // The run's trades in exit order: +195, −105, −230. Cumulative 195, 90, −140: from the peak 195, 335 down.
        var run = Cli.Run(db.Folder, env => env with { Columns = 80 }, ["whatif", runId, "--stops", "2pt", "--targets", "4pt", "--db", db.Path]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var text = string.Join(' ', run.Out.Split('\n').Select(l => l.Trim()));
        Assert.That(text, Does.Contain("max DD (closed trades) 335.00"), run.Out);
        Assert.That(text, Does.Contain("not of the equity marked to market as the run's max_drawdown"), run.Out);
    }
}
