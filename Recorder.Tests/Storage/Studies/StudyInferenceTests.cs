using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Studies;

/// <summary>
/// Five backtests of one environment recorded together are an inferred study (docs/studies.md); taking one of the five
/// away from the session (recorded over an hour later, or by another build) leaves four: no study.
/// </summary>
[TestFixture]
public sealed class StudyInferenceTests
{
    private static List<string> FiveBacktests(string path)
    {
        var runs = new List<string>();
        for (var p = 1; p <= 5; p++)
        {
            var s = new Scenario(source: RunSource.Backtest, strategy: "Sweep", parameters: new Dictionary<string, object?> { ["period"] = p });
            Recorded.Write(path, [.. s.Start(), s.End()]);
            runs.Add(s.RunId);
        }

        return runs;
    }

    private static int Studies(string path)
    {
        using var reader = RecorderStore.OpenRead(path);
        return reader.Studies.List().Count(s => s.Origin == StudyOrigin.Inferred);
    }

    [TestCase("UPDATE strategy_runs SET created_utc = '2999-01-01T00:00:00.0000000Z' WHERE run_id = $run", TestName = "Recorded_more_than_an_hour_after_the_others")]
    [TestCase("UPDATE strategy_runs SET fingerprint_json = json_set(COALESCE(fingerprint_json, '{}'), '$.module_version_id', 'another build') WHERE run_id = $run", TestName = "Recorded_by_another_build")]
    public void A_backtest_outside_the_session_leaves_four_parameter_sets_and_no_study(string change)
    {
        using var db = new TempDatabase();
        var runs = FiveBacktests(db.Path);
        Assert.That(Studies(db.Path), Is.EqualTo(1), "five parameter sets recorded together");

        using (var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = change;
            command.Parameters.AddWithValue("$run", runs[2]);
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        }

        Assert.That(Studies(db.Path), Is.EqualTo(0));
    }
}
