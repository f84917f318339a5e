using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;
using QuantowerRecorder.Tests.Team;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Storage.Insight;

/// <summary>
/// The shortfall of bracket legs as an analysis stores it, from a file and from the team store (the same loader over
/// both): stops from their trigger, take-profits from their limit, OCO-cancelled legs without opportunity cost.
/// </summary>
[TestFixture]
public sealed class InsightBracketLegsTests
{
    private const string ShortfallSql = "SELECT order_id, execution, opportunity, opportunity_unknown, total FROM run_order_shortfall ORDER BY order_id";

    /// <summary>
    /// ES (point value 50), 1-minute bars closing 5000, 5004, 5006, 5010 (bar n ends at (n+1)·60 s). Every fill pays 2.50.
    /// Bracket G1: E buys 1 at 65 s (market 5000), fills 5000.25; stop S (sell, 4995) and target T (sell limit 5008)
    /// placed at 70 s; T fills 5008.5 at 200 s and S is cancelled.
    /// Bracket G2: E2 sells 1 at 205 s (market 5006), fills 5005.75; stop S2 (buy, 5009) and target T2 (buy limit 5000)
    /// placed at 210 s; S2 fills 5009.5 at 230 s and T2 is cancelled.
    /// </summary>
    private static Scenario RecordTwoBrackets(TempDatabase db)
    {
        var s = new Scenario(source: RunSource.Backtest);
        var events = new List<RecorderEvent>(s.Start())
        {
            new InstrumentDefined { RunId = s.RunId, EventUtc = Scenario.T0, Source = s.Source, Symbol = "ES", TickSize = 0.25, PointValue = 50, Currency = "USD" },
            s.Bar(0, 5000), s.Bar(1, 5004), s.Bar(2, 5006),
        };
        events.AddRange(Bracket(s, "G1", ("E", Side.Buy, 65, 5000.25), ("S", 4995), ("T", 5008), filledLeg: "T", legPrice: 5008.5, legAt: 200));
        events.AddRange(Bracket(s, "G2", ("E2", Side.Sell, 205, 5005.75), ("S2", 5009), ("T2", 5000), filledLeg: "S2", legPrice: 5009.5, legAt: 230));
        events.Add(s.Bar(3, 5010));
        events.Add(s.End(at: 300));
        Recorded.Write(db.Path, events);
        return s;
    }

    private static IEnumerable<RecorderEvent> Bracket(Scenario s, string group, (string Id, Side Side, double At, double Price) entry,
        (string Id, double Price) stop, (string Id, double Price) target, string filledLeg, double legPrice, double legAt)
    {
        var exit = entry.Side == Side.Buy ? Side.Sell : Side.Buy;
        var placed = entry.At + 5;
        yield return new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(entry.At), Source = s.Source, OcoGroupId = group, Label = "Bracket of " + entry.Id };
        yield return s.Order(entry.Id, entry.Side, 1, "OPENED", at: entry.At);
        yield return s.Fill(entry.Id + "-1", entry.Id, entry.Side, 1, price: entry.Price, at: entry.At + 1);
        yield return s.Order(entry.Id, entry.Side, 1, "FILLED", at: entry.At + 1, filled: 1) with { SubmitUtc = s.At(entry.At) };
        yield return Link(s, group, entry.Id, "ENTRY", entry.At + 1);
        foreach (var (id, type, price) in new[] { (stop.Id, "STOP", stop.Price), (target.Id, "LIMIT", target.Price) })
        {
            var leg = s.Order(id, exit, 1, "OPENED", at: placed, type: type, price: type == "LIMIT" ? price : null, stop: type == "STOP" ? price : null)
                with { ParentOrderId = entry.Id };
            yield return leg;
            yield return Link(s, group, id, type == "STOP" ? "SL" : "TP", placed);
            if (id == filledLeg)
            {
                yield return s.Fill(id + "-1", id, exit, 1, price: legPrice, at: legAt);
                yield return leg with { Status = "FILLED", FilledQuantity = 1, EventUtc = s.At(legAt), SubmitUtc = s.At(placed) };
            }
            else
            {
                yield return leg with { Status = "CANCELLED", EventUtc = s.At(legAt), SubmitUtc = s.At(placed) };
            }
        }
    }

    private static OcoLinkAdded Link(Scenario s, string group, string order, string role, double at) =>
        new() { RunId = s.RunId, EventUtc = s.At(at), Source = s.Source, OcoGroupId = group, OrderId = order, Role = role };

    [Test]
    public void Stops_are_stored_from_their_trigger_targets_from_their_limit_and_cancelled_legs_without_opportunity()
    {
        using var db = new TempDatabase();
        var s = RecordTwoBrackets(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: TimeProvider.System);

        var rows = Db.Query<(string Order, double? Execution, double? Opportunity, string? Unknown, double Total)>(db.Path, ShortfallSql)
            .ToDictionary(r => r.Order);
        // E: (5000.25 − 5000) × 50 = 12.5; E2, a sell: −(5005.75 − 5006) × 50 = 12.5 (both from the market).
        Assert.That(rows["E"].Execution, Is.EqualTo(12.5));
        Assert.That(rows["E2"].Execution, Is.EqualTo(12.5));
        // T: −(5008.5 − 5008 limit) × 50 = −25 (from the market's 5000 it was −425).
        Assert.That(rows["T"], Is.EqualTo(("T", (double?)(-25), (double?)0, (string?)null, -22.5)));
        // S2: (5009.5 − 5009 trigger) × 50 = 25 (from the market's 5006 it was 175).
        Assert.That(rows["S2"], Is.EqualTo(("S2", (double?)25, (double?)0, (string?)null, 27.5)));
        // S and T2, cancelled once their sibling filled: opportunity 0, known (S was −(5006 − 5000) × 50 = −300 before).
        Assert.That(rows["S"], Is.EqualTo(("S", (double?)0, (double?)0, (string?)null, 0.0)));
        Assert.That(rows["T2"], Is.EqualTo(("T2", (double?)0, (double?)0, (string?)null, 0.0)));
        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Performance.Notes(s.RunId).Notes, Does.Contain(
            "shortfall: the unfilled quantity of 2 order(s) is not counted as an opportunity: 2 OCO-cancelled leg(s), 0 protective leg(s) whose position another order closed"));
        var metrics = reader.Performance.Metrics(s.RunId).ToDictionary(m => m.Key, m => m.Value);
        Assert.That(metrics[InsightKeys.ShortfallExecution], Is.EqualTo(25), "12.5 + 12.5 − 25 + 25");
        Assert.That(metrics[InsightKeys.ShortfallOpportunity], Is.EqualTo(0));
        Assert.That(metrics[InsightKeys.ShortfallTotal], Is.EqualTo(35), "+ fees 4 × 2.5");
    }

    [Test]
    [Category("PostgreSQL")]
    public void The_team_store_analyses_the_legs_as_the_file_does()
    {
        using var db = new TempDatabase();
        var s = RecordTwoBrackets(db);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: TimeProvider.System);
        using var team = PostgresServer.CreateDatabase();
        Assert.That(CliRunner.Run(db.Folder, "push", "--to", team.ConnectionString, db.Path).ExitCode, Is.EqualTo(0));
        team.Scalar($"WITH d AS (DELETE FROM run_order_shortfall WHERE run_id = '{s.RunId}' RETURNING 1) SELECT COUNT(*) FROM d");

        var analyze = CliRunner.Run(db.Folder, "analyze", s.RunId, "--db", team.ConnectionString);

        Assert.That(analyze.ExitCode, Is.EqualTo(0), analyze.ToString());
        using var file = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly;Pooling=False");
        file.Open();
        using var pg = team.Open();
        var sql = ShortfallSql.Replace("ORDER BY order_id", "ORDER BY order_id COLLATE \"C\"", StringComparison.Ordinal);
        Assert.That(TerminalFiles.Lines(pg, sql), Is.EqualTo(TerminalFiles.Lines(file, ShortfallSql)).And.Count.EqualTo(6));
    }
}
