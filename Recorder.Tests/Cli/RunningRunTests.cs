using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A run imported without its end (issue 54: half of a paper run) shows its trades, equity and metrics at once — the
/// import's close analysed it as it stands — said to be as of its newest event, without `recorder analyze`.
/// </summary>
[TestFixture]
public sealed class RunningRunTests
{
    [Test]
    public void Show_runs_and_trades_of_a_run_imported_without_its_end_give_its_trades_as_of_its_newest_event()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Paper);
        var events = s.Start().ToList();
        for (var i = 0; i < 2; i++)
        {
            events.AddRange([s.Bar(2 * i, 5000), s.Bar((2 * i) + 1, 5004)]);
            events.Add(s.Order($"E{i}", Side.Buy, 1, "FILLED", at: (120 * i) + 1, filled: 1));
            events.Add(s.Fill($"XE{i}", $"E{i}", Side.Buy, 1, 5000, at: (120 * i) + 1));
            events.Add(s.Order($"C{i}", Side.Sell, 1, "FILLED", at: (120 * i) + 61, filled: 1));
            events.Add(s.Fill($"XC{i}", $"C{i}", Side.Sell, 1, 5004, at: (120 * i) + 61));
        }

        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(EventLines.Line));
        Assert.That(Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path).ExitCode, Is.EqualTo(0));
        var asOf = Db.Scalar<string>(db.Path, "SELECT MAX(event_utc) FROM ingest_events");

        var show = Cli.Run(db.Folder, "show", s.RunId, "--db", db.Path);
        Assert.That(show.ExitCode, Is.EqualTo(0), show.ToString());
        Assert.That(show.Out, Does.Contain("running, as of " + asOf.Substring(11, 8)));
        Assert.That(show.Out, Does.Not.Contain("No metrics yet"));
        var trades = show.Out.Split('\n').Single(l => l.StartsWith(MetricLabels.Of(MetricKeys.TradeCount) + " ", StringComparison.Ordinal));
        Assert.That(trades.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Is.EqualTo("2"), show.Out);
        Assert.That(show.Out, Does.Not.Contain(MetricLabels.Of(MetricKeys.SignFlipPValue)), "what needs the whole run comes at its end");

        var runs = Cli.Run(db.Folder, "runs", "--json", "--db", db.Path);
        using var listed = JsonDocument.Parse(runs.Out);
        var run = listed.RootElement.EnumerateArray().Single();
        Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("RUNNING"));
        Assert.That(run.GetProperty("trade_count").GetDouble(), Is.EqualTo(2));
        Assert.That(run.GetProperty("net_pnl").GetDouble(), Is.EqualTo(2 * (4 - 2.5 - 2.5)), "4 points a trade less two fees of 2.5");
        Assert.That(run.GetProperty("analysis_as_of_utc").GetString(), Is.EqualTo(asOf));
        Assert.That(run.GetProperty("analysis_whole_run").GetBoolean(), Is.False);

        var table = Cli.Run(db.Folder, "trades", s.RunId, "--db", db.Path);
        Assert.That(table.ExitCode, Is.EqualTo(0), table.ToString());
        Assert.That(table.Out, Does.Not.Contain("No trades stored"));
    }
}
