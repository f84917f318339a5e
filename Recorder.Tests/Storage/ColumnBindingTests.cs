using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The hot tables bind their wide rows by name: every field of an order and a fill, each given a value no other field
/// has, lands in its own column (two columns bound the other way round would fail here), and a statement whose
/// parameters are not exactly its enum's names is refused when it is prepared, not when a row is stored wrongly. The
/// few statements that read rows are bound and checked the same way.
/// </summary>
[TestFixture]
public sealed class ColumnBindingTests
{
    [Test]
    public void Every_order_and_fill_field_is_stored_in_its_own_column()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using (var session = RecorderSession.Open(db.Path))
        {
            foreach (var e in s.Start())
            {
                session.Record(e);
            }

            session.Record(new OrderSnapshot
            {
                RunId = s.RunId, EventUtc = s.At(7), Source = s.Source, OrderId = "ORD-1", ParentOrderId = "PARENT-2",
                StrategyId = s.StrategyId, Symbol = "NQ", AccountId = "ACC-3", Side = Side.Sell, OrderType = "STOP_LIMIT",
                TimeInForce = "GTC", Quantity = 4, Price = 101.25, StopPrice = 99.5, Status = "PARTIALLY_FILLED",
                SubmitUtc = s.At(3), FilledQuantity = 2, AverageFillPrice = 100.75, ClientTag = "tag-5",
                PositionImpact = PositionImpact.Open, ExtraJson = """{"note":"extra-6"}""",
            });
            session.Record(new ExecutionRecorded
            {
                RunId = s.RunId, EventUtc = s.At(9), Source = s.Source, ExecutionId = "EXE-1", OrderId = "ORD-1",
                Symbol = "NQ", AccountId = "ACC-3", Side = Side.Sell, Price = 100.75, Quantity = 2, Fee = 1.25,
                FeeCurrency = "EUR", Liquidity = "MAKER", PositionImpact = PositionImpact.Open,
                ExtraJson = """{"note":"extra-7"}""",
            });
            var flushed = session.Flush(TimeSpan.FromSeconds(30));
            Assert.That(flushed.Completed, Is.True, flushed.Message);
        }

        var order = Db.Dump(db.Path, "orders", "order_id").Single();
        var sequence = Db.Scalar<long>(db.Path, "SELECT sequence FROM ingest_events WHERE event_type = 'ORDER'");
        Assert.That(order, Does.EndWith("|" + string.Join("|",
            "run_id=" + s.RunId, "strategy_id=" + s.StrategyId, "order_id=ORD-1", "parent_order_id=PARENT-2",
            "symbol=NQ", "account_id=ACC-3", "side=SELL", "order_type=STOP_LIMIT", "tif=GTC", "quantity=4",
            "price=101.25", "stop_price=99.5", "status=PARTIALLY_FILLED", "submit_utc=" + Timestamps.Format(s.At(3)),
            "update_utc=" + Timestamps.Format(s.At(7)), "client_tag=tag-5", "position_impact=OPEN",
            """extra_json={"note":"extra-6"}""", "last_sequence=" + sequence, "filled_quantity=2",
            "avg_fill_price=100.75")));

        var fill = Db.Dump(db.Path, "executions", "execution_id").Single();
        Assert.That(fill, Does.EndWith("|" + string.Join("|",
            "run_id=" + s.RunId, "execution_id=EXE-1", "order_id=ORD-1", "exec_utc=" + Timestamps.Format(s.At(9)),
            "price=100.75", "quantity=2", "fee=1.25", "fee_currency=EUR", "liquidity=MAKER",
            """extra_json={"note":"extra-7"}""", "symbol=NQ", "account_id=ACC-3", "side=SELL", "position_impact=OPEN")));
    }

    [Test]
    public void A_statement_whose_parameters_are_not_its_enums_names_is_refused_when_prepared()
    {
        using var db = new TempDatabase();
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t(first_name TEXT, last_name TEXT, age INTEGER)";
            create.ExecuteNonQuery();
        }

        Assert.Multiple(() =>
        {
            Assert.That(() => new NamedStatement<Person>(connection, "INSERT INTO t VALUES ($firstName, $surname, $age)"),
                Throws.ArgumentException.With.Message.Contains("$lastName"), "a name the statement does not have");
            Assert.That(() => new NamedStatement<Person>(connection, "INSERT INTO t VALUES ($firstName, $lastName, $age + $extra)"),
                Throws.ArgumentException.With.Message.Contains("4 parameter(s)"), "a parameter the enum does not name");
        });

        using (var insert = new NamedStatement<Person>(connection, "INSERT INTO t VALUES ($firstName, $lastName, $age)"))
        {
            insert.Integer(Person.Age, 41).Text(Person.LastName, "Lovelace").Text(Person.FirstName, "Ada").Run();
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT first_name || '|' || last_name || '|' || age FROM t";
        Assert.That(read.ExecuteScalar(), Is.EqualTo("Ada|Lovelace|41"));
    }

    [Test]
    public void A_query_binds_by_name_and_a_value_not_bound_again_is_null_not_the_last_rows()
    {
        using var db = new TempDatabase();
        using var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t(first_name TEXT, last_name TEXT, age INTEGER)";
            create.ExecuteNonQuery();
        }

        Assert.That(() => new NamedStatement<Person>(connection, "SELECT $firstName, $lastName, $age, $extra"),
            Throws.ArgumentException.With.Message.Contains("4 parameter(s)"), "a parameter the enum does not name");

        using (var insert = new NamedStatement<Person>(connection, "INSERT INTO t VALUES ($firstName, $lastName, $age)"))
        {
            // Bound in another order than the statement's, and two texts that would swap unnoticed by type.
            insert.Integer(Person.Age, 36).Text(Person.LastName, "Lovelace").Text(Person.FirstName, "Ada").Run();
            insert.Text(Person.LastName, "Hopper").Text(Person.FirstName, "Grace").Integer(Person.Age, null).Run();
            insert.Text(Person.FirstName, "Alan").Integer(Person.Age, 41).Run();
        }

        using var select = new NamedStatement<Person>(connection,
            "SELECT first_name || '|' || ifnull(last_name, 'null') || '|' || ifnull(age, 'null') FROM t WHERE first_name = $firstName AND last_name IS $lastName AND ($age IS NULL OR age = $age)");
        string? Find(string first, string? last)
        {
            if (!select.Text(Person.LastName, last).Text(Person.FirstName, first).Integer(Person.Age, null).Next())
            {
                return null;
            }

            var found = select.Row.GetString(0);
            select.Reset();
            return found;
        }

        Assert.That((Find("Ada", "Lovelace"), Find("Grace", "Hopper"), Find("Lovelace", "Ada"), Find("Alan", null)),
            Is.EqualTo(("Ada|Lovelace|36", (string?)"Grace|Hopper|null", (string?)null, (string?)"Alan|null|41")),
            "Alan's last name was not bound again: it is NULL, not Hopper");
    }

    internal enum Person
    {
        FirstName, LastName, Age,
    }
}
