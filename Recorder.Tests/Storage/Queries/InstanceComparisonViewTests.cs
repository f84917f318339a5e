using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

/// <summary>
/// One definition of an instance's win rate and profit factor: the view SQL users open pools the closed trades of the
/// instance's runs exactly as the read API (and `recorder compare`) does, instead of averaging the runs' rates.
/// </summary>
[TestFixture]
public sealed class InstanceComparisonViewTests
{
    [Test]
    public void The_view_pools_the_trades_of_an_instances_runs_as_the_read_api_does()
    {
        using var db = new TempDatabase();
        var one = QueryFiles.BracketWinner(db);          // one trade, a win of 12.5
        var three = ThreeTrades(db);                     // a win of 20 and two losses, −10 and −5
        using var reader = RecorderStore.OpenRead(db.Path);
        var pooled = reader.Performance.Aggregate([one.RunId, three.RunId]);
        double? Of(string key) => pooled.Single(m => m.Key == key).Value;

        using var connection = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT runs, win_rate, profit_factor FROM v_instance_comparison WHERE instance_id = $id AND phase = 'BACKTEST'";
        command.Parameters.AddWithValue("$id", one.InstanceId);
        using var row = command.ExecuteReader();
        Assert.That(row.Read(), Is.True, "the instance has a backtest row");

        Assert.That(row.GetInt64(0), Is.EqualTo(2));
        Assert.That(row.GetDouble(1), Is.EqualTo(50.0).Within(1e-9), "2 wins of 4 trades, not the mean of 100 % and 33.3 %");
        Assert.That(row.GetDouble(1), Is.EqualTo(Of(MetricKeys.WinRate)!.Value).Within(1e-9), "the read API's definition");
        Assert.That(row.GetDouble(2), Is.EqualTo(Of(MetricKeys.ProfitFactor)!.Value).Within(1e-9), "the read API's definition");
        Assert.That(row.GetDouble(2), Is.EqualTo((12.5 + 20.0) / (10.0 + 5.0)).Within(1e-9), "pooled gross profit / gross loss");
    }

    /// <summary>A second backtest of the same instance, long 1 three times: gross +25, −5, 0 with 2.5 fees per fill, so net +20, −10, −5.</summary>
    private static Scenario ThreeTrades(TempDatabase db)
    {
        var s = new Scenario(source: RunSource.Backtest);
        var events = s.Start().Concat<RecorderEvent>([s.Bar(0, 5000)]).ToList();
        (double Entry, double Exit)[] trades = [(5000, 5025), (5000, 4995), (5000, 5000)];
        for (var i = 0; i < trades.Length; i++)
        {
            var at = 60 + (i * 60);
            events.Add(s.Order($"E{i}", Side.Buy, 1, "FILLED", at: at, filled: 1));
            events.Add(s.Fill($"XE{i}", $"E{i}", Side.Buy, 1, price: trades[i].Entry, at: at));
            events.Add(s.Order($"C{i}", Side.Sell, 1, "FILLED", at: at + 30, filled: 1));
            events.Add(s.Fill($"XC{i}", $"C{i}", Side.Sell, 1, price: trades[i].Exit, at: at + 30));
        }

        events.Add(s.End(at: 400));
        Recorded.Write(db.Path, events);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: QueryFiles.Clock);
        return s;
    }
}
