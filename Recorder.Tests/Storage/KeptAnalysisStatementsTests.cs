using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The analysis' store on a connection that keeps its statements (the writer's, docs/decisions.md 20): its inserts and
/// its deletes of changed rows are prepared once for the connection's life, not once a store and a step (an optimisation
/// pass's end prepared six), and a statement taken again comes back as one just prepared — its rows no longer
/// fingerprinted, no value left from a row given and not run — so the tables end as a store on a connection that keeps
/// none leaves them.
/// </summary>
public sealed class KeptAnalysisStatementsTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private enum Column
    {
        A,
        B,
    }

    [Test]
    public void Stores_on_a_connection_that_keeps_statements_prepare_each_once_and_leave_the_tables_of_one_that_keeps_none()
    {
        using var db = new TempDatabase();
        var s = AnalysisStepsTests.RecordRoundTrips(db, trades: 5);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var cache = StatementCache.Attach(connection)!;
        var input = RunLoader.Load(connection, s.RunId);
        var changed = AnalysisStepsTests.LastGoneSecondMoved(input);
        var images = new StoredImages();

        // Every row written, then a compared store that deletes changed rows and fingerprints the rest: every kind of
        // statement the store runs has been prepared once.
        AnalysisStepsTests.Store(connection, s.RunId, input, images);
        Assert.That(AnalysisStepsTests.Store(connection, s.RunId, changed, images).Active, Is.True, "precondition: a compared store");
        var prepared = StatementCacheTests.Statements(connection);
        Assert.That(prepared, Has.Count.EqualTo(cache.Count), "every statement left prepared is the cache's: the rest were finalised");
        var texts = StatementCacheTests.StatementTexts(connection).Select(t => t.TrimStart()).ToList();
        foreach (var table in new[] { "run_trades", "equity_data", "run_order_quality", "run_metrics_kv", "run_order_shortfall", "run_trade_context" })
        {
            Assert.That(texts.Count(t => t.StartsWith($"INSERT INTO {table}(", StringComparison.Ordinal)), Is.EqualTo(1), $"{table}'s insert kept, once");
        }

        Assert.That(texts.Where(t => t.StartsWith("DELETE FROM ", StringComparison.Ordinal)), Is.Not.Empty, "a changed row's delete kept");

        // Three more stores, each kind again: the very same statements, none prepared again, none added.
        AnalysisStepsTests.Store(connection, s.RunId, input, images);
        AnalysisStepsTests.Store(connection, s.RunId, changed, images);
        AnalysisStepsTests.Store(connection, s.RunId, input, images, wholeRun: true);
        Assert.That(StatementCacheTests.Statements(connection), Is.EquivalentTo(prepared));
        var kept = AnalysisStepsTests.Dump(db.Path);

        // The same whole run stored by a connection that keeps no statement, with no previous store to compare with.
        cache.Dispose();
        AnalysisStepsTests.Store(connection, s.RunId, input, images: null, wholeRun: true);
        Assert.That(StatementCacheTests.OpenStatements(connection), Is.Zero, "each statement finalised after its step");
        Assert.That(AnalysisStepsTests.Dump(db.Path), Is.EqualTo(kept));
    }

    [Test]
    public void A_kept_statement_taken_again_is_the_same_one_and_comes_back_as_just_prepared()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(a INTEGER, b TEXT)");
        using var cache = StatementCache.Attach(connection)!;
        const string insert = "INSERT INTO t VALUES ($a, $b)";
        using (var first = NamedStatement<Column>.Kept(connection, insert))
        {
            first.Integer(Column.A, 1).Text(Column.B, "one").Run();
            // A store that stops half-way through a fingerprinted row: given, never run.
            first.Row.Fingerprinted();
            first.Integer(Column.A, 2).Text(Column.B, "two");
        }

        var prepared = StatementCacheTests.Statements(connection);
        using (var again = NamedStatement<Column>.Kept(connection, insert))
        {
            Assert.That(StatementCacheTests.Statements(connection), Is.EquivalentTo(prepared), "the one kept, not prepared again");
            Assert.Throws<InvalidOperationException>(() => again.Row.Fingerprint(), "its rows are no longer fingerprinted");
            again.Integer(Column.A, 3).Run();

            // Taken while in use: one prepared for that use alone, finalised after it.
            using (var beside = NamedStatement<Column>.Kept(connection, insert))
            {
                beside.Integer(Column.A, 4).Text(Column.B, "four").Run();
                Assert.That(StatementCacheTests.OpenStatements(connection), Is.EqualTo(2));
            }

            Assert.That(StatementCacheTests.Statements(connection), Is.EquivalentTo(prepared));
        }

        Assert.That(Rows(connection), Is.EqualTo(new[] { "1|one", "3|", "4|four" }),
            "the row never run is not there, and the next row's missing value is NULL, not one left bound");
    }

    [Test]
    public void Without_a_cache_a_kept_statement_is_prepared_for_its_use_alone()
    {
        using var db = new TempDatabase();
        using var connection = Db.WithTable(db, "CREATE TABLE t(a INTEGER, b TEXT)");
        using (var statement = NamedStatement<Column>.Kept(connection, "INSERT INTO t VALUES ($a, $b)"))
        {
            statement.Integer(Column.A, 1).Text(Column.B, "one").Run();
            Assert.That(StatementCacheTests.OpenStatements(connection), Is.EqualTo(1));
        }

        Assert.That(StatementCacheTests.OpenStatements(connection), Is.Zero);
        Assert.Throws<ArgumentException>(() => NamedStatement<Column>.Kept(connection, "INSERT INTO t VALUES ($a, 1)"), "$b is missing");
        Assert.That(StatementCacheTests.OpenStatements(connection), Is.Zero, "a statement refused is finalised");
    }

    private static List<string> Rows(SqliteConnection connection) =>
        connection.Rows("SELECT a, b FROM t ORDER BY a", null, r => $"{r.GetNullableInteger(0)}|{r.GetString(1)}");
}
