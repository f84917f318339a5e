using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// GET /api/runs/{run_id}/benchmark: buy-and-hold of the run's recorded bars as `recorder insight` computes it, with
/// the line of the initial balance held over them, checked by hand against the stored bars; a run without bars or with
/// several symbols gets no figure and says why.
/// </summary>
[TestFixture]
public sealed class BenchmarkApiTests
{
    [Test]
    public async Task Benchmark_is_buy_and_hold_of_the_runs_bars_as_recorder_insight_gives_it_with_its_line()
    {
        using var db = DemoFiles.Create();
        await using var server = await TestServer.StartAsync(db.Path);
        foreach (var runId in Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id"))
        {
            var b = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{runId}/benchmark"))!;
            var insight = CliRunner.Run(db.Folder, "insight", runId, "--json", "--db", db.Path);
            Assert.That(insight.ExitCode, Is.EqualTo(0), insight.ToString());
            using var json = JsonDocument.Parse(insight.Out);
            var expected = json.RootElement.GetProperty("buy_and_hold").EnumerateArray().Single();

            Assert.That((string)b["symbol"]!, Is.EqualTo(expected.GetProperty("symbol").GetString()), runId);
            Assert.That(b["symbols"]!.AsArray().Select(s => (string)s!), Is.EqualTo(new[] { (string)b["symbol"]! }));
            Assert.That((double)b["return_pct"]!, Is.EqualTo(expected.GetProperty("return_pct").GetDouble()), runId);
            Assert.That((int)b["common_days"]!, Is.EqualTo(expected.GetProperty("common_days").GetInt32()), runId);
            Assert.That((double)b["correlation"]!, Is.EqualTo(expected.GetProperty("correlation").GetDouble()), runId);
            Assert.That((double)b["beta"]!, Is.EqualTo(expected.GetProperty("beta").GetDouble()), runId);
            Assert.That(b["missing"], Is.Null);

            // By hand from the stored bars: last close / first open − 1; the line from the balance at the first open.
            var bars = Db.Query<(string Ts, double Open, double Close)>(db.Path,
                "SELECT b.ts_utc AS Ts, b.open AS Open, b.close AS Close FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId ORDER BY b.ts_utc", new { runId });
            var balance = Db.Scalar<double>(db.Path, "SELECT initial_balance FROM strategy_runs WHERE run_id = @runId", new { runId });
            Assert.That((double)b["return_pct"]!, Is.EqualTo(((bars[^1].Close / bars[0].Open) - 1) * 100).Within(1e-9), runId);
            var line = b["line"]!.AsArray();
            Assert.That(line, Has.Count.EqualTo(bars.Count + 1), "the first open, then each bar's close");
            Assert.That((string)line[0]!["ts_utc"]!, Is.EqualTo(bars[0].Ts));
            Assert.That((double)line[0]!["value"]!, Is.EqualTo(balance));
            Assert.That((double)line[^1]!["value"]!, Is.EqualTo(balance * bars[^1].Close / bars[0].Open).Within(1e-6));
            Assert.That((double)line[1]!["value"]!, Is.EqualTo(balance * bars[0].Close / bars[0].Open).Within(1e-6));
            Assert.That(DateTime.Parse((string)line[1]!["ts_utc"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                Is.EqualTo(DateTime.Parse(bars[1].Ts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)), "an hour bar ends when the next begins");
        }
    }

    [Test]
    public async Task A_run_without_bars_or_with_several_symbols_gets_no_figure_and_says_why()
    {
        using var db = new TempDatabase();
        var (noBars, twoSymbols) = BenchmarkRuns.Record(db);
        await using var server = await TestServer.StartAsync(db.Path);
        foreach (var (runId, why) in new[] { (noBars, "no bars recorded"), (twoSymbols, "2 symbols (ES, NQ), no single instrument to hold") })
        {
            var b = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{runId}/benchmark"))!;
            Assert.That((string)b["missing"]!, Is.EqualTo(why));
            foreach (var figure in new[] { "symbol", "return_pct", "common_days", "correlation", "beta" })
            {
                Assert.That(b[figure], Is.Null, figure + ": never guessed");
            }

            Assert.That(b["line"]!.AsArray(), Is.Empty);
        }
    }
}
