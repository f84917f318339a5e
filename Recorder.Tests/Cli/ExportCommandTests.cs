using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

[TestFixture]
public sealed class ExportCommandTests
{
    private TempDatabase db = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        // A bitcoin run: the bar assertions below are of its market (the demo's index future starts at 6,000).
        runId = DemoFiles.TraderRuns(db.Path, "BACKTEST")[0];
        Assert.That(Db.Scalar<string>(db.Path, "SELECT symbol FROM strategy_runs JOIN strategy_instances USING (instance_id) WHERE run_id = @runId", new { runId }),
            Is.EqualTo("BTCUSDT"));
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [TestCase("orders", "SELECT COUNT(*) FROM orders WHERE run_id = @id", "order_id,parent_order_id,symbol")]
    [TestCase("executions", "SELECT COUNT(*) FROM executions WHERE run_id = @id", "execution_id,order_id,exec_utc")]
    [TestCase("trades", "SELECT COUNT(*) FROM run_trades WHERE run_id = @id", "trade_no,symbol,account_id,side")]
    [TestCase("bars", "SELECT COUNT(*) FROM bars JOIN run_series USING (series_id) WHERE run_id = @id", "symbol,timeframe,ts_utc,open")]
    [TestCase("equity", "SELECT SUM(1 + repeats) FROM run_equity WHERE run_id = @id", "seq,ts_utc,equity,drawdown")]
    public void Export_csv_has_a_header_and_one_crlf_line_per_row(string what, string countSql, string header)
    {
        var run = Cli.Run(db.Folder, "export", runId, "--what", what, "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = run.Out.Split("\r\n");
        Assert.That(lines[0], Does.StartWith(header));
        Assert.That(lines[^1], Is.Empty, "the last record ends with CRLF");
        Assert.That(lines.Length - 2, Is.EqualTo(Db.Scalar<long>(db.Path, countSql, new { id = runId })));
    }

    [Test]
    public void Export_writes_numbers_in_the_invariant_culture_on_a_machine_set_to_german()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            var run = Cli.Run(db.Folder, "export", runId, "--what", "executions", "--db", db.Path);
            var firstRow = run.Out.Split("\r\n")[1].Split(',');
            var price = Db.Scalar<double>(db.Path, "SELECT price FROM executions WHERE run_id = @id ORDER BY exec_utc, execution_id LIMIT 1", new { id = runId });
            Assert.That(firstRow[6], Is.EqualTo(price.ToString("R", CultureInfo.InvariantCulture)));
            Assert.That(double.Parse(firstRow[8], CultureInfo.InvariantCulture), Is.GreaterThan(0), "the fee has a dot, not a comma");
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        }
    }

    [Test]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_as_rfc_4180_says()
    {
        using var writer = new StringWriter();
        Csv.Write(writer, new StoredTable(["tag", "price", "empty"],
            [["plain", 1.5, null], ["a,b", 2.25, null], ["say \"hi\"", -3.0, null], ["two\nlines", 1e-7, null]]));
        Assert.That(writer.ToString(), Is.EqualTo(
            "tag,price,empty\r\nplain,1.5,\r\n\"a,b\",2.25,\r\n\"say \"\"hi\"\"\",-3,\r\n\"two\nlines\",1E-07,\r\n"));
    }

    [Test]
    public void Export_json_to_a_file_is_an_array_of_objects_with_typed_values()
    {
        var run = Cli.Run(db.Folder, "export", runId, "--what", "bars", "--format", "json", "-o", "bars.json", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Wrote 2064 bars row(s)"));
        using var json = JsonDocument.Parse(File.ReadAllText(db.Sibling("bars.json")));
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(2064));
        var bar = json.RootElement[0];
        Assert.That(bar.GetProperty("open").GetDouble(), Is.EqualTo(60_000));
        Assert.That(bar.GetProperty("ts_utc").GetString(), Is.EqualTo("2026-01-05T00:00:00.0000000Z"));
        Assert.That(bar.GetProperty("volumetric_json").GetString(), Does.Contain("\"delta\""));
    }

    [Test]
    public void Export_refuses_an_unknown_kind_with_the_choices()
    {
        var run = Cli.Run(db.Folder, "export", runId, "--what", "positions", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("positions").And.Contain("orders"));
    }
}
