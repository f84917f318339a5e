using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class InitialStopTests
{
    [Test]
    public void A_stop_whose_first_price_is_not_in_the_raw_log_falls_back_to_its_stored_stop_not_to_zero()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);   // SL at 4995 in the OCO group of the entry
        Assert.That(Db.Scalar<double>(db.Path, "SELECT initial_stop FROM run_trades"), Is.EqualTo(4995), "read from the raw log");

        // A file whose raw log lost the stop's price (an older payload, an edited file): only orders.stop_price knows it.
        using (var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE ingest_events SET payload_json = json_remove(payload_json, '$.stop_price')
                WHERE event_type = 'ORDER' AND json_extract(payload_json, '$.order_id') = 'SL'
                """;
            Assert.That(command.ExecuteNonQuery(), Is.GreaterThan(0));
        }

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: QueryFiles.Clock);

        Assert.That(Db.Scalar<double>(db.Path, "SELECT initial_stop FROM run_trades"), Is.EqualTo(4995),
            "the stop order's stored stop price, never a stop at price 0");
    }
}
