using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// A run's bars in the team store are the bars it saw (docs/decisions.md, 14), as in its file: bars another terminal's
/// run pushes in its gaps or beside it, before or after it, never enter it, pushed whole or since a mark.
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamSeriesCoverageTests
{
    private const string BarsOfRun = "SELECT b.ts_utc FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = '{0}' ORDER BY b.ts_utc";

    [TestCase(false)]
    [TestCase(true)]
    public void Two_terminals_runs_over_one_market_each_keep_the_bars_they_saw(bool gapFillerFirst)
    {
        using var folder = new TempDatabase();
        var (a, b) = (new Scenario(source: RunSource.Backtest), new Scenario(source: RunSource.Backtest, strategy: "Another strategy"));
        var fileA = folder.Sibling("a.db");
        var fileB = folder.Sibling("b.db");
        Recorded.Write(fileA, Run(a, [1, 5], 0));
        Recorded.Write(fileB, Run(b, [2, 3, 4], 100));
        using var team = PostgresServer.CreateDatabase();

        using (var pusher = TeamPusher.Connect(team.ConnectionString))
        {
            foreach (var file in gapFillerFirst ? new[] { fileB, fileA } : [fileA, fileB])
            {
                pusher.Push(file);
            }
        }

        Assert.That(Bars(team, a.RunId), Is.EqualTo(Times(1, 5)), "A's bars: the two it saw");
        Assert.That(Bars(team, b.RunId), Is.EqualTo(Times(2, 3, 4)));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM market_bars"), Is.EqualTo(5), "every bar stored once");
    }

    [Test]
    public void A_running_run_pushed_since_its_mark_does_not_take_the_bars_its_stretch_grew_over_and_takes_those_it_saw_later()
    {
        using var folder = new TempDatabase();
        var (a, b) = (new Scenario(source: RunSource.Live), new Scenario(source: RunSource.Backtest, strategy: "Another strategy"));
        var fileA = folder.Sibling("a.db");
        var fileB = folder.Sibling("b.db");
        Recorded.Write(fileA, a.Start().Append(a.Bar(1, Close(1, 0))));
        Recorded.Write(fileB, Run(b, [2, 3, 4], 0));
        using var team = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(team.ConnectionString);
        pusher.Push(fileA);
        pusher.Push(fileB);

        // A's connection comes back at minute 5: its stretch in the team grows over B's bars, which its file never had.
        Recorded.Write(fileA, [a.Bar(5, Close(5, 0))]);
        pusher.Push(fileA);
        Assert.That(Bars(team, a.RunId), Is.EqualTo(Times(1, 5)));

        // Its history reloaded brings minute 3, as B saw it: now A's too.
        Recorded.Write(fileA, [a.Bar(3, Close(3, 0))]);
        pusher.Push(fileA);
        Assert.That(Bars(team, a.RunId), Is.EqualTo(Times(1, 3, 5)));
        Assert.That(Bars(team, b.RunId), Is.EqualTo(Times(2, 3, 4)));
    }

    private static double Close(int minute, double shift) => BarsByMarketCloses(minute) + shift;

    private static double BarsByMarketCloses(int minute) => QuantowerRecorder.Tests.Storage.BarsByMarketTests.Close(minute);

    private static IEnumerable<RecorderEvent> Run(Scenario s, int[] minutes, double shift) =>
        s.Start().Concat(minutes.Select(m => (RecorderEvent)s.Bar(m, Close(m, shift)))).Append(s.End(at: 600));

    private static List<string> Times(params int[] minutes) =>
        minutes.Select(m => QuantowerRecorder.Storage.Timestamps.Format(Scenario.T0.AddMinutes(m))).ToList();

    private static List<string> Bars(TeamDatabase team, string runId)
    {
        using var connection = team.Open();
        return TerminalFiles.Lines(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, BarsOfRun, runId));
    }
}
